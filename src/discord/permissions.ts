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
import { isDiscordAPIError } from './dispatcher.js';

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
    if (!me) return { kind: 'unknown', reason: 'the bot is not logged in yet' };
    let channel: APIChannel;
    try {
      channel = (await rest.get(Routes.channel(channelId))) as APIChannel;
    } catch (err) {
      const code = apiCode(err);
      if (code === 50001) return { kind: 'no-access' };
      if (code === 10003) return { kind: 'unknown-channel' };
      return { kind: 'unknown', reason: (err as Error).message };
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
      return { kind: 'unknown', reason: (err as Error).message };
    }
  };
}
