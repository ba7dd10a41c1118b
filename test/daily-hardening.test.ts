// Issue 8, items 1, 2, 3 and 5, end to end: the daily post through a real @discordjs/rest client against the local
// Discord emulator, with the emulator's fault modes (nonces forgotten like Discord does after a few minutes, a
// response that is late or lost after the message was created, a channel rate limited for 10 minutes, a 401).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DailyProblem } from '../src/daily/health.js';
import { describeFailure } from '../src/daily/sender.js';
import { createDailyService, type DailyService } from '../src/daily/service.js';
import { buildPost, TestClock } from './daily/helpers.js';
import { type Emulator, startEmulator } from './support/emulator.js';

let emu: Emulator;
let dir: string;
const services: DailyService[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aesc-daily-hardening-'));
});

afterEach(async () => {
  for (const s of services.splice(0)) await s.close().catch(() => {});
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

function restFor(e: Emulator): REST {
  return new REST({ version: '10', api: e.apiUrl, retries: 0, timeout: 10_000 }).setToken(e.token);
}

function daily(
  e: Emulator,
  clock: TestClock,
  opts: { url?: string; sendTimeoutMs?: number; onFatal?: (p: DailyProblem) => void; rest?: REST } = {},
) {
  const d = createDailyService({
    databaseUrl: opts.url ?? `file:${join(dir, 'daily.sqlite')}`,
    rest: opts.rest ?? restFor(e),
    buildPost,
    clock,
    scheduler: {
      sendTimeoutMs: opts.sendTimeoutMs ?? 5_000,
      stopGraceMs: 100,
      retryDelayMs: 60_000,
      ...(opts.onFatal ? { onFatal: opts.onFatal } : {}),
    },
  });
  services.push(d);
  return d;
}

const postsTo = (channelId: string) => ({ method: 'POST', path: `/channels/${channelId}/messages` });

describe('exactly once does not depend on Discord’s nonce window (items 1 and 2)', () => {
  it('a lost response, then a re-send after Discord forgot the nonce: the earlier post is found, not posted again', async () => {
    emu = await startEmulator({ guilds: 1 });
    const guildId = emu.guild().id;
    const channelId = emu.textChannelId();
    const clock = new TestClock('2026-06-01T08:00:00Z');
    const d = daily(emu, clock, { sendTimeoutMs: 300 });
    await d.set(guildId, { channelId, time: '09:00', timezone: 'UTC' });
    // Discord creates the message but the answer never arrives: the send times out and is retried.
    emu.delayResponses(postsTo(channelId), { hang: true, after: true }, 1);
    await d.tick(clock.set('2026-06-01T09:00:00Z'));
    expect(emu.messagesIn(channelId)).toHaveLength(1);
    expect((await d.get(guildId))?.lastResult).toBe('retrying');
    // Minutes later Discord no longer de-duplicates that nonce (on real Discord: "the past few minutes").
    emu.forgetNonces();
    const since = emu.requests.length;
    await d.tick(clock.set('2026-06-01T09:07:00Z'));
    const after = emu.requests.slice(since).map((r) => `${r.method} ${r.route ?? r.path}`);
    expect(after).toContain('GET /channels/:channelId/messages');
    expect(after).not.toContain('POST /channels/:channelId/messages');
    expect(emu.messagesIn(channelId)).toHaveLength(1);
    const ledger = await d.store.getLedger(guildId, '2026-06-01');
    expect(ledger).toMatchObject({ status: 'posted', messageId: emu.messagesIn(channelId)[0]?.id });
    // The post carries the marker the look-up matched, in the embed footer.
    expect(emu.messagesIn(channelId)[0]?.embeds[0]?.footer?.text).toContain('daily post 2026-06-01');
  });

  it('a process that died mid-send is taken over 6 hours later: one message, found by the look-up', async () => {
    emu = await startEmulator({ guilds: 1 });
    const guildId = emu.guild().id;
    const channelId = emu.textChannelId();
    const url = `file:${join(dir, 'shared.sqlite')}`;
    const clockA = new TestClock('2026-06-01T08:00:00Z');
    const a = daily(emu, clockA, { url, sendTimeoutMs: 60_000 });
    await a.set(guildId, { channelId, time: '09:00', timezone: 'UTC' });
    emu.delayResponses(postsTo(channelId), { hang: true, after: true }, 1);
    void a.tick(clockA.set('2026-06-01T09:00:00Z')).catch(() => {});
    await emu.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
    // A is gone for good (SIGKILL): it never records anything. B starts 6 hours later, the nonce long forgotten.
    emu.forgetNonces();
    const clockB = new TestClock('2026-06-01T15:00:00Z');
    const b = daily(emu, clockB, { url });
    await b.tick(clockB.now());
    expect(emu.messagesIn(channelId)).toHaveLength(1);
    expect(await b.store.getLedger(guildId, '2026-06-01')).toMatchObject({
      status: 'posted',
      messageId: emu.messagesIn(channelId)[0]?.id,
      attempts: 2,
    });
  });

  it('back the next day: a day left claimed is resolved by the look-up (posted), never "Unknown error"', async () => {
    emu = await startEmulator({ guilds: 2 });
    const [g1, g2] = emu.guilds.map((g) => g.id) as [string, string];
    const c1 = emu.textChannelId(g1);
    const c2 = emu.textChannelId(g2);
    const url = `file:${join(dir, 'shared.sqlite')}`;
    const clockA = new TestClock('2026-06-01T08:00:00Z');
    const a = daily(emu, clockA, { url, sendTimeoutMs: 60_000 });
    await a.set(g1, { channelId: c1, time: '09:00', timezone: 'UTC' });
    await a.set(g2, { channelId: c2, time: '09:00', timezone: 'UTC' });
    // g1: Discord created the message, the answer was lost. g2: the request never got through.
    emu.delayResponses(postsTo(c1), { hang: true, after: true }, 1);
    emu.delayResponses(postsTo(c2), { hang: true }, 1);
    void a.tick(clockA.set('2026-06-01T09:00:00Z')).catch(() => {});
    await emu.waitForRequest((r) => r.path === `/channels/${c1}/messages` && r.method === 'POST');
    await emu.waitForRequest((r) => r.path === `/channels/${c2}/messages` && r.method === 'POST');
    // A dies; the bot is back on June 2 at 08:00, before that day's post.
    const clockB = new TestClock('2026-06-02T08:00:00Z');
    const b = daily(emu, clockB, { url });
    await b.tick(clockB.now());
    expect(emu.messagesIn(c1)).toHaveLength(1);
    expect(emu.messagesIn(c2)).toHaveLength(0);
    expect(await b.store.getLedger(g1, '2026-06-01')).toMatchObject({
      status: 'posted',
      messageId: emu.messagesIn(c1)[0]?.id,
    });
    expect((await b.get(g1))?.lastResult).toBe('posted');
    const failed = await b.store.getLedger(g2, '2026-06-01');
    expect(failed?.status).toBe('failed');
    const sub2 = await b.get(g2);
    expect(sub2?.lastResult).toBe('failed');
    expect(sub2?.lastError?.code).toBe('interrupted');
    expect(describeFailure(sub2?.lastError ?? { kind: 'transient', code: '?', message: '' })).toMatch(
      /stopped in the middle of posting/,
    );
    // Both post again the same day as usual.
    await b.tick(clockB.set('2026-06-02T09:00:00Z'));
    expect(emu.messagesIn(c1)).toHaveLength(2);
    expect(emu.messagesIn(c2)).toHaveLength(1);
  });
});

describe('a 401 is fatal, not a network error (item 3)', () => {
  it('stops posting, reports unhealthy once, and every post waits for a restart (retried the same day)', async () => {
    emu = await startEmulator({ guilds: 3 });
    const ids = emu.guilds.map((g) => g.id);
    const clock = new TestClock('2026-06-01T08:00:00Z');
    const fatal: DailyProblem[] = [];
    const d = daily(emu, clock, { onFatal: (p) => fatal.push(p) });
    for (const id of ids) await d.set(id, { channelId: emu.textChannelId(id), time: '09:00', timezone: 'UTC' });
    emu.failRoute({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, 'unauthorized');
    expect(d.health().ok).toBe(true);
    await d.tick(clock.set('2026-06-01T09:00:00Z'));
    const health = d.health();
    expect(health.ok).toBe(false);
    expect(health.problems.map((p) => p.code)).toEqual(['discord_unauthorized']);
    expect(health.problems[0]?.message).toMatch(/401 Unauthorized.*DISCORD_TOKEN/);
    expect(fatal).toHaveLength(1);
    for (const id of ids) {
      // @discordjs/rest dropped its token after the first 401: the others failed with "Expected token to be set".
      const sub = await d.get(id);
      expect(sub?.lastError?.code).toBe('unauthorized');
      expect(sub?.lastResult).toBe('retrying');
      expect(sub?.consecutiveFailures).toBe(0);
    }
    const since = emu.requests.length;
    await d.tick(clock.set('2026-06-01T09:10:00Z'));
    expect(emu.requests.slice(since)).toHaveLength(0);
    expect(fatal).toHaveLength(1);
    // After a restart with a working token, the same day's posts go out.
    emu.clearFailures();
    await d.close();
    const again = daily(emu, clock);
    await again.tick(clock.set('2026-06-01T09:11:00Z'));
    for (const id of ids) expect(emu.messagesIn(emu.textChannelId(id))).toHaveLength(1);
    expect(again.health().ok).toBe(true);
  });
});

describe('one slow channel never delays another server’s post (item 5)', () => {
  it('a send abandoned at its deadline while @discordjs/rest waits out a 429 is never sent after the wait', async () => {
    emu = await startEmulator({ guilds: 1 });
    const guildId = emu.guild().id;
    const channelId = emu.textChannelId();
    const clock = new TestClock('2026-06-01T08:00:00Z');
    const d = daily(emu, clock, { sendTimeoutMs: 300 });
    await d.set(guildId, { channelId, time: '09:00', timezone: 'UTC' });
    emu.failChannel(channelId, { status: 429, retryAfter: 1.5 }, 1);
    const t0 = Date.now();
    await d.tick(clock.set('2026-06-01T09:00:00Z'));
    expect(Date.now() - t0).toBeLessThan(1_200); // the deadline ended the wait, not the 1.5 s retry_after
    expect((await d.get(guildId))?.lastResult).toBe('retrying');
    await new Promise((r) => setTimeout(r, 2_000)); // the REST manager's sleep is over by now
    const posts = emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
    expect(posts.map((r) => r.status)).toEqual([429]); // the abandoned request was dropped, not sent late
    expect(emu.messagesIn(channelId)).toHaveLength(0);
  });

  it('a channel rate limited for 10 minutes and one that hangs: the 18 others post within 5 s of their time', async () => {
    emu = await startEmulator({ guilds: 20 });
    const ids = emu.guilds.map((g) => g.id);
    const channels = ids.map((id) => emu.textChannelId(id));
    const [limited, hanging] = channels as [string, string];
    const clock = new TestClock('2026-06-01T08:00:00Z');
    const d = daily(emu, clock, { sendTimeoutMs: 2_000 });
    for (const [i, id] of ids.entries())
      await d.set(id, { channelId: channels[i] ?? '', time: '09:00', timezone: 'UTC' });
    emu.failChannel(limited, { status: 429, retryAfter: 600 });
    emu.delayResponses(postsTo(hanging), { hang: true });
    clock.set('2026-06-01T09:00:00Z');
    const started = Date.now();
    d.start(); // the real path: the catch-up tick, then the minute cron
    const others = channels.slice(2);
    while (others.some((c) => emu.messagesIn(c).length === 0) && Date.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = Date.now() - started;
    expect(others.filter((c) => emu.messagesIn(c).length === 0)).toEqual([]);
    expect(elapsed).toBeLessThan(5_000);
    expect(emu.messagesIn(limited)).toHaveLength(0);
    // The deadline really ends both sends (the 10-minute rate-limit sleep included): each is recorded as a retry.
    const waitRecorded = async (guildId: string) => {
      for (let i = 0; i < 200 && (await d.get(guildId))?.lastResult !== 'retrying'; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      return d.get(guildId);
    };
    expect((await waitRecorded(ids[0] ?? ''))?.lastError?.kind).toBe('transient');
    expect((await waitRecorded(ids[1] ?? ''))?.lastError?.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(8_000);
    // A server due a minute later posts at once, although the limited channel's request still sleeps in the REST
    // queue for ~10 minutes.
    const late = emu.guildCreate({});
    const lateChannel = emu.textChannelId(late.id);
    await d.set(late.id, { channelId: lateChannel, time: '09:01', timezone: 'UTC' });
    // (The two slow ones are due again at 09:01 too: their retries take their own 2 s, in the background.)
    const t0 = Date.now();
    const tick = d.tick(clock.set('2026-06-01T09:01:00Z'));
    while (emu.messagesIn(lateChannel).length === 0 && Date.now() - t0 < 5_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(emu.messagesIn(lateChannel)).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(1_000);
    await tick;
    await d.stop();
  }, 20_000);
});
