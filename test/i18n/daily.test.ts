// /aesc-daily in Japanese (issue 13): every reply an admin can get (the setting, changes, refusals, permission
// problems, status, off, test, preview, export, import with its buttons, autocomplete) keeps no English label of the
// catalogue in `ja` (typed syntax in `code` and quotes aside), and the same replies in en-US stay English.
import { ChannelType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import aescDaily from '../../src/commands/aesc-daily/index.js';
import { failureWords, type HandlerContext } from '../../src/commands/aesc-daily/shared.js';
import type { HandlerReply, RawOptions } from '../../src/core/command.js';
import { OptionError, parseOptions } from '../../src/core/options.js';
import { parseImport } from '../../src/daily/export.js';
import { describeFailure } from '../../src/daily/sender.js';
import type { SendFailure } from '../../src/daily/store.js';
import { type MessageKey, t } from '../../src/i18n/catalogue.js';
import { optionErrorText } from '../../src/i18n/words.js';
import { C, channelOption, FakeGuild, handlerContext, P, POST_PERMS, ROLE, run } from '../daily/command-helpers.js';
import { harness } from '../daily/helpers.js';
import { englishLabels, englishLeft, visibleTexts } from './visible.js';

const labels = englishLabels();
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const KANA = /[\u3040-\u30ff]/;
const ANNOUNCE = '333333333333333333';
const HIDDEN = '666666666666666666';

function server(locale: string) {
  const h = harness('2026-06-01T07:00:00Z');
  const guild = new FakeGuild();
  guild.channels.set(C, { type: ChannelType.GuildText, permissions: POST_PERMS });
  guild.channels.set(ANNOUNCE, { type: ChannelType.GuildAnnouncement, permissions: P.ViewChannel });
  guild.channels.set(HIDDEN, 'no-access');
  guild.roles.set(ROLE, { name: 'history fans', mentionable: true });
  const ctx = (over: Parameters<typeof handlerContext>[1] = {}): HandlerContext => ({
    ...handlerContext(h, { inspector: guild, ...over }),
    locale,
  });
  return { h, guild, ctx };
}

const first: RawOptions = { channel: channelOption(C), time: '09:00', timezone: 'Europe/London' };

/** Every reply of a scripted admin session, in one locale. */
async function session(locale: string): Promise<{ name: string; reply: HandlerReply }[]> {
  const { ctx } = server(locale);
  const out: { name: string; reply: HandlerReply }[] = [];
  const add = (name: string, reply: HandlerReply) => out.push({ name, reply });
  add('status before set', await run('status', {}, ctx()));
  add('off before set', await run('off', {}, ctx()));
  add('first set without options', await run('set', {}, ctx()));
  add(
    'bad time, zone, days, role conflict',
    await run(
      'set',
      { ...first, time: '25:99', timezone: 'Mars/Base', days: 'someday', role: ROLE, clear: 'role' },
      ctx(),
    ),
  );
  add('bad day range', await run('set', { ...first, days: 'mon-xyz' }, ctx()));
  add('bad option value', await run('set', { ...first, time: 42 as unknown as string }, ctx()));
  add('hidden channel', await run('set', { ...first, channel: channelOption(HIDDEN) }, ctx()));
  add(
    'announcement channel without permissions',
    await run('set', { ...first, channel: channelOption(ANNOUNCE, 5), publish: true }, ctx()),
  );
  add('tag in a text channel', await run('set', { ...first, tag: 'Daily' }, ctx()));
  add('first set', await run('set', { ...first, role: ROLE, days: 'mon,wed,fri' }, ctx()));
  add('set changes', await run('set', { time: '07:05', days: 'weekends' }, ctx()));
  add('set unchanged', await run('set', {}, ctx()));
  add('status', await run('status', {}, ctx()));
  add('preview', await run('preview', {}, ctx()));
  add('test', await run('test', {}, ctx()));
  add('status after test', await run('status', {}, ctx()));
  const exported = await run('export', {}, ctx());
  add('export', exported);
  const file = exported.files?.[0]?.data ?? new Uint8Array();
  const changed = JSON.parse(Buffer.from(file).toString()) as { setting: { time: string } };
  changed.setting.time = '10:00';
  const upload = (bytes: Uint8Array | string): HandlerContext => {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    return ctx({
      extra: {
        attachments: { '9': { id: '9', filename: 'settings.json', size: data.byteLength, url: 'https://cdn/9' } },
        fetchFile: async () => data,
      },
    });
  };
  add('import of the same file', await run('import', { file: '9' }, upload(file)));
  const ask = await run('import', { file: '9' }, upload(JSON.stringify(changed)));
  add('import diff with buttons', ask);
  add('import without a file', await run('import', { file: '8' }, ctx()));
  const row = ask.data.components?.[0] as { components: { custom_id: string }[] } | undefined;
  const [confirm = '', cancel = ''] = row?.components.map((b) => b.custom_id) ?? [];
  add('import by another admin', await aescDaily.button(cancel, ctx({ invoker: { userId: '777777777777777777' } })));
  add('import confirmed', await aescDaily.button(confirm, ctx()));
  add('import expired', await aescDaily.button(cancel, ctx()));
  add('off', await run('off', {}, ctx()));
  add('status when off', await run('status', {}, ctx()));
  add('preview when off', await run('preview', {}, ctx()));
  add('not a manager', await run('status', {}, ctx({ invoker: { memberPermissions: '0' } })));
  add('not in a server', await run('status', {}, ctx({ invoker: { guildId: null as unknown as string } })));
  return out;
}

describe('/aesc-daily in ja', () => {
  it('no English label is left in any reply, and each reply has Japanese text', async () => {
    const replies = await session('ja');
    expect(replies.length).toBeGreaterThan(25);
    for (const { name, reply } of replies) {
      const texts = visibleTexts(reply.data).join('\n');
      expect({ name, left: englishLeft(reply.data, labels, { ignoreCode: true }), text: texts }).toMatchObject({
        name,
        left: [],
      });
      expect({ name, japanese: JAPANESE.test(texts) }).toEqual({ name, japanese: true });
    }
    const ask = replies.find((r) => r.name === 'import diff with buttons')?.reply;
    expect(visibleTexts(ask?.data)).toEqual(expect.arrayContaining(['確定', 'キャンセル']));
    expect(visibleTexts(ask?.data).join('\n')).toContain('- 時刻: **07:05** → **10:00**');
    const set = replies.find((r) => r.name === 'first set')?.reply;
    expect(set?.data.content).toContain('- 曜日: 月曜日、水曜日、金曜日');
  });

  it('the same replies in en-US are English, with no Japanese', async () => {
    const replies = await session('en-US');
    for (const { name, reply } of replies) {
      expect({ name, kana: KANA.test(visibleTexts(reply.data).join('\n')) }).toEqual({ name, kana: false });
    }
    const set = replies.find((r) => r.name === 'first set')?.reply;
    expect(set?.data.content).toContain('- Days: Monday, Wednesday and Friday');
  });

  it('autocomplete for days describes each choice in the user’s language; the typed syntax stays', () => {
    const { h } = server('ja');
    const choices = (locale: string, value: string) =>
      aescDaily.autocomplete('set', { name: 'days', value }, {}, { clock: h.clock, locale });
    expect(choices('ja', '')).toContainEqual({ name: 'mon-fri(月曜日から金曜日)', value: 'mon-fri' });
    expect(choices('ja', 'sat,sun')[0]).toEqual({ name: 'sat,sun(土曜日、日曜日)', value: 'sat,sun' });
    expect(choices('en-US', '')).toContainEqual({ name: 'mon-fri (Monday to Friday)', value: 'mon-fri' });
  });
});

describe('option errors in the user’s language (src/core/options.ts OptionError)', () => {
  it('every problem’s English catalogue text is the error’s own message', () => {
    const def = {
      name: 'x',
      description: 'x',
      options: [
        {
          type: 1,
          name: 's',
          description: 's',
          options: [
            { type: 3, name: 'text', description: 't', required: true, max_length: 3, min_length: 2 },
            { type: 3, name: 'pick', description: 'p', choices: [{ name: 'A one', value: 'a' }] },
            { type: 4, name: 'int', description: 'i', min_value: 1, max_value: 5 },
            { type: 10, name: 'num', description: 'n' },
            { type: 5, name: 'flag', description: 'f' },
            { type: 7, name: 'chan', description: 'c', channel_types: [0] },
            { type: 8, name: 'role', description: 'r' },
          ],
        },
      ],
    } as unknown as RESTPostAPIChatInputApplicationCommandsJSONBody;
    const cases: RawOptions[] = [
      {},
      { text: 5 as unknown as string },
      { text: 'abcd' },
      { text: 'a' },
      { text: 'ab', pick: 'b' },
      { text: 'ab', int: 1.5 },
      { text: 'ab', num: 'x' as unknown as number },
      { text: 'ab', int: 0 },
      { text: 'ab', int: 9 },
      { text: 'ab', flag: 'yes' as unknown as boolean },
      { text: 'ab', chan: 'c' as unknown as string },
      { text: 'ab', chan: channelOption(C, 15) },
      { text: 'ab', role: 'abc' },
    ];
    const problems = new Set<string>();
    for (const raw of cases) {
      let error: OptionError | undefined;
      try {
        parseOptions(def, 's', raw);
      } catch (e) {
        error = e as OptionError;
      }
      expect(error).toBeInstanceOf(OptionError);
      if (!error) continue;
      problems.add(error.problem);
      expect(t('en', `option.${error.problem}` as MessageKey, error.params)).toBe(error.message);
      expect(optionErrorText('ja', error)).toMatch(JAPANESE);
      expect(englishLeft({ content: optionErrorText('ja', error) }, labels, { ignoreCode: true })).toEqual([]);
    }
    expect(() => parseOptions(def, 'nope', {})).toThrow(OptionError);
    expect(problems.size).toBe(13);
  });

  it('/aesc-daily set with a forged choice names the choices in Japanese', async () => {
    const { ctx } = server('ja');
    const r = await run('set', { ...first, clear: 'everything' }, ctx());
    expect(r.data.content).toMatch(/^何も変更されていません: オプション `clear` は次のいずれかにしてください: /);
    expect(englishLeft(r.data, labels, { ignoreCode: true })).toEqual([]);
  });
});

describe('bad import files in the user’s language (src/daily/export.ts parseImport)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const good = { format: 'aesc-daily/settings' };
  const files: Uint8Array[] = [
    new Uint8Array(70_000),
    new Uint8Array([0xff, 0xfe, 0xfd]),
    enc('{not json'),
    enc(JSON.stringify(good)),
    enc(JSON.stringify({ format: 'aesc-bot/daily-settings', version: 9 })),
    enc(JSON.stringify({ format: 'aesc-bot/daily-settings', version: 1, setting: {} })),
  ];

  it('every problem’s English catalogue text is the parser’s own message, and ja has no English label', async () => {
    const problems = new Set<string>();
    for (const bytes of files) {
      const parsed = parseImport(bytes);
      expect(parsed.ok).toBe(false);
      if (parsed.ok || parsed.problem === undefined) continue;
      problems.add(parsed.problem);
      expect(t('en', `daily.importFile.${parsed.problem}` as MessageKey, parsed.params)).toBe(parsed.message);
    }
    expect(problems.size).toBeGreaterThanOrEqual(5);
    const { ctx } = server('ja');
    await run('set', first, ctx());
    for (const bytes of files.slice(1)) {
      const r = await run(
        'import',
        { file: '9' },
        ctx({
          extra: {
            attachments: { '9': { id: '9', filename: 's.json', size: bytes.byteLength, url: 'https://cdn/9' } },
            fetchFile: async () => bytes,
          },
        }),
      );
      // zod's own field messages (after "- `path`:") are the one part left in English.
      const content = (r.data.content ?? '').replace(/^- `[^`]*`: .*$/gm, '');
      expect(content).toMatch(/^何も変更されていません。/);
      expect(englishLeft({ content }, labels, { ignoreCode: true })).toEqual([]);
    }
  });
});

describe('why a post failed, in the admin’s language (src/daily/sender.ts describeFailure)', () => {
  const codes = ['50001', '50013', '10003', 'http_403', 'http_404', 'rate_limited', 'timeout', 'network'];
  const all = [...codes, 'unauthorized', 'interrupted', 'http_502', '40005'];
  it('the English catalogue says exactly what describeFailure says; ja keeps no English label', () => {
    for (const code of all) {
      const f = { code, message: 'Request entity too large', kind: 'permanent' } as SendFailure;
      expect(failureWords('en', f)).toBe(describeFailure(f));
      const ja = failureWords('ja', f);
      expect(ja).toMatch(JAPANESE);
      expect(englishLeft({ content: ja }, labels, { ignoreCode: true })).toEqual([]);
      // A language without a catalogue falls back to the English catalogue: it must say what describeFailure says.
      expect(failureWords('en-x-catalogue', f)).toBe(describeFailure(f));
    }
  });
});
