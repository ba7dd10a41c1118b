// Adversarial QA through the HTTP interactions endpoint (the product requirement "bad input of any kind gets a clear,
// specific message and never a crash, a hang or lost configuration"). The local emulator plays Discord: it signs each
// interaction with Ed25519 and POSTs it to the real server (src/transport/http.ts) in front of the real core and
// command modules, with a real SQLite daily store in a temporary folder. Every answer is checked against Discord's
// OpenAPI contract; every test ends with no log line above warn and no unhandled rejection (vitest setup file).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import {
  type APIInteraction,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommands, definitions } from '../../src/commands/index.js';
import type { Clock } from '../../src/core/command.js';
import { createDispatcher, MESSAGES } from '../../src/core/dispatcher.js';
import { createDailyService, type DailyService } from '../../src/daily/service.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../../src/daily/store-unavailable.js';
import { deployCommands } from '../../src/deploy.js';
import { createLogger } from '../../src/log.js';
import { visibleText } from '../../src/present/cv2.js';
import { buildOnThisDatePost } from '../../src/present/on-this-date.js';
import { type RunningHttpTransport, startHttpTransport } from '../../src/transport/http.js';
import { assertValidInteractionCallback } from '../support/contract.js';
import { type Emulator, type HttpDelivery, startEmulator } from '../support/emulator.js';
import { realStore } from '../support/handler-context.js';

const BOT_TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const clock: Clock = { now: () => new Date('2026-03-14T09:00:00Z') };
const MANAGE = (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel).toString();
const OTHER_USER = '100000000000000999';

let emu: Emulator;
let daily: DailyService;
let http: RunningHttpTransport;
let privateKey: KeyObject;
let endpoint: string;
let dir: string;
const lines: string[] = [];

interface LogEntry {
  level: number;
  msg: string;
  [key: string]: unknown;
}
const logs = (): LogEntry[] => lines.map((l) => JSON.parse(l) as LogEntry);

beforeAll(async () => {
  const store = realStore();
  dir = mkdtempSync(join(tmpdir(), 'aesc-adversarial-'));
  const pair = generateKeyPairSync('ed25519');
  privateKey = pair.privateKey;
  const publicHex = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  emu = await startEmulator({ guilds: 1, token: BOT_TOKEN });
  const config = {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_GUILD_ID: undefined,
    DISCORD_API_URL: emu.apiUrl,
  };
  // Deployed first so that the emulator types every option as the definitions do (year is an integer...).
  await deployCommands({ config, definitions });
  const rest = new REST({ api: emu.apiUrl }).setToken(BOT_TOKEN);
  daily = createDailyService({
    databaseUrl: `file:${join(dir, 'var', 'aesc-bot.sqlite')}`,
    rest,
    buildPost: (localDate) => buildOnThisDatePost(store, localDate),
    clock,
  });
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  http = await startHttpTransport({
    publicKey: publicHex,
    dispatch: createDispatcher({ commands: createCommands({ store, clock, daily }), logger, deferAfterMs: 1_000 }),
    rest,
    logger,
    host: '127.0.0.1',
    port: 0,
  });
  endpoint = `${http.url}/interactions`;
});

afterAll(async () => {
  await http?.close(100);
  await daily?.close();
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(
    emu.contractViolations.map((v) => `${v.request.method} ${v.request.path}: ${JSON.stringify(v.issues)}`),
  ).toEqual([]);
  expect(logs().filter((l) => l.level > 40)).toEqual([]);
  expect(lines.join('\n')).not.toContain(BOT_TOKEN);
});

function deliver(payload: APIInteraction, options: { rawBody?: string | Buffer } = {}): Promise<HttpDelivery> {
  return emu.deliverHttpInteraction(endpoint, payload, { privateKey, timeoutMs: 5_000, ...options });
}

interface MessageData {
  content?: string;
  flags?: number;
  allowed_mentions?: unknown;
  embeds?: { title?: string; description?: string }[];
  components?: unknown[];
}

/**
 * Delivers and returns the message the user sees, after checking the callback's contract: the body of a type 4 or 7
 * answer, or, after a deferral (type 5/6, a slow handler such as a picture), the message the webhook edit produced.
 */
