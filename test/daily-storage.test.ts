// Issue 8 items 8 and 9: settings never vanish without a word, and a held write lock never freezes the bot.
// Invariant: a setting the admin saw acknowledged is in the database, or the admin was told it was not saved.
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDailyStore } from '../src/daily/sqlite-store.js';
import { inspectWal } from '../src/daily/sqlite-wal.js';
import { DailyStoreUnavailableError } from '../src/daily/store-unavailable.js';
import { harness } from './daily/helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aesc-daily-storage-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const G = (n: number) => `9${String(n).padStart(17, '0')}`;
const setting = (time = '09:00') => ({ channelId: '222', time, timezone: 'UTC' });

describe('the database file deleted or replaced while the bot runs (item 8a)', () => {
  it('refuses the change with a clear error instead of confirming it into an unlinked file', async () => {
    const folder = join(dir, 'var');
    const url = `file:${join(folder, 'aesc-bot.sqlite')}`;
    const h = harness('2026-06-01T08:00:00Z', { url });
    expect((await h.service.set(G(1), setting())).ok).toBe(true);
    rmSync(folder, { recursive: true, force: true }); // `git clean -fdX` removes the git-ignored var/
    const err = await h.service.set(G(2), setting()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DailyStoreUnavailableError);
    expect(String((err as Error).message)).toMatch(/was deleted while the bot was running.*Nothing is saved/);
    await expect(h.service.off(G(1))).rejects.toBeInstanceOf(DailyStoreUnavailableError);
    const health = h.service.health();
    expect(health.ok).toBe(false);
    expect(health.problems.map((p) => p.code)).toEqual(['database_unavailable']);
    // The scheduler's writes are refused too (the tick fails and says why), nothing pretends to be recorded.
    await expect(h.service.tick(h.clock.set('2026-06-01T09:00:00Z'))).rejects.toBeInstanceOf(
      DailyStoreUnavailableError,
    );
    await h.store.close();
    // After a restart nothing that was acknowledged is missing: G(2) was never acknowledged.
    const again = new SqliteDailyStore(url);
    expect(await again.getSubscription(G(2))).toBeNull();
    await again.close();
  });

  it('a file replaced under the bot (a restore while running) is refused the same way', async () => {
    const path = join(dir, 'db.sqlite');
    const h = harness('2026-06-01T08:00:00Z', { url: `file:${path}` });
    await h.service.set(G(1), setting());
    copyFileSync(path, join(dir, 'copy.sqlite'));
    renameSync(join(dir, 'copy.sqlite'), path);
    await expect(h.service.set(G(2), setting())).rejects.toThrow(/was replaced by another file/);
    await h.store.close();
  });
});

describe('a 0-byte database file (item 8b)', () => {
  it('is refused at start with the reason, unless it is a fresh install', () => {
    const path = join(dir, 'db.sqlite');
    writeFileSync(path, '');
    expect(() => new SqliteDailyStore(`file:${path}`)).toThrow(/is empty \(0 bytes\).*Restore it from a backup/);
    expect(statSync(path).size).toBe(0); // left as it was
  });

  it('a fresh install creates a complete database (never a 0-byte file) and leaves nothing else behind', async () => {
    const path = join(dir, 'new', 'db.sqlite');
    const store = new SqliteDailyStore(`file:${path}`);
    expect(statSync(path).size).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'new')).filter((f) => f.includes('.new-'))).toEqual([]);
    await store.close();
    const again = new SqliteDailyStore(`file:${path}`);
    expect(again.health()).toEqual({ problems: [], warnings: [] });
    await again.close();
  });
});

