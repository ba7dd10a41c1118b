// /aesc-daily handlers over the real DailyService and SQLite store (issue 4, issue 12 sections 1-3).
import { ChannelType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import aescDaily, { definition } from '../src/commands/aesc-daily/index.js';
import type { RawOptions } from '../src/core/command.js';
import { validateCommandDefinition } from '../src/discord/limits.js';
import { C, channelOption, FakeGuild, G, handlerContext, P, POST_PERMS, run, text } from './daily/command-helpers.js';
import { discordError, type Harness, harness } from './daily/helpers.js';
import { checkCommandDefinition } from './support/contract.js';

function setup(start = '2026-06-01T07:00:00Z') {
  const h = harness(start);
  const guild = new FakeGuild();
  guild.channels.set(C, { type: ChannelType.GuildText, permissions: POST_PERMS });
  const ctx = (over: Parameters<typeof handlerContext>[1] = {}) => handlerContext(h, { inspector: guild, ...over });
  return { h, guild, ctx };
}

const first: RawOptions = { channel: channelOption(C), time: '09:00', timezone: 'Europe/London' };

describe('/aesc-daily definition', () => {
  it('is a valid, guild-only command for Manage Server with every subcommand', () => {
    expect(checkCommandDefinition(definition)).toEqual([]);
    expect(() => validateCommandDefinition(definition)).not.toThrow();
    expect(definition.default_member_permissions).toBe('32');
    expect(definition.contexts).toEqual([0]);
    expect(definition.options.map((o) => o.name)).toEqual([
      'set',
      'off',
      'status',
      'test',
      'preview',
      'export',
      'import',
    ]);
    const set = definition.options[0];
    expect(set.options.every((o) => o.required === false)).toBe(true); // a later set only needs what changes
    expect(set.options[0].channel_types).toEqual([0, 5, 10, 11, 12, 15]);
    expect(definition.options[6].options[0]).toMatchObject({ name: 'file', type: 11, required: true });
  });
});

describe('/aesc-daily set never loses a setting', () => {
  it('the first set needs channel and time, with a clear message, and stores nothing without them', async () => {
    const { h, ctx } = setup();
    const none = text(await run('set', {}, ctx()));
    expect(none).toMatch(/^Nothing was changed\. This server has no daily post yet.*needs `channel` and `time`/);
    const noTime = text(await run('set', { channel: channelOption(C) }, ctx()));
    expect(noTime).toMatch(/needs `time`:/);
    expect(noTime).not.toMatch(/`channel` and/);
    expect(text(await run('set', { time: '09:00' }, ctx()))).toMatch(/needs `channel`:/);
    expect(await h.store.getSubscription(G)).toBeNull();
  });

  it('set time:07:05 alone keeps the Europe/London zone (the bug in issue 12), and says what changed', async () => {
    const { h, ctx } = setup();
    await run('set', first, ctx());
    const r = text(await run('set', { time: '07:05' }, ctx()));
    expect(await h.store.getSubscription(G)).toMatchObject({ time: '07:05', timezone: 'Europe/London', channelId: C });
    expect(r).toContain('**Changed:**\n- Time: **09:00** → **07:05**');
    expect(r).toContain('- Time zone: Europe/London');
    expect(r).toContain(`- Channel: <#${C}>`);
    expect(r).toContain(`Next post: <t:${Date.parse('2026-06-02T06:05:00Z') / 1000}:F>`); // 07:05 BST has passed today
  });

  it('every option is optional later: each one changes only itself', async () => {
    const { h, guild, ctx } = setup();
    guild.roles.set('444444444444444444', { name: 'history fans', mentionable: true });
    await run('set', { ...first, role: '444444444444444444', days: 'mon-fri' }, ctx());
    const before = await h.store.getSubscription(G);
    await run('set', { timezone: 'Asia/Tokyo' }, ctx());
    const after = await h.store.getSubscription(G);
    expect(after).toMatchObject({
      timezone: 'Asia/Tokyo',
      time: '09:00',
      channelId: C,
      roleId: '444444444444444444',
      weekdays: 0b0011111,
      publish: false,
    });
    expect(after?.version).toBe((before?.version ?? 0) + 1);
  });

  it('set with nothing on an existing post says nothing changed and shows the whole setting', async () => {
    const { ctx } = setup();
    await run('set', first, ctx());
    const r = text(await run('set', {}, ctx()));
    expect(r).toContain('Nothing changed: the setting was already like this.');
    for (const label of ['Channel', 'Posts as', 'Time', 'Time zone', 'Role mention', 'Days', 'Publish', 'Forum tag']) {
      expect(r).toContain(`- ${label}: `);
    }
  });

  it('set after off turns the post back on with everything kept', async () => {
    const { h, ctx } = setup();
    await run('set', first, ctx());
    await run('off', {}, ctx());
    expect((await h.store.getSubscription(G))?.enabled).toBe(false);
    const r = text(await run('set', {}, ctx()));
    expect(r).toContain('- Daily post: off → on');
    expect(await h.store.getSubscription(G)).toMatchObject({ enabled: true, time: '09:00', timezone: 'Europe/London' });
  });

  const bad: [string, RawOptions, RegExp][] = [
    ['25:00', { time: '25:00' }, /`25:00` is not a time.*HH:MM/],
    ['9am', { time: '9am' }, /`9am` is not a time/],
    ['7:5', { time: '7:5' }, /`7:5` is not a time/],
    ['unknown zone', { timezone: 'Mars/Olympus' }, /`Mars\/Olympus` is not a time zone/],
    ['bad days', { days: 'funday' }, /`funday` is not a day of the week/],
    ['voice channel', { channel: channelOption('333333333333333333', 2) }, /not a kind of channel/],
    ['role and clear:role', { role: '444444444444444444', clear: 'role' }, /contradict/],
    ['oversized time', { time: 'x'.repeat(40) }, /at most 16|the most is 16/],
  ];
  it.each(bad)('%s: specific message, stored setting unchanged', async (_name, options, message) => {
    const { h, ctx } = setup();
    await run('set', first, ctx());
    const before = await h.store.getSubscription(G);
    h.clock.advance(60_000);
    const r = text(await run('set', options, ctx()));
    expect(r).toMatch(/^Nothing was changed/);
    expect(r).toMatch(message);
    expect(await h.store.getSubscription(G)).toEqual(before);
  });

  it('reports every input problem at once', async () => {
    const { ctx } = setup();
    await run('set', first, ctx());
    const r = text(await run('set', { time: '9am', timezone: 'Nope/Nope', days: 'x' }, ctx()));
    expect(r.split('\n')).toHaveLength(4);
  });
});

describe('/aesc-daily set permission checks (in the chosen channel, before saving)', () => {
  const cases: [string, number, bigint, RegExp][] = [
    ['text: Send Messages', 0, P.ViewChannel | P.EmbedLinks, /lacks \*\*Send Messages\*\*.*Server Settings → Roles/],
    [
      'text: Embed Links',
      0,
      P.ViewChannel | P.SendMessages,
      /lacks \*\*Embed Links\*\* .*\(the post has an embed or pictures\)/,
    ],
    ['text: View Channel', 0, P.SendMessages | P.EmbedLinks, /lacks \*\*View Channel\*\*/],
    ['thread: Send Messages in Threads', 11, POST_PERMS, /lacks \*\*Send Messages in Threads\*\*.*parent channel/],
    ['forum: Create Posts', 15, P.ViewChannel | P.EmbedLinks, /lacks \*\*Create Posts\*\* .*new post each day/],
  ];
  it.each(cases)('%s', async (_name, type, perms, message) => {
    const { h, guild, ctx } = setup();
    const id = '333333333333333333';
    guild.channels.set(id, { type, permissions: perms });
    const r = text(await run('set', { channel: channelOption(id, type), time: '09:00' }, ctx()));
    expect(r).toMatch(/^Nothing was changed/);
    expect(r).toMatch(message);
    expect(await h.store.getSubscription(G)).toBeNull();
  });

  it('without Read Message History the post is saved, with a tip', async () => {
    const { h, ctx } = setup();
    const r = text(await run('set', first, ctx()));
    expect(r).toContain('Tip: the bot lacks **Read Message History**');
    expect(await h.store.getSubscription(G)).not.toBeNull();
  });

  it('a channel the bot cannot see, or that is gone, is refused', async () => {
    const { guild, ctx } = setup();
    guild.channels.set('333333333333333333', 'no-access');
    expect(text(await run('set', { channel: channelOption('333333333333333333'), time: '09:00' }, ctx()))).toMatch(
      /cannot see <#333333333333333333>.*View Channel/,
    );
    expect(text(await run('set', { channel: channelOption('999999999999999999'), time: '09:00' }, ctx()))).toMatch(
      /does not exist in this server any more/,
    );
  });

  it('Administrator counts as every permission', async () => {
    const { h, guild, ctx } = setup();
    guild.channels.set(C, { type: 0, permissions: P.Administrator });
    await run('set', first, ctx({ invoker: { memberPermissions: P.Administrator.toString() } }));
    expect(await h.store.getSubscription(G)).not.toBeNull();
  });

  it('without the inspector: resolved permissions, then app_permissions of the same channel, else a test hint', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    const noEmbed = (P.ViewChannel | P.SendMessages).toString();
    const resolved = text(
      await run('set', { ...first, channel: { ...channelOption(C), permissions: noEmbed } }, handlerContext(h)),
    );
    expect(resolved).toContain('Embed Links');
    const app = text(await run('set', first, handlerContext(h, { invoker: { appPermissions: noEmbed } })));
    expect(app).toContain('Embed Links');
    expect(await h.store.getSubscription(G)).toBeNull();
    const other = '333333333333333333';
    const unchecked = text(
      await run(
        'set',
        { ...first, channel: channelOption(other) },
        handlerContext(h, { invoker: { appPermissions: null } }),
      ),
    );
    expect(unchecked).toContain("I could not check the bot's permissions there: run `/aesc-daily test`");
    expect(await h.store.getSubscription(G)).not.toBeNull();
  });

  it("never judges another channel by the invoking channel's app_permissions; the look-up decides", async () => {
    const h = harness('2026-06-01T07:00:00Z');
    const other = '333333333333333333';
    const looked: string[] = [];
    const c = handlerContext(h, {
      extra: {
        botPermissionsIn: async (guildId, channelId) => {
          looked.push(`${guildId}/${channelId}`);
          return { kind: 'known', permissions: P.ViewChannel | P.SendMessages };
        },
      },
    });
    const r = text(await run('set', { ...first, channel: channelOption(other) }, c));
    expect(looked).toEqual([`${G}/${other}`]);
    expect(r).toMatch(/lacks \*\*Embed Links\*\*/);
    expect(await h.store.getSubscription(G)).toBeNull();
  });
});

