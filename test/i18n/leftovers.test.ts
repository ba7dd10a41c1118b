// The last English in Japanese replies (issue 13, "Japanese, complete"): every /aesc-daily error path through the real
// discord.js client and the emulator's fault modes (a bad or hidden channel, missing permissions, Discord's REST
// failing with 403/404/500 or refusing a post), every problem an imported file can have, and /aesc's error notices,
// for an admin whose locale is ja. No English label of the catalogue, and none of the English that Discord, V8's JSON
// parser or zod would write (LEFTOVERS), may remain; the same paths in en-US are English in our own words, and no
// reply carries internals (the API address, the token, a stack).
import { REST } from '@discordjs/rest';
import {
  type APIInteraction,
  ApplicationCommandOptionType,
  ChannelType,
  OverwriteType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupFailureWords } from '../../src/commands/aesc-daily/shared.js';
import { createCommands, definitions } from '../../src/commands/index.js';
import type { Clock } from '../../src/core/command.js';
import { jsonErrorPosition, parseImport } from '../../src/daily/export.js';
import { createDailyService, type DailyService } from '../../src/daily/service.js';
import { deployCommands } from '../../src/deploy.js';
import { createClient } from '../../src/discord/client.js';
import { restFailureCode } from '../../src/discord/errors.js';
import { restGuildInspector, restPermissionResolver } from '../../src/discord/permissions.js';
import type { FactStore } from '../../src/facts/store.js';
import { createLogger } from '../../src/log.js';
import { buildOnThisDatePost } from '../../src/present/on-this-date.js';
import { type RunningGateway, startGateway } from '../../src/transport/gateway.js';
import { type Emulator, type FailureSpec, type InteractionCallback, startEmulator } from '../support/emulator.js';
import { realStore } from '../support/handler-context.js';
import { englishLabels, englishLeft, LEFTOVER_WORDS, visibleTexts } from './visible.js';

const BOT_TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz13.abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const clock: Clock = { now: () => new Date('2026-08-03T09:00:00Z') };
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const KANA = /[\u3040-\u30ff]/;

/** Raw words of Discord or a parser that no reply may carry in any language (we say it in our words). */
const RAW = ['Internal Server Error', 'Invalid Form Body', 'Request entity too large', '500: ', 'fetch failed'];

const labels = [...englishLabels(), ...LEFTOVER_WORDS];
const MANAGE = PermissionFlagsBits.ManageGuild;
const WEAK_GUILD = '1400000000000000001';
const CHANNEL = ApplicationCommandOptionType.Channel;

let store: FactStore;
let emu: Emulator;
let daily: DailyService;
let gateway: RunningGateway | undefined;
let guildId = '';
let weakGuildId = '';
let textId = '';
let otherTextId = '';
let voiceId = '';
let weakTextId = '';
const logLines: string[] = [];

beforeAll(async () => {
  store = realStore();
  emu = await startEmulator({
    token: BOT_TOKEN,
    guilds: [
      {
        channels: [{ type: ChannelType.GuildText }, { type: ChannelType.GuildText }, { type: ChannelType.GuildVoice }],
      },
      // The bot may only see the channel here (nor may @everyone post): every post needs a permission it lacks.
      {
        id: WEAK_GUILD,
        channels: [
          {
            type: ChannelType.GuildText,
            permissionOverwrites: [
              {
                id: WEAK_GUILD,
                type: OverwriteType.Role,
                allow: '0',
                deny: String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks),
              },
            ],
          },
        ],
        botPermissions: PermissionFlagsBits.ViewChannel,
      },
    ],
  });
  guildId = emu.guilds[0]?.id ?? '';
  weakGuildId = emu.guilds[1]?.id ?? '';
  [textId = '', otherTextId = ''] = emu.channelsOf(guildId, ChannelType.GuildText).map((c) => c.id);
  voiceId = emu.channelsOf(guildId, ChannelType.GuildVoice)[0]?.id ?? '';
  weakTextId = emu.textChannelId(weakGuildId);
  const config = {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_GUILD_ID: undefined,
    DISCORD_API_URL: emu.apiUrl,
  };
  const deployed = await deployCommands({ config, definitions });
  const commandIds = new Map((deployed.deployed ?? []).map((c) => [c.name, c.id]));
  const logger = createLogger({ level: 'warn', destination: { write: (l: string) => void logLines.push(l) } });
  // No retries of 5xx, so that a failing route fails at once (the words are the same after retries).
  const rest = new REST({ api: emu.apiUrl, retries: 0 }).setToken(BOT_TOKEN);
  daily = createDailyService({
    databaseUrl: ':memory:',
    rest,
    buildPost: (localDate, _now, language) => buildOnThisDatePost(store, localDate, language ?? undefined),
    clock,
  });
  const botUserId = () => emu.botUserId;
  const commands = createCommands({
    store,
    clock,
    commandIds,
    daily,
    permissions: restPermissionResolver(rest, botUserId),
    inspector: restGuildInspector(rest, botUserId),
  });
  gateway = await startGateway({ config, client: createClient(config), logger, commands });
  await gateway.ready;
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await daily?.close();
  await emu?.close();
});

