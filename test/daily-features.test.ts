// Issue 12 sections 2-4 and issue 8 items 10 and 15 through the /aesc-daily handlers, over the real service and
// SQLite store: role, thread, forum, publish, days and their conflicts; preview; export/import; disk errors on save;
// side effects once per interaction id.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ButtonStyle, ChannelType, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import aescDaily from '../src/commands/aesc-daily/index.js';
import type { HandlerContext } from '../src/commands/aesc-daily/shared.js';
import type { HandlerReply, RawOptions } from '../src/core/command.js';
import { parseImport } from '../src/daily/export.js';
import { stampDailyMarker } from '../src/daily/sender.js';
import { ConcurrentChangeError, type DailyStore, EVERY_DAY } from '../src/daily/store.js';
import { buildOnThisDatePost } from '../src/present/on-this-date.js';
import {
  C,
  channelOption,
  FakeGuild,
  G,
  handlerContext,
  P,
  POST_PERMS,
  ROLE,
  run,
  text,
} from './daily/command-helpers.js';
import { type Harness, harness } from './daily/helpers.js';
import { checkCreateMessage, checkInteractionCallback } from './support/contract.js';
import { realStore } from './support/handler-context.js';

const NEWS = '333333333333333301';
const THREAD = '333333333333333302';
const FORUM = '333333333333333303';
const TAGS = [
  { id: '888888888888888801', name: 'History' },
  { id: '888888888888888802', name: 'Daily' },
];

function setup(start = '2026-06-01T07:00:00Z', h: Harness = harness(start)) {
  const guild = new FakeGuild();
  guild.channels.set(C, { type: ChannelType.GuildText, permissions: POST_PERMS });
  guild.channels.set(NEWS, { type: ChannelType.GuildAnnouncement, permissions: POST_PERMS });
  guild.channels.set(THREAD, { type: ChannelType.PublicThread, permissions: POST_PERMS | P.SendMessagesInThreads });
  guild.channels.set(FORUM, { type: ChannelType.GuildForum, permissions: POST_PERMS, tags: TAGS });
  guild.roles.set(ROLE, { name: 'history fans', mentionable: true });
  guild.roles.set('444444444444444445', { name: 'quiet', mentionable: false });
  const ctx = (over: Parameters<typeof handlerContext>[1] = {}) => handlerContext(h, { inspector: guild, ...over });
  return { h, guild, ctx };
}

const first: RawOptions = { channel: channelOption(C), time: '09:00', timezone: 'UTC' };

describe('role mentions', () => {
  it('a mentionable role is saved and shown; clear:role removes it', async () => {
    const { h, ctx } = setup();
    const r = text(await run('set', { ...first, role: ROLE }, ctx()));
    expect(r).toContain(`- Role mention: <@&${ROLE}>`);
    expect((await h.store.getSubscription(G))?.roleId).toBe(ROLE);
    expect(text(await run('status', {}, ctx()))).toContain(`Role mention: <@&${ROLE}>`);
    const cleared = text(await run('set', { clear: 'role' }, ctx()));
    expect(cleared).toContain(`- Role mention: <@&${ROLE}> → none`);
    expect((await h.store.getSubscription(G))?.roleId).toBeNull();
  });

  it('a role that cannot be mentioned is refused and nothing changes, unless the bot has Mention Everyone', async () => {
    const { h, guild, ctx } = setup();
    await run('set', first, ctx());
    const before = await h.store.getSubscription(G);
    const r = text(await run('set', { role: '444444444444444445' }, ctx()));
    expect(r).toMatch(/^Nothing was changed/);
    expect(r).toMatch(/is not mentionable, and the bot lacks \*\*Mention @everyone, @here, and All Roles\*\*/);
    expect(r).toMatch(/Allow anyone to @mention this role/);
    expect(await h.store.getSubscription(G)).toEqual(before);
    guild.channels.set(C, { type: 0, permissions: POST_PERMS | P.MentionEveryone });
    await run('set', { role: '444444444444444445' }, ctx());
    expect((await h.store.getSubscription(G))?.roleId).toBe('444444444444444445');
  });

  it('a deleted role and @everyone are refused', async () => {
    const { ctx } = setup();
    expect(text(await run('set', { ...first, role: '444444444444444499' }, ctx()))).toMatch(/does not exist any more/);
    expect(text(await run('set', { ...first, role: G }, ctx()))).toMatch(/@everyone role cannot be/);
  });

  it('a role with a forum is fine', async () => {
    const { h, ctx } = setup();
    await run('set', { ...first, channel: channelOption(FORUM, 15), role: ROLE }, ctx());
    expect(await h.store.getSubscription(G)).toMatchObject({ channelType: 15, roleId: ROLE });
  });
});

