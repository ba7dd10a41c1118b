// /aesc end to end: the definitions deployed through deployCommands, then the real discord.js client (startGateway with
// the real command modules, the real fact store and an in-memory daily service) logged into the local Discord
// emulator. Interactions arrive over the emulator's gateway; answers are read back from its REST records and checked
// against Discord's OpenAPI contract. One emulator and one client are shared by the whole file.
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommands, definitions } from '../../src/commands/index.js';
import type { Clock } from '../../src/core/command.js';
import { MESSAGES } from '../../src/core/dispatcher.js';
import { createDailyService, type DailyService } from '../../src/daily/service.js';
import { deployCommands } from '../../src/deploy.js';
import { createClient } from '../../src/discord/client.js';
import { StartupError } from '../../src/discord/errors.js';
import { loadFactStore } from '../../src/facts/load.js';
import type { FactStore } from '../../src/facts/store.js';
import { createLogger } from '../../src/log.js';
import { visibleText } from '../../src/present/cv2.js';
import { buildOnThisDatePost } from '../../src/present/on-this-date.js';
import { type RunningGateway, startGateway } from '../../src/transport/gateway.js';
import { assertValidCommandDefinitions, assertValidInteractionCallback } from '../support/contract.js';
import {
  type ChatInputOptions,
  type Emulator,
  type InteractionCallback,
  type OptionInput,
  startEmulator,
} from '../support/emulator.js';

// A token shaped like a real one, so that a leak into the logs would be recognisable.
const BOT_TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const NOW = '2026-03-14T09:00:00Z';
const clock: Clock = { now: () => new Date(NOW) };

const EPHEMERAL = 64;
const CHANNEL_MESSAGE_WITH_SOURCE = 4;
const UPDATE_MESSAGE = 7;
const AUTOCOMPLETE_RESULT = 8;

let store: FactStore;
let emu: Emulator;
let bot: RunningGateway | undefined;
let daily: DailyService | undefined;
const lines: string[] = [];
/** `emu.requests` index where the current test started. */
let since = 0;

interface LogEntry {
  level: number;
  msg: string;
  [key: string]: unknown;
}
const logs = (): LogEntry[] => lines.map((l) => JSON.parse(l) as LogEntry);

beforeAll(async () => {
  store = loadFactStore();
  emu = await startEmulator({ guilds: 2, token: BOT_TOKEN });
  const config = {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_GUILD_ID: undefined,
    DISCORD_API_URL: emu.apiUrl,
  };
  // Deploy first, globally, so the emulator knows every option's type (e.g. `year` is an integer).
  const deployed = await deployCommands({ config, definitions });

  const logger = createLogger({
    level: 'debug',
    destination: {
      write: (line: string) => {
        lines.push(line);
      },
    },
  });
  const client = createClient(config);
  daily = createDailyService({
    databaseUrl: ':memory:',
    rest: client.rest,
    buildPost: (localDate) => buildOnThisDatePost(store, localDate),
    clock,
  });
  const commandIds = new Map((deployed.deployed ?? []).map((c) => [c.name, c.id]));
  const commands = createCommands({ store, clock, commandIds, daily });
  bot = await startGateway({ config, client, logger, commands });
  await bot.ready;
});

afterAll(async () => {
  await bot?.stop();
  await daily?.close();
  await emu?.close();
});

afterEach(() => {
  // Every body the bot sent matched Discord's OpenAPI contract...
  expect(
    emu.contractViolations.map((v) => `${v.request.method} ${v.request.path}: ${JSON.stringify(v.issues)}`),
  ).toEqual([]);
  // ...nothing failed on our side, and no secret reached the logs.
  expect(logs().filter((l) => l.level >= 50)).toEqual([]);
  const all = lines.join('\n');
  expect(all).not.toContain(BOT_TOKEN);
  for (const record of emu.interactions.values()) expect(all).not.toContain(record.token);
  since = emu.requests.length;
});

// ---- helpers -----------------------------------------------------------------------------------------------

interface Choice {
  name: string;
  value: string | number;
}

function embedsOf(cb: InteractionCallback): APIEmbed[] {
  return (cb.data?.embeds ?? []) as APIEmbed[];
}

/** Everything readable in a reply: content, every embed's texts and every Components V2 text display. */
function textOf(cb: InteractionCallback): string {
  return visibleText((cb.data ?? {}) as Parameters<typeof visibleText>[0]);
}

