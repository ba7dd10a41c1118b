// Issue 12 end to end: the real discord.js client (gateway transport and core) logged into the local Discord
// emulator; `/aesc-daily set|status|export|import` as interactions; the daily post through the real REST sender and
// delivery: a forum post (POST /channels/{id}/threads) with its tag and the role mention, an announcement post with
// its crosspost, exact `allowed_mentions`, every body checked against Discord's OpenAPI spec; exactly once per delivery
// kind across a process that died between Discord creating the post and the ledger recording it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { ApplicationCommandOptionType, ChannelType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDailyCommand } from '../src/commands/aesc-daily/index.js';
import { rejectCrosspostRateLimits } from '../src/daily/delivery.js';
import { createDailyService, type DailyService } from '../src/daily/service.js';
import { createClient } from '../src/discord/client.js';
import { restGuildInspector } from '../src/discord/permissions.js';
import { createLogger } from '../src/log.js';
import { type RunningGateway, startGateway } from '../src/transport/gateway.js';
import { buildPost, TestClock } from './daily/helpers.js';
import { DEFAULT_BOT_PERMISSIONS, type Emulator, startEmulator } from './support/emulator.js';

const MANAGE = PermissionFlagsBits.ManageGuild;
let emu: Emulator | undefined;
let bot: RunningGateway | undefined;
let dir: string;
const services: DailyService[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aesc-daily-delivery-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close().catch(() => {});
  await bot?.stop();
  await emu?.close();
  bot = undefined;
  emu = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function boot(start: string) {
  const e = await startEmulator({
    guilds: [
      {
        channels: [
          { type: ChannelType.GuildText, name: 'history' },
          { type: ChannelType.GuildAnnouncement, name: 'news' },
        ],
        roles: [
          { name: 'history fans', mentionable: true },
          { name: 'quiet', mentionable: false },
        ],
        botPermissions: DEFAULT_BOT_PERMISSIONS,
      },
    ],
  });
  emu = e;
  const forum = e.addDailyChannel({
    type: ChannelType.GuildForum,
    name: 'aesc',
    tags: [{ name: 'History' }, { name: 'Daily' }],
  });
  const thread = e.addDailyChannel({ type: ChannelType.PublicThread, name: 'daily-thread' });
  const config = { DISCORD_TOKEN: e.token, DISCORD_API_URL: e.apiUrl };
  const client = createClient(config);
  const clock = new TestClock(start);
  const url = `file:${join(dir, 'daily.sqlite')}`;
  const daily = createDailyService({
    databaseUrl: url,
    rest: client.rest,
    buildPost,
    clock,
    scheduler: { sendTimeoutMs: 1_000, stopGraceMs: 100 },
  });
  services.push(daily);
  const inspector = restGuildInspector(client.rest, () => client.user?.id);
  bot = await startGateway({
    config,
    client,
    logger: createLogger({ level: 'silent' }),
    commands: [createDailyCommand({ daily, clock, inspector })],
  });
  await bot.ready;
  const guild = e.guild();
  const role = (name: string) => guild.roles.find((r) => r.name === name)?.id ?? '';
  const news = e.channelsOf(guild.id, ChannelType.GuildAnnouncement)[0]?.id ?? '';
  return { e, clock, daily, url, client, guildId: guild.id, text: e.textChannelId(), news, forum, thread, role };
}

type Boot = Awaited<ReturnType<typeof boot>>;

/** Another bot process: its own REST client (and so its own rate-limit queues) on the same database. */
function processOn(b: Boot, clock: TestClock, sendTimeoutMs = 1_000): DailyService {
  const rest = new REST({ version: '10', api: b.e.apiUrl, rejectOnRateLimit: rejectCrosspostRateLimits }).setToken(
    b.e.token,
  );
  const d = createDailyService({ databaseUrl: b.url, rest, buildPost, clock, scheduler: { sendTimeoutMs } });
  services.push(d);
  return d;
}

function command(b: Boot, subcommand: string, options: Record<string, unknown> = {}, extra: object = {}) {
  return b.e.dispatchInteraction(
    b.e.chatInput({ name: 'aesc-daily', subcommand, options: options as never, memberPermissions: MANAGE, ...extra }),
  );
}

const channelOpt = (id: string) => ({ type: ApplicationCommandOptionType.Channel, value: id });
const roleOpt = (id: string) => ({ type: ApplicationCommandOptionType.Role, value: id });

describe('/aesc-daily deliveries end to end', () => {
  it('a forum post titled with the local date, with its tag and the role mention, valid against the spec', async () => {
    const b = await boot('2026-12-01T07:00:00Z');
    const fans = b.role('history fans');
    const cb = await command(b, 'set', {
      channel: channelOpt(b.forum.id),
      time: '09:00',
      timezone: 'Europe/London',
      role: roleOpt(fans),
      tag: 'daily',
    });
    expect(String(cb.data?.content)).toContain('- Posts as: a new forum post each day');
    expect(String(cb.data?.content)).toContain('- Forum tag: Daily');
    const since = b.e.requests.length;
    expect((await b.daily.tick(b.clock.set('2026-12-01T09:00:00Z'))).posted).toBe(1);
    const posts = b.e.requests
      .slice(since)
      .filter((r) => r.method === 'POST' && r.route === '/channels/:channelId/threads');
    expect(posts).toHaveLength(1);
    const req = posts[0];
    expect(req?.contractIssues ?? []).toEqual([]);
    const body = req?.body as { name: string; applied_tags: string[]; message: Record<string, unknown> };
    expect(body.name).toBe('AESC history · 1 December 2026');
    const daily = (b.forum as unknown as { available_tags: { id: string; name: string }[] }).available_tags.find(
      (t) => t.name === 'Daily',
    );
    expect(body.applied_tags).toEqual([daily?.id]);
    expect(body.message.allowed_mentions).toEqual({ parse: [], roles: [fans] });
    expect(body.message.content).toBe(`<@&${fans}>`);
    expect(body.message.nonce).toBeUndefined();
    const threadId = (req?.response as { id: string } | undefined)?.id ?? '';
    expect(b.e.messagesIn(threadId)).toHaveLength(1);
    // The next tick the same day posts nothing; status links the post inside its thread.
    await b.daily.tick(b.clock.set('2026-12-01T09:01:00Z'));
    expect(b.e.requests.filter((r) => r.route === '/channels/:channelId/threads')).toHaveLength(1);
    const st = String((await command(b, 'status')).data?.content);
    expect(st).toContain(
      `1 December 2026: posted ([message](https://discord.com/channels/${b.guildId}/${threadId}/${threadId}))`,
    );
    expect(b.e.contractViolations).toEqual([]);
  });

  it('a thread gets a plain message with the nonce; a role that cannot be mentioned is refused', async () => {
    const b = await boot('2026-06-01T07:00:00Z');
    const refused = await command(b, 'set', {
      channel: channelOpt(b.thread.id),
      time: '09:00',
      role: roleOpt(b.role('quiet')),
    });
    expect(String(refused.data?.content)).toMatch(/^Nothing was changed[\s\S]*is not mentionable/);
    expect(await b.daily.store.getSubscription(b.guildId)).toBeNull();
    await command(b, 'set', { channel: channelOpt(b.thread.id), time: '09:00' });
    await b.daily.tick(b.clock.set('2026-06-01T09:00:00Z'));
    const post = b.e.requests.find((r) => r.method === 'POST' && r.path === `/channels/${b.thread.id}/messages`);
    expect(post?.contractIssues ?? []).toEqual([]);
    expect((post?.body as Record<string, unknown> | undefined)?.allowed_mentions).toEqual({ parse: [] });
    expect((post?.body as Record<string, unknown> | undefined)?.enforce_nonce).toBe(true);
    expect(b.e.messagesIn(b.thread.id)).toHaveLength(1);
  });

  it('an announcement post is crossposted; a rate-limited crosspost is retried later that day, never a second post', async () => {
    const b = await boot('2026-06-01T07:00:00Z');
    const fans = b.role('history fans');
    const notNews = await command(b, 'set', {
      channel: channelOpt(b.text),
      time: '09:00',
      timezone: 'UTC',
      publish: true,
    });
    expect(String(notNews.data?.content)).toMatch(/`publish` works only in announcement channels/);
    await command(b, 'set', {
      channel: channelOpt(b.news),
      time: '09:00',
      timezone: 'UTC',
      publish: true,
      role: roleOpt(fans),
    });
    await b.daily.tick(b.clock.set('2026-06-01T09:00:00Z'));
    const [message] = b.e.messagesIn(b.news);
    expect(((message?.flags ?? 0) & MessageFlags.Crossposted) !== 0).toBe(true);
    const post = b.e.requests.find((r) => r.method === 'POST' && r.path === `/channels/${b.news}/messages`);
    expect((post?.body as Record<string, unknown> | undefined)?.allowed_mentions).toEqual({ parse: [], roles: [fans] });
    expect(post?.contractIssues ?? []).toEqual([]);

    // Day 2: Discord rate-limits the crosspost for an hour. The post stands; publishing waits.
    const crosspostRoute = { method: 'POST', path: /\/crosspost$/ };
    const stop = b.e.failRoute(crosspostRoute, { status: 429, retryAfter: 3600 });
    await b.daily.tick(b.clock.set('2026-06-02T09:00:00Z'));
    expect(b.e.messagesIn(b.news)).toHaveLength(2);
    const ledger = await b.daily.store.getLedger(b.guildId, '2026-06-02');
    expect(ledger).toMatchObject({ status: 'posted', crosspost: { state: 'pending' } });
    expect(String((await command(b, 'status')).data?.content)).toMatch(/2 June 2026: posted .*, publishing retried/);
    stop();
    // Later the same day the crosspost goes through; no second message.
    const retryAt = ledger?.crosspost?.nextAttemptAt ?? 0;
    expect(retryAt).toBeGreaterThan(Date.parse('2026-06-02T09:00:00Z'));
    await b.daily.tick(b.clock.set(new Date(retryAt + 60_000).toISOString()));
    expect(await b.daily.store.getLedger(b.guildId, '2026-06-02')).toMatchObject({ crosspost: { state: 'done' } });
    expect(b.e.messagesIn(b.news)).toHaveLength(2);
    expect(((b.e.messagesIn(b.news)[1]?.flags ?? 0) & MessageFlags.Crossposted) !== 0).toBe(true);
    expect(b.e.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${b.news}/messages`)).toHaveLength(
      2,
    );
  }, 20_000);

  it('exactly once across a restart between Discord creating the post and the ledger recording it: forum and crosspost', async () => {
    const b = await boot('2026-06-01T07:00:00Z');
    await command(b, 'set', { channel: channelOpt(b.forum.id), time: '09:00', timezone: 'UTC' });
    // Process A: Discord creates the forum post, but the answer never arrives and A dies.
    b.e.delayResponses({ method: 'POST', path: `/channels/${b.forum.id}/threads` }, { hang: true, after: true }, 1);
    void b.daily.tick(b.clock.set('2026-06-01T09:00:00Z')).catch(() => {});
    await b.e.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${b.forum.id}/threads`);
    await b.daily.scheduler.stop().catch(() => {});
    // Process B on the same database, after the lease: finds the post, records it, creates no second thread.
    const clockB = new TestClock('2026-06-01T09:30:00Z');
    const other = processOn(b, clockB);
    await other.tick(clockB.now());
    const threads = b.e.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${b.forum.id}/threads`);
    expect(threads).toHaveLength(1);
    const ledger = await other.store.getLedger(b.guildId, '2026-06-01');
    expect(ledger?.status).toBe('posted');
    expect(b.e.guild().threads.filter((t) => (t as { parent_id?: string }).parent_id === b.forum.id)).toHaveLength(1);
    expect(ledger?.postChannelId).toBe(
      b.e.guild().threads.find((t) => (t as { parent_id?: string }).parent_id === b.forum.id)?.id,
    );

    // Announcement: the post and its crosspost were made, the answer to the crosspost was lost, A died.
    await command(b, 'set', { channel: channelOpt(b.news), publish: true });
    b.e.delayResponses({ method: 'POST', path: /\/crosspost$/ }, { hang: true, after: true }, 1);
    const clockC = new TestClock('2026-06-02T09:00:00Z');
    const c = processOn(b, clockC, 500);
    await c.tick(clockC.now());
    // Process D after C died: the look-up finds the post (no second one); the crosspost is retried and Discord says
    // it is already crossposted, which counts as done.
    const clockD = new TestClock('2026-06-02T10:00:00Z');
    const d = processOn(b, clockD);
    await d.tick(clockD.now());
    await d.tick(clockD.set('2026-06-02T10:01:00Z'));
    expect(b.e.messagesIn(b.news)).toHaveLength(1);
    expect(await d.store.getLedger(b.guildId, '2026-06-02')).toMatchObject({
      status: 'posted',
      crosspost: { state: 'done' },
    });
  }, 20_000);

  it('export through the gateway; that file imported as an attachment and confirmed by its button gives the same file', async () => {
    const b = await boot('2026-06-01T07:00:00Z');
    await command(b, 'set', {
      channel: channelOpt(b.forum.id),
      time: '18:30',
      timezone: 'Asia/Tokyo',
      tag: 'History',
      days: 'mon-fri',
    });
    const exp = await command(b, 'export');
    const file = exp.request.files[0];
    expect(file?.name).toBe(`aesc-daily-${b.guildId}.json`);
    const exported = await b.daily.store.getSubscription(b.guildId);
    // Turn it off, then import the file as an attachment: the import turns it back on as it was.
    await b.daily.store.disable(b.guildId, Date.now());
    const { toExport, serializeExport } = await import('../src/daily/export.js');
    if (!exported) throw new Error('no subscription');
    const bytes = Buffer.from(serializeExport(toExport(exported)));
    const att = b.e.addAttachment('settings.json', bytes);
    const ask = await b.e.dispatchInteraction(
      b.e.chatInput({
        name: 'aesc-daily',
        subcommand: 'import',
        options: { file: { type: ApplicationCommandOptionType.Attachment, value: att.id } },
        resolved: { attachments: { [att.id]: att } },
        memberPermissions: MANAGE,
      }),
    );
    expect(String(ask.data?.content)).toContain('- Daily post: off → on');
    const row = (ask.data?.components as { components: { custom_id: string }[] }[] | undefined)?.[0];
    const confirm = row?.components[0]?.custom_id ?? '';
    expect(confirm).toMatch(/^aesc-daily:import:confirm:/);
    const reply = await b.e.waitForReply(ask.interactionId);
    const done = await b.e.dispatchInteraction(
      b.e.button({ customId: confirm, messageId: reply.id, memberPermissions: MANAGE }),
    );
    expect(done.type).toBe(7);
    expect(String(done.data?.content)).toMatch(/^\*\*Imported\.\*\* The daily post is \*\*on\*\*/);
    expect(
      Buffer.from(serializeExport(toExport((await b.daily.store.getSubscription(b.guildId)) ?? exported))),
    ).toEqual(bytes);
    expect(b.e.contractViolations).toEqual([]);
  });
});
