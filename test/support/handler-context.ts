// A HandlerContext for unit tests of handlers: the real fact store, a fixed clock, no Discord.
import type { Clock, HandlerContext, Invoker } from '../../src/core/command.js';
import { loadFactStore } from '../../src/facts/load.js';
import type { FactStore } from '../../src/facts/store.js';

let shared: FactStore | undefined;

/** The real store, loaded once per test file. */
export function realStore(): FactStore {
  shared ??= loadFactStore();
  return shared;
}

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

export function testContext(
  overrides: Partial<Omit<HandlerContext, 'invoker'>> & { invoker?: Partial<Invoker> } = {},
): HandlerContext {
  const { invoker, ...rest } = overrides;
  return {
    store: realStore(),
    clock: fixedClock('2026-11-22T12:00:00Z'),
    locale: 'en-US',
    commandIds: new Map(),
    ...rest,
    invoker: {
      userId: '100000000000000001',
      guildId: '200000000000000001',
      channelId: '300000000000000001',
      interactionId: '400000000000000001',
      memberPermissions: null,
      appPermissions: null,
      ...invoker,
    },
  };
}
