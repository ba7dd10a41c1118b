// The playground's sandbox server: a guild with a few channels, the bot's role and the user as its admin, shaped
// like the objects Discord sends. Permissions are computed with Discord's own algorithm (the production
// `computeChannelPermissions`), so `/aesc-daily set` sees the same answers it would see in a real server.
import {
  type APIChannel,
  type APIGuildMember,
  type APIInteractionDataResolvedChannel,
  type APIInteractionGuildMember,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  ChannelType,
  OverwriteType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { computeChannelPermissions } from '../discord/permissions.js';

export const SANDBOX_GUILD_ID = '1300000000000000001';
export const SANDBOX_APPLICATION_ID = '1300000000000000002';
/** The bot's user id (a bot user has the application's id). */
export const SANDBOX_BOT_ID = SANDBOX_APPLICATION_ID;
export const SANDBOX_BOT_ROLE_ID = '1300000000000000003';
export const SANDBOX_ADMIN_ROLE_ID = '1300000000000000004';
export const SANDBOX_USER_ID = '1300000000000000005';

const P = PermissionFlagsBits;

/** What @everyone may do (read and chat; no management). */
const EVERYONE = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles | P.Connect;
/** The bot's managed role: exactly what the README's invite link asks for. */
const BOT_ROLE = P.ViewChannel | P.SendMessages | P.EmbedLinks;
/** The user's role: Manage Server (what `/aesc-daily` requires) and the usual moderator rights. */
const ADMIN_ROLE = P.ManageGuild | P.ManageChannels | P.ManageMessages | P.ManageRoles | P.MentionEveryone;

export interface SandboxChannel {
  id: string;
  name: string;
  type: ChannelType.GuildText | ChannelType.GuildAnnouncement | ChannelType.GuildVoice;
  topic: string;
  overwrites: APIOverwrite[];
}

export const SANDBOX_CHANNELS: readonly SandboxChannel[] = [
  {
    id: '1300000000000000010',
    name: 'general',
    type: ChannelType.GuildText,
    topic: 'Try the commands here: type / in the message box.',
    overwrites: [],
  },
  {
    id: '1300000000000000011',
    name: 'history',
    type: ChannelType.GuildText,
    topic: 'A good home for the daily "on this date" post.',
    overwrites: [],
  },
  {
    id: '1300000000000000012',
    name: 'announcements',
    type: ChannelType.GuildAnnouncement,
    topic: 'An announcement channel: the daily post may go here too.',
    overwrites: [],
  },
  {
    id: '1300000000000000013',
    name: 'Lounge',
    type: ChannelType.GuildVoice,
    topic: 'A voice channel: the daily post cannot go here.',
    overwrites: [],
  },
  {
    id: '1300000000000000014',
    name: 'read-only',
    type: ChannelType.GuildText,
    topic: 'The bot may read this channel but not post in it (its role is denied Send Messages).',
    overwrites: [{ id: SANDBOX_BOT_ROLE_ID, type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages) }],
  },
];

export const SANDBOX_GUILD = { id: SANDBOX_GUILD_ID, name: 'AESC Playground', locale: 'en-US' } as const;

export const SANDBOX_ROLES: readonly APIRole[] = [
  role(SANDBOX_GUILD_ID, '@everyone', EVERYONE, 0),
  role(SANDBOX_BOT_ROLE_ID, 'AESC Bot', BOT_ROLE, 1, true),
  role(SANDBOX_ADMIN_ROLE_ID, 'Admin', ADMIN_ROLE, 2),
];

function role(id: string, name: string, permissions: bigint, position: number, managed = false): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: String(permissions),
    managed,
    mentionable: false,
    flags: 0 as APIRole['flags'],
    ...(managed ? { tags: { bot_id: SANDBOX_BOT_ID } } : {}),
  };
}

export const SANDBOX_BOT_USER: APIUser = {
  id: SANDBOX_BOT_ID,
  username: 'AESC Bot',
  global_name: 'AESC Bot',
  discriminator: '0',
  avatar: null,
  bot: true,
};

export const SANDBOX_USER: APIUser = {
  id: SANDBOX_USER_ID,
  username: 'you',
  global_name: 'You',
  discriminator: '0',
  avatar: null,
};

export function sandboxChannel(id: string): SandboxChannel | undefined {
  return SANDBOX_CHANNELS.find((c) => c.id === id);
}

function permissionsOf(memberId: string, roleIds: readonly string[], channel: SandboxChannel): bigint {
  return computeChannelPermissions({
    guildId: SANDBOX_GUILD_ID,
    memberId,
    memberRoleIds: roleIds,
    roles: SANDBOX_ROLES,
    overwrites: channel.overwrites,
  });
}

/** The bot's permissions in a sandbox channel (what Discord sends as `app_permissions`). */
export function botPermissionsIn(channel: SandboxChannel): bigint {
  return permissionsOf(SANDBOX_BOT_ID, [SANDBOX_BOT_ROLE_ID], channel);
}

/** The user's permissions in a sandbox channel (`member.permissions`, and `permissions` of resolved channels). */
export function userPermissionsIn(channel: SandboxChannel): bigint {
  return permissionsOf(SANDBOX_USER_ID, [SANDBOX_ADMIN_ROLE_ID], channel);
}

/** A channel as `GET /channels/{id}` returns it. */
export function channelObject(channel: SandboxChannel): APIChannel {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: SANDBOX_GUILD_ID,
    name: channel.name,
    position: SANDBOX_CHANNELS.indexOf(channel),
    permission_overwrites: channel.overwrites,
    parent_id: null,
    nsfw: false,
    ...(channel.type === ChannelType.GuildVoice
      ? { bitrate: 64000, user_limit: 0, rtc_region: null }
      : { topic: channel.topic, last_message_id: null, rate_limit_per_user: 0 }),
    flags: 0,
  } as unknown as APIChannel;
}

/** A channel as it appears in an interaction's `resolved.channels`: the invoking user's permissions in it. */
export function resolvedChannel(channel: SandboxChannel): APIInteractionDataResolvedChannel {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    permissions: String(userPermissionsIn(channel)),
  } as APIInteractionDataResolvedChannel;
}

/** The bot's member object, as `GET /guilds/{id}/members/{bot}` returns it. */
export function botMember(): APIGuildMember {
  return member(SANDBOX_BOT_USER, [SANDBOX_BOT_ROLE_ID]);
}

/** The invoking member in an interaction, with their permissions in `channel`. */
export function interactionMember(channel: SandboxChannel): APIInteractionGuildMember {
  return { ...member(SANDBOX_USER, [SANDBOX_ADMIN_ROLE_ID]), permissions: String(userPermissionsIn(channel)) };
}

function member(user: APIUser, roles: string[]): APIGuildMember {
  return {
    user,
    roles,
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    joined_at: '2026-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  } as unknown as APIGuildMember;
}

/** What the page shows in its channel list. */
export function describeSandbox() {
  return {
    guild: SANDBOX_GUILD,
    bot: { id: SANDBOX_BOT_ID, name: SANDBOX_BOT_USER.global_name },
    user: { id: SANDBOX_USER_ID, name: SANDBOX_USER.global_name },
    channels: SANDBOX_CHANNELS.map((c) => {
      const bot = botPermissionsIn(c);
      return {
        id: c.id,
        name: c.name,
        type: c.type,
        topic: c.topic,
        botCanPost: (bot & P.ViewChannel) !== 0n && (bot & P.SendMessages) !== 0n && c.type !== ChannelType.GuildVoice,
      };
    }),
  };
}