describe('a damaged write-ahead log (item 8c)', () => {
  /** A snapshot of the database while it runs: what a crash leaves (the main file and its -wal). */
  async function crashSnapshot(): Promise<{ path: string; walFrames: number }> {
    const live = join(dir, 'live.sqlite');
    const h = harness('2026-06-01T08:00:00Z', { url: `file:${live}` });
    for (let i = 1; i <= 4; i++) await h.service.set(G(i), setting(`0${i}:00`));
    const path = join(dir, 'crashed.sqlite');
    copyFileSync(live, path);
    copyFileSync(`${live}-wal`, `${path}-wal`);
    const walFrames = inspectWal(`${path}-wal`)?.frames ?? 0;
    await h.store.close();
    return { path, walFrames };
  }

  it('an intact log after a crash: no warning, every acknowledged setting is there', async () => {
    const { path } = await crashSnapshot();
    expect(inspectWal(`${path}-wal`)).toMatchObject({ damaged: false, lostCommits: 0 });
    const store = new SqliteDailyStore(`file:${path}`);
    expect(store.health().warnings).toEqual([]);
    for (let i = 1; i <= 4; i++) expect(await store.getSubscription(G(i))).not.toBeNull();
    await store.close();
  });

  it('a damaged frame in the middle: the start says how many commits are lost, and keeps a copy of the log', async () => {
    const { path, walFrames } = await crashSnapshot();
    expect(walFrames).toBeGreaterThan(4);
    const wal = readFileSync(`${path}-wal`);
    const pageSize = wal.readUInt32BE(8);
    // Damage a byte in the page of a frame about two thirds in (a later setting's commit).
    const frame = Math.floor((walFrames * 2) / 3);
    const offset = 32 + frame * (24 + pageSize) + 24 + 100;
    wal[offset] = (wal[offset] ?? 0) ^ 0xff;
    writeFileSync(`${path}-wal`, wal);
    const report = inspectWal(`${path}-wal`);
    expect(report?.damaged).toBe(true);
    expect(report?.lostCommits).toBeGreaterThan(0);
    const store = new SqliteDailyStore(`file:${path}`);
    const { warnings, problems } = store.health();
    expect(problems).toEqual([]);
    expect(warnings.join('\n')).toMatch(
      new RegExp(`write-ahead log .* is damaged: ${report?.lostCommits} committed change\\(s\\) .* are lost`),
    );
    expect(warnings.join('\n')).toMatch(/newest daily-post setting in the database was saved at 2026-06-01T08:00:00/);
    expect(readdirSync(dir).some((f) => f.startsWith('crashed.sqlite-wal.damaged-'))).toBe(true);
    // What the warning says is true: the last setting(s) are gone, the first one is there.
    expect(await store.getSubscription(G(1))).not.toBeNull();
    expect(await store.getSubscription(G(4))).toBeNull();
    await store.close();
  });

  it('a last commit cut short by a crash is not reported as a loss (it was never confirmed)', async () => {
    const { path, walFrames } = await crashSnapshot();
    const wal = readFileSync(`${path}-wal`);
    const pageSize = wal.readUInt32BE(8);
    // Scribble over the page of the very last frame (the final commit, half-written when the power went).
    const offset = 32 + (walFrames - 1) * (24 + pageSize) + 24 + 10;
    wal.fill(0, offset, offset + 200);
    writeFileSync(`${path}-wal`, wal);
    expect(inspectWal(`${path}-wal`)).toMatchObject({ damaged: true, lostCommits: 1, tornTailOnly: true });
    const store = new SqliteDailyStore(`file:${path}`);
    expect(store.health().warnings).toEqual([]);
    expect(await store.getSubscription(G(1))).not.toBeNull();
    await store.close();
  });

  it('old frames left behind by a restarted log are not mistaken for damage', async () => {
    const live = join(dir, 'live.sqlite');
    const h = harness('2026-06-01T08:00:00Z', { url: `file:${live}` });
    for (let i = 1; i <= 6; i++) await h.service.set(G(i), setting());
    h.store.db.pragma('wal_checkpoint(TRUNCATE)'); // empties the log
    for (let i = 1; i <= 6; i++) await h.service.set(G(i), setting('10:00'));
    h.store.db.pragma('wal_checkpoint(PASSIVE)'); // copied back, the log restarts on the next write...
    await h.service.set(G(7), setting()); // ...over old frames, with new salts
    copyFileSync(live, join(dir, 'crashed.sqlite'));
    copyFileSync(`${live}-wal`, join(dir, 'crashed.sqlite-wal'));
    await h.store.close();
    expect(inspectWal(join(dir, 'crashed.sqlite-wal'))).toMatchObject({ damaged: false });
    const store = new SqliteDailyStore(`file:${join(dir, 'crashed.sqlite')}`);
    expect(store.health().warnings).toEqual([]);
    expect(await store.getSubscription(G(7))).not.toBeNull();
    await store.close();
  });

  it('a corrupt database file is refused at start (quick_check), with where to look', () => {
    const path = join(dir, 'db.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t (x)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(50)}`);
    })();
    db.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over the b-tree header of a page in the middle of the file.
    const page = Math.floor(bytes.length / pageSize / 2);
    bytes.fill(0x41, page * pageSize, page * pageSize + 64);
    writeFileSync(path, bytes);
    expect(() => new SqliteDailyStore(`file:${path}`)).toThrow(/corrupt|malformed/i);
  });
});