type Reply = { name: string; cb: InteractionCallback };

function daily$(
  locale: string,
  subcommand: string,
  options: Parameters<Emulator['chatInput']>[0]['options'] = {},
  extra: Partial<Parameters<Emulator['chatInput']>[0]> = {},
): APIInteraction {
  return emu.chatInput({
    name: 'aesc-daily',
    subcommand,
    options,
    memberPermissions: MANAGE,
    locale,
    guildLocale: locale,
    ...extra,
  });
}

/** Runs `fn` with a fault rule on, and removes the rule afterwards whether or not it was used. */
async function withFault<T>(
  matcher: Parameters<Emulator['failRoute']>[0],
  failure: FailureSpec | Parameters<Emulator['failRoute']>[1],
  fn: () => Promise<T>,
): Promise<T> {
  const stop = emu.failRoute(matcher, failure);
  try {
    return await fn();
  } finally {
    stop();
  }
}

const channelRoute = (id: string) => ({ method: 'GET', path: `/channels/${id}` });
const postRoute = (id: string) => ({ method: 'POST', path: `/channels/${id}/messages` });
const FORM_BODY: FailureSpec = { status: 400, code: 50035, message: 'Invalid Form Body' };
const TOO_LARGE: FailureSpec = { status: 413, code: 40005, message: 'Request entity too large' };