describe('threads, forums and publishing', () => {
  it('a thread is saved as a thread', async () => {
    const { h, ctx } = setup();
    const r = text(await run('set', { ...first, channel: channelOption(THREAD, 11) }, ctx()));
    expect(r).toContain('- Posts as: a message in a thread');
    expect((await h.store.getSubscription(G))?.channelType).toBe(11);
  });

  it('a locked thread is refused', async () => {
    const { guild, ctx } = setup();
    guild.channels.set(THREAD, { type: 11, permissions: ALL(), locked: true });
    expect(text(await run('set', { ...first, channel: channelOption(THREAD, 11) }, ctx()))).toMatch(/locked thread/);
  });

  it('a forum with a tag by name (any case); an unknown tag lists the tags; tag on a text channel is refused', async () => {
    const { h, ctx } = setup();
    const r = text(await run('set', { ...first, channel: channelOption(FORUM, 15), tag: 'daily' }, ctx()));
    expect(r).toContain('- Posts as: a new forum post each day');
    expect(r).toContain('- Forum tag: Daily');
    expect((await h.store.getSubscription(G))?.tagId).toBe('888888888888888802');
    const unknown = text(await run('set', { tag: 'Sports' }, ctx()));
    expect(unknown).toMatch(/has no tag called `Sports`\. Its tags: `History`, `Daily`\./);
    await run('set', { clear: 'tag' }, ctx());
    expect((await h.store.getSubscription(G))?.tagId).toBeNull();
    const text_ = text(await run('set', { channel: channelOption(C), tag: 'History' }, ctx()));
    expect(text_).toMatch(/`tag` works only in forum and media channels/);
  });

  it('a forum that requires a tag needs one', async () => {
    const { guild, ctx } = setup();
    guild.channels.set(FORUM, { type: 15, permissions: POST_PERMS, tags: TAGS, requiresTag: true });
    expect(text(await run('set', { ...first, channel: channelOption(FORUM, 15) }, ctx()))).toMatch(
      /requires a tag on every post.*`History`, `Daily`/,
    );
  });

  it('publish works in an announcement channel and is refused elsewhere', async () => {
    const { h, ctx } = setup();
    expect(text(await run('set', { ...first, publish: true }, ctx()))).toMatch(
      /`publish` works only in announcement channels/,
    );
    expect(await h.store.getSubscription(G)).toBeNull();
    const ok = text(await run('set', { ...first, channel: channelOption(NEWS, 5), publish: true }, ctx()));
    expect(ok).toContain('- Publish: on (crossposted to following servers)');
    // Moving to a text channel turns publishing off, and says so.
    const moved = text(await run('set', { channel: channelOption(C) }, ctx()));
    expect(moved).toContain('Publishing was turned off: the new channel is not an announcement channel.');
    expect((await h.store.getSubscription(G))?.publish).toBe(false);
    // Explicitly asking for both stays a conflict.
    expect(text(await run('set', { publish: true }, ctx()))).toMatch(/works only in announcement channels/);
  });
});

function ALL(): bigint {
  return POST_PERMS | P.SendMessagesInThreads | P.MentionEveryone;
}

describe('days of the week', () => {
  it('mon-fri on a Friday evening: the next post is Monday, in set, status and preview', async () => {
    const { ctx } = setup('2026-06-05T18:00:00Z'); // Friday
    const r = text(await run('set', { ...first, days: 'mon-fri' }, ctx()));
    const monday = `<t:${Date.parse('2026-06-08T09:00:00Z') / 1000}:F>`;
    expect(r).toContain('- Days: Monday to Friday');
    expect(r).toContain(`Next post: ${monday}`);
    expect(text(await run('status', {}, ctx()))).toContain(`Next post: ${monday}`);
    const pv = text(await run('preview', {}, ctx()));
    const times = [...pv.matchAll(/^- <t:(\d+):F> · (.*)$/gm)].map((m) => [Number(m[1]) * 1000, m[2]]);
    expect(times.map(([t]) => new Date(t as number).toISOString())).toEqual([
      '2026-06-08T09:00:00.000Z',
      '2026-06-09T09:00:00.000Z',
      '2026-06-10T09:00:00.000Z',
      '2026-06-11T09:00:00.000Z',
      '2026-06-12T09:00:00.000Z',
    ]);
    expect(times[0]?.[1]).toBe('Mon 8 Jun 2026, 09:00 UTC');
  });

  it('the scheduler skips the other days', async () => {
    const { h, ctx } = setup('2026-06-05T07:00:00Z');
    await run('set', { ...first, days: 'weekends' }, ctx());
    for (const d of ['05', '06', '07', '08']) await h.service.tick(h.clock.set(`2026-06-${d}T09:00:00Z`));
    expect(h.sender.created.map((m) => m.body.embeds?.[0]?.title)).toEqual([
      'AESC on 2026-06-06',
      'AESC on 2026-06-07',
    ]);
  });
});