describe('a write lock held by another process (item 9)', () => {
  function lockHolder(path: string): Database.Database {
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    return other;
  }

  /** Largest gap between 5 ms timer callbacks while `work` runs: what an event-loop freeze looks like. */
  async function maxTimerGap<T>(work: () => Promise<T>): Promise<{ gap: number; result: T | unknown }> {
    let last = performance.now();
    let gap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
    }, 5);
    const result = await work().catch((e: unknown) => e);
    clearInterval(timer);
    return { gap, result };
  }

  it('set fails after a bounded wait with "nothing was changed", and the event loop never freezes', async () => {
    const path = join(dir, 'db.sqlite');
    const h = harness('2026-06-01T08:00:00Z', { url: `file:${path}` });
    await h.service.set(G(1), setting());
    const other = lockHolder(path);
    const started = performance.now();
    const { gap, result } = await maxTimerGap(() => h.service.set(G(2), setting()));
    const elapsed = performance.now() - started;
    expect(result).toBeInstanceOf(DailyStoreUnavailableError);
    expect(String((result as Error).message)).toMatch(/locked by another process.*nothing was changed/);
    expect(elapsed).toBeLessThan(2_800); // within Discord's 3 s for an answer
    expect(gap).toBeLessThan(250);
    // Reads go on while it is locked (WAL): status and autocomplete-style look-ups answer at once.
    const t0 = performance.now();
    expect((await h.service.status(G(1)))?.subscription.channelId).toBe('222');
    expect(performance.now() - t0).toBeLessThan(100);
    other.exec('ROLLBACK');
    other.close();
    expect(await h.store.getSubscription(G(2))).toBeNull();
    await h.store.close();
  });

  it('a lock released while set waits: set succeeds, the loop stayed free', async () => {
    const path = join(dir, 'db.sqlite');
    const h = harness('2026-06-01T08:00:00Z', { url: `file:${path}` });
    await h.service.set(G(1), setting());
    const other = lockHolder(path);
    setTimeout(() => {
      other.exec('COMMIT');
      other.close();
    }, 400);
    const { gap, result } = await maxTimerGap(() => h.service.set(G(2), setting()));
    expect(result).toMatchObject({ ok: true });
    expect(gap).toBeLessThan(250);
    expect(await h.store.getSubscription(G(2))).not.toBeNull();
    await h.store.close();
  });

  it('a tick that meets the lock waits asynchronously too, then posts', async () => {
    const path = join(dir, 'db.sqlite');
    const h = harness('2026-06-01T08:00:00Z', { url: `file:${path}` });
    await h.service.set(G(1), setting());
    const other = lockHolder(path);
    setTimeout(() => {
      other.exec('COMMIT');
      other.close();
    }, 500);
    const { gap, result } = await maxTimerGap(() => h.service.tick(h.clock.set('2026-06-01T09:00:00Z')));
    expect(result).toMatchObject({ posted: 1 });
    expect(gap).toBeLessThan(250);
    await h.store.close();
  });
});

describe('storage failures are reported as "not saved"', () => {
  it('a database that refuses writes: set says nothing was changed, and why', async () => {
    const h = harness('2026-06-01T08:00:00Z', { url: `file:${join(dir, 'db.sqlite')}` });
    await h.service.set(G(1), setting());
    h.store.db.pragma('query_only = ON'); // writes now fail with SQLITE_READONLY, as on a read-only mount
    const err = await h.service.set(G(2), setting()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DailyStoreUnavailableError);
    expect(String((err as Error).message)).toMatch(/could not be written \(SQLITE_READONLY.*nothing was changed/);
    h.store.db.pragma('query_only = OFF');
    expect(await h.store.getSubscription(G(2))).toBeNull();
    await h.store.close();
  });
});