async function answer(payload: APIInteraction): Promise<{ type: number; data: MessageData; text: string }> {
  const res = await deliver(payload);
  expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(200);
  assertValidInteractionCallback(res.body);
  const body = res.body as { type: number; data: MessageData };
  expect([4, 5, 6, 7]).toContain(body.type);
  if (body.type === 5 || body.type === 6) {
    const final = (await emu.waitForReply(payload.id, { timeoutMs: 5_000 })) as unknown as MessageData;
    const data: MessageData = { ...final, flags: (final.flags ?? 0) | (body.data?.flags ?? 0) };
    return { type: body.type, data, text: visibleText(data as never) };
  }
  return { ...body, text: visibleText(body.data as never) };
}

const isEphemeral = (data: MessageData) => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** Nothing a user typed can ping anyone: mentions are parsed from nothing, and mention syntax is escaped. */
function expectNoPings(data: MessageData, text: string): void {
  expect(data.allowed_mentions).toEqual({ parse: [] });
  expect(text).not.toMatch(/(^|[^\\])@(everyone|here)/);
  expect(text).not.toMatch(/(^|[^\\])<@[&!]?\d+>/);
}

/** The values a hostile or careless user can put in a text option (Discord allows up to 6,000 characters). */
const HOSTILE: [label: string, value: string][] = [
  ['whitespace', '   '],
  ['an unknown name', 'Atlantis'],
  ['emoji', '🔋🔋🔋'],
  ['right-to-left text', 'مصنع سندرلاند'],
  ['zero-width characters only', '\u200b\u200d\ufeff'],
  ['a zero-width character inside', 'Sun\u200bderland?'],
  ['@everyone', '@everyone'],
  ['@here after a newline', 'Smyrna\n@here'],
  ['a role mention', '<@&123456789012345678>'],
  ['a user mention', '<@!123456789012345678>'],
  ['markdown', '**bold** __under__ ~~gone~~ ||spoiler||'],
  ['backticks', '``` `code` ```'],
  ['a masked link', '[click me](https://evil.example/x)'],
  ['a heading and a quote', '# Big\n> quoted'],
];