describe('/aesc-daily preview', () => {
  it('shows the exact post (the real builder), the role as text, forum title, 5 times in the zone', async () => {
    const { h, ctx } = setup('2026-12-01T07:00:00Z');
    await run(
      'set',
      { channel: channelOption(FORUM, 15), time: '09:00', timezone: 'Europe/London', role: ROLE, tag: 'History' },
      ctx(),
    );
    const r = await run('preview', {}, ctx());
    const body = stampDailyMarker(
      h.service.buildPost({ year: 2026, month: 12, day: 1 }, new Date('2026-12-01T09:00:00Z')),
      '2026-12-01',
    );
    expect(r.data.embeds).toEqual(body.embeds); // with the day's marker, as the scheduler sends it
    expect(r.data.allowed_mentions).toEqual({ parse: [] }); // the preview itself pings nobody
    const t = text(r);
    expect(t).toContain('titled **AESC history · 1 December 2026** with its tag');
    expect(t).toContain(`It starts with <@&${ROLE}> and pings that role only`);
    expect(t).toContain(`> <@&${ROLE}>`);
    expect(t.match(/^- <t:\d+:F> · .* Europe\/London$/gm)).toHaveLength(5);
  });
});

describe('with the real "on this date" card (Components V2)', () => {
  it('preview shows the card as it will be sent; the test post and the daily post are valid messages with the role in a text display', async () => {
    const h = harness('2026-12-01T07:00:00Z', { buildPost: (d) => buildOnThisDatePost(realStore(), d) });
    const { ctx } = setup('2026-12-01T07:00:00Z', h);
    await run('set', { ...first, role: ROLE }, ctx());
    const pv = await run('preview', {}, ctx());
    const card = stampDailyMarker(buildOnThisDatePost(realStore(), { year: 2026, month: 12, day: 1 }), '2026-12-01');
    expect(pv.data.flags).toBe(MessageFlags.IsComponentsV2);
    const shown = pv.data.components ?? [];
    expect(shown[0]).toMatchObject({ type: ComponentType.TextDisplay });
    expect(shown[2]).toEqual({ type: ComponentType.TextDisplay, content: `<@&${ROLE}>` });
    expect(shown.slice(3)).toEqual(card.components);
    await run('test', {}, ctx());
    await h.service.tick(h.clock.set('2026-12-01T09:00:00Z'));
    expect(h.sender.created).toHaveLength(2);
    for (const m of h.sender.created) expect(checkCreateMessage(m.body)).toEqual([]);
  });
});

