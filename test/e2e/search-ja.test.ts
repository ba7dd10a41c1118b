// Japanese search end to end: the real discord.js client logged into the emulator, the real command modules and
// the real fact store. A ja user types a Japanese query for /aesc search, Japanese names into /aesc plant's
// autocomplete and name option, and gets Japanese answers that list the statements that matched.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommands, definitions } from '../../src/commands/index.js';
import type { Clock } from '../../src/core/command.js';
import { deployCommands } from '../../src/deploy.js';
import { createClient } from '../../src/discord/client.js';
import type { FactStore } from '../../src/facts/store.js';
import { t } from '../../src/i18n/catalogue.js';
import { factTranslator } from '../../src/i18n/fact-translations.js';
import { createLogger } from '../../src/log.js';
import { type RunningGateway, startGateway } from '../../src/transport/gateway.js';
import { englishLabels, englishLeft, visibleTexts } from '../i18n/visible.js';
import { type Emulator, type InteractionCallback, type OptionInput, startEmulator } from '../support/emulator.js';
import { realStore } from '../support/handler-context.js';

const BOT_TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const clock: Clock = { now: () => new Date('2026-08-03T09:00:00Z') };
const EPHEMERAL = 64;
const AUTOCOMPLETE_RESULT = 8;

let store: FactStore;
let emu: Emulator;
let gateway: RunningGateway | undefined;
const lines: string[] = [];
const labels = englishLabels();

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
  const commands = createCommands({ store, clock, commandIds });
  gateway = await startGateway({ config, client: createClient(config), logger, commands });
  await gateway.ready;
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await emu?.close();
});

afterEach(() => {
  expect(
    emu.contractViolations.map((v) => `${v.request.method} ${v.request.path}: ${JSON.stringify(v.issues)}`),
  ).toEqual([]);
  const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
  expect(errors).toEqual([]);
});

const ja = (text: string) => factTranslator().text('ja', text);

async function aesc(subcommand: string, options: Record<string, OptionInput>): Promise<InteractionCallback> {
  const cb = await emu.dispatchInteraction(emu.chatInput({ name: 'aesc', subcommand, options, locale: 'ja' }));
  expect(cb.type).toBe(4);
  return cb;
}

const textOf = (cb: InteractionCallback) => visibleTexts(cb.data).join('\n');

describe('/aesc search in Japanese, through the gateway', () => {
  it('"サンダーランド 生産能力": a Japanese card with the Sunderland sites and their capacity statements in Japanese', async () => {
    const cb = await aesc('search', { query: 'サンダーランド 生産能力' });
    expect((Number(cb.data?.flags ?? 0) & EPHEMERAL) === 0).toBe(true);
    const text = textOf(cb);
    expect(text).toContain('検索: "サンダーランド 生産能力"');
    expect(text).toContain(t('ja', 'search.intent.capacity'));
    // The named place, by its sites' Japanese names.
    expect(text).toContain(ja('Sunderland plant'));
    // The matching statements, in Japanese.
    const sunderland = store.plantWithId('sunderland');
    for (const c of sunderland?.capacity ?? []) expect(text).toContain(ja(c.text).slice(0, 20));
    expect(englishLeft(cb.data, labels)).toEqual([]);
  });

  it('"日産 合弁": Nissan and the joint venture, in Japanese', async () => {
    const text = textOf(await aesc('search', { query: '日産 合弁' }));
    expect(text).toContain('日産');
    const jv = store.event('joint-venture-2007');
    if (jv === undefined) throw new Error('no joint-venture-2007 event');
    expect(text).toContain(ja(jv.text).slice(0, 20));
    expect(text).not.toContain('一致なし');
  });

  it('a query of only punctuation or emoji gets its notice, not a crash', async () => {
    for (const query of ['。、！？', '🔋🔋']) {
      const cb = await aesc('search', { query });
      expect(textOf(cb)).toMatch(/検索する語がありません|一致なし/);
    }
  });
});

describe('/aesc plant with Japanese names, through the gateway', () => {
  async function complete(value: string): Promise<{ name: string; value: string | number }[]> {
    const cb = await emu.dispatchInteraction(
      emu.autocomplete({ name: 'aesc', subcommand: 'plant', focused: { name: 'name', value }, locale: 'ja' }),
    );
    expect(cb.type).toBe(AUTOCOMPLETE_RESULT);
    return (cb.data?.choices ?? []) as { name: string; value: string | number }[];
  }

  it('autocomplete: exact, prefix and substring in Japanese', async () => {
    expect((await complete('座間工場'))[0]?.value).toBe('zama');
    expect((await complete('サンダー')).map((c) => c.value)).toEqual(['sunderland', 'sunderland-giga-1']);
    expect((await complete('ランド工場'))[0]?.value).toBe('sunderland');
    expect((await complete('テネシー'))[0]?.value).toBe('smyrna');
  });

  it('name: typed in Japanese opens the site card', async () => {
    const zama = textOf(await aesc('plant', { name: '座間工場' }));
    expect(zama).toContain(ja('Zama plant'));
    const smyrna = textOf(await aesc('plant', { name: 'テネシー' }));
    expect(smyrna).toContain(ja('Smyrna plant'));
  });
});