/** A card's title: the embed's, or the first "## " heading of a Components V2 card (without its status emoji). */
function titleOf(cb: InteractionCallback): string | undefined {
  const embed = embedsOf(cb)[0];
  if (embed) return embed.title;
  const heading = textOf(cb)
    .split('\n')
    .find((l) => l.startsWith('## '));
  return heading?.slice(3).replace(/^[\u{1F534}\u{1F7E0}-\u{1F7E2}\u{1F535}\u26AA] /u, '');
}

/** Buttons and selects at any depth (action rows at top level or inside a Components V2 container). */
function componentsOf(
  data: { components?: unknown[] } | undefined,
): { label?: string; custom_id?: string; disabled?: boolean }[] {
  const out: { label?: string; custom_id?: string; disabled?: boolean }[] = [];
  const walk = (c: { type?: number; components?: unknown[]; accessory?: unknown }) => {
    if (c.type === 2 || c.type === 3) out.push(c as { label?: string; custom_id?: string });
    for (const child of c.components ?? []) walk(child as { type?: number; components?: unknown[] });
    if (c.accessory) walk(c.accessory as { type?: number });
  };
  for (const c of data?.components ?? []) walk(c as { type?: number; components?: unknown[] });
  return out;
}

const flagsOf = (cb: InteractionCallback) => Number(cb.data?.flags ?? 0);

/** Checks every answer shares: a message callback that matches the contract and parses no mentions. */
function expectMessage(cb: InteractionCallback, type = CHANNEL_MESSAGE_WITH_SOURCE): void {
  expect(cb.status).toBe(204);
  expect(cb.type).toBe(type);
  expect(cb.data?.allowed_mentions).toEqual({ parse: [] });
  assertValidInteractionCallback(cb.body);
  // Discord rejects a message whose components share a custom_id.
  const ids = componentsOf(cb.data as { components?: unknown[] }).flatMap((c) => (c.custom_id ? [c.custom_id] : []));
  expect(new Set(ids).size, `duplicate custom_id in ${ids.join(', ')}`).toBe(ids.length);
}

async function aesc(
  subcommand: string,
  options?: Record<string, OptionInput>,
  extra: Partial<ChatInputOptions> = {},
): Promise<InteractionCallback> {
  const cb = await emu.dispatchInteraction(
    emu.chatInput({ name: 'aesc', subcommand, ...(options ? { options } : {}), ...extra }),
  );
  expectMessage(cb);
  return cb;
}

/** A public answer: an embed or a Components V2 card titled `title`. */
async function publicReply(
  subcommand: string,
  options: Record<string, OptionInput> | undefined,
  title: string | RegExp,
): Promise<InteractionCallback> {
  const cb = await aesc(subcommand, options);
  expect(flagsOf(cb) & EPHEMERAL, `/aesc ${subcommand} should be public`).toBe(0);
  const first = titleOf(cb);
  expect(first, `/aesc ${subcommand} should answer with a titled card`).toBeDefined();
  if (typeof title === 'string') expect(first).toBe(title);
  else expect(first).toMatch(title);
  return cb;
}

async function complete(subcommand: string, name: string, value: string): Promise<Choice[]> {
  const cb = await emu.dispatchInteraction(emu.autocomplete({ name: 'aesc', subcommand, focused: { name, value } }));
  expect(cb.status).toBe(204);
  expect(cb.type).toBe(AUTOCOMPLETE_RESULT);
  assertValidInteractionCallback(cb.body);
  const choices = (cb.data?.choices ?? []) as Choice[];
  expect(choices.length).toBeLessThanOrEqual(25);
  for (const c of choices) {
    expect(c.name.length).toBeGreaterThan(0);
    expect(c.name.length).toBeLessThanOrEqual(100);
  }
  return choices;
}

async function click(customId: string, messageId?: string): Promise<InteractionCallback> {
  return emu.dispatchInteraction(emu.button({ customId, ...(messageId ? { messageId } : {}) }));
}

// ---- tests -----------------------------------------------------------------------------------------------------

