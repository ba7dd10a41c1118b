import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyNonce } from '../src/daily/sender.js';
import { DailyService } from '../src/daily/service.js';
import { MIGRATIONS, SqliteDailyStore } from '../src/daily/sqlite-store.js';
import {
  buildPost,
  createdDescriptions,
  discordError,
  FakeSender,
  harness,
  serverError,
  TestClock,
  tickEveryMinute,
} from './daily/helpers.js';

const G = '111111111111111111';
const C = '222222222222222222';

describe('posting at the local time', () => {
  it('Asia/Tokyo 09:00: once a day at 00:00Z, with a per-day nonce and enforce_nonce', async () => {
    const h = harness('2026-06-01T00:00:30Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'Asia/Tokyo' }); // today's 09:00 passed
    await tickEveryMinute(h.service, h.clock, '2026-06-01T00:01:00Z', '2026-06-03T12:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-06-02T00:00:00.000Z', '2026-06-03T00:00:00.000Z']);
    const [a, b] = h.sender.created;
    expect(a?.body.nonce).toBe(dailyNonce(G, '2026-06-02'));
    expect(b?.body.nonce).toBe(dailyNonce(G, '2026-06-03'));
    expect(String(a?.body.nonce).length).toBeLessThanOrEqual(25);
    expect(a?.body.nonce).not.toBe(b?.body.nonce);
    expect(a?.body.enforce_nonce).toBe(true);
    expect(a?.body.embeds?.[0]?.title).toBe('AESC on 2026-06-02');
    expect(a?.channelId).toBe(C);
    expect((await h.store.getLedger(G, '2026-06-02'))?.status).toBe('posted');
    expect((await h.store.getLedger(G, '2026-06-02'))?.messageId).toBe(a?.id);
  });

  it('America/Chicago spring forward (2026-03-08): 02:30 does not exist, posts once at 03:00 CDT', async () => {
    const h = harness('2026-03-07T12:00:00Z');
    await h.service.set(G, { channelId: C, time: '02:30', timezone: 'America/Chicago' });
    await tickEveryMinute(h.service, h.clock, '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-03-08T08:00:00.000Z', '2026-03-09T07:30:00.000Z']);
  });

  it('America/Chicago fall back (2026-11-01): 01:30 happens twice, posts once', async () => {
    const h = harness('2026-10-31T12:00:00Z');
    await h.service.set(G, { channelId: C, time: '01:30', timezone: 'America/Chicago' });
    await tickEveryMinute(h.service, h.clock, '2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-11-01T06:30:00.000Z', '2026-11-02T07:30:00.000Z']);
  });

  it('America/Chicago 09:00 across both changes keeps 09:00 local', async () => {
    const h = harness('2026-03-07T00:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'America/Chicago' });
    await tickEveryMinute(h.service, h.clock, '2026-03-07T00:00:00Z', '2026-03-09T23:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual([
      '2026-03-07T15:00:00.000Z',
      '2026-03-08T14:00:00.000Z',
      '2026-03-09T14:00:00.000Z',
    ]);
  });

  it('Europe/London spring forward (2026-03-29): 01:30 posts once at 02:00 BST', async () => {
    const h = harness('2026-03-28T12:00:00Z');
    await h.service.set(G, { channelId: C, time: '01:30', timezone: 'Europe/London' });
    await tickEveryMinute(h.service, h.clock, '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('Europe/London fall back (2026-10-25): 01:30 happens twice, posts once', async () => {
    const h = harness('2026-10-24T12:00:00Z');
    await h.service.set(G, { channelId: C, time: '01:30', timezone: 'Europe/London' });
    await tickEveryMinute(h.service, h.clock, '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('Asia/Kathmandu (+05:45) and Australia/Eucla (+08:45)', async () => {
    const h = harness('2026-06-01T00:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'Asia/Kathmandu' });
    await h.service.set('333333333333333333', { channelId: '444', time: '09:00', timezone: 'Australia/Eucla' });
    await tickEveryMinute(h.service, h.clock, '2026-06-01T00:00:00Z', '2026-06-01T12:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-06-01T00:15:00.000Z', '2026-06-01T03:15:00.000Z']);
    expect(h.sender.created.map((m) => m.channelId)).toEqual(['444', C]);
  });

  it('a tick that is a few seconds late still posts; ticks before the time do not', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    await h.service.tick(h.clock.set('2026-06-01T08:59:59Z'));
    expect(h.sender.created).toHaveLength(0);
    await h.service.tick(h.clock.set('2026-06-01T09:00:07Z'));
    expect(h.sender.created).toHaveLength(1);
    await h.service.tick(h.clock.set('2026-06-01T09:01:00Z'));
    expect(h.sender.requests).toHaveLength(1);
  });
});

