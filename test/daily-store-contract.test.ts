// The DailyStore contract: the SAME tests against SQLite (a file in a temp folder) and against a real PostgreSQL
// server (a fresh database per test, see test/support/postgres.ts). The PostgreSQL half skips, with the one message
// of test/support/postgres-global-setup.ts, when no server can be found or started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDailyStore } from '../src/daily/open-store.js';
import { DailyService } from '../src/daily/service.js';
import {
  ConcurrentChangeError,
  type DailyStore,
  DuplicateInteractionError,
  EVERY_DAY,
  type SaveSubscriptionInput,
} from '../src/daily/store.js';
import { buildPost, discordError, FakeSender, serverError, TestClock, tickEveryMinute } from './daily/helpers.js';
import { createTestDatabase, hasPostgres, PG_SKIP_MESSAGE } from './support/postgres.js';

interface Backend {
  /** DATABASE_URL for this test. */
  url: string;
  cleanup(): Promise<void>;
}

const backends: { name: string; skip: boolean; make(): Promise<Backend> }[] = [
  {
    name: 'SQLite',
    skip: false,
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'aesc-contract-'));
      return {
        url: `file:${join(dir, 'daily.sqlite')}`,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !hasPostgres,
    async make() {
      const db = await createTestDatabase('aesc_contract');
      return { url: db.url, cleanup: () => db.drop() };
    },
  },
];

if (!hasPostgres) it.skip(PG_SKIP_MESSAGE, () => {});

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const G3 = '100000000000000003';
const C = '200000000000000001';
const T0 = Date.parse('2026-06-01T08:00:00Z');
const LEASE = 120_000;

