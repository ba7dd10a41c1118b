// Every /aesc subcommand in Japanese and in English, and in a DM, a group DM and a server where only the user
// installed the app, through both transports: the gateway (the real discord.js client logged into the emulator) and
// HTTP interactions (the emulator signs and POSTs to our real server). The answers are checked against Discord's
// OpenAPI contract (afterEach), for English labels left in a ja reply (the catalogue's English values, quotes and
// proper names aside), and for anything that needs a guild (custom emoji, role mentions).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { REST } from '@discordjs/rest';
import { type APIInteraction, ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommands, definitions } from '../../src/commands/index.js';
import type { Clock } from '../../src/core/command.js';
import { createDispatcher, MESSAGES } from '../../src/core/dispatcher.js';
import { createDailyService, type DailyService } from '../../src/daily/service.js';
import { deployCommands } from '../../src/deploy.js';
import { createClient } from '../../src/discord/client.js';
import type { FactStore } from '../../src/facts/store.js';
import { createLogger } from '../../src/log.js';
import { buildOnThisDatePost } from '../../src/present/on-this-date.js';
import { type RunningGateway, startGateway } from '../../src/transport/gateway.js';
import { type RunningHttpTransport, startHttpTransport } from '../../src/transport/http.js';
import { englishLabels, englishLeft, visibleTexts } from '../i18n/visible.js';
import {
  asUserInstall,
  type Emulator,
  type InteractionCallback,
  type OptionInput,
  startEmulator,
  type UserInstallPlace,
} from '../support/emulator.js';
import { realStore } from '../support/handler-context.js';

const BOT_TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const clock: Clock = { now: () => new Date('2026-08-03T09:00:00Z') };
const EPHEMERAL = 64;

let store: FactStore;
let emu: Emulator;
let daily: DailyService;
let gateway: RunningGateway | undefined;
let http: RunningHttpTransport | undefined;
let privateKey: KeyObject;
const lines: string[] = [];