describe('catch-up after downtime', () => {
  it("posts today's entry when the bot returns later the same local day", async () => {
    const h = harness('2026-06-01T07:30:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'Europe/London' }); // 08:00Z (BST)
    // down from 07:30Z to 15:00Z
    await h.service.tick(h.clock.set('2026-06-01T15:00:00Z'));
    expect(createdDescriptions(h.sender)).toEqual(['2026-06-01T15:00:00.000Z']);
    await tickEveryMinute(h.service, h.clock, '2026-06-01T15:01:00Z', '2026-06-01T23:59:00Z');
    expect(h.sender.requests).toHaveLength(1);
  });

  it('skips a day that passed while the bot was down, never posts it late', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    expect(h.sender.created).toHaveLength(1);
    // Down all of June 2; back June 3 at 08:00Z, before that day's time.
    await h.service.tick(h.clock.set('2026-06-03T08:00:00Z'));
    expect(h.sender.created).toHaveLength(1);
    expect((await h.store.getLedger(G, '2026-06-02'))?.status).toBe('skipped');
    expect((await h.service.status(G))?.subscription.lastResult).toBe('skipped');
    expect((await h.service.status(G))?.nextPostAt?.toISOString()).toBe('2026-06-03T09:00:00.000Z');
    await tickEveryMinute(h.service, h.clock, '2026-06-03T08:01:00Z', '2026-06-03T23:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-03T09:00:00.000Z']);
  });

  it('back after midnight local time (Asia/Tokyo 23:30): the passed day is skipped, today goes out at 23:30', async () => {
    const h = harness('2026-06-01T13:00:00Z'); // 22:00 in Tokyo
    await h.service.set(G, { channelId: C, time: '23:30', timezone: 'Asia/Tokyo' });
    // Down 22:00-00:10 Tokyo time.
    await h.service.tick(h.clock.set('2026-06-01T15:10:00Z'));
    expect(h.sender.created).toHaveLength(0);
    expect((await h.store.getLedger(G, '2026-06-01'))?.status).toBe('skipped');
    await tickEveryMinute(h.service, h.clock, '2026-06-01T15:11:00Z', '2026-06-02T15:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-06-02T14:30:00.000Z']);
    expect(h.sender.created[0]?.body.nonce).toBe(dailyNonce(G, '2026-06-02'));
  });

  it('back after several days: posts today once, none of the missed days', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'America/Chicago' });
    await h.service.tick(h.clock.set('2026-06-05T20:00:00Z'));
    await h.service.tick(h.clock.set('2026-06-05T20:01:00Z'));
    expect(createdDescriptions(h.sender)).toEqual(['2026-06-05T20:00:00.000Z']);
    expect(h.sender.created[0]?.body.nonce).toBe(dailyNonce(G, '2026-06-05'));
  });
});