function sub(guildId: string, dueMs: number, localDate = '2026-06-01', time = '09:00'): SaveSubscriptionInput {
  return { guildId, channelId: C, time, timezone: 'UTC', nextDueUtc: dueMs, nextLocalDate: localDate };
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`DailyStore contract on ${backend.name}`, () => {
    let b: Backend;
    const opened: DailyStore[] = [];
    /** Another connection (another process, as far as the database can tell) to the same data. */
    const open = async () => {
      const s = (await openDailyStore(b.url)).store;
      opened.push(s);
      return s;
    };
    let store: DailyStore;

    beforeEach(async () => {
      b = await backend.make();
      store = await open();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await b.cleanup();
    });

    it('saves, reads back, and keeps what was acknowledged across a reopen', async () => {
      const saved = await store.saveSubscription(sub(G1, T0 + 3_600_000), T0);
      expect(saved).toMatchObject({
        guildId: G1,
        channelId: C,
        time: '09:00',
        timezone: 'UTC',
        enabled: true,
        pausedReason: null,
        nextDueUtc: T0 + 3_600_000,
        nextLocalDate: '2026-06-01',
        consecutiveFailures: 0,
        version: 1,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(typeof saved.nextDueUtc).toBe('number');
      await store.close();
      opened.splice(opened.indexOf(store), 1);
      const again = await open();
      expect(await again.getSubscription(G1)).toEqual(saved);
      expect(await again.getSubscription(G2)).toBeNull();
    });

    it('an update bumps the version, clears a pause and the failure count, keeps createdAt', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      await store.pause(G1, 'guild_removed', T0 + 1);
      const paused = await store.getSubscription(G1);
      expect(paused?.pausedReason).toBe('guild_removed');
      expect(paused?.version).toBe(2);
      const updated = await store.saveSubscription({ ...sub(G1, T0 + 5), channelId: '200000000000000009' }, T0 + 2);
      expect(updated).toMatchObject({ pausedReason: null, version: 3, channelId: '200000000000000009', createdAt: T0 });
      expect(updated.updatedAt).toBe(T0 + 2);
    });

    it('disable and pause keep the settings; both answer false for an unknown guild', async () => {
      expect(await store.disable(G1, T0)).toBe(false);
      expect(await store.pause(G1, 'permanent_failures', T0)).toBe(false);
      await store.saveSubscription(sub(G1, T0), T0);
      expect(await store.disable(G1, T0 + 1)).toBe(true);
      expect(await store.getSubscription(G1)).toMatchObject({
        enabled: false,
        channelId: C,
        time: '09:00',
        version: 2,
      });
    });

    it('lists only enabled, unpaused, due subscriptions, earliest first, up to the limit', async () => {
      await store.saveSubscription(sub(G1, T0 + 2000), T0);
      await store.saveSubscription(sub(G2, T0 + 1000), T0);
      await store.saveSubscription(sub(G3, T0 + 9000), T0);
      await store.saveSubscription(sub('100000000000000004', T0), T0);
      await store.disable('100000000000000004', T0);
      await store.saveSubscription(sub('100000000000000005', T0), T0);
      await store.pause('100000000000000005', 'guild_removed', T0);
      const due = await store.listDue(T0 + 5000, 10);
      expect(due.map((d) => d.guildId)).toEqual([G2, G1]);
      expect(due[0]).toMatchObject({
        channelId: C,
        time: '09:00',
        timezone: 'UTC',
        nextLocalDate: '2026-06-01',
        version: 1,
      });
      expect((await store.listDue(T0 + 5000, 1)).map((d) => d.guildId)).toEqual([G2]);
      expect(await store.listDue(T0, 10)).toEqual([]);
    });

    it('claims a (guild, date) once: a live lease is busy, a settled day is done, an expired claim is taken over', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      await store.saveSubscription(sub(G2, T0), T0);
      const first = await store.claim(
        [
          { guildId: G1, claimDate: '2026-06-01' },
          { guildId: G2, claimDate: '2026-06-01' },
        ],
        'a',
        T0,
        LEASE,
      );
      expect(first).toEqual([
        { kind: 'claimed', attempts: 1 },
        { kind: 'claimed', attempts: 1 },
      ]);
      expect(await store.getLedger(G1, '2026-06-01')).toMatchObject({
        status: 'claimed',
        claimOwner: 'a',
        claimedAt: T0,
        attempts: 1,
      });
      // The lease moves the subscription out of the due list until it ends.
      expect((await store.getSubscription(G1))?.nextDueUtc).toBe(T0 + LEASE);
      expect(await store.listDue(T0 + LEASE - 1, 10)).toEqual([]);

      const other = await open();
      expect(await other.claim([{ guildId: G1, claimDate: '2026-06-01' }], 'b', T0 + 1000, LEASE)).toEqual([
        { kind: 'busy', until: T0 + LEASE },
      ]);
      await store.recordOutcome({
        guildId: G2,
        localDate: '2026-06-01',
        owner: 'a',
        now: T0 + 10,
        version: 1,
        outcome: { kind: 'posted', messageId: 'm2' },
        next: { dueMs: T0 + 86_400_000, localDate: '2026-06-02' },
        pauseAfter: 3,
      });
      expect(await other.claim([{ guildId: G2, claimDate: '2026-06-01' }], 'b', T0 + 1000, LEASE)).toEqual([
        { kind: 'done', status: 'posted' },
      ]);
      // Owner a crashed: after the lease, b takes G1 over with the attempt counted.
      expect(await other.claim([{ guildId: G1, claimDate: '2026-06-01' }], 'b', T0 + LEASE, LEASE)).toEqual([
        { kind: 'claimed', attempts: 2 },
      ]);
      expect(await store.getLedger(G1, '2026-06-01')).toMatchObject({ claimOwner: 'b', claimedAt: T0 + LEASE });
    });

    it('concurrent claims of the same rows from two connections: each row goes to exactly one owner', async () => {
      const guilds = Array.from({ length: 40 }, (_, i) => `3000000000000000${String(i).padStart(2, '0')}`);
      for (const g of guilds) await store.saveSubscription(sub(g, T0), T0);
      const other = await open();
      const items = guilds.map((guildId) => ({ guildId, claimDate: '2026-06-01' }));
      const reversed = [...items].reverse();
      const results = await Promise.all([
        store.claim(items.slice(0, 30), 'a', T0, LEASE),
        other.claim(reversed.slice(0, 30), 'b', T0, LEASE),
        store.claim(items.slice(10), 'c', T0, LEASE),
      ]);
      const winners = new Map<string, string>();
      const owners = ['a', 'b', 'c'];
      const lists = [items.slice(0, 30), reversed.slice(0, 30), items.slice(10)];
      results.forEach((outcomes, r) => {
        outcomes.forEach((o, i) => {
          const g = lists[r]?.[i]?.guildId as string;
          if (o.kind === 'claimed') {
            expect(winners.has(g), `${g} claimed twice`).toBe(false);
            winners.set(g, owners[r] as string);
          } else {
            expect(o.kind).toBe('busy');
          }
        });
      });
      expect(winners.size).toBe(40);
      for (const g of guilds) expect((await store.getLedger(g, '2026-06-01'))?.claimOwner).toBe(winners.get(g));
    });

    it('closes a passed day: skipped when nothing happened, failed when it was still being retried', async () => {
      await store.saveSubscription(sub(G1, T0, '2026-05-31'), T0);
      await store.saveSubscription(sub(G2, T0, '2026-05-31'), T0);
      // G2 had a claim waiting for a retry on 05-31.
      await store.claim([{ guildId: G2, claimDate: '2026-05-31' }], 'a', T0 - 86_400_000, LEASE);
      const out = await store.claim(
        [
          { guildId: G1, closeDate: '2026-05-31', claimDate: '2026-06-01' },
          {
            guildId: G2,
            closeDate: '2026-05-31',
            reschedule: { dueMs: T0 + 3600_000, localDate: '2026-06-01', version: 1 },
          },
        ],
        'b',
        T0,
        LEASE,
      );
      expect(out).toEqual([{ kind: 'claimed', attempts: 1 }, { kind: 'none' }]);
      expect((await store.getLedger(G1, '2026-05-31'))?.status).toBe('skipped');
      expect((await store.getSubscription(G1))?.lastResult).toBe('skipped');
      expect((await store.getLedger(G2, '2026-05-31'))?.status).toBe('failed');
      expect(await store.getSubscription(G2)).toMatchObject({
        lastResult: 'failed',
        nextDueUtc: T0 + 3600_000,
        nextLocalDate: '2026-06-01',
      });
    });

    it('reschedule, advance and recordOutcome move the schedule only for the version they read', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      await store.saveSubscription(sub(G1, T0 + 7), T0 + 1); // an admin change: version 2
      await store.claim(
        [{ guildId: G1, reschedule: { dueMs: T0 + 99, localDate: '2026-06-09', version: 1 } }],
        'a',
        T0,
        LEASE,
      );
      await store.advance(G1, 1, { dueMs: T0 + 98, localDate: '2026-06-08' });
      expect(await store.getSubscription(G1)).toMatchObject({ nextDueUtc: T0 + 7, nextLocalDate: '2026-06-01' });
      await store.advance(G1, 2, { dueMs: T0 + 98, localDate: '2026-06-08' });
      expect(await store.getSubscription(G1)).toMatchObject({ nextDueUtc: T0 + 98, nextLocalDate: '2026-06-08' });
    });

    it('records posted, retry and failed outcomes; three permanent failures in a row pause, a transient one does not count', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      const day = async (d: number, kind: 'permanent' | 'transient' | 'posted') => {
        const localDate = `2026-06-0${d}`;
        const now = T0 + (d - 1) * 86_400_000;
        expect(await store.claim([{ guildId: G1, claimDate: localDate }], 'a', now, LEASE)).toEqual([
          { kind: 'claimed', attempts: 1 },
        ]);
        await store.recordOutcome({
          guildId: G1,
          localDate,
          owner: 'a',
          now,
          version: 1,
          outcome:
            kind === 'posted'
              ? { kind: 'posted', messageId: `m${d}` }
              : { kind: 'failed', error: { kind, code: kind === 'permanent' ? '50013' : 'http_503', message: 'no' } },
          next: { dueMs: now + 86_400_000, localDate: `2026-06-0${d + 1}` },
          pauseAfter: 3,
        });
      };
      await day(1, 'permanent');
      await day(2, 'permanent');
      await day(3, 'transient');
      expect(await store.getSubscription(G1)).toMatchObject({ consecutiveFailures: 2, pausedReason: null });
      await day(4, 'posted');
      expect(await store.getSubscription(G1)).toMatchObject({
        consecutiveFailures: 0,
        lastResult: 'posted',
        lastMessageId: 'm4',
        lastPostedAt: T0 + 3 * 86_400_000,
        lastError: null,
      });
      expect(await store.getLedger(G1, '2026-06-04')).toMatchObject({
        status: 'posted',
        messageId: 'm4',
        claimOwner: null,
      });
      await day(5, 'permanent');
      await day(6, 'permanent');
      expect((await store.getSubscription(G1))?.pausedReason).toBeNull();
      await day(7, 'permanent');
      expect(await store.getSubscription(G1)).toMatchObject({
        consecutiveFailures: 3,
        pausedReason: 'permanent_failures',
        lastResult: 'failed',
        lastError: { kind: 'permanent', code: '50013', message: 'no' },
      });
      expect(await store.getLedger(G1, '2026-06-07')).toMatchObject({
        status: 'failed',
        lastError: { kind: 'permanent', code: '50013', message: 'no' },
      });
      expect(await store.listDue(T0 + 30 * 86_400_000, 10)).toEqual([]);
    });

    it('a retry keeps the claim, frees the owner and makes the day busy until the retry time', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      await store.claim([{ guildId: G1, claimDate: '2026-06-01' }], 'a', T0, LEASE);
      await store.recordOutcome({
        guildId: G1,
        localDate: '2026-06-01',
        owner: 'a',
        now: T0 + 5,
        version: 1,
        outcome: {
          kind: 'retry',
          error: { kind: 'transient', code: 'http_503', message: 'x' },
          nextAttemptAt: T0 + 60_000,
        },
        pauseAfter: 3,
      });
      expect(await store.getLedger(G1, '2026-06-01')).toMatchObject({
        status: 'claimed',
        claimOwner: null,
        nextAttemptAt: T0 + 60_000,
      });
      expect(await store.getSubscription(G1)).toMatchObject({ lastResult: 'retrying', nextDueUtc: T0 + 60_000 });
      expect(await store.claim([{ guildId: G1, claimDate: '2026-06-01' }], 'b', T0 + 30_000, LEASE)).toEqual([
        { kind: 'busy', until: T0 + 60_000 },
      ]);
      expect(await store.claim([{ guildId: G1, claimDate: '2026-06-01' }], 'b', T0 + 60_000, LEASE)).toEqual([
        { kind: 'claimed', attempts: 2 },
      ]);
    });

    it('prunes ledger rows before a date', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      for (const d of ['2026-04-01', '2026-04-02', '2026-06-01']) {
        await store.claim([{ guildId: G1, claimDate: d }], 'a', T0, LEASE);
      }
      expect(await store.pruneLedger('2026-05-01')).toBe(2);
      expect(await store.getLedger(G1, '2026-04-01')).toBeNull();
      expect(await store.getLedger(G1, '2026-06-01')).not.toBeNull();
    });

    it('delivery settings: defaults on the first save, undefined keeps, null clears (role, tag)', async () => {
      const first = await store.saveSubscription(sub(G1, T0), T0);
      expect(first).toMatchObject({ channelType: 0, roleId: null, weekdays: EVERY_DAY, publish: false, tagId: null });
      expect(first.lastTest).toBeNull();
      await store.saveSubscription(
        {
          ...sub(G1, T0),
          channelType: 15,
          roleId: '700000000000000001',
          weekdays: 0b0011111,
          publish: true,
          tagId: '7',
        },
        T0 + 1,
      );
      const kept = await store.saveSubscription({ ...sub(G1, T0), time: '10:00' }, T0 + 2);
      expect(kept).toMatchObject({
        time: '10:00',
        channelType: 15,
        roleId: '700000000000000001',
        weekdays: 0b0011111,
        publish: true,
        tagId: '7',
      });
      const cleared = await store.saveSubscription(
        { ...sub(G1, T0), roleId: null, tagId: null, publish: false },
        T0 + 3,
      );
      expect(cleared).toMatchObject({ roleId: null, tagId: null, publish: false, channelType: 15 });
      const due = await store.listDue(T0, 10);
      expect(due[0]).toMatchObject({ channelType: 15, roleId: null, weekdays: 0b0011111, publish: false, tagId: null });
    });

    // Issue 13 (i18n helper): the post's language, stored in both stores, kept when not given.
    it('post language: null at first, set, kept when undefined, cleared by null, in listDue', async () => {
      expect((await store.saveSubscription(sub(G1, T0), T0)).language ?? null).toBeNull();
      expect((await store.saveSubscription({ ...sub(G1, T0), language: 'ja' }, T0 + 1)).language).toBe('ja');
      expect((await store.saveSubscription({ ...sub(G1, T0), time: '10:00' }, T0 + 2)).language).toBe('ja');
      expect((await store.getSubscription(G1))?.language).toBe('ja');
      expect((await store.listDue(T0, 10))[0]?.language).toBe('ja');
      expect((await store.saveSubscription({ ...sub(G1, T0), language: null }, T0 + 3)).language ?? null).toBeNull();
      expect((await store.listDue(T0, 10))[0]?.language ?? null).toBeNull();
    });

    it('an interaction id applies set/off once; a duplicate throws and changes nothing', async () => {
      await store.saveSubscription({ ...sub(G1, T0), interactionId: 'i1' }, T0);
      await expect(
        store.saveSubscription({ ...sub(G1, T0), time: '11:11', interactionId: 'i1' }, T0 + 1),
      ).rejects.toBeInstanceOf(DuplicateInteractionError);
      expect(await store.getSubscription(G1)).toMatchObject({ time: '09:00', version: 1 });
      expect(await store.disable(G1, T0 + 2, 'i2')).toBe(true);
      await expect(store.disable(G1, T0 + 3, 'i2')).rejects.toBeInstanceOf(DuplicateInteractionError);
      expect((await store.getSubscription(G1))?.version).toBe(2);
      const other = await open();
      const claims = await Promise.all([
        store.claimInteraction('i3', G1, 'test', T0),
        other.claimInteraction('i3', G1, 'test', T0),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Ids older than a day are forgotten.
      expect(await store.claimInteraction('i4', G1, 'test', T0 + 2 * 86_400_000)).toBe(true);
      expect(await store.claimInteraction('i3', G1, 'test', T0 + 2 * 86_400_000)).toBe(true);
    });

    it('expectedVersion: of two admins saving what they read at once, exactly one wins (the first save too)', async () => {
      const other = await open();
      for (const expected of [null, 1]) {
        const results = await Promise.allSettled([
          store.saveSubscription({ ...sub(G1, T0), time: '10:00', expectedVersion: expected }, T0),
          other.saveSubscription({ ...sub(G1, T0), time: '11:00', expectedVersion: expected }, T0),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(ConcurrentChangeError);
      }
      expect((await store.getSubscription(G1))?.version).toBe(2);
    });

    it('lists a guild ledger newest first; records the last test', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      for (const d of ['2026-05-30', '2026-06-01', '2026-05-31'])
        await store.claim([{ guildId: G1, claimDate: d }], 'a', T0, LEASE);
      expect((await store.listLedger(G1, 2)).map((l) => l.localDate)).toEqual(['2026-06-01', '2026-05-31']);
      expect(await store.listLedger(G2, 5)).toEqual([]);
      const test = {
        at: T0,
        ok: false,
        channelId: C,
        messageId: null,
        error: { kind: 'permanent' as const, code: '50013', message: 'no' },
      };
      await store.recordTest(G1, test);
      expect((await store.getSubscription(G1))?.lastTest).toEqual(test);
    });

    it('pending imports: taken once, refused when too old', async () => {
      await store.savePendingImport({ id: 'p1', guildId: G1, userId: 'u', payload: '{"a":1}', createdAt: T0 });
      await store.savePendingImport({ id: 'p2', guildId: G1, userId: 'u', payload: '{}', createdAt: T0 });
      expect(await store.takePendingImport('p1', 'someone-else', T0 + 1000, 900_000)).toBe('wrong_user');
      expect(await store.takePendingImport('p1', 'u', T0 + 1000, 900_000)).toEqual({
        id: 'p1',
        guildId: G1,
        userId: 'u',
        payload: '{"a":1}',
        createdAt: T0,
      });
      expect(await store.takePendingImport('p1', 'u', T0 + 1000, 900_000)).toBeNull();
      expect(await store.takePendingImport('p2', 'u', T0 + 900_001, 900_000)).toBeNull();
    });

    it('a posted day records where it is and its crosspost; a pending crosspost is due, then settled once', async () => {
      await store.saveSubscription(sub(G1, T0), T0);
      await store.claim([{ guildId: G1, claimDate: '2026-06-01' }], 'a', T0, LEASE);
      await store.recordOutcome({
        guildId: G1,
        localDate: '2026-06-01',
        owner: 'a',
        now: T0,
        version: 1,
        outcome: {
          kind: 'posted',
          messageId: 'm1',
          channelId: '900000000000000001',
          crosspost: {
            state: 'pending',
            error: { kind: 'transient', code: 'rate_limited', message: '429' },
            nextAttemptAt: T0 + 60_000,
          },
        },
        pauseAfter: 3,
      });
      expect(await store.getLedger(G1, '2026-06-01')).toMatchObject({
        status: 'posted',
        postChannelId: '900000000000000001',
        crosspost: { state: 'pending', attempts: 1, nextAttemptAt: T0 + 60_000, lastError: { code: 'rate_limited' } },
      });
      expect(await store.listDueCrossposts(T0 + 59_999, 10)).toEqual([]);
      expect(await store.listDueCrossposts(T0 + 60_000, 10)).toEqual([
        {
          guildId: G1,
          localDate: '2026-06-01',
          channelId: '900000000000000001',
          messageId: 'm1',
          timezone: 'UTC',
          attempts: 1,
        },
      ]);
      await store.recordCrosspost(G1, '2026-06-01', { state: 'done' }, T0 + 60_000);
      await store.recordCrosspost(
        G1,
        '2026-06-01',
        { state: 'failed', error: { kind: 'rejected', code: '1', message: 'x' } },
        T0 + 60_001,
      );
      expect((await store.getLedger(G1, '2026-06-01'))?.crosspost).toEqual({
        state: 'done',
        attempts: 2,
        nextAttemptAt: null,
        lastError: null,
      });
      expect(await store.listDueCrossposts(T0 + 120_000, 10)).toEqual([]);
    });

    describe('through the real scheduler', () => {
      const setUp = async (start: string) => {
        const clock = new TestClock(start);
        const sender = new FakeSender();
        const service = new DailyService({ store, sender, buildPost, clock });
        return { clock, sender, service };
      };

      it('exactly once per day with two schedulers (two processes) ticking the same minutes', async () => {
        const { clock, sender, service } = await setUp('2026-06-01T08:00:00Z');
        const twin = new DailyService({ store: await open(), sender, buildPost, clock });
        for (let i = 0; i < 10; i++) {
          const r = await service.set(`40000000000000000${i}`, {
            channelId: `5000000000000000${i}0`,
            time: '08:30',
            timezone: 'UTC',
          });
          expect(r.ok).toBe(true);
        }
        for (const day of ['2026-06-01', '2026-06-02']) {
          let ms = Date.parse(`${day}T08:29:00Z`);
          while (ms < Date.parse(`${day}T08:35:00Z`)) {
            clock.ms = ms;
            await Promise.all([service.tick(new Date(ms)), twin.tick(new Date(ms))]);
            ms += 60_000;
          }
        }
        expect(sender.created).toHaveLength(20);
        const perGuildDay = new Set(sender.created.map((m) => `${m.channelId}:${String(m.body.embeds?.[0]?.title)}`));
        expect(perGuildDay.size).toBe(20);
      });

      it('catches up later the same day; a day that passed while down is skipped, never posted late', async () => {
        const { clock, sender, service } = await setUp('2026-06-01T06:00:00Z');
        await service.set(G1, { channelId: C, time: '07:00', timezone: 'UTC' });
        // Down from 06:30 to 09:15 the same day: posts at once when it comes back.
        await tickEveryMinute(service, clock, '2026-06-01T09:15:00Z', '2026-06-01T09:17:00Z');
        expect(sender.created.map((m) => m.body.embeds?.[0]?.title)).toEqual(['AESC on 2026-06-01']);
        // Down from 06-01 09:17 to 06-03 06:00: 06-02 is skipped, 06-03 posts at 07:00.
        await tickEveryMinute(service, clock, '2026-06-03T06:00:00Z', '2026-06-03T07:02:00Z');
        expect(sender.created.map((m) => m.body.embeds?.[0]?.title)).toEqual([
          'AESC on 2026-06-01',
          'AESC on 2026-06-03',
        ]);
        expect((await store.getLedger(G1, '2026-06-02'))?.status).toBe('skipped');
      });

      it('pauses after 3 days of permanent failures; a transient failure is retried the same day', async () => {
        const { clock, sender, service } = await setUp('2026-06-01T06:00:00Z');
        await service.set(G1, { channelId: C, time: '07:00', timezone: 'UTC' });
        sender.failNext(C, serverError(503));
        await tickEveryMinute(service, clock, '2026-06-01T07:00:00Z', '2026-06-01T07:03:00Z');
        expect(sender.created).toHaveLength(1); // the retry a minute later
        sender.always.set(C, () => discordError(50013, 403, 'Missing Permissions'));
        for (const d of ['02', '03', '04']) {
          await tickEveryMinute(service, clock, `2026-06-${d}T07:00:00Z`, `2026-06-${d}T07:01:00Z`);
        }
        expect(await store.getSubscription(G1)).toMatchObject({
          pausedReason: 'permanent_failures',
          consecutiveFailures: 3,
        });
        sender.always.clear();
        await tickEveryMinute(service, clock, '2026-06-05T07:00:00Z', '2026-06-05T07:02:00Z');
        expect(sender.created).toHaveLength(1);
      });
    });
  });
}