describe('/aesc-daily guards (every subcommand)', () => {
  for (const sub of ['set', 'off', 'status', 'test', 'preview', 'export', 'import']) {
    it(`${sub}: in DMs or without Manage Server nothing happens`, async () => {
      const { h, ctx } = setup();
      await run('set', first, ctx());
      const before = await h.store.getSubscription(G);
      const opts = sub === 'set' ? { time: '10:00' } : {};
      expect(text(await run(sub, opts, ctx({ invoker: { guildId: null, memberPermissions: null } })))).toMatch(
        /servers only/,
      );
      expect(text(await run(sub, opts, ctx({ invoker: { memberPermissions: P.SendMessages.toString() } })))).toMatch(
        /Manage Server/,
      );
      expect(text(await run(sub, opts, ctx({ invoker: { memberPermissions: null } })))).toMatch(/Manage Server/);
      expect(await h.store.getSubscription(G)).toEqual(before);
      expect(h.sender.requests).toHaveLength(0);
    });
  }

  for (const sub of ['off', 'status', 'test', 'preview', 'export']) {
    it(`${sub} with nothing configured says how to start, stores nothing`, async () => {
      const { h, ctx } = setup();
      expect(text(await run(sub, {}, ctx()))).toMatch(/no daily post in this server yet.*\/aesc-daily set/);
      expect(await h.store.getSubscription(G)).toBeNull();
      expect(h.sender.requests).toHaveLength(0);
    });
  }
});

