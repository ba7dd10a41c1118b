// Adversarial QA: the PostgreSQL server of the daily post goes away while the bot runs, seen through the signed HTTP
// endpoint (src/transport/http.ts, the real core and command modules). A TCP proxy sits between the store and the
// real test server (test/support/postgres.ts) and is cut: `/aesc-daily set` must say nothing was changed (and change
// nothing), `status` must say the settings are unavailable, `/aesc` must keep answering, and nothing may be logged
// above warn or reject unhandled. Skips, saying so, when no PostgreSQL server can be started.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { REST } from '@discordjs/rest';
import { type APIInteraction, ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommands, definitions } from '../../src/commands/index.js';
import type { Clock } from '../../src/core/command.js';
import { createDispatcher, MESSAGES } from '../../src/core/dispatcher.js';
import { PostgresDailyStore } from '../../src/daily/postgres-store.js';
import { restSender } from '../../src/daily/sender.js';
import { DailyService } from '../../src/daily/service.js';
import { deployCommands } from '../../src/deploy.js';
import { createLogger } from '../../src/log.js';
import { visibleText } from '../../src/present/cv2.js';
import { buildOnThisDatePost } from '../../src/present/on-this-date.js';
import { type RunningHttpTransport, startHttpTransport } from '../../src/transport/http.js';
import { type Emulator, startEmulator } from '../support/emulator.js';
import { realStore } from '../support/handler-context.js';
import { createTestDatabase, hasPostgres, PG_SKIP_MESSAGE, type TestDatabase } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const clock: Clock = { now: () => new Date('2026-03-14T09:00:00Z') };
const MANAGE = (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel).toString();

describe.skipIf(!hasPostgres)('PostgreSQL gone while the bot runs, through the HTTP endpoint', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let store: PostgresDailyStore;
  let daily: DailyService;
  let emu: Emulator;
  let http: RunningHttpTransport;
  let privateKey: KeyObject;
  const lines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('aesc_adversarial');
    const real = new URL(db.url);
    proxy = new TcpProxy({ host: real.hostname, port: Number(real.port) });
    await proxy.start();
    const via = new URL(db.url);
    via.port = String(proxy.port);
    store = await PostgresDailyStore.open(via.toString(), { connectTimeoutMs: 1_000, onIdleError: () => undefined });
    const pair = generateKeyPairSync('ed25519');
    privateKey = pair.privateKey;
    emu = await startEmulator({ guilds: 1 });
    const config = {
      DISCORD_TOKEN: emu.token,
      DISCORD_APPLICATION_ID: emu.applicationId,
      DISCORD_GUILD_ID: undefined,
      DISCORD_API_URL: emu.apiUrl,
    };
    await deployCommands({ config, definitions });
    const rest = new REST({ api: emu.apiUrl }).setToken(emu.token);
    const facts = realStore();
    daily = new DailyService({
      store,
      sender: restSender(rest),
      buildPost: (localDate) => buildOnThisDatePost(facts, localDate),
      clock,
    });
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    http = await startHttpTransport({
      publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'),
      dispatch: createDispatcher({
        commands: createCommands({ store: facts, clock, daily }),
        logger,
        deferAfterMs: 2_500,
      }),
      rest,
      logger,
      host: '127.0.0.1',
      port: 0,
    });
  }, 30_000);

  afterAll(async () => {
    await http?.close(100);
    await daily?.close().catch(() => undefined);
    await proxy?.cut();
    await emu?.close();
    await db?.drop();
  });

  async function answer(payload: APIInteraction): Promise<{ text: string; flags: number }> {
    const res = await emu.deliverHttpInteraction(`${http.url}/interactions`, payload, {
      privateKey,
      timeoutMs: 10_000,
    });
    expect(res.status).toBe(200);
    const body = res.body as { type: number; data: { flags?: number } };
    if (body.type === 5) {
      const final = await emu.waitForReply(payload.id, { timeoutMs: 10_000 });
      return { text: visibleText(final as never), flags: body.data?.flags ?? 0 };
    }
    expect(body.type).toBe(4);
    return { text: visibleText(body.data as never), flags: body.data.flags ?? 0 };
  }

  const set = (time: string) =>
    emu.chatInput({
      name: 'aesc-daily',
      subcommand: 'set',
      options: {
        channel: { type: ApplicationCommandOptionType.Channel, value: emu.textChannelId() },
        time,
        timezone: 'Asia/Tokyo',
      },
      memberPermissions: MANAGE,
    });

  it('set says nothing was changed, status says the settings are unavailable, /aesc keeps answering', async () => {
    expect((await answer(set('09:00'))).text).toMatch(/daily post is \*\*on\*\*/);
    await proxy.cut();

    const refused = await answer(set('10:30'));
    expect(refused.flags & 64).toBe(64);
    expect(refused.text).toContain('The daily post settings are unavailable right now, nothing was changed.');
    expect(refused.text).not.toContain(MESSAGES.failed);

    const status = await answer(emu.chatInput({ name: 'aesc-daily', subcommand: 'status', memberPermissions: MANAGE }));
    expect(status.text).not.toContain(MESSAGES.failed);
    expect(status.text).toMatch(/unavailable|unreachable/i);

    const plant = await answer(emu.chatInput({ name: 'aesc', subcommand: 'plant', options: { name: 'Tennessee' } }));
    expect(plant.text).toContain('Smyrna plant');

    // Back again: the acknowledged setting is there and the refused one was never applied.
    await proxy.start();
    expect(await store.getSubscription(emu.guild().id)).toMatchObject({ time: '09:00', timezone: 'Asia/Tokyo' });

    const loud = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level > 40);
    expect(loud.map((l) => l.msg)).toEqual([]);
  }, 30_000);
});

if (!hasPostgres) it.skip(PG_SKIP_MESSAGE, () => {});
