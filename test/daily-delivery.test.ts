// src/daily/delivery.ts without a network: the exact requests each delivery kind makes (checked against Discord's
// OpenAPI schemas), crosspost outcomes for each kind of failure, and the crosspost retry step over the real store.
import { DiscordAPIError, RateLimitError } from '@discordjs/rest';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  crosspost,
  deliverDailyPost,
  forumTitle,
  planDelivery,
  rejectCrosspostRateLimits,
  retryDueCrossposts,
} from '../src/daily/delivery.js';
import { SqliteDailyStore } from '../src/daily/sqlite-store.js';
import { EVERY_DAY } from '../src/daily/store.js';
import { zoneChoices } from '../src/daily/zone-search.js';
import { neededPermissions, postContent } from '../src/discord/permissions.js';
import { checkCreateForumThread, checkCreateMessage } from './support/contract.js';

const G = '111111111111111111';
const C = '222222222222222222';
const ROLE = '444444444444444444';
const DATE = { year: 2026, month: 12, day: 1 };
const body: RESTPostAPIChannelMessageJSONBody = {
  embeds: [{ title: 'This month in AESC history', description: 'x', footer: { text: 'daily post 2026-12-01' } }],
  allowed_mentions: { parse: [] },
  nonce: 'dabc',
  enforce_nonce: true,
};
const target = (over: Partial<Parameters<typeof planDelivery>[0]> = {}) => ({
  channelId: C,
  channelType: 0,
  roleId: null,
  tagId: null,
  ...over,
});

describe('planDelivery: the exact request per delivery kind', () => {
  it('a plain message pings nobody; with a role, only that role', () => {
    const plain = planDelivery(target(), DATE, body);
    expect(plain).toMatchObject({ kind: 'message', route: `/channels/${C}/messages` });
    expect(plain.body).toMatchObject({ allowed_mentions: { parse: [] }, nonce: 'dabc', enforce_nonce: true });
    expect((plain.body as RESTPostAPIChannelMessageJSONBody).content).toBeUndefined();
    const role = planDelivery(target({ roleId: ROLE }), DATE, body);
    expect(role.body).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE] } });
    expect(checkCreateMessage(plain.body)).toEqual([]);
    expect(checkCreateMessage(role.body)).toEqual([]);
  });

  it('a thread gets a message with the nonce', () => {
    const t = planDelivery(target({ channelType: 11, roleId: ROLE }), DATE, body);
    expect(t).toMatchObject({ kind: 'thread', route: `/channels/${C}/messages` });
    expect(t.body).toMatchObject({ nonce: 'dabc', allowed_mentions: { parse: [], roles: [ROLE] } });
  });

  it('a forum or media channel gets a new post titled with the local date, its tag, no nonce', () => {
    for (const channelType of [15, 16]) {
      const f = planDelivery(target({ channelType, roleId: ROLE, tagId: '555555555555555555' }), DATE, body);
      expect(f.kind).toBe('forum');
      expect(f.route).toBe(`/channels/${C}/threads`);
      if (f.kind !== 'forum') throw new Error('unreachable');
      expect(f.body).toMatchObject({ name: 'AESC history · 1 December 2026', applied_tags: ['555555555555555555'] });
      expect(f.body.message).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE] } });
      expect(f.body.message).not.toHaveProperty('nonce');
      expect(f.body.message).not.toHaveProperty('enforce_nonce');
      expect(checkCreateForumThread(f.body)).toEqual([]);
    }
    expect(forumTitle({ year: 2027, month: 1, day: 9 })).toBe('AESC history · 9 January 2027');
    const test = planDelivery(target({ channelType: 15 }), DATE, body, { test: true });
    expect(test.kind === 'forum' && test.body.name).toBe('AESC history · 1 December 2026 (test)');
    expect(test.kind === 'forum' && 'applied_tags' in test.body).toBe(false);
  });
});

function rateLimit(retryAfterMs: number): RateLimitError {
  return new RateLimitError({
    timeToReset: retryAfterMs,
    limit: 10,
    method: 'POST',
    hash: 'h',
    url: `https://discord.com/api/v10/channels/${C}/messages/1/crosspost`,
    route: '/channels/:id/messages/:id/crosspost',
    majorParameter: C,
    global: false,
    retryAfter: retryAfterMs,
    sublimitTimeout: 0,
    scope: 'user',
  });
}