const enc = (s: string) => Buffer.from(s);
const goodFile = (setting: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  enc(
    JSON.stringify({
      format: 'aesc-bot/daily-settings',
      version: 1,
      guildId,
      setting: {
        enabled: true,
        channelId: textId,
        channelType: 0,
        time: '09:00',
        timezone: 'Europe/London',
        roleId: null,
        days: ['mon'],
        publish: false,
        tagId: null,
        ...setting,
      },
      ...top,
    }),
  );

/** Every import-file problem: size, encoding, JSON syntax, format, version, each field. */
function badFiles(): [string, Buffer][] {
  return [
    ['too big', Buffer.alloc(20_000, 32)],
    ['not UTF-8', Buffer.from([0xff, 0xfe, 0xfd])],
    ['JSON syntax', enc('{not json')],
    ['JSON syntax on line 3', enc('{\n  "format": "aesc-bot/daily-settings",\n  "version": 1,,\n}')],
    ['JSON cut short', enc('{"format": "aesc-bot/daily-settings"')],
    ['JSON bad token', enc('nope')],
    ['not an export', enc(JSON.stringify({ format: 'something/else' }))],
    ['other version', enc(JSON.stringify({ format: 'aesc-bot/daily-settings', version: 9 }))],
    ['empty setting', enc(JSON.stringify({ format: 'aesc-bot/daily-settings', version: 1, setting: {} }))],
    ['bad time', goodFile({ time: '25:99' })],
    ['bad zone', goodFile({ timezone: 'Mars/Base' })],
    ['bad ids and no days', goodFile({ channelId: 'abc', roleId: '12', days: [] })],
    ['wrong types', goodFile({ enabled: 'yes', publish: 1, channelType: 2, days: 'mon' })],
    ['unknown key', goodFile({ colour: 'red' }, { extra: true })],
    ['not an object', enc('[1, 2, 3]')],
  ];
}

/** The scripted session: every error path of /aesc-daily and /aesc, in `locale`. */
async function session(locale: string): Promise<Reply[]> {
  const out: Reply[] = [];
  const send = async (name: string, payload: APIInteraction) => {
    out.push({ name, cb: await emu.dispatchInteraction(payload, { timeoutMs: 8000 }) });
  };
  const setIn = (channelId: string, extra: Record<string, unknown> = {}) =>
    daily$(locale, 'set', {
      channel: { type: CHANNEL, value: channelId },
      time: '09:00',
      timezone: 'Asia/Tokyo',
      ...extra,
    });

  // ---- set: bad channels, missing permissions, REST failures in the look-ups
  await send('set: a voice channel', setIn(voiceId));
  await send('set: a channel of another server', setIn(weakTextId));
  await send(
    'set: the bot lacks permissions',
    daily$(
      locale,
      'set',
      { channel: { type: CHANNEL, value: weakTextId }, time: '09:00' },
      { guildId: weakGuildId, channelId: weakTextId },
    ),
  );
  await withFault(channelRoute(otherTextId), 'missingAccess', () =>
    send('set: channel 403 Missing Access', setIn(otherTextId)),
  );
  await withFault(channelRoute(otherTextId), 'unknownChannel', () =>
    send('set: channel 404 Unknown Channel', setIn(otherTextId)),
  );
  await withFault(channelRoute(otherTextId), 'serverError', () => send('set: channel 500', setIn(otherTextId)));
  await withFault(channelRoute(otherTextId), 'missingPermissions', () =>
    send('set: channel 403 Missing Permissions', setIn(otherTextId)),
  );
  await withFault({ method: 'GET', path: `/guilds/${guildId}/members/${emu.botUserId}` }, 'serverError', () =>
    send('set: member 500', setIn(otherTextId)),
  );
  await withFault({ method: 'GET', path: `/guilds/${guildId}/roles` }, 'missingAccess', () =>
    send('set: roles 403', setIn(otherTextId)),
  );
  await withFault({ method: 'GET', path: `/channels/${otherTextId}` }, FORM_BODY, () =>
    send('set: channel 400 Invalid Form Body', setIn(otherTextId)),
  );

  // ---- a working setting, then test posts that Discord refuses
  await send('set: works', setIn(textId));
  for (const [name, failure] of [
    ['403 Missing Permissions', 'missingPermissions'],
    ['403 Missing Access', 'missingAccess'],
    ['404 Unknown Channel', 'unknownChannel'],
    ['500', 'serverError'],
    ['400 Invalid Form Body', FORM_BODY],
    ['413 Request entity too large', TOO_LARGE],
  ] as const) {
    await withFault(postRoute(textId), failure, () => send(`test: ${name}`, daily$(locale, 'test')));
  }
  await send('status after failed tests', daily$(locale, 'status'));

  // ---- the scheduled post failing: its recorded lastError in status
  await withFault(postRoute(textId), FORM_BODY, () => daily.tick(new Date('2026-08-04T00:00:00Z')));
  await send('status after a refused daily post', daily$(locale, 'status'));

  // ---- import: every file problem, and a download that fails
  for (const [name, bytes] of badFiles()) {
    const att = emu.addAttachment('settings.json', bytes);
    await send(
      `import: ${name}`,
      daily$(
        locale,
        'import',
        { file: { type: ApplicationCommandOptionType.Attachment, value: att.id } },
        {
          resolved: { attachments: { [att.id]: att } },
        },
      ),
    );
  }
  const gone = emu.addAttachment('settings.json', goodFile());
  const path = new URL(gone.url).pathname.replace(/^\/api(\/v\d+)?/, '');
  await withFault({ method: 'GET', path }, 'unknownChannel', async () => {
    await send(
      'import: download 404',
      daily$(
        locale,
        'import',
        { file: { type: ApplicationCommandOptionType.Attachment, value: gone.id } },
        {
          resolved: { attachments: { [gone.id]: { ...gone } } },
        },
      ),
    );
  });
  const nowhere = { ...emu.addAttachment('settings.json', goodFile()), url: 'http://127.0.0.1:9/none.json' };
  await send(
    'import: download unreachable',
    daily$(
      locale,
      'import',
      { file: { type: ApplicationCommandOptionType.Attachment, value: nowhere.id } },
      {
        resolved: { attachments: { [nowhere.id]: nowhere } },
      },
    ),
  );

  // ---- /aesc's error notices
  const aesc = (sub: string, options: Record<string, string> = {}) =>
    emu.chatInput({ name: 'aesc', subcommand: sub, options, locale });
  await send('aesc: unknown command', emu.chatInput({ name: 'aesc-removed', locale }));
  await send('aesc: unknown plant', aesc('plant', { name: 'Atlantis' }));
  await send('aesc: query too long', aesc('search', { query: 'x'.repeat(300) }));
  await send('aesc: unknown subcommand', aesc('removed-subcommand'));
  await send('aesc: a value too long', aesc('plant', { name: 'x'.repeat(6000) }));
  await send('aesc: a forged choice', aesc('plants', { region: 'Mars' }));
  await send(
    'aesc: a year out of range',
    emu.chatInput({ name: 'aesc', subcommand: 'history', options: { year: 99999 }, locale }),
  );
  await send('aesc: forged button', emu.button({ customId: 'garbage', locale }));
  await send('aesc: out-of-date button', emu.button({ customId: 'aesc:history:999999:q:x:y', locale }));
  await send(
    'aesc-daily: forged button',
    emu.button({ customId: 'aesc-daily:import:confirm:nope', locale, memberPermissions: MANAGE }),
  );
  await send('aesc-daily: not a manager', emu.chatInput({ name: 'aesc-daily', subcommand: 'status', locale }));
  const bad = aesc('plants');
  await send('aesc: malformed payload', {
    ...bad,
    member: { ...(bad.member as object), permissions: 'abc' },
  } as APIInteraction);
  return out;
}

/** English labels (and leftovers) in a reply; inline code is typed syntax and stays. */
function leftIn(cb: InteractionCallback): string[] {
  return englishLeft(cb.data, labels, { ignoreCode: true });
}

function internals(cb: InteractionCallback): string[] {
  const text = visibleTexts(cb.data).join('\n');
  return [emu.apiUrl, '127.0.0.1', BOT_TOKEN, BOT_TOKEN.slice(0, 20), '_emulator', '    at '].filter((s) =>
    text.includes(s),
  );
}

describe('the last English in Japanese replies (issue 13)', () => {
  it('every /aesc-daily error path, import-file problem and /aesc notice in ja keeps no English, leaks nothing', async () => {
    const replies = await session('ja');
    expect(replies.length).toBeGreaterThan(40);
    const problems: { name: string; left: string[]; internals: string[]; text: string }[] = [];
    for (const { name, cb } of replies) {
      const text = visibleTexts(cb.data).join('\n');
      const left = leftIn(cb);
      const leaked = internals(cb);
      if (left.length > 0 || leaked.length > 0 || !JAPANESE.test(text))
        problems.push({ name, left, internals: leaked, text });
    }
    expect(problems).toEqual([]);
    // The paths did what they are named for (so the check above read the real error answers).
    const text = (name: string) => visibleTexts(replies.find((r) => r.name === name)?.cb.data).join('\n');
    expect(text('set: the bot lacks permissions')).toContain('メッセージを送信');
    expect(text('set: channel 500')).toMatch(/サーバーエラー.*500|500.*サーバーエラー/);
    expect(text('test: 400 Invalid Form Body')).toContain('50035');
    expect(text('import: JSON syntax on line 3')).toMatch(/3行目/);
    expect(text('import: bad time')).toContain('setting.time');
    expect(text('status after a refused daily post')).toContain('50035');
  }, 60_000);

  it('the same paths in en-US are English in our own words: no Japanese, no raw Discord or parser text', async () => {
    const replies = await session('en-US');
    const problems: { name: string; raw: string[]; internals: string[]; text: string }[] = [];
    for (const { name, cb } of replies) {
      const text = visibleTexts(cb.data).join('\n');
      const raw = RAW.filter((w) => text.includes(w));
      const leaked = internals(cb);
      if (raw.length > 0 || leaked.length > 0 || KANA.test(text)) problems.push({ name, raw, internals: leaked, text });
    }
    expect(problems).toEqual([]);
    const text = (name: string) => visibleTexts(replies.find((r) => r.name === name)?.cb.data).join('\n');
    // English keeps the JSON parser's own description (brief: the English text stays for en).
    expect(text('import: JSON syntax')).toMatch(/not valid JSON \(Expected property name/);
    expect(text('set: channel 500')).toMatch(/server error, HTTP 500/);
    expect(text('test: 400 Invalid Form Body')).toContain('50035');
  }, 60_000);
});

describe('the words for a failed REST call or a JSON syntax error (units behind the sweep)', () => {
  const apiError = (status: number, code: number, message: string) =>
    Object.assign(new Error(message), { name: `DiscordAPIError[${code}]`, status, code, rawError: { message, code } });

  it('restFailureCode classifies by status and code, never by text', () => {
    expect(restFailureCode(apiError(403, 50001, 'Missing Access'))).toBe('50001');
    expect(restFailureCode(apiError(400, 50035, 'Invalid Form Body'))).toBe('50035');
    expect(restFailureCode(apiError(404, 0, '404: Not Found'))).toBe('http_404');
    expect(restFailureCode(apiError(401, 0, '401: Unauthorized'))).toBe('unauthorized');
    expect(restFailureCode(Object.assign(new Error('Bad Gateway'), { name: 'HTTPError', status: 502 }))).toBe(
      'http_502',
    );
    expect(restFailureCode(Object.assign(new Error('x'), { name: 'RateLimitError' }))).toBe('rate_limited');
    expect(restFailureCode(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('timeout');
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(restFailureCode(refused)).toBe('network');
    expect(restFailureCode(new Error('something else'))).toBe('unknown');
    expect(restFailureCode('a string')).toBe('unknown');
  });

  it('lookupFailureWords: every code in our words in ja and en, an unknown code by its number', () => {
    const codes = ['50001', '50013', '10003', 'http_404', 'http_403', 'rate_limited', 'timeout', 'network'];
    for (const code of [...codes, 'unauthorized', 'not_ready', 'http_503', 'http_418', '160002', 'unknown', 'x y']) {
      const ja = lookupFailureWords('ja', code);
      expect(ja, code).toMatch(JAPANESE);
      expect(englishLeft({ content: ja }, labels), code).toEqual([]);
      expect(lookupFailureWords('en', code), code).not.toMatch(KANA);
    }
    expect(lookupFailureWords('ja', '160002')).toContain('160002');
    expect(lookupFailureWords('en', 'http_503')).toBe('Discord had a server error, HTTP 503');
    // A code that is not a number is never repeated (it could be anything a fake or a proxy sent).
    expect(lookupFailureWords('en', 'x y')).not.toContain('x y');
  });

  it('jsonErrorPosition finds line and column in V8 messages of Node 20 and of newer V8, and the end', () => {
    const text = '{\n  "a": 1,,\n}';
    const err = (() => {
      try {
        JSON.parse(text);
      } catch (e) {
        return e;
      }
    })();
    expect(jsonErrorPosition(text, err)).toEqual({ line: 2, column: 10, end: false });
    expect(jsonErrorPosition(text, new SyntaxError("Unexpected token ',' (line 2 column 10)"))).toEqual({
      line: 2,
      column: 10,
      end: false,
    });
    expect(jsonErrorPosition('{"a": ', new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ end: true });
    expect(jsonErrorPosition('nope', new SyntaxError(`Unexpected token 'o', "nope" is not valid JSON`))).toBeNull();
    const ja = parseImport(Buffer.from(text), 'ja');
    expect(ja.ok === false && ja.text).toMatch(/2行目、10文字目/);
    const en = parseImport(Buffer.from(text));
    expect(en.ok === false && en.text).toMatch(/^The file is not valid JSON \(.+\)\. Upload/);
  });
});
