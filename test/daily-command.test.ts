import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import aescDaily, { definition } from '../src/commands/aesc-daily/index.js';
import type { ChannelOptionValue, HandlerContext, HandlerReply, RawOptions } from '../src/core/command.js';
import { validateCommandDefinition } from '../src/discord/limits.js';
import type { FactStore } from '../src/facts/store.js';
import { discordError, type Harness, harness } from './daily/helpers.js';
import { checkCommandDefinition, checkInteractionCallback } from './support/contract.js';

const G = '111111111111111111';
const C = '222222222222222222';
const ALL = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ManageGuild
).toString();

function channel(over: Partial<ChannelOptionValue> = {}): ChannelOptionValue {
  return { id: C, type: ChannelType.GuildText, name: 'history', permissions: ALL, ...over };
}

function ctx(h: Harness, over: Partial<HandlerContext['invoker']> = {}, daily = true): HandlerContext {
  return {
    store: undefined as unknown as FactStore,
    clock: h.clock,
    locale: 'en-US',
    invoker: {
      userId: '5',
      guildId: G,
      channelId: C,
      interactionId: '6',
      memberPermissions: PermissionFlagsBits.ManageGuild.toString(),
      appPermissions: ALL,
      ...over,
    },
    ...(daily ? { daily: h.service } : {}),
  };
}

async function run(h: Harness, sub: string, options: RawOptions = {}, c: HandlerContext = ctx(h)) {
  const r = await aescDaily.execute(sub, options, c);
  expect(r.type).toBe('reply');
  if (r.type !== 'reply') throw new Error('unreachable');
  expect(r.ephemeral).toBe(true);
  expect(checkInteractionCallback({ type: 4, data: { ...r.data, flags: 64 } })).toEqual([]);
  return r;
}

function text(r: HandlerReply): string {
  return r.data.content ?? '';
}

const setOptions = (over: RawOptions = {}): RawOptions => ({
  channel: channel(),
  time: '09:00',
  timezone: 'Europe/London',
  ...over,
});

describe('/aesc-daily definition', () => {
  it('is a valid, guild-only command for Manage Server', () => {
    expect(checkCommandDefinition(definition)).toEqual([]);
    expect(() => validateCommandDefinition(definition)).not.toThrow();
    expect(definition.default_member_permissions).toBe('32');
    expect(definition.contexts).toEqual([0]);
    expect(definition.options.map((o) => o.name)).toEqual(['set', 'off', 'status', 'test']);
    expect(definition.options[0].options[0].channel_types).toEqual([0, 5]);
  });
});