describe('exactly once across restarts and processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aesc-daily-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('restart between claim and send: the new process resends after the lease, one message, same nonce', async () => {
    const url = `file:${join(dir, 'db.sqlite')}`;
    const sender = new FakeSender();
    const a = harness('2026-06-01T08:00:00Z', { url, sender });
    await a.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    const claimed = await a.store.claim(
      [{ guildId: G, claimDate: '2026-06-01' }],
      a.service.scheduler.owner,
      Date.parse('2026-06-01T09:00:00Z'),
      a.service.scheduler.leaseMs,
    );
    expect(claimed).toEqual([{ kind: 'claimed', attempts: 1 }]);
    await a.store.close(); // "crash": nothing was sent
    const b = harness('2026-06-01T09:00:30Z', { url, sender });
    await b.service.tick(b.clock.now()); // lease still held by the dead process
    expect(sender.requests).toHaveLength(0);
    await tickEveryMinute(b.service, b.clock, '2026-06-01T09:01:00Z', '2026-06-01T12:00:00Z');
    expect(sender.created).toHaveLength(1);
    expect(sender.created[0]?.body.nonce).toBe(dailyNonce(G, '2026-06-01'));
    expect(Date.parse(createdDescriptions(sender)[0] ?? '')).toBeLessThanOrEqual(Date.parse('2026-06-01T09:03:00Z'));
    expect((await b.store.getLedger(G, '2026-06-01'))?.attempts).toBe(2);
    await b.store.close();
  });

  it('crash after Discord created the message but before the ledger said so: the resend returns the same message', async () => {
    const url = `file:${join(dir, 'db.sqlite')}`;
    const discord = new FakeSender();
    // Process A's sender reaches Discord, then the process dies before the answer is recorded.
    const dying = {
      async send(channelId: string, body: RESTPostAPIChannelMessageJSONBody) {
        await discord.send(channelId, body);
        return new Promise<{ id: string }>(() => {});
      },
    };
    const clockA = new TestClock('2026-06-01T08:00:00Z');
    const a = new DailyService({ store: new SqliteDailyStore(url), sender: dying, buildPost, clock: clockA });
    await a.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    void a.tick(clockA.set('2026-06-01T09:00:00Z'));
    await new Promise((r) => setTimeout(r, 20));
    expect(discord.created).toHaveLength(1);
    expect((await a.store.getLedger(G, '2026-06-01'))?.status).toBe('claimed');

    const b = harness('2026-06-01T09:01:00Z', { url, sender: discord });
    await tickEveryMinute(b.service, b.clock, '2026-06-01T09:01:00Z', '2026-06-01T10:00:00Z');
    expect(discord.requests).toHaveLength(2);
    expect(discord.requests[1]?.created).toBe(false);
    expect(discord.requests[1]?.body.nonce).toBe(discord.requests[0]?.body.nonce);
    expect(discord.created).toHaveLength(1);
    const ledger = await b.store.getLedger(G, '2026-06-01');
    expect(ledger?.status).toBe('posted');
    expect(ledger?.messageId).toBe(discord.created[0]?.id);
    await b.store.close();
  });

  it('two schedulers on one database file make one post (ticking at the same moment)', async () => {
    const url = `file:${join(dir, 'db.sqlite')}`;
    const discord = new FakeSender();
    const a = harness('2026-06-01T08:00:00Z', { url, sender: discord });
    const b = harness('2026-06-01T08:00:00Z', { url, sender: discord });
    for (let i = 0; i < 20; i++) {
      await a.service.set(`9${String(i).padStart(17, '0')}`, { channelId: `c${i}`, time: '09:00', timezone: 'UTC' });
    }
    for (const minute of ['09:00', '09:01', '09:02', '09:03', '09:05']) {
      const now = new Date(`2026-06-01T${minute}:00Z`);
      a.clock.ms = b.clock.ms = now.getTime();
      await Promise.all([a.service.tick(now), b.service.tick(now), a.service.tick(now)]);
    }
    // Not just deduplicated by the nonce: the ledger stopped the second send.
    expect(discord.requests).toHaveLength(20);
    expect(discord.created).toHaveLength(20);
    expect(new Set(discord.created.map((m) => m.channelId)).size).toBe(20);
    await a.store.close();
    await b.store.close();
  });

  it('sharded processes schedule only the guilds they own', async () => {
    const url = `file:${join(dir, 'db.sqlite')}`;
    const discord = new FakeSender();
    const { shardOwnership } = await import('../src/daily/scheduler.js');
    const g0 = String((0n << 22n) | 1n); // shard 0 of 2
    const g1 = String((1n << 22n) | 1n); // shard 1 of 2
    const a = harness('2026-06-01T08:00:00Z', { url, sender: discord, ownsGuild: shardOwnership([0], 2) });
    const b = harness('2026-06-01T08:00:00Z', { url, sender: discord, ownsGuild: shardOwnership([1], 2) });
    await a.service.set(g0, { channelId: 'c0', time: '09:00', timezone: 'UTC' });
    await a.service.set(g1, { channelId: 'c1', time: '09:00', timezone: 'UTC' });
    const r = await a.service.tick(new Date('2026-06-01T09:00:00Z'));
    expect(r.notOwned).toBe(1);
    expect(discord.created.map((m) => m.channelId)).toEqual(['c0']);
    await b.service.tick(new Date('2026-06-01T09:00:10Z'));
    expect(discord.created.map((m) => m.channelId)).toEqual(['c0', 'c1']);
    await a.store.close();
    await b.store.close();
  });

  it('an acknowledged configuration survives closing and reopening the database', async () => {
    const url = `file:${join(dir, 'nested', 'folder', 'db.sqlite')}`; // folder created on first start
    const a = harness('2026-06-01T08:00:00Z', { url });
    const set = await a.service.set(G, { channelId: C, time: '18:30', timezone: 'Asia/Kathmandu' });
    expect(set.ok).toBe(true);
    a.store.db.close(); // no graceful shutdown
    const b = new SqliteDailyStore(url);
    const sub = await b.getSubscription(G);
    expect(sub).toMatchObject({ channelId: C, time: '18:30', timezone: 'Asia/Kathmandu', enabled: true });
    expect(sub?.nextDueUtc).toBe(Date.parse('2026-06-01T12:45:00Z'));
    expect(b.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(b.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    // The latest migration (issue 13 added version 3, the post language).
    expect(b.db.prepare("SELECT version FROM schema_version WHERE component = 'daily'").get()).toEqual({
      version: MIGRATIONS.at(-1)?.version,
    });
    await b.close();
  });
});

