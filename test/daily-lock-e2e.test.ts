// Issue 8 item 9 end to end: another process holds the daily-post database's write lock (`BEGIN IMMEDIATE` on a
// second connection). The real discord.js client keeps answering: autocomplete at once, `status` at once, and `set`
// answers (deferred if need be) that nothing was changed. Nothing is acknowledged that was not saved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { createDailyCommand } from '../src/commands/aesc-daily/index.js';
import { createDailyService, type DailyService } from '../src/daily/service.js';
import { createClient } from '../src/discord/client.js';
import { createLogger } from '../src/log.js';
import { type RunningGateway, startGateway } from '../src/transport/gateway.js';
import { buildPost, TestClock } from './daily/helpers.js';
import { type Emulator, startEmulator } from './support/emulator.js';

let emu: Emulator | undefined;
let bot: RunningGateway | undefined;
let daily: DailyService | undefined;
let holder: Database.Database | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (holder?.open) {
    if (holder.inTransaction) holder.exec('ROLLBACK');
    holder.close();
  }
  await daily?.close();
  await bot?.stop();
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  holder = daily = bot = emu = dir = undefined;
});

const MANAGE = PermissionFlagsBits.ManageGuild;

describe('a held write lock does not freeze the bot (item 9, through the gateway)', () => {
  it('autocomplete and status answer at once; set answers that nothing was changed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aesc-daily-lock-'));
    const path = join(dir, 'db.sqlite');
    const e = await startEmulator({ guilds: 1 });
    emu = e;
    const config = { DISCORD_TOKEN: e.token, DISCORD_API_URL: e.apiUrl };
    const clock = new TestClock('2026-06-01T07:00:00Z');
    const client = createClient(config);
    const d = createDailyService({ databaseUrl: `file:${path}`, rest: client.rest, buildPost, clock });
    daily = d;
    bot = await startGateway({
      config,
      client,
      logger: createLogger({ level: 'silent' }),
      commands: [createDailyCommand({ daily: d, clock })],
    });
    await bot.ready;
    const guildId = e.guild().id;
    const channelId = e.textChannelId();
    await d.set(guildId, { channelId, time: '09:00', timezone: 'UTC' });

    holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE'); // another process holds the write lock

    const setStarted = Date.now();
    const setCall = e.chatInput({
      name: 'aesc-daily',
      subcommand: 'set',
      options: {
        channel: { type: ApplicationCommandOptionType.Channel, value: channelId },
        time: '10:30',
        timezone: 'Europe/London',
      },
      memberPermissions: MANAGE,
    });
    const setAnswer = e.dispatchInteraction(setCall, { timeoutMs: 4_000 });

    // While set waits for the lock: autocomplete and status answer at once.
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const ac = await e.dispatchInteraction(
      e.autocomplete({
        name: 'aesc-daily',
        subcommand: 'set',
        focused: { name: 'timezone', value: 'Europe/Lon' },
        memberPermissions: MANAGE,
      }),
    );
    expect(ac.type).toBe(8);
    expect(Date.now() - t0).toBeLessThan(500);
    const t1 = Date.now();
    const st = await e.dispatchInteraction(
      e.chatInput({ name: 'aesc-daily', subcommand: 'status', memberPermissions: MANAGE }),
    );
    expect(st.type).toBe(4);
    expect(String(st.data?.content)).toContain('09:00');
    expect(Date.now() - t1).toBeLessThan(500);

    // set answers within Discord's 3 s: at once with the message, or deferred and then edited.
    const cb = await setAnswer;
    expect(cb.receivedAt - setStarted).toBeLessThan(3_000);
    expect(cb.status).toBeLessThan(300);
    const content =
      cb.type === 5
        ? String((await e.waitForReply(setCall.id, { timeoutMs: 4_000 })).content)
        : String(cb.data?.content);
    expect(content).toMatch(/nothing was changed/i);
    holder.exec('ROLLBACK');
    expect((await d.get(guildId))?.time).toBe('09:00'); // not acknowledged, not saved
  }, 15_000);
});