describe('/aesc-daily set', () => {
  it('turns the post on and answers with the next post as Discord timestamps', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    const r = await run(h, 'set', setOptions());
    const unix = Date.parse('2026-06-01T08:00:00Z') / 1000; // 09:00 BST
    expect(text(r)).toContain(`<t:${unix}:F>`);
    expect(text(r)).toContain(`<t:${unix}:R>`);
    expect(text(r)).toContain(`<#${C}>`);
    expect(await h.store.getSubscription(G)).toMatchObject({
      channelId: C,
      time: '09:00',
      timezone: 'Europe/London',
      enabled: true,
    });
  });

  it('defaults the zone to UTC, accepts announcement channels and a one-digit hour', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    await run(h, 'set', { channel: channel({ type: ChannelType.GuildAnnouncement }), time: '7:05' });
    expect(await h.store.getSubscription(G)).toMatchObject({ time: '07:05', timezone: 'UTC' });
  });

  it('Administrator counts as every permission', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    const admin = PermissionFlagsBits.Administrator.toString();
    await run(h, 'set', setOptions({ channel: channel({ permissions: admin }) }), ctx(h, { memberPermissions: admin }));
    expect(await h.store.getSubscription(G)).not.toBeNull();
  });

  it('falls back to app_permissions when the channel has none resolved', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    const noEmbed = (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages).toString();
    const r = await run(
      h,
      'set',
      setOptions({ channel: channel({ permissions: null }) }),
      ctx(h, { appPermissions: noEmbed }),
    );
    expect(text(r)).toContain('Embed Links');
    expect(await h.store.getSubscription(G)).toBeNull();
    const ok = await run(
      h,
      'set',
      setOptions({ channel: channel({ permissions: null }) }),
      ctx(h, { appPermissions: null }),
    );
    expect(text(ok)).toContain('/aesc-daily test'); // could not check: suggests a test
    expect(await h.store.getSubscription(G)).not.toBeNull();
  });

  it("never judges another channel by the invoking channel's app_permissions", async () => {
    const h = harness('2026-06-01T07:00:00Z');
    const other = '333333333333333333';
    // Full permissions where the command was typed say nothing about the chosen channel.
    const unchecked = await run(h, 'set', setOptions({ channel: channel({ id: other, permissions: null }) }), ctx(h));
    expect(text(unchecked)).toContain("I could not check the bot's permissions there");
    // With a look-up, the chosen channel's own permissions decide.
    const lacking = (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages).toString();
    const looked: string[] = [];
    const withLookup: HandlerContext = {
      ...ctx(h),
      botPermissionsIn: async (guildId, channelId) => {
        looked.push(`${guildId}/${channelId}`);
        return { kind: 'known', permissions: BigInt(lacking) };
      },
    };
    await h.service.off(G);
    const before = await h.store.getSubscription(G);
    const refused = await run(
      h,
      'set',
      setOptions({ channel: channel({ id: other, permissions: null }), time: '10:00' }),
      withLookup,
    );
    expect(looked).toEqual([`${G}/${other}`]);
    expect(text(refused)).toMatch(/lacks \*\*Embed Links\*\*/);
    expect(await h.store.getSubscription(G)).toEqual(before);
    const noAccess = await run(h, 'set', setOptions({ channel: channel({ id: other, permissions: null }) }), {
      ...withLookup,
      botPermissionsIn: async () => ({ kind: 'no-access' }),
    });
    expect(text(noAccess)).toMatch(/cannot see <#333333333333333333>.*View Channel/);
  });

  const bad: [string, RawOptions, RegExp][] = [
    ['25:00', setOptions({ time: '25:00' }), /`25:00` is not a time.*HH:MM/],
    ['9am', setOptions({ time: '9am' }), /`9am` is not a time/],
    ['7:5', setOptions({ time: '7:5' }), /`7:5` is not a time/],
    ['empty time', setOptions({ time: '' }), /is not a time/],
    ['unknown zone', setOptions({ timezone: 'Mars/Olympus' }), /`Mars\/Olympus` is not a time zone/],
    [
      'voice channel',
      setOptions({ channel: channel({ type: ChannelType.GuildVoice }) }),
      /not a text or announcement channel/,
    ],
    [
      'thread',
      setOptions({ channel: channel({ type: ChannelType.PublicThread }) }),
      /not a text or announcement channel/,
    ],
    [
      'no View Channel',
      setOptions({
        channel: channel({
          permissions: (PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks).toString(),
        }),
      }),
      /lacks \*\*View Channel\*\*/,
    ],
    [
      'no Send Messages',
      setOptions({
        channel: channel({
          permissions: (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.EmbedLinks).toString(),
        }),
      }),
      /lacks \*\*Send Messages\*\*/,
    ],
    [
      'no Embed Links',
      setOptions({
        channel: channel({
          permissions: (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages).toString(),
        }),
      }),
      /lacks \*\*Embed Links\*\*/,
    ],
    ['no channel', setOptions({ channel: undefined }), /Pick the channel/],
  ];

  it.each(bad)('%s: specific ephemeral message, stored row unchanged', async (_name, options, message) => {
    const h = harness('2026-06-01T07:00:00Z');
    // Nothing stored: still nothing after.
    const first = await run(h, 'set', options);
    expect(text(first)).toMatch(/^Nothing was changed/);
    expect(text(first)).toMatch(message);
    expect(await h.store.getSubscription(G)).toBeNull();
    // A configuration exists: it stays exactly as it was.
    await run(h, 'set', { channel: channel({ id: '777' }), time: '18:30', timezone: 'Asia/Tokyo' });
    const before = await h.store.getSubscription(G);
    h.clock.advance(60_000);
    const second = await run(h, 'set', options);
    expect(text(second)).toMatch(message);
    expect(await h.store.getSubscription(G)).toEqual(before);
  });

  it('reports every problem at once', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    const r = await run(h, 'set', {
      channel: channel({ type: ChannelType.GuildVoice }),
      time: '9am',
      timezone: 'Nope/Nope',
    });
    expect(text(r).split('\n')).toHaveLength(4);
  });
});

describe('/aesc-daily guards (every subcommand)', () => {
  for (const sub of ['set', 'off', 'status', 'test']) {
    it(`${sub}: in DMs, without Manage Server, or without the service, nothing changes`, async () => {
      const h = harness('2026-06-01T07:00:00Z');
      await run(h, 'set', setOptions());
      const before = await h.store.getSubscription(G);
      const opts = sub === 'set' ? setOptions({ time: '10:00' }) : {};
      const dm = await run(h, sub, opts, ctx(h, { guildId: null, memberPermissions: null }));
      expect(text(dm)).toMatch(/servers only/);
      const noPerm = await run(
        h,
        sub,
        opts,
        ctx(h, { memberPermissions: PermissionFlagsBits.SendMessages.toString() }),
      );
      expect(text(noPerm)).toMatch(/Manage Server/);
      const nullPerm = await run(h, sub, opts, ctx(h, { memberPermissions: null }));
      expect(text(nullPerm)).toMatch(/Manage Server/);
      const noService = await run(h, sub, opts, ctx(h, {}, false));
      expect(text(noService)).toMatch(/not available/);
      expect(await h.store.getSubscription(G)).toEqual(before);
      expect(h.sender.requests).toHaveLength(0);
    });
  }

  for (const sub of ['off', 'status', 'test']) {
    it(`${sub} with nothing configured says how to start, stores nothing`, async () => {
      const h = harness('2026-06-01T07:00:00Z');
      const r = await run(h, sub);
      expect(text(r)).toMatch(/no daily post in this server yet.*\/aesc-daily set/);
      expect(await h.store.getSubscription(G)).toBeNull();
      expect(h.sender.requests).toHaveLength(0);
    });
  }
});

