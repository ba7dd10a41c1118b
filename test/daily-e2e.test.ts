// End to end: the real discord.js client logged into the local Discord emulator, `/aesc-daily set` through the
// dispatcher, then a scheduler tick that POSTs /channels/{id}/messages with nonce + enforce_nonce, the body checked
// against Discord's OpenAPI schema by the emulator (contract mode 'record').
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { createDailyCommand } from '../src/commands/aesc-daily/index.js';
import { dailyNonce } from '../src/daily/sender.js';
import { createDailyService, type DailyService } from '../src/daily/service.js';
import { createClient } from '../src/discord/client.js';
import { createLogger } from '../src/log.js';
import { type RunningGateway, startGateway } from '../src/transport/gateway.js';
import { buildPost, TestClock } from './daily/helpers.js';
import { type Emulator, startEmulator } from './support/emulator.js';

let emu: Emulator | undefined;
let bot: RunningGateway | undefined;
let daily: DailyService | undefined;

afterEach(async () => {
  await daily?.close();
  await bot?.stop();
  await emu?.close();
  daily = undefined;
  bot = undefined;
  emu = undefined;
});

async function boot(start: string) {
  const e = await startEmulator({ guilds: 1 });
  emu = e;
  const config = { DISCORD_TOKEN: e.token, DISCORD_API_URL: e.apiUrl };
  const clock = new TestClock(start);
  const client = createClient(config);
  const d = createDailyService({ databaseUrl: ':memory:', rest: client.rest, buildPost, clock });
  daily = d;
  bot = await startGateway({
    config,
    client,
    logger: createLogger({ level: 'silent' }),
    commands: [createDailyCommand({ daily: d, clock })],
    onGuildDelete: (guildId) => d.onGuildDelete(guildId),
  });
  await bot.ready;
  return { e, clock, d, guildId: e.guild().id, channelId: e.textChannelId() };
}

const MANAGE = PermissionFlagsBits.ManageGuild;

describe('/aesc-daily end to end (discord.js + emulator)', () => {
  it('set through the gateway, then a tick posts once with the daily nonce and a valid body', async () => {
    const { e, clock, d, guildId, channelId } = await boot('2026-06-01T07:00:00Z');
    const cb = await e.dispatchInteraction(
      e.chatInput({
        name: 'aesc-daily',
        subcommand: 'set',
        options: {
          channel: { type: ApplicationCommandOptionType.Channel, value: channelId },
          time: '09:00',
          timezone: 'Europe/London',
        },
        memberPermissions: MANAGE,
      }),
    );
    expect(cb.type).toBe(4);
    expect(Number(cb.data?.flags ?? 0) & 64).toBe(64); // ephemeral
    const unix = Date.parse('2026-06-01T08:00:00Z') / 1000;
    expect(String(cb.data?.content)).toContain(`<t:${unix}:F>`);
    expect((await d.get(guildId))?.channelId).toBe(channelId);

    const since = e.requests.length;
    const result = await d.tick(clock.set('2026-06-01T08:00:00Z'));
    expect(result.posted).toBe(1);
    const post = await e.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, {
      since,
      timeoutMs: 3000,
    });
    const body = post.body as Record<string, unknown>;
    expect(body.nonce).toBe(dailyNonce(guildId, '2026-06-01'));
    expect(body.enforce_nonce).toBe(true);
    expect(post.contractIssues ?? []).toEqual([]);
    expect(e.contractViolations).toEqual([]);
    const posts = () => e.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
    expect(posts()).toHaveLength(1);
    expect(e.messagesIn(channelId).filter((m) => m.nonce === body.nonce)).toHaveLength(1);

    // The same minute again, and a status through the gateway.
    await d.tick(clock.set('2026-06-01T08:01:00Z'));
    expect(posts()).toHaveLength(1);
    const st = await e.dispatchInteraction(
      e.chatInput({ name: 'aesc-daily', subcommand: 'status', memberPermissions: MANAGE }),
    );
    expect(String(st.data?.content)).toMatch(/1 June 2026: posted \(\[message\]/); // the last 7 days (issue 12)
  });

  it('a member without Manage Server is refused and nothing is stored', async () => {
    const { e, d, guildId, channelId } = await boot('2026-06-01T07:00:00Z');
    const cb = await e.dispatchInteraction(
      e.chatInput({
        name: 'aesc-daily',
        subcommand: 'set',
        options: { channel: { type: ApplicationCommandOptionType.Channel, value: channelId }, time: '09:00' },
      }),
    );
    expect(String(cb.data?.content)).toMatch(/Manage Server/);
    expect(await d.get(guildId)).toBeNull();
  });

  it('timezone autocomplete answers through the gateway', async () => {
    const { e } = await boot('2026-06-01T07:00:00Z');
    const cb = await e.dispatchInteraction(
      e.autocomplete({
        name: 'aesc-daily',
        subcommand: 'set',
        focused: { name: 'timezone', value: 'Europe/Lon' },
        memberPermissions: MANAGE,
      }),
    );
    expect(cb.type).toBe(8);
    const choices = (cb.data?.choices ?? []) as { value: string }[];
    expect(choices[0]?.value).toBe('Europe/London');
  });

  it('a permanent failure from Discord is recorded; removal from the server pauses', async () => {
    const { e, clock, d, guildId, channelId } = await boot('2026-06-01T07:00:00Z');
    await d.set(guildId, { channelId, time: '09:00', timezone: 'UTC' });
    e.failChannel(channelId, 'missingPermissions');
    await d.tick(clock.set('2026-06-01T09:00:00Z'));
    expect((await d.get(guildId))?.lastError).toMatchObject({ kind: 'permanent', code: '50013' });
    e.clearFailures();
    e.guildDelete(guildId);
    for (let i = 0; i < 50 && (await d.get(guildId))?.pausedReason !== 'guild_removed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await d.get(guildId))?.pausedReason).toBe('guild_removed');
    const since = e.requests.length;
    await d.tick(clock.set('2026-06-02T09:00:00Z'));
    expect(e.requests.slice(since).filter((r) => r.path === `/channels/${channelId}/messages`)).toHaveLength(0);
  });
});