describe('failures', () => {
  it.each([
    [50001, 403, 'Missing Access'],
    [50013, 403, 'Missing Permissions'],
    [10003, 404, 'Unknown Channel'],
  ])('permanent error %i is recorded and pauses after 3 days in a row', async (code, status, words) => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    h.sender.always.set(C, () => discordError(code, status, words));
    for (const [day, count] of [
      ['01', 1],
      ['02', 2],
    ] as const) {
      await tickEveryMinute(h.service, h.clock, `2026-06-${day}T08:59:00Z`, `2026-06-${day}T10:00:00Z`);
      const st = await h.service.status(G);
      expect(st?.state).toBe('active');
      expect(st?.subscription.consecutiveFailures).toBe(count);
      expect(st?.subscription.lastResult).toBe('failed');
      expect(st?.subscription.lastError).toMatchObject({ kind: 'permanent', code: String(code) });
      expect((await h.store.getLedger(G, `2026-06-${day}`))?.status).toBe('failed');
    }
    expect(h.sender.requests).toHaveLength(0);
    await tickEveryMinute(h.service, h.clock, '2026-06-03T08:59:00Z', '2026-06-03T10:00:00Z');
    const st = await h.service.status(G);
    expect(st?.state).toBe('paused');
    expect(st?.subscription.pausedReason).toBe('permanent_failures');
    expect(st?.subscription.consecutiveFailures).toBe(3);
    // Paused: no more attempts, the subscription is kept.
    h.sender.always.delete(C);
    await tickEveryMinute(h.service, h.clock, '2026-06-04T08:59:00Z', '2026-06-04T10:00:00Z');
    expect(h.sender.requests).toHaveLength(0);
    // `set` again resumes.
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    expect((await h.service.status(G))?.state).toBe('active');
    await tickEveryMinute(h.service, h.clock, '2026-06-05T08:59:00Z', '2026-06-05T10:00:00Z');
    expect(h.sender.created).toHaveLength(1);
    expect((await h.service.status(G))?.subscription.consecutiveFailures).toBe(0);
  });

  it('a success in between resets the count', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    for (const [day, fail] of [
      ['01', true],
      ['02', true],
      ['03', false],
      ['04', true],
      ['05', true],
    ] as const) {
      if (fail) h.sender.failNext(C, discordError(50013, 403));
      await h.service.tick(h.clock.set(`2026-06-${day}T09:00:00Z`));
    }
    const st = await h.service.status(G);
    expect(st?.state).toBe('active');
    expect(st?.subscription.consecutiveFailures).toBe(2);
  });

  it('transient errors (5xx, network, 429) are retried with backoff the same day, with the same nonce', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    const rateLimited = Object.assign(new Error('429'), { status: 429, code: 0 });
    h.sender.failNext(C, serverError(503), new Error('read ECONNRESET'), rateLimited);
    const calls: string[] = [];
    const inner = h.sender.send.bind(h.sender);
    h.sender.send = async (channelId, body) => {
      calls.push(h.clock.now().toISOString());
      return inner(channelId, body);
    };
    await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    const st = await h.service.status(G);
    expect(st?.subscription.lastResult).toBe('retrying');
    expect(st?.retrying).toBe(true);
    expect(st?.nextPostAt?.toISOString()).toBe('2026-06-01T09:01:00.000Z');
    await tickEveryMinute(h.service, h.clock, '2026-06-01T09:01:00Z', '2026-06-01T10:00:00Z');
    // backoff 1, 2, 4 minutes
    expect(calls).toEqual([
      '2026-06-01T09:00:00.000Z',
      '2026-06-01T09:01:00.000Z',
      '2026-06-01T09:03:00.000Z',
      '2026-06-01T09:07:00.000Z',
    ]);
    expect(h.sender.created).toHaveLength(1);
    expect(h.sender.created[0]?.body.nonce).toBe(dailyNonce(G, '2026-06-01'));
    const after = await h.service.status(G);
    expect(after?.subscription.lastResult).toBe('posted');
    expect(after?.subscription.consecutiveFailures).toBe(0);
    expect((await h.store.getLedger(G, '2026-06-01'))?.attempts).toBe(4);
  });

  it('a transient outage all day marks the day failed at its end, does not pause, and the next day posts', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '20:00', timezone: 'UTC' });
    h.sender.always.set(C, () => serverError(502));
    await tickEveryMinute(h.service, h.clock, '2026-06-01T19:59:00Z', '2026-06-02T00:10:00Z');
    expect((await h.store.getLedger(G, '2026-06-01'))?.status).toBe('failed');
    const st = await h.service.status(G);
    expect(st?.state).toBe('active');
    expect(st?.subscription.lastResult).toBe('failed');
    expect(st?.subscription.lastError).toMatchObject({ kind: 'transient', code: 'http_502' });
    expect(st?.subscription.consecutiveFailures).toBe(0);
    expect(st?.nextPostAt?.toISOString()).toBe('2026-06-02T20:00:00.000Z');
    h.sender.always.delete(C);
    await tickEveryMinute(h.service, h.clock, '2026-06-02T19:59:00Z', '2026-06-02T20:05:00Z');
    expect(h.sender.created).toHaveLength(1);
    expect(h.sender.created[0]?.body.nonce).toBe(dailyNonce(G, '2026-06-02'));
  });

  it('a send whose lease ran out while waiting its turn is not sent; it goes out on the next tick', async () => {
    const h = harness('2026-06-01T08:00:00Z', { scheduler: { concurrency: 1 } });
    await h.service.set(G, { channelId: 'a', time: '09:00', timezone: 'UTC' });
    await h.service.set('333333333333333333', { channelId: 'b', time: '09:00', timezone: 'UTC' });
    const inner = h.sender.send.bind(h.sender);
    let slow = true;
    h.sender.send = async (channelId, body) => {
      if (slow) h.clock.advance(3 * 60_000); // the first send takes 3 minutes
      slow = false;
      return inner(channelId, body);
    };
    const r = await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    expect(r).toMatchObject({ claimed: 2, posted: 1, retrying: 1 });
    expect(h.sender.requests).toHaveLength(1);
    await h.service.tick(h.clock.set('2026-06-01T09:04:00Z'));
    expect(h.sender.created.map((m) => m.channelId).sort()).toEqual(['a', 'b']);
  });

  it('a tick that throws (store error) is logged and the next tick works', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    const original = h.store.listDue.bind(h.store);
    h.store.listDue = async () => {
      throw new Error('disk I/O error');
    };
    await expect(h.service.tick(h.clock.set('2026-06-01T09:00:00Z'))).rejects.toThrow('disk I/O error');
    h.store.listDue = original;
    await h.service.tick(h.clock.set('2026-06-01T09:01:00Z'));
    expect(h.sender.created).toHaveLength(1);
  });
});

