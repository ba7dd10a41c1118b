// Test doubles for the daily post: a settable clock, a Discord-like sender and a simple post builder.
import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Clock } from '../../src/core/command.js';
import type { BuildDailyPost } from '../../src/daily/scheduler.js';
import type { DailySender } from '../../src/daily/sender.js';
import { DailyService, type DailyServiceOptions } from '../../src/daily/service.js';
import { SqliteDailyStore } from '../../src/daily/sqlite-store.js';
import { formatLocalDate } from '../../src/daily/time.js';

export class TestClock implements Clock {
  ms: number;
  constructor(start: string | number) {
    this.ms = typeof start === 'number' ? start : Date.parse(start);
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(iso: string): Date {
    this.ms = Date.parse(iso);
    return this.now();
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}

export const buildPost: BuildDailyPost = (localDate, now) => ({
  embeds: [
    {
      title: `AESC on ${formatLocalDate(localDate)}`,
      description: `Built at ${now.toISOString()}`,
    },
  ],
  allowed_mentions: { parse: [] },
});

export interface SentMessage {
  id: string;
  channelId: string;
  body: RESTPostAPIChannelMessageJSONBody;
  /** False when the send returned an earlier message because of the nonce. */
  created: boolean;
}

export function discordError(code: number, status: number, message = 'error'): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'POST', '/channels/x/messages', { body: {} });
}

export function serverError(status = 503): HTTPError {
  return new HTTPError(status, 'Service Unavailable', 'POST', '/channels/x/messages', { body: {} });
}

/**
 * Like Discord: creates messages, and with `enforce_nonce` returns the message already created with the same
 * nonce instead of a new one. `failures` queues errors per channel (thrown before anything is created);
 * `always` makes a channel fail forever.
 */
export class FakeSender implements DailySender {
  readonly requests: SentMessage[] = [];
  /** Messages really created (what users see). */
  readonly created: SentMessage[] = [];
  private readonly byNonce = new Map<string, SentMessage>();
  readonly failures = new Map<string, unknown[]>();
  readonly always = new Map<string, () => unknown>();
  private next = 1000;

  failNext(channelId: string, ...errors: unknown[]): void {
    this.failures.set(channelId, [...(this.failures.get(channelId) ?? []), ...errors]);
  }

  async send(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<{ id: string }> {
    const queued = this.failures.get(channelId);
    if (queued && queued.length > 0) throw queued.shift();
    const forever = this.always.get(channelId);
    if (forever) throw forever();
    const nonce = body.nonce === undefined ? undefined : String(body.nonce);
    if (nonce !== undefined && body.enforce_nonce) {
      const earlier = this.byNonce.get(nonce);
      if (earlier) {
        this.requests.push({ ...earlier, body, created: false });
        return { id: earlier.id };
      }
    }
    const msg: SentMessage = { id: String(this.next++), channelId, body, created: true };
    if (nonce !== undefined) this.byNonce.set(nonce, msg);
    this.requests.push(msg);
    this.created.push(msg);
    return { id: msg.id };
  }
}

export interface Harness {
  clock: TestClock;
  sender: FakeSender;
  store: SqliteDailyStore;
  service: DailyService;
}

export function harness(
  start: string,
  opts: { url?: string; sender?: FakeSender } & Partial<Omit<DailyServiceOptions, 'store' | 'sender'>> = {},
): Harness {
  const { url, sender: given, ...rest } = opts;
  const clock = new TestClock(start);
  const sender = given ?? new FakeSender();
  const store = new SqliteDailyStore(url ?? ':memory:');
  const service = new DailyService({ buildPost, clock, ...rest, store, sender });
  return { clock, sender, store, service };
}

/** Tick every minute (at second 0) from `fromIso` (inclusive) to `toIso` (exclusive). */
export async function tickEveryMinute(service: DailyService, clock: TestClock, fromIso: string, toIso: string) {
  const end = Date.parse(toIso);
  let ms = Math.ceil(Date.parse(fromIso) / 60_000) * 60_000;
  while (ms < end) {
    clock.ms = ms;
    await service.tick(new Date(ms));
    ms += 60_000;
  }
}

/** Instants (ISO) at which messages were created. */
export function createdDescriptions(sender: FakeSender): string[] {
  return sender.created.map((m) => String(m.body.embeds?.[0]?.description ?? '').replace('Built at ', ''));
}
