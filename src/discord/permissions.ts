// The bot's own permissions in a channel other than the one a command was used in. Discord sends
// `app_permissions` only for the channel of the interaction, and the bot keeps no channel or role
// cache (see client.ts), so this asks the REST API for the channel, the bot's member and the guild's
// roles, and applies Discord's permission algorithm (base role permissions, then @everyone, role and
// member overwrites).
import type { REST } from '@discordjs/rest';
import {
  type APIChannel,
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  OverwriteType,
  PermissionFlagsBits,
  Routes,
} from 'discord-api-types/v10';
import type { BotPermissionsCheck } from '../core/command.js';
import { isDiscordAPIError, restFailureCode } from './errors.js';

const ALL = (1n << 64n) - 1n;

export interface PermissionInputs {
  guildId: string;
  memberId: string;
  memberRoleIds: readonly string[];
  roles: readonly Pick<APIRole, 'id' | 'permissions'>[];
  overwrites: readonly Pick<APIOverwrite, 'id' | 'type' | 'allow' | 'deny'>[];
}

/** Discord's algorithm for a member's permissions in a guild channel. */
export function computeChannelPermissions(input: PermissionInputs): bigint {
  const roleById = new Map(input.roles.map((r) => [r.id, BigInt(r.permissions)]));
  let base = roleById.get(input.guildId) ?? 0n; // @everyone has the guild's id
  for (const id of input.memberRoleIds) base |= roleById.get(id) ?? 0n;
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL;

  let perms = base;
  const everyone = input.overwrites.find((o) => o.type === OverwriteType.Role && o.id === input.guildId);
  if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  const memberRoles = new Set(input.memberRoleIds);
  for (const o of input.overwrites) {
    if (o.type === OverwriteType.Role && o.id !== input.guildId && memberRoles.has(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  const member = input.overwrites.find((o) => o.type === OverwriteType.Member && o.id === input.memberId);
  if (member) perms = (perms & ~BigInt(member.deny)) | BigInt(member.allow);
  return perms;
}

/** The `code` (and `reason`) of a look-up made before the bot knows its own id. */
export const NOT_READY = 'not_ready';

function apiCode(err: unknown): number | null {
  return isDiscordAPIError(err) ? Number(err.code) : null;
}

/**
 * A resolver of the bot's permissions in a channel through REST. `botUserId` is read when called, since
 * the bot's id is known only after login.
 */
export function restPermissionResolver(
  rest: Pick<REST, 'get'>,
  botUserId: () => string | null | undefined,
): (guildId: string, channelId: string) => Promise<BotPermissionsCheck> {
  return async (guildId, channelId) => {
    const me = botUserId();
    if (!me) return { kind: 'unknown', reason: NOT_READY };
    let channel: APIChannel;
    try {
      channel = (await rest.get(Routes.channel(channelId))) as APIChannel;
    } catch (err) {
      const code = apiCode(err);
      if (code === 50001) return { kind: 'no-access' };
      if (code === 10003) return { kind: 'unknown-channel' };
      return { kind: 'unknown', reason: restFailureCode(err) };
    }
    if (!('guild_id' in channel) || channel.guild_id !== guildId) return { kind: 'unknown-channel' };
    try {
      const [member, roles] = (await Promise.all([
        rest.get(Routes.guildMember(guildId, me)),
        rest.get(Routes.guildRoles(guildId)),
      ])) as [APIGuildMember, APIRole[]];
      const overwrites = 'permission_overwrites' in channel ? (channel.permission_overwrites ?? []) : [];
      return {
        kind: 'known',
        permissions: computeChannelPermissions({
          guildId,
          memberId: me,
          memberRoleIds: member.roles,
          roles,
          overwrites,
        }),
      };
    } catch (err) {
      return { kind: 'unknown', reason: restFailureCode(err) };
    }
  };
}

// ---- issue 12: what each daily-post feature needs, and a look-up of channels and roles ----------------------

/** A forum/media channel's tag. */
export interface ForumTag {
  id: string;
  name: string;
}

/** What `/aesc-daily set` learns about a chosen channel. */
export type ChannelInspection =
  | {
      kind: 'known';
      /** The bot's permissions there (for a thread: in its parent, which threads inherit). */
      permissions: bigint;
      channelType: number;
      /** Forum/media channels: their tags; empty otherwise. */
      availableTags: readonly ForumTag[];
      /** Forum/media channels: a post must carry a tag (channel flag REQUIRE_TAG). */
      requiresTag: boolean;
      /** Threads: archived or locked threads cannot take the daily post. */
      archived: boolean;
      locked: boolean;
    }
  | { kind: 'no-access' }
  | { kind: 'unknown-channel' }
  | LookupFailed;

export type RoleInspection =
  | { kind: 'known'; name: string; mentionable: boolean; managed: boolean }
  | { kind: 'unknown-role' }
  | LookupFailed;

/**
 * A look-up that failed. `code` says why (src/discord/errors.ts restFailureCode, or `not_ready`): replies word it
 * from the catalogue. `reason` is the error's own text, for logs only: it is Discord's or undici's English.
 */
export interface LookupFailed {
  kind: 'unknown';
  code: string;
  reason: string;
}

function lookupFailed(err: unknown): LookupFailed {
  return { kind: 'unknown', code: restFailureCode(err), reason: err instanceof Error ? err.message : String(err) };
}

/** Channel and role look-ups for `/aesc-daily set` (REST in production, a fake in unit tests). */
export interface GuildInspector {
  channel(guildId: string, channelId: string): Promise<ChannelInspection>;
  role(guildId: string, roleId: string): Promise<RoleInspection>;
}

/** Discord's channel flag: a forum/media post must have a tag. */
const REQUIRE_TAG = 1 << 4;

/** A permission a feature needs, and what Discord's settings call it. */
export interface NeededPermission {
  bit: bigint;
  name: string;
  why: string;
}

const P = PermissionFlagsBits;

/**
 * What the bot needs in the chosen channel for the chosen features (issue 12): View Channel always; Send Messages
 * (plain and announcement channels, also enough to publish its own messages); Send Messages in Threads (threads);
 * Create Posts, which is Send Messages in a forum (forum/media); Embed Links when the post has embeds or pictures;
 * Attach Files when it carries files; Mention Everyone when the role is not mentionable.
 */
export function neededPermissions(opts: {
  channelType: number;
  publish: boolean;
  /** What the post carries (`postContent`); default: an embed, no files. */
  content?: PostContent;
  roleNeedsMentionEveryone?: boolean;
}): NeededPermission[] {
  const content = opts.content ?? { embeds: true, files: false };
  const out: NeededPermission[] = [{ bit: P.ViewChannel, name: 'View Channel', why: 'to see the channel' }];
  const t = opts.channelType;
  if (t === 10 || t === 11 || t === 12) {
    out.push({ bit: P.SendMessagesInThreads, name: 'Send Messages in Threads', why: 'to post in the thread' });
  } else if (t === 15 || t === 16) {
    out.push({ bit: P.SendMessages, name: 'Create Posts', why: 'to start a new post each day' });
  } else {
    out.push({
      bit: P.SendMessages,
      name: 'Send Messages',
      why: opts.publish ? 'to post and to publish its own posts' : 'to post',
    });
  }
  if (content.embeds) out.push({ bit: P.EmbedLinks, name: 'Embed Links', why: 'the post has an embed or pictures' });
  if (content.files) out.push({ bit: P.AttachFiles, name: 'Attach Files', why: 'the post carries a file' });
  if (opts.roleNeedsMentionEveryone) {
    out.push({ bit: P.MentionEveryone, name: 'Mention @everyone, @here, and All Roles', why: 'to ping the role' });
  }
  return out;
}

/** What a message carries that needs a permission of its own. */
export interface PostContent {
  /** Embeds, or Components V2 pictures from links (thumbnails, media galleries): Embed Links. */
  embeds: boolean;
  /** Uploaded files (`attachments`, `attachment://` pictures, file components): Attach Files. */
  files: boolean;
}

/** What `body` needs beyond Send Messages. */
export function postContent(body: {
  embeds?: readonly unknown[] | undefined;
  attachments?: readonly unknown[] | undefined;
  components?: readonly unknown[] | undefined;
}): PostContent {
  let embeds = (body.embeds?.length ?? 0) > 0;
  let files = (body.attachments?.length ?? 0) > 0;
  const visit = (c: unknown): void => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as {
      type?: unknown;
      components?: unknown[];
      accessory?: unknown;
      items?: unknown[];
      media?: { url?: unknown };
      file?: unknown;
    };
    const urls: unknown[] = [];
    if (o.type === 11 && o.media) urls.push(o.media.url); // thumbnail
    if (o.type === 12) for (const item of o.items ?? []) urls.push((item as { media?: { url?: unknown } }).media?.url);
    if (o.type === 13) files = true; // file component
    for (const url of urls) {
      if (typeof url === 'string' && url.startsWith('attachment://')) files = true;
      else if (typeof url === 'string') embeds = true;
    }
    for (const child of o.components ?? []) visit(child);
    if (o.accessory) visit(o.accessory);
  };
  for (const c of body.components ?? []) visit(c);
  return { embeds, files };
}

export function hasPermission(perms: bigint, bit: bigint): boolean {
  return (perms & P.Administrator) !== 0n || (perms & bit) !== 0n;
}

type ChannelLike = APIChannel & {
  parent_id?: string | null;
  available_tags?: { id: string; name: string }[];
  flags?: number;
  thread_metadata?: { archived?: boolean; locked?: boolean };
};

/** Channel and role look-ups through REST, with Discord's permission algorithm (threads: the parent's overwrites). */
export function restGuildInspector(
  rest: Pick<REST, 'get'>,
  botUserId: () => string | null | undefined,
): GuildInspector {
  const getChannel = async (channelId: string): Promise<ChannelLike | { error: ChannelInspection }> => {
    try {
      return (await rest.get(Routes.channel(channelId))) as ChannelLike;
    } catch (err) {
      const code = apiCode(err);
      if (code === 50001) return { error: { kind: 'no-access' } };
      if (code === 10003) return { error: { kind: 'unknown-channel' } };
      return { error: lookupFailed(err) };
    }
  };
  return {
    async channel(guildId, channelId) {
      const me = botUserId();
      if (!me) return { kind: 'unknown', code: NOT_READY, reason: 'the bot is not logged in yet' };
      const channel = await getChannel(channelId);
      if ('error' in channel) return channel.error;
      if (!('guild_id' in channel) || channel.guild_id !== guildId) return { kind: 'unknown-channel' };
      const isThread = channel.type === 10 || channel.type === 11 || channel.type === 12;
      let overwriteSource: ChannelLike = channel;
      if (isThread && channel.parent_id) {
        const parent = await getChannel(channel.parent_id);
        if ('error' in parent) return parent.error;
        overwriteSource = parent;
      }
      try {
        const [member, roles] = (await Promise.all([
          rest.get(Routes.guildMember(guildId, me)),
          rest.get(Routes.guildRoles(guildId)),
        ])) as [APIGuildMember, APIRole[]];
        const overwrites =
          'permission_overwrites' in overwriteSource ? (overwriteSource.permission_overwrites ?? []) : [];
        return {
          kind: 'known',
          permissions: computeChannelPermissions({
            guildId,
            memberId: me,
            memberRoleIds: member.roles,
            roles,
            overwrites,
          }),
          channelType: channel.type,
          availableTags: (channel.available_tags ?? []).map((t) => ({ id: t.id, name: t.name })),
          requiresTag: ((channel.flags ?? 0) & REQUIRE_TAG) !== 0,
          archived: channel.thread_metadata?.archived === true,
          locked: channel.thread_metadata?.locked === true,
        };
      } catch (err) {
        return lookupFailed(err);
      }
    },
    async role(guildId, roleId) {
      try {
        const roles = (await rest.get(Routes.guildRoles(guildId))) as APIRole[];
        const role = roles.find((r) => r.id === roleId);
        if (!role) return { kind: 'unknown-role' };
        return { kind: 'known', name: role.name, mentionable: role.mentionable, managed: role.managed };
      } catch (err) {
        return lookupFailed(err);
      }
    },
  };
}