describe('/aesc-daily off, status, test', () => {
  it('status shows channel, time, zone and next post; off keeps the settings', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    await run(h, 'set', setOptions());
    const st = text(await run(h, 'status'));
    expect(st).toContain('Daily post: **on**');
    expect(st).toContain(`<#${C}>`);
    expect(st).toContain('**09:00** every day (Europe/London)');
    expect(st).toContain(`Next post: <t:${Date.parse('2026-06-01T08:00:00Z') / 1000}:F>`);
    expect(st).toContain('Last post: none yet.');
    const off = text(await run(h, 'off'));
    expect(off).toMatch(/\*\*off\*\*.*settings kept/i);
    const st2 = text(await run(h, 'status'));
    expect(st2).toContain('Daily post: **off**');
    expect(st2).toContain('/aesc-daily set');
  });

  it('status after a post links the message', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    await run(h, 'set', setOptions());
    await h.service.tick(h.clock.set('2026-06-01T08:00:00Z'));
    const st = text(await run(h, 'status'));
    expect(st).toContain(`Last post: posted <t:${Date.parse('2026-06-01T08:00:00Z') / 1000}:R>`);
    expect(st).toContain(`https://discord.com/channels/${G}/${C}/${h.sender.created[0]?.id}`);
    expect(st).toContain('Today (2026-06-01): posted.');
  });

  it.each([
    [50001, /Missing Access.*View Channel/],
    [50013, /Missing Permissions.*Send Messages and Embed Links/],
    [10003, /Unknown Channel.*\/aesc-daily set/],
  ])('status explains error %i in words, then the pause and how to resume', async (code, words) => {
    const h = harness('2026-06-01T07:00:00Z');
    await run(h, 'set', setOptions({ timezone: 'UTC' }));
    h.sender.always.set(C, () => discordError(code, code === 10003 ? 404 : 403));
    await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    const st = text(await run(h, 'status'));
    expect(st).toMatch(/Last post: \*\*failed\*\*/);
    expect(st).toMatch(words);
    expect(st).toContain('Failed 1 day(s) in a row; the post pauses after 3.');
    await h.service.tick(h.clock.set('2026-06-02T09:00:00Z'));
    await h.service.tick(h.clock.set('2026-06-03T09:00:00Z'));
    const paused = text(await run(h, 'status'));
    expect(paused).toContain('Daily post: **paused**');
    expect(paused).toMatch(/could not post for 3 days in a row/);
    expect(paused).toMatch(words);
    expect(paused).toMatch(/run `\/aesc-daily set` again to resume/);
  });

  it('status after the bot was removed says so', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    await run(h, 'set', setOptions());
    await h.service.onGuildDelete(G);
    expect(text(await run(h, 'status'))).toMatch(/removed from this server.*\/aesc-daily set/);
  });

  it('status while retrying shows the next attempt and the transient error', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    await run(h, 'set', setOptions({ timezone: 'UTC' }));
    h.sender.failNext(C, new Error('getaddrinfo ENOTFOUND discord.com'));
    await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    const st = text(await run(h, 'status'));
    expect(st).toContain(`Next attempt (retrying today): <t:${Date.parse('2026-06-01T09:01:00Z') / 1000}:F>`);
    expect(st).toMatch(/network error/);
  });

  it('test posts and links the message, or explains the failure in words', async () => {
    const h = harness('2026-06-01T07:00:00Z');
    await run(h, 'set', setOptions());
    const ok = text(await run(h, 'test'));
    expect(ok).toContain(`https://discord.com/channels/${G}/${C}/${h.sender.created[0]?.id}`);
    expect(ok).toMatch(/does not count/);
    h.sender.failNext(C, discordError(50013, 403));
    const bad = text(await run(h, 'test'));
    expect(bad).toMatch(/Could not post.*Missing Permissions/);
    // The failed test changed nothing about the daily post.
    expect((await h.store.getSubscription(G))?.lastError).toBeNull();
  });
});

describe('/aesc-daily autocomplete', () => {
  const ac = (value: string, name = 'timezone') => {
    const h = harness('2026-06-01T07:00:00Z');
    return aescDaily.autocomplete?.('set', { name, value }, {}, ctx(h)) ?? [];
  };
  it('suggests zones, prefix matches first, at most 25', () => {
    expect(ac('Europe/Lon')[0]).toEqual({ name: 'Europe/London', value: 'Europe/London' });
    expect(ac('chicago')[0]?.value).toBe('America/Chicago');
    expect(ac('')).toHaveLength(25);
    expect(ac('a').length).toBeLessThanOrEqual(25);
    expect(ac('u')[0]?.value).toBe('UTC');
  });
  it('never throws and ignores other options', () => {
    expect(ac('09', 'time')).toEqual([]);
    expect(ac('\u0000[(*')).toEqual([]);
    const h = harness('2026-06-01T07:00:00Z');
    expect(
      aescDaily.autocomplete?.('set', { name: 'timezone', value: undefined as unknown as string }, {}, ctx(h)),
    ).toHaveLength(25);
  });
});