describe('service', () => {
  it('guild delete pauses the subscription (kept), set resumes it', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    await h.service.onGuildDelete(G);
    await h.service.onGuildDelete('999'); // unknown guild: nothing happens
    const st = await h.service.status(G);
    expect(st?.state).toBe('paused');
    expect(st?.subscription.pausedReason).toBe('guild_removed');
    await tickEveryMinute(h.service, h.clock, '2026-06-01T08:59:00Z', '2026-06-01T10:00:00Z');
    expect(h.sender.requests).toHaveLength(0);
    await h.service.set(G, { channelId: C, time: '11:00', timezone: 'UTC' });
    await tickEveryMinute(h.service, h.clock, '2026-06-01T10:59:00Z', '2026-06-01T11:10:00Z');
    expect(h.sender.created).toHaveLength(1);
  });

  it('off stops posting and keeps the settings; set turns it back on', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    const off = await h.service.off(G);
    expect(off).toMatchObject({ enabled: false, channelId: C, time: '09:00' });
    expect(await h.service.off('999')).toBeNull();
    await tickEveryMinute(h.service, h.clock, '2026-06-01T08:59:00Z', '2026-06-01T10:00:00Z');
    expect(h.sender.requests).toHaveLength(0);
    expect((await h.service.status(G))?.state).toBe('off');
  });

  it('changing the time after today’s post does not post twice today', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    const r = await h.service.set(G, { channelId: C, time: '15:00', timezone: 'UTC' });
    expect(r.ok && r.nextPostAt.toISOString()).toBe('2026-06-02T15:00:00.000Z');
    await tickEveryMinute(h.service, h.clock, '2026-06-01T09:01:00Z', '2026-06-02T16:00:00Z');
    expect(createdDescriptions(h.sender)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-02T15:00:00.000Z']);
  });

  it('a time earlier than now starts tomorrow; a later one today', async () => {
    const h = harness('2026-06-01T12:00:00Z');
    const early = await h.service.set(G, { channelId: C, time: '11:59', timezone: 'UTC' });
    expect(early.ok && early.nextPostAt.toISOString()).toBe('2026-06-02T11:59:00.000Z');
    const late = await h.service.set(G, { channelId: C, time: '12:01', timezone: 'UTC' });
    expect(late.ok && late.nextPostAt.toISOString()).toBe('2026-06-01T12:01:00.000Z');
  });

  it('test posts now without the daily nonce and does not count as the day’s post', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    expect(await h.service.test(G)).toEqual({ ok: false, reason: 'not_configured' });
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    const r = await h.service.test(G);
    expect(r.ok).toBe(true);
    expect(h.sender.created[0]?.body.nonce).toBeUndefined();
    expect(h.sender.created[0]?.body.enforce_nonce).toBeUndefined();
    expect(await h.store.getLedger(G, '2026-06-01')).toBeNull();
    await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    expect(h.sender.created).toHaveLength(2);
    h.sender.failNext(C, discordError(50013, 403));
    expect(await h.service.test(G)).toMatchObject({ ok: false, reason: 'send_failed', error: { code: '50013' } });
  });

  it('bad time or zone is refused by the service too, and nothing is stored', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    expect(await h.service.set(G, { channelId: C, time: '25:00', timezone: 'UTC' })).toEqual({
      ok: false,
      error: 'bad_time',
    });
    expect(await h.service.set(G, { channelId: C, time: '09:00', timezone: 'Mars/Base' })).toEqual({
      ok: false,
      error: 'bad_timezone',
    });
    expect(await h.store.getSubscription(G)).toBeNull();
  });

  it('start() ticks at once (catch-up) and stop() waits for it', async () => {
    const h = harness('2026-06-01T08:00:00Z');
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    h.clock.set('2026-06-01T10:00:00Z');
    h.service.start();
    await h.service.stop();
    expect(h.sender.created).toHaveLength(1);
    expect(h.service.scheduler.lastTick?.result?.posted).toBe(1);
  });
});