function apiError(code: number, status: number): DiscordAPIError {
  return new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', '/crosspost', { body: {} });
}

const rest = (err?: unknown) => ({
  calls: [] as string[],
  async post(route: string) {
    this.calls.push(route);
    if (err) throw err;
    return { id: '1' };
  },
  async get() {
    return { threads: [] };
  },
});

describe('crosspost outcomes', () => {
  const now = Date.parse('2026-06-01T09:00:00Z');
  const opts = { now, timezone: 'UTC', localDate: '2026-06-01', attempt: 1 };
  it('done, already done (40033), or failed for a permission problem', async () => {
    expect(await crosspost(rest(), C, '1', opts)).toEqual({ state: 'done' });
    expect(await crosspost(rest(apiError(40033, 400)), C, '1', opts)).toEqual({ state: 'done' });
    expect(await crosspost(rest(apiError(50013, 403)), C, '1', opts)).toMatchObject({
      state: 'failed',
      error: { kind: 'permanent', code: '50013' },
    });
  });

  it('a 429 is retried later the same day: after retry_after or 5 minutes, whichever is later; never past midnight', async () => {
    expect(await crosspost(rest(rateLimit(60_000)), C, '1', opts)).toMatchObject({
      state: 'pending',
      nextAttemptAt: now + 5 * 60_000,
      error: { code: 'rate_limited' },
    });
    expect(await crosspost(rest(rateLimit(2 * 3_600_000)), C, '1', opts)).toMatchObject({
      state: 'pending',
      nextAttemptAt: now + 2 * 3_600_000,
    });
    expect(await crosspost(rest(rateLimit(20 * 3_600_000)), C, '1', opts)).toMatchObject({ state: 'failed' });
    // Later attempts back off further.
    expect(await crosspost(rest(rateLimit(0)), C, '1', { ...opts, attempt: 3 })).toMatchObject({
      nextAttemptAt: now + 20 * 60_000,
    });
  });

  it('a deadline ends a crosspost that hangs', async () => {
    const hanging = { post: () => new Promise<never>(() => {}) };
    const started = Date.now();
    const r = await crosspost(hanging, C, '1', { ...opts, signal: AbortSignal.timeout(50) });
    expect(r).toMatchObject({ state: 'pending', error: { kind: 'transient', code: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('the REST client rejects rate limits on crossposts only', () => {
    expect(rejectCrosspostRateLimits({ route: '/channels/:id/messages/:id/crosspost', url: '' })).toBe(true);
    expect(rejectCrosspostRateLimits({ route: '/channels/:id/messages', url: '/channels/1/messages' })).toBe(false);
  });

  it('deliverDailyPost publishes announcement posts only, and never in a test', async () => {
    const t = {
      guildId: G,
      channelId: C,
      channelType: 5,
      roleId: null,
      weekdays: EVERY_DAY,
      publish: true,
      tagId: null,
    };
    const r1 = rest();
    expect(await deliverDailyPost(r1, t, DATE, body, { now: Date.now(), timezone: 'UTC' })).toMatchObject({
      messageId: '1',
      channelId: C,
      crosspost: { state: 'done' },
    });
    expect(r1.calls).toEqual([`/channels/${C}/messages`, `/channels/${C}/messages/1/crosspost`]);
    const r2 = rest();
    const r = await deliverDailyPost(r2, t, DATE, body, { now: Date.now(), timezone: 'UTC', test: true });
    expect(r.crosspost).toBeUndefined();
    expect(r2.calls).toEqual([`/channels/${C}/messages`]);
    const r3 = rest();
    await deliverDailyPost(r3, { ...t, channelType: 0 }, DATE, body, { now: Date.now(), timezone: 'UTC' });
    expect(r3.calls).toEqual([`/channels/${C}/messages`]);
  });
});

describe('what a post needs besides Send Messages (postContent)', () => {
  it('embeds and linked pictures need Embed Links; uploads need Attach Files; text alone needs neither', () => {
    expect(postContent({ embeds: [{ title: 'x' }] })).toEqual({ embeds: true, files: false });
    expect(postContent({ components: [{ type: 10, content: 'x' }] })).toEqual({ embeds: false, files: false });
    const section = {
      type: 9,
      components: [{ type: 10, content: 'x' }],
      accessory: { type: 11, media: { url: 'https://x/y.png' } },
    };
    expect(postContent({ components: [{ type: 17, components: [section] }] })).toEqual({ embeds: true, files: false });
    const gallery = { type: 12, items: [{ media: { url: 'attachment://map.png' } }] };
    expect(postContent({ components: [gallery], attachments: [{ id: 0 }] })).toEqual({ embeds: false, files: true });
    const needed = neededPermissions({ channelType: 0, publish: false, content: { embeds: false, files: true } });
    expect(needed.map((p) => p.name)).toEqual(['View Channel', 'Send Messages', 'Attach Files']);
  });
});

describe('retryDueCrossposts over the store', () => {
  async function pending(localDate: string, nextAttemptAt: number) {
    const store = new SqliteDailyStore(':memory:');
    const t0 = Date.parse(`${localDate}T08:00:00Z`);
    await store.saveSubscription(
      {
        guildId: G,
        channelId: C,
        time: '09:00',
        timezone: 'UTC',
        nextDueUtc: t0,
        nextLocalDate: localDate,
        channelType: 5,
        publish: true,
      },
      t0,
    );
    await store.claim([{ guildId: G, claimDate: localDate }], 'a', t0, 120_000);
    await store.recordOutcome({
      guildId: G,
      localDate,
      owner: 'a',
      now: t0,
      version: 1,
      outcome: {
        kind: 'posted',
        messageId: '999999999999999999',
        crosspost: {
          state: 'pending',
          error: { kind: 'transient', code: 'rate_limited', message: '429' },
          nextAttemptAt,
        },
      },
      pauseAfter: 3,
    });
    return store;
  }

  it('publishes a due one once; leaves one not yet due alone', async () => {
    const store = await pending('2026-06-01', Date.parse('2026-06-01T09:05:00Z'));
    const r = rest();
    expect(await retryDueCrossposts(store, r, Date.parse('2026-06-01T09:04:00Z'))).toBe(0);
    expect(r.calls).toEqual([]);
    expect(await retryDueCrossposts(store, r, Date.parse('2026-06-01T09:05:00Z'))).toBe(1);
    expect(r.calls).toEqual([`/channels/${C}/messages/999999999999999999/crosspost`]);
    expect((await store.getLedger(G, '2026-06-01'))?.crosspost).toMatchObject({ state: 'done', attempts: 2 });
    expect(await retryDueCrossposts(store, r, Date.parse('2026-06-01T10:00:00Z'))).toBe(0);
    expect(r.calls).toHaveLength(1);
  });

  it('a crosspost still pending when the day is over is given up, without calling Discord', async () => {
    const store = await pending('2026-06-01', Date.parse('2026-06-01T23:50:00Z'));
    const r = rest();
    expect(await retryDueCrossposts(store, r, Date.parse('2026-06-02T00:10:00Z'))).toBe(1);
    expect(r.calls).toEqual([]);
    expect((await store.getLedger(G, '2026-06-01'))?.crosspost).toMatchObject({
      state: 'failed',
      lastError: { code: 'day_over' },
    });
  });
});

describe('time zone autocomplete stays bounded and never throws', () => {
  it('3,000 odd queries: always an array of at most 25 valid choices', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    for (let i = 0; i < 3_000; i++) {
      const q =
        i % 3 === 0 ? `zone-${i}` : i % 3 === 1 ? String.fromCharCode(i % 0xffff).repeat(i % 70) : 'a'.repeat(i % 200);
      const r = zoneChoices(q, now + i * 1000);
      expect(Array.isArray(r)).toBe(true);
      expect(r.length).toBeLessThanOrEqual(25);
      for (const c of r) expect(c.name.length).toBeLessThanOrEqual(100);
    }
  });
});
