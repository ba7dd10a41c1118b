// Helpers for /aesc-daily handler tests: a handler context over the real service and SQLite store, and a guild
// inspector that answers like Discord's REST API would for a few channels and roles (the one thing faked here is
// Discord; end-to-end tests use the real REST inspector against the emulator).
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { expect } from 'vitest';
import aescDaily from '../../src/commands/aesc-daily/index.js';
import type { HandlerContext } from '../../src/commands/aesc-daily/shared.js';
import type { ChannelOptionValue, HandlerReply, Invoker, RawOptions } from '../../src/core/command.js';
import type { ChannelInspection, ForumTag, GuildInspector, RoleInspection } from '../../src/discord/permissions.js';
import { checkInteractionCallback } from '../support/contract.js';
import type { Harness } from './helpers.js';

export const G = '111111111111111111';
export const C = '222222222222222222';
export const ROLE = '444444444444444444';
export const P = PermissionFlagsBits;

/** What the bot needs for a plain post. */
export const POST_PERMS = P.ViewChannel | P.SendMessages | P.EmbedLinks;
export const ALL_CHANNEL_PERMS = POST_PERMS | P.SendMessagesInThreads | P.MentionEveryone;

export interface FakeChannel {
  type: number;
  permissions: bigint;
  tags?: ForumTag[];
  requiresTag?: boolean;
  locked?: boolean;
}

/** A Discord-like guild: channels with the bot's permissions and tags, roles with `mentionable`. */
export class FakeGuild implements GuildInspector {
  readonly channels = new Map<string, FakeChannel | 'no-access'>();
  readonly roles = new Map<string, { name: string; mentionable: boolean }>();
  readonly lookups: string[] = [];

  async channel(guildId: string, channelId: string): Promise<ChannelInspection> {
    this.lookups.push(`channel ${guildId}/${channelId}`);
    const c = this.channels.get(channelId);
    if (c === undefined) return { kind: 'unknown-channel' };
    if (c === 'no-access') return { kind: 'no-access' };
    return {
      kind: 'known',
      permissions: c.permissions,
      channelType: c.type,
      availableTags: c.tags ?? [],
      requiresTag: c.requiresTag ?? false,
      archived: false,
      locked: c.locked ?? false,
    };
  }

  async role(guildId: string, roleId: string): Promise<RoleInspection> {
    this.lookups.push(`role ${guildId}/${roleId}`);
    const r = this.roles.get(roleId);
    return r ? { kind: 'known', name: r.name, mentionable: r.mentionable, managed: false } : { kind: 'unknown-role' };
  }
}

export function channelOption(id: string, type: number = ChannelType.GuildText): ChannelOptionValue {
  return { id, type, name: 'history', permissions: null };
}

export function handlerContext(
  h: Harness,
  opts: { inspector?: GuildInspector; invoker?: Partial<Invoker>; extra?: Partial<HandlerContext> } = {},
): HandlerContext {
  return {
    locale: 'en-US',
    clock: h.clock,
    daily: h.service,
    ...(opts.inspector ? { inspector: opts.inspector } : {}),
    ...opts.extra,
    invoker: {
      userId: '555555555555555555',
      guildId: G,
      channelId: C,
      interactionId: String(Math.floor(Math.random() * 1e15) + 1e17),
      memberPermissions: P.ManageGuild.toString(),
      appPermissions: POST_PERMS.toString(),
      ...opts.invoker,
    },
  };
}

/** Runs a subcommand and checks the reply is ephemeral and valid for Discord. */
export async function run(sub: string, options: RawOptions, ctx: HandlerContext): Promise<HandlerReply> {
  const r = await aescDaily.execute(sub, options, ctx);
  expect(r.type).toBe('reply');
  if (r.type === 'reply') expect(r.ephemeral).toBe(true);
  const data = { ...r.data, ...(r.type === 'reply' ? { flags: 64 } : {}) };
  expect(checkInteractionCallback({ type: r.type === 'reply' ? 4 : 7, data })).toEqual([]);
  return r;
}

export function text(r: HandlerReply): string {
  return r.data.content ?? '';
}