describe('disk errors during set say nothing was saved and why (issue 8 item 10)', () => {
  const faults: [string, { code: string; message: string }, RegExp][] = [
    [
      'SQLITE_FULL',
      { code: 'SQLITE_FULL', message: 'database or disk is full' },
      /disk that holds the bot’s database is full/,
    ],
    ['EROFS', { code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' }, /cannot be written/],
    ['EIO', { code: 'SQLITE_IOERR_WRITE', message: 'disk I/O error' }, /input\/output error/],
  ];
  it.each(faults)('%s', async (_name, fault, why) => {
    const { h, ctx } = setup();
    await run('set', first, ctx());
    const before = await h.store.getSubscription(G);
    // A shim over the real store whose writes fail like SQLite does on a full, read-only or failing disk.
    const failing = new Proxy(h.store, {
      get(target, prop, receiver) {
        if (prop === 'saveSubscription' || prop === 'disable') {
          return async () => {
            throw Object.assign(new Error(fault.message), { code: fault.code, name: 'SqliteError' });
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as DailyStore;
    const service = Object.create(h.service, { store: { value: failing } });
    const c = ctx({ extra: { daily: service } });
    const r = text(await run('set', { time: '10:00' }, c));
    expect(r).toMatch(/^\*\*Nothing was saved\*\*/);
    expect(r).toMatch(why);
    expect(text(await run('off', {}, c))).toMatch(/Nothing was saved/);
    expect(await h.store.getSubscription(G)).toEqual(before);
  });
});

describe('two admins at once: a change is never lost silently', () => {
  it('two sets read the same setting: one is saved, the other is refused and says so', async () => {
    const { h, ctx } = setup();
    await run('set', first, ctx());
    const [a, b] = await Promise.all([
      run('set', { time: '10:00' }, ctx({ invoker: { userId: '600000000000000001' } })),
      run('set', { days: 'weekends' }, ctx({ invoker: { userId: '600000000000000002' } })),
    ]);
    const texts = [text(a), text(b)];
    expect(texts.filter((t) => /changed by someone else/.test(t))).toHaveLength(1);
    const sub = await h.store.getSubscription(G);
    expect(sub?.version).toBe(2);
    // Exactly the change that was confirmed is in the database.
    if (/daily post is \*\*on\*\*/.test(texts[0] ?? ''))
      expect(sub).toMatchObject({ time: '10:00', weekdays: EVERY_DAY });
    else expect(sub).toMatchObject({ time: '09:00', weekdays: 0b1100000 });
  });

  it('the store refuses a save based on an old version, in the same transaction', async () => {
    const { h } = setup();
    const base = {
      guildId: G,
      channelId: C,
      time: '09:00',
      timezone: 'UTC',
      nextDueUtc: 1,
      nextLocalDate: '2026-06-01',
    };
    await h.store.saveSubscription({ ...base, expectedVersion: null }, 1);
    await expect(h.store.saveSubscription({ ...base, expectedVersion: null }, 2)).rejects.toBeInstanceOf(
      ConcurrentChangeError,
    );
    await h.store.saveSubscription({ ...base, time: '10:00', expectedVersion: 1 }, 3);
    await expect(h.store.saveSubscription({ ...base, time: '11:00', expectedVersion: 1 }, 4)).rejects.toBeInstanceOf(
      ConcurrentChangeError,
    );
    expect(await h.store.getSubscription(G)).toMatchObject({ time: '10:00', version: 2 });
  });
});

describe('side effects once per interaction id (issue 8 item 15)', () => {
  it('set, off and test delivered twice apply once', async () => {
    const { h, ctx } = setup();
    const once = ctx({ invoker: { interactionId: '900000000000000001' } });
    await run('set', first, once);
    const v1 = (await h.store.getSubscription(G))?.version;
    const again = text(await run('set', { time: '10:00' }, once));
    expect(again).toMatch(/already carried out.*delivered it twice/);
    expect(await h.store.getSubscription(G)).toMatchObject({ version: v1, time: '09:00' });

    const test = ctx({ invoker: { interactionId: '900000000000000002' } });
    await run('test', {}, test);
    expect(text(await run('test', {}, test))).toMatch(/already run/);
    expect(h.sender.created).toHaveLength(1);

    const off = ctx({ invoker: { interactionId: '900000000000000003' } });
    await run('off', {}, off);
    await run('set', {}, ctx());
    expect(text(await run('off', {}, off))).toMatch(/already carried out/);
    expect((await h.store.getSubscription(G))?.enabled).toBe(true);
  });

  it('two processes handling the same set at once apply it once', async () => {
    const { h, ctx } = setup();
    const a = ctx({ invoker: { interactionId: '900000000000000009' } });
    const results = await Promise.all([run('set', first, a), run('set', first, a)]);
    expect(results.map(text).filter((t) => /already carried out/.test(t))).toHaveLength(1);
    expect((await h.store.getSubscription(G))?.version).toBe(1);
  });
});

// ---- export / import -------------------------------------------------------------------------------------

let server: Server;
let base = '';
const files = new Map<string, Buffer | 'hang'>();
beforeAll(async () => {
  server = createServer((req, res) => {
    const f = files.get(req.url ?? '');
    if (f === undefined) {
      res.writeHead(404).end();
      return;
    }
    if (f === 'hang') return; // never answers: the download must time out
    res.writeHead(200, { 'content-type': 'application/json' }).end(f);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

let n = 0;
function attach(
  ctx: HandlerContext,
  content: Buffer | 'hang',
  size?: number,
): { options: RawOptions; ctx: HandlerContext } {
  const id = String(700000000000000000 + ++n);
  files.set(`/attachments/${id}/settings.json`, content);
  const ref = {
    id,
    filename: 'settings.json',
    size: size ?? (content === 'hang' ? 10 : content.byteLength),
    url: `${base}/attachments/${id}/settings.json`,
  };
  return { options: { file: id }, ctx: { ...ctx, attachments: { [id]: ref } } };
}

function exported(r: HandlerReply): Buffer {
  const f = r.files?.[0];
  if (!f) throw new Error('no file');
  expect(f.contentType).toBe('application/json');
  expect(r.data.attachments).toEqual([{ id: '0', filename: f.name, description: 'Daily post settings (JSON)' }]);
  return Buffer.from(f.data);
}

function buttons(r: HandlerReply): string[] {
  const row = r.data.components?.[0] as { components: { custom_id: string; style: number }[] } | undefined;
  return row?.components.map((b) => b.custom_id) ?? [];
}

async function press(customId: string, ctx: HandlerContext) {
  const r = await aescDaily.button(customId, ctx);
  const type = r.type === 'update' ? 7 : 4;
  expect(checkInteractionCallback({ type, data: { ...r.data, ...(type === 4 ? { flags: 64 } : {}) } })).toEqual([]);
  return r;
}

describe('/aesc-daily export and import', () => {
  it('round trip: export, import into a fresh database, confirm, export again gives the same file', async () => {
    const a = setup('2026-06-01T07:00:00Z');
    await run(
      'set',
      {
        channel: channelOption(FORUM, 15),
        time: '18:30',
        timezone: 'Asia/Tokyo',
        role: ROLE,
        tag: 'Daily',
        days: 'mon,wed,fri',
      },
      a.ctx(),
    );
    const file = exported(await run('export', {}, a.ctx()));
    expect(JSON.parse(file.toString())).toMatchObject({ format: 'aesc-bot/daily-settings', version: 1, guildId: G });

    const b = setup('2026-06-01T07:00:00Z', harness('2026-06-01T07:00:00Z'));
    const up = attach(b.ctx(), file);
    const ask = await run('import', up.options, up.ctx);
    expect(text(ask)).toContain('This server has no daily post yet; the import would turn it on.');
    expect(text(ask)).toContain('- Days: Monday, Wednesday and Friday');
    const [confirm, cancel] = buttons(ask);
    expect(confirm).toMatch(/^aesc-daily:import:confirm:/);
    expect(cancel).toMatch(/^aesc-daily:import:cancel:/);
    expect((ask.data.components?.[0] as { components: { style: number }[] } | undefined)?.components[0]?.style).toBe(
      ButtonStyle.Success,
    );
    expect(await b.h.store.getSubscription(G)).toBeNull(); // nothing before Confirm
    const done = await press(confirm ?? '', b.ctx());
    expect(done.type).toBe('update');
    expect(text(done)).toMatch(/^\*\*Imported\.\*\*/);
    expect(done.data.components).toEqual([]);
    expect(exported(await run('export', {}, b.ctx())).equals(file)).toBe(true);
  });

  it('shows a diff against the current setting; cancel changes nothing; only the same admin, once, within 15 minutes', async () => {
    const { h, ctx } = setup();
    await run('set', first, ctx());
    const file = exported(await run('export', {}, ctx()));
    await run('set', { time: '11:00', days: 'weekends' }, ctx());
    const before = await h.store.getSubscription(G);
    const up = attach(ctx(), file);
    const ask = await run('import', up.options, up.ctx);
    expect(text(ask)).toContain(
      '**Would change:**\n- Time: **11:00** → **09:00**\n- Days: Saturday and Sunday → every day',
    );
    const [confirm, cancel] = buttons(ask);
    const other = ctx({ invoker: { userId: '666666666666666666' } });
    expect(text(await press(confirm ?? '', other))).toMatch(/Only the admin who started this import/);
    expect(await h.store.getSubscription(G)).toEqual(before);
    expect(text(await press(cancel ?? '', ctx()))).toMatch(/Import cancelled; nothing was changed/);
    expect(text(await press(confirm ?? '', ctx()))).toMatch(/expired .* or was already handled/);
    expect(await h.store.getSubscription(G)).toEqual(before);

    const up2 = attach(ctx(), file);
    const ask2 = await run('import', up2.options, up2.ctx);
    h.clock.advance(15 * 60_000 + 1000);
    expect(text(await press(buttons(ask2)[0] ?? '', ctx()))).toMatch(/expired/);
    expect(await h.store.getSubscription(G)).toEqual(before);

    const up3 = attach(ctx(), file);
    const ask3 = await run('import', up3.options, up3.ctx);
    const twice = ctx({ invoker: { interactionId: '910000000000000001' } });
    await press(buttons(ask3)[0] ?? '', twice);
    expect(text(await press(buttons(ask3)[0] ?? '', twice))).toMatch(/already handled/);
    expect((await h.store.getSubscription(G))?.time).toBe('09:00');
  });

  it('Confirm is refused when the setting changed after the import showed its diff', async () => {
    const { h, ctx } = setup();
    await run('set', first, ctx());
    const file = exported(await run('export', {}, ctx()));
    await run('set', { time: '11:00' }, ctx());
    const up = attach(ctx(), file);
    const ask = await run('import', up.options, up.ctx);
    await run('set', { days: 'weekends' }, ctx());
    const before = await h.store.getSubscription(G);
    expect(text(await press(buttons(ask)[0] ?? '', ctx()))).toMatch(/changed by someone else/);
    expect(await h.store.getSubscription(G)).toEqual(before);
  });

  it('an import that matches says so and offers no buttons', async () => {
    const { ctx } = setup();
    await run('set', first, ctx());
    const up = attach(ctx(), exported(await run('export', {}, ctx())));
    const r = await run('import', up.options, up.ctx);
    expect(text(r)).toContain('nothing to import');
    expect(buttons(r)).toEqual([]);
  });

  const valid = {
    format: 'aesc-bot/daily-settings',
    version: 1,
    guildId: G,
    setting: {
      enabled: true,
      channelId: C,
      channelType: 0,
      time: '09:00',
      timezone: 'UTC',
      roleId: null,
      days: ['mon'],
      publish: false,
      tagId: null,
    },
  };
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  const bad: [string, Buffer, RegExp][] = [
    ['not JSON', Buffer.from('{"format": '), /not valid JSON/],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x9f]), /not text \(UTF-8\)/],
    ['another format', json({ hello: 1 }), /not an export of `\/aesc-daily`/],
    ['wrong version', json({ ...valid, version: 2 }), /version 2; this bot reads version 1/],
    [
      'bad field',
      json({ ...valid, setting: { ...valid.setting, time: '25:00' } }),
      /`setting\.time`: must be a 24-hour time/,
    ],
    ['unknown key', json({ ...valid, setting: { ...valid.setting, colour: 'red' } }), /`setting`: .*colour/i],
    [
      'unknown channel',
      json({ ...valid, setting: { ...valid.setting, channelId: '999999999999999999' } }),
      /does not exist in this server/,
    ],
    [
      'unknown role',
      json({ ...valid, setting: { ...valid.setting, roleId: '444444444444444499' } }),
      /role .* does not exist/,
    ],
    ['1 MB of garbage', Buffer.alloc(1024 * 1024, 0x41), /too large/],
  ];
  it.each(bad)('%s: a clear message, nothing changes', async (_name, content, message) => {
    const { h, ctx } = setup();
    await run('set', { ...first, time: '07:00' }, ctx());
    const before = await h.store.getSubscription(G);
    const up = attach(ctx(), content);
    const r = await run('import', up.options, up.ctx);
    expect(text(r)).toMatch(/^Nothing was changed/);
    expect(text(r)).toMatch(message);
    expect(buttons(r)).toEqual([]);
    expect(await h.store.getSubscription(G)).toEqual(before);
  });

  it('a file larger than announced is cut off while downloading; a download that hangs times out', async () => {
    const { ctx } = setup();
    const big = attach(ctx(), Buffer.alloc(200_000, 0x20), 100); // the attachment claims 100 bytes
    expect(text(await run('import', big.options, big.ctx))).toMatch(/too large/);
    const hang = attach(ctx({ extra: { downloadTimeoutMs: 300 } }), 'hang');
    const started = Date.now();
    expect(text(await run('import', hang.options, hang.ctx))).toMatch(/could not be downloaded \(it took too long\)/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(text(await run('import', { file: '1' }, ctx()))).toMatch(/could not read the attached file/);
  }, 15_000);

  it('parseImport never throws on odd input', () => {
    for (const b of [
      new Uint8Array(0),
      Buffer.from('null'),
      Buffer.from('[]'),
      Buffer.from('"x"'),
      Buffer.from('{"format":"aesc-bot/daily-settings","version":1}'),
    ]) {
      const r = parseImport(b);
      expect(r.ok).toBe(false);
    }
  });
});