describe('/aesc end to end (discord.js + emulator)', () => {
  it('deployed the definitions with one valid bulk overwrite', () => {
    const puts = emu.requests.filter((r) => r.method === 'PUT' && r.route === '/applications/:appId/commands');
    expect(puts).toHaveLength(1);
    const body = puts[0]?.body;
    assertValidCommandDefinitions(body);
    expect((body as { name: string }[]).map((c) => c.name)).toEqual(['aesc', 'aesc-daily']);
    expect(emu.commands().map((c) => c.name)).toEqual(['aesc', 'aesc-daily']);
    expect(bot?.client.isReady()).toBe(true);
  });

  it('/aesc plant shows a site card, by name and by state', async () => {
    const sunderland = await publicReply('plant', { name: 'Sunderland' }, 'Sunderland plant');
    expect(textOf(sunderland)).toContain('Status now');
    expect(textOf(sunderland)).toContain('*Automotive Energy Supply Corporation* (Wikipedia)');
    await publicReply('plant', { name: 'Tennessee' }, 'Smyrna plant');
    // The value autocomplete sends (the plant id) works too.
    await publicReply('plant', { name: 'sunderland' }, 'Sunderland plant');
  });

  it('/aesc plants filters by region and status', async () => {
    const cb = await publicReply('plants', { region: 'USA', status: 'halted' }, 'AESC sites: USA, halted');
    const text = textOf(cb);
    expect(text).toContain('Florence plant');
    expect(text).not.toContain('Smyrna plant');
    expect(text).not.toContain('Sunderland plant');
    const all = await publicReply('plants', undefined, 'AESC production sites');
    for (const name of ['Zama plant', 'Sunderland plant', 'Smyrna plant', 'Jiangyin plant']) {
      expect(textOf(all)).toContain(name);
    }
  });

  it('/aesc history by year and by topic', async () => {
    const year = await publicReply('history', { year: 2018 }, 'AESC history · 2018');
    // The emulator took the option type from the deployed definition: an integer, as Discord sends it.
    const sent = emu.interactions.get(year.interactionId)?.payload as {
      data?: { options?: { options?: { type: number; value: unknown }[] }[] };
    };
    expect(sent.data?.options?.[0]?.options?.[0]).toMatchObject({ type: 4, value: 2018 });
    expect(textOf(year)).toMatch(/2018/);
    const topic = await publicReply('history', { topic: 'ownership' }, 'AESC history · ownership');
    expect(textOf(topic)).toMatch(/Nissan|Envision/);
  });

  it('/aesc owner, company, customers, products, sources', async () => {
    expect(textOf(await publicReply('owner', undefined, 'Who owns AESC'))).toContain('Envision');
    const company = await publicReply('company', undefined, 'Automotive Energy Supply Corporation (AESC)');
    expect(textOf(company)).toContain('Headquarters');
    expect(textOf(await publicReply('customers', undefined, 'AESC customers'))).toContain('Nissan');
    await publicReply('products', undefined, 'AESC products');
    expect(textOf(await publicReply('sources', undefined, 'Where the facts come from'))).toContain('Wikipedia');
  });

  it('/aesc search finds Panasonic', async () => {
    const cb = await publicReply('search', { query: 'Panasonic' }, 'Search: "Panasonic"');
    expect(textOf(cb)).toContain('Panasonic');
    // Hits are listed below the title (embed fields or a card's text).
    expect(textOf(cb).split('\n').length).toBeGreaterThan(2);
  });

  it('/aesc fact tells one fact with its source', async () => {
    const cb = await aesc('fact');
    expect(flagsOf(cb) & EPHEMERAL).toBe(0);
    expect(titleOf(cb)?.length).toBeGreaterThan(0);
    expect(textOf(cb)).toMatch(/One of \d+ facts/);
    expect(textOf(cb)).toMatch(/-# (Source: |¹ )\*/);
    expect(componentsOf(cb.data as { components?: unknown[] }).some((c) => c.label === 'Another fact')).toBe(true);
  });

  it("/aesc today uses the clock, in UTC without a daily post, else in the daily post's time zone", async () => {
    const utc = await aesc('today');
    expect(flagsOf(utc) & EPHEMERAL).toBe(0);
    expect(textOf(utc)).toContain('AESC history for 14 March 2026 (UTC)');

    const guild = emu.guilds[1];
    if (!guild || !daily) throw new Error('a second guild and the daily service are expected');
    // 09:00 UTC on the 14th is 23:00 on the 13th in Honolulu (UTC-10).
    await daily.set(guild.id, { channelId: emu.textChannelId(guild.id), time: '09:00', timezone: 'Pacific/Honolulu' });
    const local = await aesc('today', undefined, { guildId: guild.id });
    expect(textOf(local)).toContain('AESC history for 13 March 2026 (Pacific/Honolulu)');
  });

  it('plant autocomplete: typo, empty, garbage, 6,000 characters', async () => {
    const typo = await complete('plant', 'name', 'sundreland');
    expect(typo[0]?.value).toBe('sunderland');

    const empty = await complete('plant', 'name', '');
    expect(empty).toHaveLength(14); // 14 sites since Sunderland's plant and Giga 1 are two records
    expect(new Set(empty.map((c) => c.value)).size).toBe(14);

    expect(await complete('plant', 'name', 'xyzzy qwerty')).toEqual([]);
    expect(await complete('plant', 'name', 'x'.repeat(6000))).toEqual([]);

    const state = await complete('plant', 'name', 'Tennes');
    expect(state[0]?.value).toBe('smyrna');
  });

  it('year autocomplete lists years with events, filtered by the typed digits', async () => {
    const all = await complete('history', 'year', '');
    expect(all.length).toBeGreaterThan(0);
    for (const c of all) {
      expect(Number.isInteger(c.value)).toBe(true);
      expect(c.name).toMatch(new RegExp(`^${c.value} \\(\\d+ events?\\)$`));
    }
    const twenty18 = await complete('history', 'year', '2018');
    expect(twenty18.map((c) => c.value)).toEqual([2018]);
    const tens = await complete('history', 'year', '201');
    expect(tens.length).toBeGreaterThan(0);
    for (const c of tens) expect(String(c.value)).toMatch(/^201\d$/);
    expect(await complete('history', 'year', 'abc')).toEqual([]);
    // Autocomplete for an option without it, or for another subcommand, answers an empty list.
    expect(await complete('search', 'query', 'Pana')).toEqual([]);
  });

  it('history Next button updates the message to page 2 (type 7)', async () => {
    const first = await publicReply('history', undefined, 'AESC history');
    const counter = (data: unknown) =>
      componentsOf(data as { components?: unknown[] }).find((b) => /^\d+ \/ \d+$/.test(b.label ?? ''))?.label;
    expect(counter(first.data)).toMatch(/^1 \/ (\d+)$/);
    const pages = Number(/^1 \/ (\d+)$/.exec(counter(first.data) ?? '')?.[1]);
    expect(pages).toBeGreaterThan(1);
    const message = await emu.waitForReply(first.interactionId);
    const next = componentsOf(first.data as { components?: unknown[] }).find((b) => b.label === 'Next');
    expect(next?.custom_id).toMatch(/^aesc:history:1:/);

    const cb = await click(next?.custom_id ?? '', message.id);
    expectMessage(cb, UPDATE_MESSAGE);
    expect(counter(cb.data)).toBe(`2 / ${pages}`);
    // The emulator applied the update to the message the button sits on.
    expect(counter(emu.message(message.id))).toBe(`2 / ${pages}`);
  });

  it('forged or foreign custom_ids get an ephemeral reply, never an error', async () => {
    for (const customId of ['aesc:history:999999:q:x:y', 'garbage', 'aesc-daily:x', 'aesc:other:1', 'aesc:history:']) {
      const cb = await click(customId);
      expectMessage(cb);
      expect(flagsOf(cb) & EPHEMERAL, customId).toBe(EPHEMERAL);
      expect(textOf(cb), customId).not.toContain(MESSAGES.failed);
    }
    expect(textOf(await click('garbage'))).toBe(MESSAGES.invalidButton);
    expect(textOf(await click('aesc:history:999999:q:x:y'))).toContain('out of date');
  });

  it('an unknown plant typed without autocomplete answers ephemerally with suggestions', async () => {
    const cb = await aesc('plant', { name: 'sundreland' });
    expect(flagsOf(cb) & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(cb)).toContain('No site matches "sundreland"');
    expect(textOf(cb)).toContain('**Sunderland plant**');

    const nothing = await aesc('plant', { name: 'xyzzy qwerty' });
    expect(flagsOf(nothing) & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(nothing)).toContain('No site matches');
  });

  it('odd but possible inputs get a polite answer within the contract', async () => {
    const cases: [string, Record<string, OptionInput> | undefined, boolean, RegExp][] = [
      ['plants', { region: 'Japan', status: 'halted' }, true, /No matching sites/],
      ['history', { year: 1990 }, true, /No events/],
      ['history', { year: 2100, topic: 'market' }, true, /No events/],
      ['search', { query: '!!!' }, true, /Nothing to search for/],
      ['search', { query: 'xyzzy qwerty' }, true, /No matches/],
      ['search', { query: '@everyone <@123> **x**' }, true, /.+/],
      ['search', { query: 'sunderland '.repeat(9).trim() }, false, /Search: "sunderland/],
      ['plant', { name: '@everyone' }, true, /No site matches "\\@everyone"/],
      ['plant', { name: 'x'.repeat(100) }, true, /No site matches/],
      ['plant', { name: 'y'.repeat(101) }, true, /101 characters long; the most is 100/],
      ['plants', { region: 'Mars' }, true, /Invalid option/],
      ['history', { year: 1989 }, true, /Invalid option/],
    ];
    for (const [sub, options, ephemeral, text] of cases) {
      const what = `/aesc ${sub} ${JSON.stringify(options).slice(0, 60)}`;
      const cb = await aesc(sub, options);
      expect(flagsOf(cb) & EPHEMERAL, what).toBe(ephemeral ? EPHEMERAL : 0);
      expect(textOf(cb), what).toMatch(text);
      expect(textOf(cb), what).not.toContain(MESSAGES.failed);
    }
    // Other locales format numbers their own way but answer the same card.
    const de = await emu.dispatchInteraction(
      emu.chatInput({ name: 'aesc', subcommand: 'plant', options: { name: 'Douai' }, locale: 'de' }),
    );
    expectMessage(de);
    expect(titleOf(de)).toBe('Douai plant');
  });

  it('history buttons: the last page, the order switch, and a filtered timeline', async () => {
    const first = await publicReply('history', { topic: 'ownership' }, 'AESC history · ownership');
    const message = await emu.waitForReply(first.interactionId);
    const buttons = () => componentsOf(emu.message(message.id) as { components?: unknown[] });
    const order = buttons().find((b) => b.label === 'Newest first');
    // The custom_id carries the state and the id of the user who ran the command.
    expect(order?.custom_id).toMatch(/^aesc:history:0:n:-:ownership:\d+$/);
    const owner = order?.custom_id?.split(':').at(-1) ?? '';
    const newest = await click(order?.custom_id ?? '', message.id);
    expectMessage(newest, UPDATE_MESSAGE);
    expect(textOf(newest)).toContain('newest first');
    // A page number past the end clamps to the last page.
    const last = await click(`aesc:history:999:o:-:-:${owner}`, message.id);
    expectMessage(last, UPDATE_MESSAGE);
    const label = componentsOf(last.data as { components?: unknown[] }).find((b) =>
      /^\d+ \/ \d+$/.test(b.label ?? ''),
    )?.label;
    const [, page, pages] = /^(\d+) \/ (\d+)$/.exec(label ?? '') ?? [];
    expect(page).toBe(pages);
    expect(buttons().find((b) => b.label === 'Next')?.disabled).toBe(true);
  });

  it('unknown commands and subcommands get an ephemeral reply', async () => {
    const unknown = await emu.dispatchInteraction(emu.chatInput({ name: 'aesc-removed' }));
    expectMessage(unknown);
    expect(flagsOf(unknown) & EPHEMERAL).toBe(EPHEMERAL);
    expect(unknown.data?.content).toBe(MESSAGES.unknownCommand);

    const sub = await aesc('removed-subcommand');
    expect(flagsOf(sub) & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(sub)).toContain('Unknown command');
  });

  it('works in DMs', async () => {
    const cb = await aesc('plant', { name: 'Tennessee' }, { guildId: null });
    expect(titleOf(cb)).toBe('Smyrna plant');
    expect(textOf(await aesc('today', undefined, { guildId: null }))).toContain('(UTC)');
  });

  it('startGateway rejects a wrong token with a StartupError that says the token was rejected', async () => {
    const wrong = `${BOT_TOKEN.slice(0, -4)}WXYZ`;
    const error = await startGateway({
      config: { DISCORD_TOKEN: wrong, DISCORD_API_URL: emu.apiUrl },
      logger: createLogger({ level: 'silent' }),
      commands: createCommands({ store, clock }),
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^Discord rejected the token \(DISCORD_TOKEN\)/);
    expect((error as Error).message).not.toContain(wrong);
    expect(emu.requests.slice(since).find((r) => r.path === '/gateway/bot')?.status).toBe(401);
    // The running bot is unaffected.
    await publicReply('plant', { name: 'Tennessee' }, 'Smyrna plant');
  });
});