describe('store', () => {
  it('the due query reads through the partial index', () => {
    const store = new SqliteDailyStore(':memory:');
    const plan = store.db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT guild_id, channel_id, time_hhmm, timezone, next_local_date, version FROM subscriptions INDEXED BY subscriptions_due WHERE enabled = 1 AND paused_reason IS NULL AND next_due_utc <= ? ORDER BY next_due_utc LIMIT ?',
      )
      .all(0, 10) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX subscriptions_due \(next_due_utc<\?\)/);
  });

  it('parses DATABASE_URL forms', async () => {
    const { sqlitePathFromUrl } = await import('../src/daily/sqlite-store.js');
    expect(sqlitePathFromUrl(':memory:')).toBe(':memory:');
    expect(sqlitePathFromUrl('file::memory:')).toBe(':memory:');
    expect(sqlitePathFromUrl('file:/tmp/x.sqlite')).toBe('/tmp/x.sqlite');
    expect(sqlitePathFromUrl('file:///tmp/y.sqlite')).toBe('/tmp/y.sqlite');
    expect(sqlitePathFromUrl('file:./var/aesc-bot.sqlite')).toBe(join(process.cwd(), 'var', 'aesc-bot.sqlite'));
    expect(() => sqlitePathFromUrl('postgres://u@h/db')).toThrow(/PostgreSQL/);
  });

  it('prunes old settled ledger rows', async () => {
    const h = harness('2026-06-01T08:00:00Z', { scheduler: { ledgerRetentionDays: 2 } });
    await h.service.set(G, { channelId: C, time: '09:00', timezone: 'UTC' });
    await h.service.tick(h.clock.set('2026-06-01T09:00:00Z'));
    await h.service.tick(h.clock.set('2026-06-02T09:00:00Z'));
    await h.service.tick(h.clock.set('2026-06-04T09:00:00Z'));
    expect(await h.store.getLedger(G, '2026-06-01')).toBeNull();
    expect((await h.store.getLedger(G, '2026-06-02'))?.status).toBe('posted');
  });
});
