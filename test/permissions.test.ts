// The bot's permissions in a channel: Discord's algorithm, and the REST look-up against the emulator.
import { REST } from '@discordjs/rest';
import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { computeChannelPermissions, restPermissionResolver } from '../src/discord/permissions.js';
import { type Emulator, startEmulator } from './support/emulator.js';

const G = '900000000000000001';
const BOT = '900000000000000002';
const ROLE = '900000000000000003';
const { ViewChannel, SendMessages, EmbedLinks, Administrator } = PermissionFlagsBits;
const roles = (everyone: bigint, bot: bigint) => [
  { id: G, permissions: everyone.toString() },
  { id: ROLE, permissions: bot.toString() },
];

describe('computeChannelPermissions', () => {
  it('combines @everyone and the member roles', () => {
    const p = computeChannelPermissions({
      guildId: G,
      memberId: BOT,
      memberRoleIds: [ROLE],
      roles: roles(ViewChannel, SendMessages),
      overwrites: [],
    });
    expect(p).toBe(ViewChannel | SendMessages);
  });

  it('applies @everyone, then role, then member overwrites', () => {
    const base = {
      guildId: G,
      memberId: BOT,
      memberRoleIds: [ROLE],
      roles: roles(ViewChannel | SendMessages, EmbedLinks),
    };
    const denyEveryone = { id: G, type: OverwriteType.Role, allow: '0', deny: SendMessages.toString() };
    expect(computeChannelPermissions({ ...base, overwrites: [denyEveryone] })).toBe(ViewChannel | EmbedLinks);
    const allowRole = { id: ROLE, type: OverwriteType.Role, allow: SendMessages.toString(), deny: '0' };
    expect(computeChannelPermissions({ ...base, overwrites: [denyEveryone, allowRole] })).toBe(
      ViewChannel | SendMessages | EmbedLinks,
    );
    const denyMember = { id: BOT, type: OverwriteType.Member, allow: '0', deny: ViewChannel.toString() };
    expect(computeChannelPermissions({ ...base, overwrites: [denyEveryone, allowRole, denyMember] })).toBe(
      SendMessages | EmbedLinks,
    );
  });

  it('gives everything to administrators, whatever the overwrites', () => {
    const deny = { id: G, type: OverwriteType.Role, allow: '0', deny: ViewChannel.toString() };
    const p = computeChannelPermissions({
      guildId: G,
      memberId: BOT,
      memberRoleIds: [ROLE],
      roles: roles(0n, Administrator),
      overwrites: [deny],
    });
    expect(p & ViewChannel).toBe(ViewChannel);
  });
});

describe('restPermissionResolver (through @discordjs/rest against the emulator)', () => {
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('reads the channel overwrites, the bot member and the roles', async () => {
    emu = await startEmulator({
      guilds: [
        {
          channels: [{ name: 'open' }, { name: 'read-only', permissionOverwrites: [] }],
        },
      ],
    });
    const guild = emu.guild();
    const [open, readOnly] = emu.channelsOf(guild.id);
    if (!open || !readOnly) throw new Error('the emulator made no channels');
    // Deny Send Messages to @everyone in the second channel: the bot's role does not re-allow it.
    const everyoneRole = guild.roles.find((r) => r.id === guild.id);
    const botRole = guild.roles.find((r) => r.managed);
    if (!everyoneRole || !botRole) throw new Error('the emulator made no roles');
    everyoneRole.permissions = ViewChannel.toString();
    botRole.permissions = (ViewChannel | SendMessages | EmbedLinks).toString();
    (readOnly as { permission_overwrites?: unknown[] }).permission_overwrites = [
      { id: botRole.id, type: OverwriteType.Role, allow: '0', deny: SendMessages.toString() },
    ];
    const rest = new REST({ api: emu.apiUrl }).setToken(emu.token);
    const resolve = restPermissionResolver(rest, () => emu?.botUserId);
    const a = await resolve(guild.id, open.id);
    expect(a).toEqual({ kind: 'known', permissions: ViewChannel | SendMessages | EmbedLinks });
    const b = await resolve(guild.id, readOnly.id);
    expect(b).toEqual({ kind: 'known', permissions: ViewChannel | EmbedLinks });
    expect(await resolve(guild.id, '123456789012345678')).toEqual({ kind: 'unknown-channel' });
    // A channel the bot cannot see answers 50001 Missing Access.
    emu.failRoute({ method: 'GET', path: `/channels/${readOnly.id}` }, 'missingAccess');
    expect(await resolve(guild.id, readOnly.id)).toEqual({ kind: 'no-access' });
    expect(await restPermissionResolver(rest, () => null)(guild.id, open.id)).toMatchObject({ kind: 'unknown' });
  });
});