async function postDay(h: Harness, iso: string) {
  await h.service.tick(h.clock.set(iso));
}

describe('/aesc-daily status', () => {
  it('shows the whole setting, the next post, the last 7 attempts with links, and the last test', async () => {
    const { h, ctx } = setup('2026-06-01T07:00:00Z');
    await run('set', { ...first, timezone: 'UTC' }, ctx());
    for (let d = 1; d <= 8; d++) await postDay(h, `2026-06-0${d}T09:00:00Z`);
    h.sender.failNext(C, discordError(50013, 403));
    await postDay(h, '2026-06-09T09:00:00Z');
    const st = text(await run('status', {}, ctx()));
    expect(st).toContain('Daily post: **on**');
    expect(st).toContain('**Last 7 days:**');
    const attempts = st.split('\n').filter((l) => /^- \d+ June 2026: /.test(l));
    expect(attempts).toHaveLength(7);
    expect(attempts[0]).toMatch(/^- 9 June 2026: \*\*failed\*\*\. Missing Permissions/);
    expect(attempts[1]).toContain(`8 June 2026: posted ([message](https://discord.com/channels/${G}/${C}/`);
    expect(st).not.toContain('2 June 2026');
    expect(st).toContain('Last test: none yet');
    expect(st).toContain(`Next post: <t:${Date.parse('2026-06-10T09:00:00Z') / 1000}:F>`);
    expect(st).toContain('Failed 1 day(s) in a row; the post pauses after 3.');
  });

  it('a failed test leaves a trace in status and in the logs', async () => {
    const warnings: unknown[] = [];
    const logger = { info() {}, warn: (o: unknown) => warnings.push(o), error() {}, debug() {} };
    const h = harness('2026-06-01T07:00:00Z', { logger });
    const guild = new FakeGuild();
    guild.channels.set(C, { type: 0, permissions: POST_PERMS });
    const ctx = handlerContext(h, { inspector: guild });
    await run('set', first, ctx);
    h.sender.failNext(C, discordError(50001, 403));
    expect(text(await run('test', {}, handlerContext(h, { inspector: guild })))).toMatch(
      /Could not post.*Missing Access/,
    );
    const st = text(await run('status', {}, ctx));
    expect(st).toMatch(/Last test: <t:\d+:R>, \*\*failed\*\*\. Missing Access/);
    expect(warnings).toEqual([expect.objectContaining({ guildId: G, code: '50001' })]);
    // The failed test did not touch the daily post.
    expect((await h.store.getSubscription(G))?.lastError).toBeNull();
    await run('test', {}, handlerContext(h, { inspector: guild }));
    expect(text(await run('status', {}, ctx))).toMatch(/Last test: <t:\d+:R>, posted \(\[message\]/);
  });

  it('a rejected token (401) shows in status for every server, in words', async () => {
    const { h, ctx } = setup();
    await run('set', { ...first, timezone: 'UTC' }, ctx());
    h.sender.failNext(C, discordError(0, 401, '401: Unauthorized'));
    await postDay(h, '2026-06-01T09:00:00Z');
    const st = text(await run('status', {}, ctx()));
    expect(st).toMatch(/\*\*Not posting\*\*: Discord rejected the bot's token/);
  });

  it('status after the bot was removed, while off, and while retrying', async () => {
    const { h, ctx } = setup();
    await run('set', { ...first, timezone: 'UTC' }, ctx());
    h.sender.failNext(C, new Error('getaddrinfo ENOTFOUND discord.com'));
    await postDay(h, '2026-06-01T09:00:00Z');
    const retry = text(await run('status', {}, ctx()));
    expect(retry).toContain(`Next attempt (retrying today): <t:${Date.parse('2026-06-01T09:01:00Z') / 1000}:F>`);
    expect(retry).toMatch(/1 June 2026: not posted yet, retrying \(attempt 1\)\. Could not reach Discord/);
    await run('off', {}, ctx());
    expect(text(await run('status', {}, ctx()))).toMatch(/Daily post: \*\*off\*\*[\s\S]*Next post: none/);
    await run('set', {}, ctx());
    await h.service.onGuildDelete(G);
    expect(text(await run('status', {}, ctx()))).toMatch(/removed from this server.*\/aesc-daily set/);
  });
});

describe('/aesc-daily autocomplete', () => {
  const h = harness('2026-06-01T14:05:00Z');
  const ac = (value: string, name = 'timezone') =>
    aescDaily.autocomplete('set', { name, value }, {}, { clock: h.clock }) as { name: string; value: string }[];

  it('offset and local time in each choice; common zones first', () => {
    expect(ac('Europe/Lon')[0]).toEqual({ name: 'Europe/London, UTC+1, 15:05 now', value: 'Europe/London' });
    const empty = ac('');
    expect(empty).toHaveLength(25);
    expect(empty[0]).toEqual({ name: 'UTC, UTC+0, 14:05 now', value: 'UTC' });
    expect(empty.map((c) => c.value)).toContain('Asia/Tokyo');
    expect(ac('kathmandu')[0]?.name).toBe('Asia/Kathmandu, UTC+5:45, 19:50 now');
    expect(ac('new')[0]?.value).toBe('America/New_York'); // common before America/North_Dakota/New_Salem
  });

  it.each([
    ['EST', 'America/New_York'],
    ['est', 'America/New_York'],
    ['Eastern', 'America/New_York'],
    ['JST', 'Asia/Tokyo'],
    ['Tokyo', 'Asia/Tokyo'],
    ['CET', 'Europe/Paris'],
    ['PST', 'America/Los_Angeles'],
    ['IST', 'Asia/Kolkata'],
  ])('%s finds %s first', (query, zone) => {
    expect(ac(query)[0]?.value).toBe(zone);
  });

  it('CET also finds the neighbours of Europe/Paris', () => {
    const values = ac('CET').map((c) => c.value);
    expect(values).toEqual(
      expect.arrayContaining(['Europe/Berlin', 'Europe/Madrid', 'Europe/Rome', 'Europe/Amsterdam']),
    );
  });

  it('days suggestions; never throws, always synchronous, other options get nothing', () => {
    expect(ac('mon-f', 'days')[0]).toEqual({ name: 'mon-fri (Monday to Friday)', value: 'mon-fri' });
    expect(ac('sat,sun', 'days')[0]).toEqual({ name: 'sat,sun (Saturday and Sunday)', value: 'sat,sun' });
    expect(ac('', 'days').map((c) => c.value)).toContain('weekends');
    expect(ac('09', 'time')).toEqual([]);
    expect(ac('\u0000[(*')).toEqual([]);
    const result = aescDaily.autocomplete(
      'set',
      { name: 'timezone', value: undefined as unknown as string },
      {},
      { clock: h.clock },
    );
    expect(Array.isArray(result)).toBe(true);
    expect(result).toHaveLength(25);
  });
});