describe('/aesc plant and /aesc search with hostile text', () => {
  it('/aesc plant answers each hostile name ephemerally, echoes it escaped, says what to try, pings nobody', async () => {
    for (const [label, value] of HOSTILE) {
      const { data, text } = await answer(
        emu.chatInput({ name: 'aesc', subcommand: 'plant', options: { name: value } }),
      );
      expect(isEphemeral(data), label).toBe(true);
      expect(text, label).toMatch(/No site matches|Closest matches|Try/);
      expect(text, label).not.toContain(MESSAGES.failed);
      expectNoPings(data, text);
    }
  });

  it('/aesc search answers each hostile query with results or a notice, escaped, pinging nobody', async () => {
    for (const [label, value] of HOSTILE) {
      const { data, text } = await answer(
        emu.chatInput({ name: 'aesc', subcommand: 'search', options: { query: value } }),
      );
      expect(text.length, label).toBeGreaterThan(10);
      expect(text, label).not.toContain(MESSAGES.failed);
      // A public result list carries the query in its heading too: the same escaping applies.
      expectNoPings(data, text);
      if (isEphemeral(data)) expect(text, label).toMatch(/Try|Run/);
    }
  });

  it('a 6,000-character value in every text option of every subcommand gets a specific, quick notice', async () => {
    const long = 'x'.repeat(6_000);
    const cases: [string, string, string][] = [];
    for (const def of definitions) {
      for (const sub of def.options ?? []) {
        if (sub.type !== ApplicationCommandOptionType.Subcommand) continue;
        for (const o of sub.options ?? []) {
          if (o.type === ApplicationCommandOptionType.String) cases.push([def.name, sub.name, o.name]);
        }
      }
    }
    expect(cases.length, 'the definitions have text options').toBeGreaterThanOrEqual(3);
    for (const [command, subcommand, option] of cases) {
      const what = `/${command} ${subcommand} ${option}:<6000 x>`;
      const started = Date.now();
      const { data, text } = await answer(
        emu.chatInput({
          name: command,
          subcommand,
          options: { [option]: long },
          memberPermissions: MANAGE,
        }),
      );
      // Bounded, not a benchmark: within Discord's 3 seconds even on a loaded machine (it takes milliseconds).
      expect(Date.now() - started, what).toBeLessThan(2_500);
      expect(isEphemeral(data), what).toBe(true);
      expect(text, what).not.toContain(MESSAGES.failed);
      expect(text.length, what).toBeLessThan(600);
      expectNoPings(data, text);
      // A text option with choices says which values it takes; the others say how long the value may be.
      expect(text, what).toMatch(new RegExp(`The option \`${option}\` (is 6000 characters long|must be one of)`));
      if (command !== 'aesc') expect(text, what).toContain('Nothing was changed');
    }
  });

  it('values of the wrong type and out of range are named, never a crash', async () => {
    const cases: [string, Record<string, { type: ApplicationCommandOptionType; value: string | number | boolean }>][] =
      [
        ['plant', { name: { type: ApplicationCommandOptionType.String, value: 42 } }],
        ['plant', { name: { type: ApplicationCommandOptionType.String, value: true } }],
        ['history', { year: { type: ApplicationCommandOptionType.Integer, value: 'MMXVIII' } }],
        ['history', { year: { type: ApplicationCommandOptionType.Integer, value: 2018.5 } }],
        ['history', { year: { type: ApplicationCommandOptionType.Integer, value: 1e300 } }],
        ['history', { topic: { type: ApplicationCommandOptionType.String, value: '<@&1>' } }],
        ['plants', { region: { type: ApplicationCommandOptionType.String, value: 'Mars' } }],
      ];
    for (const [subcommand, options] of cases) {
      const what = `${subcommand} ${JSON.stringify(options)}`;
      const { data, text } = await answer(emu.chatInput({ name: 'aesc', subcommand, options }));
      expect(isEphemeral(data), what).toBe(true);
      expect(text, what).toMatch(/Invalid option[\s\S]*The option `\w+` (must|is)/);
      expectNoPings(data, text);
    }
  });

  it('an unknown subcommand whose name carries markdown and mentions is named safely', async () => {
    const { data, text } = await answer(emu.chatInput({ name: 'aesc', subcommand: 'x` @everyone **hi** `' }));
    expect(isEphemeral(data)).toBe(true);
    // The forged name stays inside one code span (no way out of it for the markdown and the mention).
    expect(text).toMatch(/^Unknown command\n`\/aesc [^`\n]*` is not a command of this bot\./);
    expect(text.split('`')).toHaveLength(3);
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('forged buttons and select menus', () => {
  const USER = () => emu.userId;
  const forgedButtons = () => [
    'aesc:',
    'aesc:history:',
    'aesc:history:-1:o:-:-:1',
    'aesc:history:0:x:9999:-:1',
    'aesc:history:0:o:2018:nope:1',
    `aesc:history:0:o:-:-:${'9'.repeat(70)}`,
    'aesc:search:',
    `aesc:search:99999:${USER()}:nissan`,
    `aesc:search:0:${USER()}:@everyone`,
    'aesc:go:',
    `aesc:go:nowhere:${USER()}`,
    'aesc:plant:',
    `aesc:plant:o:atlantis:${USER()}`,
    `aesc:plant:zz:sunderland:${USER()}`,
    'aesc:company:zz:1',
    'aesc:fact:NaN:1',
    'aesc:fact:99999999999999:1',
    'aesc-daily:',
    'aesc-daily:import:confirm',
    'aesc-daily:import:cancel',
    'aesc-daily:import:confirm:not-a-token',
    'nope:1',
    ':',
    '\u200b',
    'x'.repeat(100),
  ];

  it('every forged or stale custom_id of every prefix gets a specific ephemeral notice', async () => {
    for (const customId of forgedButtons()) {
      const { type, data, text } = await answer(emu.button({ customId }));
      expect(type, customId).toBe(4);
      expect(isEphemeral(data), customId).toBe(true);
      expect(text, customId).not.toContain(MESSAGES.failed);
      expect(text, customId).toMatch(/expired|out of date|not valid|Manage Server|Run|again/i);
      expectNoPings(data, text);
    }
  });

  it('the same custom_ids clicked by someone else than the owner never change the message', async () => {
    for (const customId of [...forgedButtons(), `aesc:history:0:o:-:-:${USER()}`, `aesc:go:plants:${USER()}`]) {
      const { type, data } = await answer(emu.button({ customId, userId: OTHER_USER }));
      // A reply of their own (4), or a deferred one (5) for a view with a picture; never an update (6/7).
      expect([4, 5], customId).toContain(type);
      expect(isEphemeral(data), customId).toBe(true);
    }
  });

  it("the owner's own click updates the card (7) without a limits warning, clearing an older message's embeds", async () => {
    const before = lines.length;
    for (const customId of [`aesc:history:1:o:-:-:${USER()}`, `aesc:history:0:n:-:-:${USER()}`]) {
      const res = await deliver(emu.button({ customId }));
      expect(res.status, customId).toBe(200);
      assertValidInteractionCallback(res.body);
      const body = res.body as { type: number; data: MessageData };
      expect(body.type, customId).toBe(7);
      expect(body.data.embeds, customId).toEqual([]);
      expect(visibleText(body.data as never).length, customId).toBeGreaterThan(50);
    }
    const warned = lines.slice(before).map((l) => JSON.parse(l) as LogEntry);
    expect(warned.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });

  it('an overlong custom_id (101 characters) and a truncated one are refused with a notice', async () => {
    const long = await answer(emu.button({ customId: `aesc:history:0:o:-:-:${'1'.repeat(80)}` }));
    expect(long.text).toBe(MESSAGES.malformed);
    expect(isEphemeral(long.data)).toBe(true);
    const truncated = await answer(emu.button({ customId: `aesc:history:0:o:-:-:${USER()}`.slice(0, 15) }));
    expect(truncated.text).toMatch(/out of date/);
  });

  it('select menus with empty, unknown, huge, too many and several values', async () => {
    const ids = [`aesc:plant:jump:${USER()}`, `aesc:history:y:o:-:${USER()}`, 'aesc:history:', 'aesc-daily:x'];
    const values: string[][] = [[], ['atlantis'], ['x'.repeat(6_000)], ['sunderland', 'smyrna'], ['-1'], ['1e999']];
    for (const customId of ids) {
      for (const v of values) {
        const what = `${customId} ${JSON.stringify(v).slice(0, 40)}`;
        const { type, data, text } = await answer(emu.stringSelect({ customId, values: v }));
        expect(type, what).toBe(4);
        expect(isEphemeral(data), what).toBe(true);
        expect(text, what).not.toContain(MESSAGES.failed);
        expectNoPings(data, text);
      }
    }
  });

  it('values that are not strings, 26 values, or no values at all are refused, not crashed on', async () => {
    const base = emu.stringSelect({ customId: `aesc:plant:jump:${USER()}`, values: ['sunderland'] });
    const withValues = (values: unknown) =>
      ({ ...base, id: emu.button({ customId: 'x' }).id, data: { ...base.data, values } }) as unknown as APIInteraction;
    for (const values of [[1, 2], [null], 'sunderland', Array.from({ length: 26 }, () => 'a'), { 0: 'a' }]) {
      const { data, text } = await answer(withValues(values));
      expect(isEphemeral(data), JSON.stringify(values)).toBe(true);
      expect(text).toBe(MESSAGES.malformed);
    }
    const { data } = await answer(withValues(undefined));
    expect(isEphemeral(data)).toBe(true);
  });
});

describe('autocomplete with garbage', () => {
  const focusedCases: [string, string, string][] = [
    ['aesc', 'plant', 'name'],
    ['aesc', 'history', 'year'],
    ['aesc-daily', 'set', 'timezone'],
  ];
  const garbage: (string | number)[] = ['', 'x'.repeat(6_000), '\u0000', '🔋', '@everyone', 42, -1e308];

  it('answers every garbage focused value with choices (type 8) within the contract, quickly', async () => {
    for (const [name, subcommand, option] of focusedCases) {
      for (const value of garbage) {
        const what = `${name} ${subcommand} ${option}=${String(value).slice(0, 20)}`;
        const started = Date.now();
        const res = await deliver(emu.autocomplete({ name, subcommand, focused: { name: option, value } }));
        expect(Date.now() - started, what).toBeLessThan(2_500);
        expect(res.status, what).toBe(200);
        assertValidInteractionCallback(res.body);
        const body = res.body as { type: number; data: { choices: { name: string }[] } };
        expect(body.type, what).toBe(8);
        expect(body.data.choices.length, what).toBeLessThanOrEqual(25);
      }
    }
  });

  it('a missing focused option, no options, an unknown command and a null value still get type 8', async () => {
    const plain = emu.autocomplete({ name: 'aesc', subcommand: 'plant', focused: { name: 'name', value: 'smy' } });
    const variants: unknown[] = [
      { ...plain, data: { ...plain.data, options: [{ type: 1, name: 'plant', options: [] }] } },
      { ...plain, data: { ...plain.data, options: undefined } },
      { ...plain, data: { ...plain.data, name: 'unknown-command' } },
      {
        ...plain,
        data: {
          ...plain.data,
          options: [{ type: 1, name: 'plant', options: [{ type: 3, name: 'name', focused: true }] }],
        },
      },
      {
        ...plain,
        data: {
          ...plain.data,
          options: [{ type: 1, name: 'plant', options: [{ type: 3, name: 'name', value: null, focused: true }] }],
        },
      },
    ];
    for (const [i, v] of variants.entries()) {
      const res = await deliver({ ...(v as APIInteraction), id: emu.button({ customId: 'x' }).id });
      expect(res.status, `variant ${i}`).toBe(200);
      expect(res.body, `variant ${i}`).toMatchObject({ type: 8, data: { choices: expect.any(Array) } });
    }
  });
});

describe('payloads that are not interactions', () => {
  it('JSON that is not an interaction gets 400 and reaches no handler; an unknown type gets a notice', async () => {
    const probe = emu.chatInput({ name: 'aesc', subcommand: 'fact' });
    for (const rawBody of ['null', '[]', '42', '"interaction"', '{"type":2}', '{"type":3,"data":{}}']) {
      const res = await deliver(probe, { rawBody });
      expect(res.status, rawBody).toBe(400);
      expect(res.body, rawBody).toEqual({ message: 'The interaction could not be read.' });
    }
    // With an id and a token it can still be answered: the notice says nothing was done.
    const answerable = await deliver(probe, { rawBody: '{"id":"1","token":"t"}' });
    expect(answerable.status).toBe(200);
    expect(answerable.body).toMatchObject({ type: 4, data: { content: MESSAGES.malformed, flags: 64 } });
    // Signed, answerable, but of a type the bot does not know (a modal submit, a future type 99).
    for (const type of [InteractionType.ModalSubmit, 99]) {
      const payload = { ...emu.chatInput({ name: 'aesc', subcommand: 'fact' }), type } as unknown as APIInteraction;
      if (type === InteractionType.ModalSubmit)
        (payload as { data: unknown }).data = { custom_id: 'x', components: [] };
      const res = await deliver(payload);
      expect(res.status, `type ${type}`).toBe(200);
      const body = res.body as { type: number; data: MessageData };
      expect(body.type).toBe(4);
      expect(isEphemeral(body.data)).toBe(true);
      expect([MESSAGES.unsupported, MESSAGES.malformed]).toContain(body.data.content);
    }
  });

  it('a component without a message, a member without a user, or a wrong-typed id is refused with a notice', async () => {
    const button = emu.button({ customId: 'aesc:go:plants:1' });
    const noMessage = { ...button } as Record<string, unknown>;
    delete noMessage.message;
    const noUser = { ...button, member: { permissions: '0' } };
    const numericGuild = { ...emu.chatInput({ name: 'aesc', subcommand: 'fact' }), guild_id: 123 };
    const noComponentType = { ...button, data: { custom_id: 'aesc:go:plants:1' } };
    for (const payload of [noMessage, noUser, numericGuild, noComponentType]) {
      const { data, text } = await answer(payload as unknown as APIInteraction);
      expect(isEphemeral(data)).toBe(true);
      expect(text).toBe(MESSAGES.malformed);
    }
    expect(ComponentType.Button).toBe(2);
  });
});

describe('/aesc-daily set with forged values', () => {
  it('a role option that is not a snowflake is refused and never saved as a mention', async () => {
    const before = await daily.get(emu.guild().id);
    const { data, text } = await answer(
      emu.chatInput({
        name: 'aesc-daily',
        subcommand: 'set',
        options: {
          channel: { type: ApplicationCommandOptionType.Channel, value: emu.textChannelId() },
          time: '09:00',
          role: { type: ApplicationCommandOptionType.Role, value: 'abc' },
        },
        memberPermissions: MANAGE,
      }),
    );
    expect(isEphemeral(data)).toBe(true);
    expect(text).toBe('Nothing was changed: The option `role` has an unexpected value.');
    expect(await daily.get(emu.guild().id)).toEqual(before);
  });
});

describe('/aesc-daily import with a broken file', () => {
  const importing = (att: ReturnType<Emulator['addAttachment']>) =>
    emu.chatInput({
      name: 'aesc-daily',
      subcommand: 'import',
      options: { file: { type: ApplicationCommandOptionType.Attachment, value: att.id } },
      resolved: { attachments: { [att.id]: att } },
      memberPermissions: MANAGE,
    });

  it('each broken file changes nothing, says why, and offers no Confirm button', async () => {
    const before = await daily.get(emu.guild().id);
    const cases: [string, string | Buffer][] = [
      ['truncated JSON', '{"format":"aesc-daily-settings","version":1,'],
      ['binary', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])],
      ['JSON of another kind', '{"hello":"world"}'],
      ['an array', '[1,2,3]'],
      ['empty', ''],
      ['over 16 KB', `{"x":"${'y'.repeat(20_000)}"}`],
      ['6,000-character fields', JSON.stringify({ format: 'f'.repeat(6_000), channel: '@everyone'.repeat(500) })],
    ];
    for (const [label, content] of cases) {
      const att = emu.addAttachment(`settings-${label.replace(/\W+/g, '-')}.json`, content);
      const { data, text } = await answer(importing(att));
      expect(isEphemeral(data), label).toBe(true);
      expect(text, label).toMatch(/Nothing was changed/);
      expect(text, label).not.toContain(MESSAGES.failed);
      expect(JSON.stringify(data.components ?? []), label).not.toContain('aesc-daily:import:confirm');
      expectNoPings(data, text);
    }
    expect(await daily.get(emu.guild().id)).toEqual(before);
  });

  it('a file whose stated size is small but whose download is not is cut off while downloading', async () => {
    const att = emu.addAttachment('settings-big.json', `{"x":"${'y'.repeat(40_000)}"}`);
    const { data, text } = await answer(importing({ ...att, size: 100 }));
    expect(isEphemeral(data)).toBe(true);
    expect(text).toMatch(/Nothing was changed[\s\S]*too large/);
  });
});

describe('the daily post settings with the database gone (SQLite folder deleted while running)', () => {
  const set = (time: string) =>
    emu.chatInput({
      name: 'aesc-daily',
      subcommand: 'set',
      options: {
        channel: { type: ApplicationCommandOptionType.Channel, value: emu.textChannelId() },
        time,
        timezone: 'Europe/London',
      },
      memberPermissions: MANAGE,
    });

  it('set says nothing was changed, status says why, and /aesc keeps answering', async () => {
    const first = await answer(set('09:00'));
    expect(first.text).toMatch(/daily post is \*\*on\*\*/);
    const saved = await daily.get(emu.guild().id);
    expect(saved?.time).toBe('09:00');

    rmSync(join(dir, 'var'), { recursive: true, force: true });

    const again = await answer(set('10:30'));
    expect(isEphemeral(again.data)).toBe(true);
    expect(again.text).toContain('nothing was changed');
    expect(again.text).not.toMatch(/daily post is \*\*on\*\*/);
    expect(again.text).not.toContain(MESSAGES.failed);
    expect(again.text).toContain(STORE_UNAVAILABLE_MESSAGE.split(',')[0] as string);

    const off = await answer(emu.chatInput({ name: 'aesc-daily', subcommand: 'off', memberPermissions: MANAGE }));
    expect(off.text).toMatch(/nothing was changed/i);

    const status = await answer(emu.chatInput({ name: 'aesc-daily', subcommand: 'status', memberPermissions: MANAGE }));
    expect(status.text).not.toContain(MESSAGES.failed);
    expect(status.text).toMatch(/unavailable|database/i);

    // /aesc today reads the server's zone from the daily settings: without them it still answers (in UTC).
    const today = await answer(emu.chatInput({ name: 'aesc', subcommand: 'today' }));
    expect(today.text).not.toContain(MESSAGES.failed);
    expect(today.text.length).toBeGreaterThan(30);

    const plant = await answer(emu.chatInput({ name: 'aesc', subcommand: 'plant', options: { name: 'Sunderland' } }));
    expect(isEphemeral(plant.data)).toBe(false);
    expect(plant.text).toContain('Sunderland plant');
  });
});