beforeAll(async () => {
  store = realStore();
  emu = await startEmulator({ guilds: 1, token: BOT_TOKEN });
  const config = {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_GUILD_ID: undefined,
    DISCORD_API_URL: emu.apiUrl,
  };
  const deployed = await deployCommands({ config, definitions });
  const commandIds = new Map((deployed.deployed ?? []).map((c) => [c.name, c.id]));
  const logger = createLogger({ level: 'debug', destination: { write: (l: string) => void lines.push(l) } });
  const rest = new REST({ api: emu.apiUrl }).setToken(BOT_TOKEN);
  daily = createDailyService({
    databaseUrl: ':memory:',
    rest,
    buildPost: (localDate, _now, language) => buildOnThisDatePost(store, localDate, language ?? undefined),
    clock,
  });
  const commands = createCommands({ store, clock, commandIds, daily });
  const client = createClient(config);
  gateway = await startGateway({ config, client, logger, commands });
  await gateway.ready;
  const pair = generateKeyPairSync('ed25519');
  privateKey = pair.privateKey;
  const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const dispatch = createDispatcher({ commands, logger });
  http = await startHttpTransport({ publicKey, dispatch, rest, logger, host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await http?.close(100);
  await daily?.close();
  await emu?.close();
});

afterEach(() => {
  expect(
    emu.contractViolations.map((v) => `${v.request.method} ${v.request.path}: ${JSON.stringify(v.issues)}`),
  ).toEqual([]);
  const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
  expect(errors).toEqual([]);
});

type Transport = 'gateway' | 'http';

async function send(transport: Transport, payload: APIInteraction): Promise<InteractionCallback> {
  if (transport === 'gateway') return emu.dispatchInteraction(payload);
  const delivery = await emu.deliverHttpInteraction(`${http?.url}/interactions`, payload, { privateKey });
  expect(delivery.status).toBe(200);
  if (delivery.callback === undefined) throw new Error(`no callback: ${JSON.stringify(delivery.body)}`);
  // A reply with files (chart, map) is deferred (5, public) and finished through the webhook: read that message.
  if (delivery.callback.type !== 5) return delivery.callback;
  const final = await emu.waitForReply(payload.id, { timeoutMs: 5000 });
  const flags = ((delivery.callback.data?.flags as number | undefined) ?? 0) | (final.flags ?? 0);
  return { ...delivery.callback, type: 4, data: { ...(final as unknown as Record<string, unknown>), flags } };
}

/** Every /aesc subcommand with options that give a full answer. */
const SUBCOMMANDS: [string, Record<string, OptionInput>][] = [
  ['plant', { name: 'Sunderland plant' }],
  ['plants', {}],
  ['history', {}],
  ['owner', {}],
  ['company', {}],
  ['customers', {}],
  ['products', {}],
  ['search', { query: 'Sunderland' }],
  ['fact', {}],
  ['sources', {}],
  ['today', {}],
];

const TRANSPORTS: Transport[] = ['gateway', 'http'];
const labels = englishLabels();

/** A reply that is the core's apology or an "unknown" notice instead of an answer. */
function isFailure(cb: InteractionCallback): boolean {
  const text = visibleTexts(cb.data).join('\n');
  return Object.values(MESSAGES).some((m) => text.includes(m));
}

describe.each(TRANSPORTS)('/aesc through the %s transport', (transport) => {
  it.each(SUBCOMMANDS)('/aesc %s in ja has no English label left, and in en-US is English', async (sub, options) => {
    const ja = await send(transport, emu.chatInput({ name: 'aesc', subcommand: sub, options, locale: 'ja' }));
    expect(ja.type).toBe(4);
    expect(ja.data?.flags ?? 0).not.toBe(EPHEMERAL);
    expect(englishLeft(ja.data, labels), `English labels in the ja reply to /aesc ${sub}`).toEqual([]);
    expect(visibleTexts(ja.data).join('\n')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);

    for (const locale of ['en-US', 'en-GB']) {
      const en = await send(transport, emu.chatInput({ name: 'aesc', subcommand: sub, options, locale }));
      expect(en.type).toBe(4);
      expect(isFailure(en)).toBe(false);
      expect(visibleTexts(en.data).join('\n')).not.toMatch(/[\u3040-\u30ff]/);
    }
  });

  const places: UserInstallPlace[] = ['bot-dm', 'private-channel', 'user-install-guild'];
  describe.each(places)('installed to the user, in %s', (place) => {
    it.each(SUBCOMMANDS)('/aesc %s answers in full without guild, member, emoji or roles', async (sub, options) => {
      const payload = asUserInstall(emu.chatInput({ name: 'aesc', subcommand: sub, options, locale: 'ja' }), place);
      if (place !== 'user-install-guild') {
        expect(payload).not.toHaveProperty('member');
        expect(payload).not.toHaveProperty('guild_id');
      }
      const cb = await send(transport, payload);
      expect(cb.type).toBe(4);
      expect(isFailure(cb)).toBe(false);
      // A public answer where the context allows it (the whole card, as in a server).
      expect(((cb.data?.flags as number | undefined) ?? 0) & EPHEMERAL).toBe(0);
      const text = visibleTexts(cb.data).join('\n');
      expect(text, 'custom emoji need a guild').not.toMatch(/<a?:\w+:\d+>/);
      expect(text, 'role mentions need a guild').not.toMatch(/<@&\d+>/);
      expect(englishLeft(cb.data, labels)).toEqual([]);
    });
  });
});

// ---- the daily post in the server's language -------------------------------------------------------------------

describe('the daily post in Japanese for a server whose guild_locale is ja', () => {
  const MANAGE = PermissionFlagsBits.ManageGuild;

  it('set records ja from guild_locale, status shows it, the test post and the scheduled post are in Japanese', async () => {
    const guildId = emu.guilds[0]?.id ?? '';
    const channelId = emu.textChannelId(guildId);
    const admin = { memberPermissions: MANAGE, guildLocale: 'ja', locale: 'en-US' };
    const set = await emu.dispatchInteraction(
      emu.chatInput({
        name: 'aesc-daily',
        subcommand: 'set',
        options: {
          channel: { type: ApplicationCommandOptionType.Channel, value: channelId },
          time: '09:00',
          timezone: 'Asia/Tokyo',
        },
        ...admin,
      }),
    );
    expect(set.type).toBe(4);
    expect(String(set.data?.content)).toContain('Language: 日本語');
    expect((await daily.store.getSubscription(guildId))?.language).toBe('ja');

    const status = await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-daily', subcommand: 'status', ...admin }));
    expect(visibleTexts(status.data).join('\n')).toContain('日本語');

    const before = emu.requests.length;
    const test = await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-daily', subcommand: 'test', ...admin }));
    expect(test.type).toBe(4);
    const post = await emu.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, {
      since: before,
      timeoutMs: 3000,
    });
    expect(visibleTexts(post.body).join('\n')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(englishLeft(post.body, labels)).toEqual([]);

    // The scheduled post (the next 09:00 in Tokyo) is built in the stored language too.
    const beforeTick = emu.requests.length;
    const tick = await daily.tick(new Date('2026-08-04T00:00:00Z'));
    expect(tick.posted).toBe(1);
    const scheduled = await emu.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`,
      { since: beforeTick, timeoutMs: 3000 },
    );
    expect(visibleTexts(scheduled.body).join('\n')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(englishLeft(scheduled.body, labels)).toEqual([]);

    // The language option overrides the server's language; English again.
    const en = await emu.dispatchInteraction(
      emu.chatInput({ name: 'aesc-daily', subcommand: 'set', options: { language: 'en' }, ...admin }),
    );
    expect(String(en.data?.content)).toContain('Language: English');
    const since = emu.requests.length;
    await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-daily', subcommand: 'test', ...admin }));
    const english = await emu.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`,
      { since, timeoutMs: 3000 },
    );
    expect(visibleTexts(english.body).join('\n')).not.toMatch(/[\u3040-\u30ff]/);
  });
});

// ---- /aesc-daily answers a ja admin in Japanese (through the gateway, with the REST checks against the emulator) --

describe('/aesc-daily replies to an admin whose locale is ja', () => {
  it('set, status, preview, export, off and a bad option keep no English label (typed syntax in code aside)', async () => {
    const guildId = emu.guilds[0]?.id ?? '';
    const channelId = emu.textChannelId(guildId);
    const admin = { memberPermissions: PermissionFlagsBits.ManageGuild, guildLocale: 'ja', locale: 'ja' };
    const replies = [
      await emu.dispatchInteraction(
        emu.chatInput({
          name: 'aesc-daily',
          subcommand: 'set',
          options: {
            channel: { type: ApplicationCommandOptionType.Channel, value: channelId },
            time: '08:15',
            timezone: 'Asia/Tokyo',
            days: 'mon-fri',
          },
          ...admin,
        }),
      ),
      await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-daily', subcommand: 'status', ...admin })),
      await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-daily', subcommand: 'preview', ...admin })),
      await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-daily', subcommand: 'export', ...admin })),
      await emu.dispatchInteraction(
        emu.chatInput({ name: 'aesc-daily', subcommand: 'set', options: { time: 'noon' }, ...admin }),
      ),
      await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-daily', subcommand: 'off', ...admin })),
    ];
    expect(String(replies[0]?.data?.content)).toContain('曜日: 月曜日から金曜日');
    for (const r of replies) {
      expect(r.type).toBe(4);
      const texts = visibleTexts(r.data).join('\n');
      expect(texts).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      // The preview carries the post itself, whose quotes and names the label check already allows for.
      expect(englishLeft(r.data, labels, { ignoreCode: true })).toEqual([]);
    }
  });
});
