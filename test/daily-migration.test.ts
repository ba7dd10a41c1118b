// Issue 12 section 1: a database of the current schema (version 1) with subscriptions and ledger rows is migrated to
// version 2 on open, and every subscription carries over unchanged (new settings take the values that mean "as
// before"). Then `set` with one option keeps everything else.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DailyService } from '../src/daily/service.js';
import { MIGRATIONS, SqliteDailyStore } from '../src/daily/sqlite-store.js';
import { EVERY_DAY } from '../src/daily/store.js';
import { C, FakeGuild, G, handlerContext, POST_PERMS, run, text } from './daily/command-helpers.js';
import { buildPost, FakeSender, TestClock } from './daily/helpers.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A version-1 database exactly as the previous release created it, with rows. */
function versionOne(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(
    'CREATE TABLE schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const v1 = MIGRATIONS.find((m) => m.version === 1);
  if (!v1) throw new Error('migration 1 missing');
  db.exec(v1.sql);
  db.prepare("INSERT INTO schema_version VALUES ('daily', 1, 0)").run();
  const insert =
    db.prepare(`INSERT INTO subscriptions (guild_id, channel_id, time_hhmm, timezone, enabled, paused_reason,
    next_due_utc, next_local_date, consecutive_failures, last_result, last_result_at, last_error, last_posted_at,
    last_message_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  insert.run(
    G,
    C,
    '09:00',
    'Europe/London',
    1,
    null,
    Date.parse('2026-06-02T08:00:00Z'),
    '2026-06-02',
    0,
    'posted',
    Date.parse('2026-06-01T08:00:01Z'),
    null,
    Date.parse('2026-06-01T08:00:01Z'),
    '123456789012345678',
    4,
    1000,
    2000,
  );
  insert.run(
    '111111111111111112',
    '222222222222222223',
    '18:30',
    'Asia/Kathmandu',
    0,
    null,
    null,
    null,
    2,
    'failed',
    5000,
    JSON.stringify({ kind: 'permanent', code: '50013', message: 'Missing Permissions' }),
    null,
    null,
    7,
    1000,
    6000,
  );
  insert.run(
    '111111111111111113',
    '222222222222222224',
    '07:05',
    'UTC',
    1,
    'guild_removed',
    10,
    '2026-05-01',
    3,
    null,
    null,
    null,
    null,
    null,
    2,
    1000,
    3000,
  );
  db.prepare(`INSERT INTO ledger (guild_id, local_date, status, message_id, claimed_at, claim_owner, attempts,
    next_attempt_at, last_error, updated_at) VALUES (?, ?, 'posted', ?, ?, NULL, 1, NULL, NULL, ?)`).run(
    G,
    '2026-06-01',
    '123456789012345678',
    Date.parse('2026-06-01T08:00:00Z'),
    Date.parse('2026-06-01T08:00:01Z'),
  );
  db.close();
}

describe('migration from schema version 1', () => {
  it('carries every subscription and ledger row over unchanged', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aesc-migrate-'));
    const path = join(dir, 'db.sqlite');
    versionOne(path);
    const raw = new Database(path, { readonly: true });
    const beforeRows = raw.prepare('SELECT * FROM subscriptions ORDER BY guild_id').all();
    const beforeLedger = raw.prepare('SELECT * FROM ledger').all();
    raw.close();

    const store = new SqliteDailyStore(`file:${path}`);
    // The latest migration (issue 13 added version 3, the post language).
    expect(store.db.prepare("SELECT version FROM schema_version WHERE component = 'daily'").get()).toEqual({
      version: MIGRATIONS.at(-1)?.version,
    });
    // Every old column is unchanged, row for row.
    const afterRows = store.db.prepare('SELECT * FROM subscriptions ORDER BY guild_id').all() as Record<
      string,
      unknown
    >[];
    expect(
      afterRows.map((r) => Object.fromEntries(Object.keys(beforeRows[0] as object).map((k) => [k, r[k]]))),
    ).toEqual(beforeRows);
    const ledger = store.db.prepare('SELECT * FROM ledger').all() as Record<string, unknown>[];
    expect(ledger.map((r) => Object.fromEntries(Object.keys(beforeLedger[0] as object).map((k) => [k, r[k]])))).toEqual(
      beforeLedger,
    );
    // And the new settings mean "as before".
    const sub = await store.getSubscription(G);
    expect(sub).toMatchObject({
      channelId: C,
      time: '09:00',
      timezone: 'Europe/London',
      enabled: true,
      version: 4,
      lastMessageId: '123456789012345678',
      channelType: 0,
      roleId: null,
      weekdays: EVERY_DAY,
      publish: false,
      tagId: null,
      lastTest: null,
    });
    expect(await store.getSubscription('111111111111111112')).toMatchObject({
      enabled: false,
      consecutiveFailures: 2,
      lastError: { kind: 'permanent', code: '50013', message: 'Missing Permissions' },
    });
    expect((await store.getSubscription('111111111111111113'))?.pausedReason).toBe('guild_removed');
    expect(await store.listLedger(G, 7)).toEqual([
      expect.objectContaining({ localDate: '2026-06-01', status: 'posted', postChannelId: null, crosspost: null }),
    ]);
    const due = await store.listDue(Date.parse('2026-06-02T08:00:00Z'), 10);
    expect(due).toEqual([expect.objectContaining({ guildId: G, weekdays: EVERY_DAY, channelType: 0, roleId: null })]);

    // A later `set` with only the time keeps the migrated zone and channel.
    const clock = new TestClock('2026-06-01T12:00:00Z');
    const service = new DailyService({ store, sender: new FakeSender(), buildPost, clock });
    const guild = new FakeGuild();
    guild.channels.set(C, { type: 0, permissions: POST_PERMS });
    const ctx = handlerContext({ clock, sender: new FakeSender(), store, service }, { inspector: guild });
    const r = text(await run('set', { time: '10:00' }, ctx));
    expect(r).toContain('- Time: **09:00** → **10:00**');
    expect(await store.getSubscription(G)).toMatchObject({ time: '10:00', timezone: 'Europe/London', channelId: C });
    expect(text(await run('status', {}, ctx))).toContain(
      `1 June 2026: posted ([message](https://discord.com/channels/${G}/${C}/123456789012345678))`,
    );
    await store.close();
    // Opening again migrates nothing more.
    const again = new SqliteDailyStore(`file:${path}`);
    expect(await again.getSubscription(G)).toMatchObject({ time: '10:00', timezone: 'Europe/London' });
    await again.close();
  });
});
