// DailyStore on SQLite (better-sqlite3), WAL mode.
//
// Durability: `synchronous = FULL`. In WAL mode NORMAL is safe against a process crash but a power loss or
// OS crash can roll back the last commits; FULL fsyncs the WAL on every commit, so a configuration the admin
// was told about, and a ledger claim, survive even that. We write a handful of commits per post per day
// (the scheduler claims in batches, one commit per batch), so the fsync cost does not matter.
//
// Several processes may open the same file: every write is a `BEGIN IMMEDIATE` transaction. A lock held by another
// process never blocks the event loop: `busy_timeout` is 0 and a busy write is retried asynchronously, in steps of a
// few milliseconds, for `busyWaitMs` (then it fails with DailyStoreUnavailableError, "nothing was changed").
//
// Never a silent loss (issue 8 item 8): before each write the file's identity (device + inode) is checked, so a
// database deleted or replaced while the bot runs refuses writes instead of confirming settings into an unlinked
// file; a 0-byte file is refused at start (a new database is built aside and linked into place, so a fresh install
// never leaves one); the write-ahead log is read before SQLite recovers it, and the commits a damaged log loses are
// reported; `PRAGMA quick_check` runs at start.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { DailyProblem, StoreHealth } from './health.js';
import { inspectWal } from './sqlite-wal.js';
import {
  type ClaimItem,
  type ClaimOutcome,
  ConcurrentChangeError,
  type CrosspostUpdate,
  type DailyStore,
  type DueCrosspost,
  type DueSubscription,
  DuplicateInteractionError,
  EVERY_DAY,
  type LedgerEntry,
  type LedgerStatus,
  type PauseReason,
  type PendingImport,
  type RecordOutcomeInput,
  type SaveSubscriptionInput,
  type Subscription,
  type TestRecord,
} from './store.js';
import {
  crosspostParams,
  type DueCrosspostRow,
  errorJson,
  INTERACTION_RETENTION_MS,
  type LedgerRow,
  PENDING_IMPORT_RETENTION_MS,
  type SubscriptionRow,
  toDueCrosspost,
  toLedger,
  toSubscription,
} from './store-rows.js';
import { DailyStoreUnavailableError } from './store-unavailable.js';
import { canonicalTimeZone } from './time.js';

export const DEFAULT_DATABASE_URL = 'file:./var/aesc-bot.sqlite';

/** Scheduler writes (claims, outcomes) may wait longer for a lock than an admin's command can. */
const SCHEDULER_BUSY_WAIT_MS = 10_000;

/** Schema migrations, applied in order in one transaction on open. Never edit a shipped one: append. */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE subscriptions (
        guild_id TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        time_hhmm TEXT NOT NULL,
        timezone TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        paused_reason TEXT,
        next_due_utc INTEGER,
        next_local_date TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_result TEXT,
        last_result_at INTEGER,
        last_error TEXT,
        last_posted_at INTEGER,
        last_message_id TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX subscriptions_due ON subscriptions (next_due_utc)
        WHERE enabled = 1 AND paused_reason IS NULL;
      CREATE TABLE ledger (
        guild_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed', 'skipped')),
        message_id TEXT,
        claimed_at INTEGER,
        claim_owner TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_error TEXT,
        updated_at INTEGER NOT NULL,
        -- One row per (guild, local date). Date first: a day's claims append at the end of the b-tree (cheap
        -- inserts for a tick's batch) and pruning old days is a range delete, without a second index.
        PRIMARY KEY (local_date, guild_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    // Issue 12: delivery settings, the last test, where each day's message is and its crosspost, idempotent
    // interactions (issue 8 item 15) and imports waiting for Confirm. Only ADD COLUMN with defaults that mean
    // "as before" (a plain message, no role, every day, no publishing), so existing subscriptions carry over
    // unchanged.
    version: 2,
    sql: `
      ALTER TABLE subscriptions ADD COLUMN channel_type INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE subscriptions ADD COLUMN role_id TEXT;
      ALTER TABLE subscriptions ADD COLUMN weekdays INTEGER NOT NULL DEFAULT 127;
      ALTER TABLE subscriptions ADD COLUMN publish INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE subscriptions ADD COLUMN tag_id TEXT;
      ALTER TABLE subscriptions ADD COLUMN last_test TEXT;
      ALTER TABLE ledger ADD COLUMN post_channel_id TEXT;
      ALTER TABLE ledger ADD COLUMN crosspost_state TEXT CHECK (crosspost_state IN ('pending', 'done', 'failed'));
      ALTER TABLE ledger ADD COLUMN crosspost_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN crosspost_next_at INTEGER;
      ALTER TABLE ledger ADD COLUMN crosspost_error TEXT;
      CREATE INDEX ledger_crosspost_due ON ledger (crosspost_next_at) WHERE crosspost_state = 'pending';
      CREATE INDEX ledger_by_guild ON ledger (guild_id, local_date);
      CREATE TABLE interactions (
        interaction_id TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX interactions_age ON interactions (created_at);
      CREATE TABLE pending_imports (
        id TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    // Issue 13: the language of the post (a catalogue language, `ja`); NULL means English, as before.
    version: 3,
    sql: 'ALTER TABLE subscriptions ADD COLUMN language TEXT;',
  },
];

const COMPONENT = 'daily';

/**
 * Where `DATABASE_URL` points: `file:PATH` (relative to the working directory), `file:///abs/path`,
 * a plain path, or `:memory:` / `file::memory:`.
 */
export function sqlitePathFromUrl(url: string): string {
  const u = url.trim();
  if (u === ':memory:' || u === 'file::memory:' || u.startsWith('file::memory:?')) return ':memory:';
  if (/^(postgres|postgresql):\/\//i.test(u)) {
    throw new Error('DATABASE_URL: PostgreSQL is not supported yet; use file:PATH for SQLite');
  }
  if (u.startsWith('file://')) return fileURLToPath(u.split('?')[0] ?? u);
  if (u.startsWith('file:')) return resolve(u.slice('file:'.length).split('?')[0] ?? '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u))
    throw new Error('DATABASE_URL: unsupported scheme; use file:PATH or :memory:');
  return resolve(u);
}

/** What opening the database found: things an operator must hear about (the loss a damaged WAL caused). */
export interface OpenReport {
  warnings: string[];
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** A new database, built in a temporary file and linked into place, so a crash never leaves a 0-byte file. */
function createFresh(path: string): void {
  const tmp = `${path}.new-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
  } finally {
    db.close();
  }
  try {
    linkSync(tmp, path); // fails if another process created it meanwhile: then theirs is used
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  // Make the new directory entry durable.
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } catch {
    // best effort (some file systems refuse fsync on a directory)
  } finally {
    closeSync(dir);
  }
}

/**
 * Before SQLite touches it: refuse a 0-byte database that is not a fresh install, and find what a damaged
 * write-ahead log will lose (a copy of the log is kept next to it).
 */
function checkBeforeOpen(path: string, report: OpenReport): void {
  const size = sizeOf(path);
  if (size === null) {
    createFresh(path);
    return;
  }
  const walSize = sizeOf(`${path}-wal`) ?? 0;
  if (size === 0 && walSize === 0) {
    throw new Error(
      `The daily-post database ${path} is empty (0 bytes). A database that ever held settings is never empty, so ` +
        'it was truncated or replaced (a failed copy or restore, a full disk?). The bot does not start with it, so ' +
        'that it does not silently begin again without the servers’ settings. Restore it from a backup; if this is ' +
        'a new installation and the empty file is there on purpose, delete it and start again.',
    );
  }
  const wal = inspectWal(`${path}-wal`);
  if (wal?.damaged && !wal.tornTailOnly) {
    const copy = `${path}-wal.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(`${path}-wal`, copy);
    report.warnings.push(
      `The daily-post database's write-ahead log ${path}-wal is damaged: ${wal.headerDamaged ? 'its header is broken, so all' : wal.lostCommits} ` +
        `committed change(s) in it cannot be recovered and are lost (daily-post settings and post records saved ` +
        'just before the damage). A copy of the damaged log is in ' +
        `${copy}. Servers whose settings were changed recently should check them with /aesc-daily status.`,
    );
  }
}

/**
 * Zones saved before names were canonical (issue 8 item 7) get their one current name (`us/central` ->
 * `America/Chicago`): the same zone, so no schedule moves. A name this runtime does not know is left alone.
 */
function canonicaliseZones(db: Database.Database): void {
  const zones = db.prepare('SELECT DISTINCT timezone FROM subscriptions').pluck().all() as string[];
  const fix = db.prepare('UPDATE subscriptions SET timezone = ? WHERE timezone = ?');
  db.transaction(() => {
    for (const zone of zones) {
      const canonical = canonicalTimeZone(zone);
      if (canonical !== null && canonical !== zone) fix.run(canonical, zone);
    }
  }).immediate();
}

/**
 * `mkdirSync(dir, { recursive: true })`, but failing at once where a folder cannot be made: Node's recursive mkdir
 * loops forever, at 100% CPU, when an existing parent refuses a child with ENOENT (e.g. DATABASE_URL=file:/proc/x/db).
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process made it meanwhile
    }
  }
}

/** Open (creating the folder and the schema on first start) a SQLite database for the daily post. */
export function openDailyDatabase(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): Database.Database {
  return openDailyDatabaseReport(url).db;
}

/** `openDailyDatabase`, with what the checks at start found. Throws when the database must not be used. */
export function openDailyDatabaseReport(url: string): { db: Database.Database; report: OpenReport } {
  const path = sqlitePathFromUrl(url);
  const report: OpenReport = { warnings: [] };
  if (path !== ':memory:') {
    makeFolder(dirname(path));
    checkBeforeOpen(path, report);
  }
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 10000'); // at start only: nothing else is being served yet
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (path !== ':memory:') {
      const problems = (db.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check);
      if (problems.length !== 1 || problems[0] !== 'ok') {
        throw new Error(
          `The daily-post database ${path} is corrupt (SQLite quick_check: ${problems.join('; ')}). Restore it from ` +
            'a backup (docs/daily.md, "Where the data lives, and backups").',
        );
      }
    }
    migrate(db);
    canonicaliseZones(db);
    if (report.warnings.length > 0) {
      const newest = db.prepare('SELECT max(updated_at) AS at FROM subscriptions').get() as { at: number | null };
      report.warnings.push(
        `After recovery, the newest daily-post setting in the database was saved at ${
          newest.at === null ? '(none)' : new Date(newest.at).toISOString()
        }; changes confirmed after that are lost.`,
      );
    }
    db.pragma('busy_timeout = 0'); // from now on a busy database is retried asynchronously (SqliteDailyStore)
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, report };
}

/** Apply pending migrations in one IMMEDIATE transaction (safe when several processes start at once). */
export function migrate(db: Database.Database): number {
  const run = db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at INTEGER NOT NULL)',
    );
    const row = db.prepare('SELECT version FROM schema_version WHERE component = ?').get(COMPONENT) as
      | { version: number }
      | undefined;
    let current = row?.version ?? 0;
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      current = m.version;
    }
    db.prepare(
      'INSERT INTO schema_version (component, version, applied_at) VALUES (?, ?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at',
    ).run(COMPONENT, current, Date.now());
    return current;
  });
  return run.immediate();
}

/** SQLite's answer when another connection holds the lock. */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** SQLite errors that mean the disk or the file failed: the write did not happen. */
const STORAGE_FAILURE = /^SQLITE_(IOERR|FULL|READONLY|CANTOPEN|CORRUPT|NOTADB|PERM)/;

export interface SqliteStoreOptions {
  /** How long a write waits, asynchronously, for another process's lock before it fails. Default 2 s. */
  busyWaitMs?: number;
}

export class SqliteDailyStore implements DailyStore {
  readonly db: Database.Database;
  private readonly ownsDb: boolean;
  /** The file and its identity when opened (null for `:memory:`). */
  private readonly file: { path: string; dev: number; ino: number } | null;
  private readonly busyWaitMs: number;
  private readonly warnings: string[];
  private problem: DailyProblem | null = null;
  private readonly stmt;
  private readonly claimTx;
  private readonly recordTx;

  /** Pass a URL (see `sqlitePathFromUrl`) or an open database (already migrated with `migrate`). */
  constructor(
    source: string | Database.Database = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    options: SqliteStoreOptions = {},
  ) {
    if (typeof source === 'string') {
      const { db, report } = openDailyDatabaseReport(source);
      this.db = db;
      this.warnings = report.warnings;
      this.ownsDb = true;
    } else {
      this.db = source;
      migrate(source);
      this.db.pragma('busy_timeout = 0');
      this.warnings = [];
      this.ownsDb = false;
    }
    this.busyWaitMs = options.busyWaitMs ?? 2_000;
    const name = this.db.memory ? null : this.db.name;
    const st = name ? statSync(name) : null;
    this.file = name && st ? { path: name, dev: st.dev, ino: st.ino } : null;
    const db = this.db;
    this.stmt = {
      getSub: db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE guild_id = ?'),
      upsertSub: db.prepare(`
        INSERT INTO subscriptions (guild_id, channel_id, time_hhmm, timezone, enabled, paused_reason, next_due_utc,
          next_local_date, consecutive_failures, version, created_at, updated_at,
          channel_type, role_id, weekdays, publish, tag_id, language)
        VALUES (@guildId, @channelId, @time, @timezone, 1, NULL, @nextDueUtc, @nextLocalDate, 0, 1, @now, @now,
          COALESCE(@channelType, 0), @roleId, COALESCE(@weekdays, ${EVERY_DAY}), COALESCE(@publish, 0), @tagId,
          @language)
        ON CONFLICT (guild_id) DO UPDATE SET
          channel_id = excluded.channel_id, time_hhmm = excluded.time_hhmm, timezone = excluded.timezone,
          enabled = 1, paused_reason = NULL, next_due_utc = excluded.next_due_utc,
          next_local_date = excluded.next_local_date, consecutive_failures = 0,
          version = subscriptions.version + 1, updated_at = excluded.updated_at,
          -- Delivery settings: a NULL parameter keeps the stored value (the @...Set flags tell "clear" from "keep").
          channel_type = COALESCE(@channelType, subscriptions.channel_type),
          role_id = CASE WHEN @roleIdSet = 1 THEN excluded.role_id ELSE subscriptions.role_id END,
          weekdays = COALESCE(@weekdays, subscriptions.weekdays),
          publish = COALESCE(@publish, subscriptions.publish),
          tag_id = CASE WHEN @tagIdSet = 1 THEN excluded.tag_id ELSE subscriptions.tag_id END,
          language = CASE WHEN @languageSet = 1 THEN excluded.language ELSE subscriptions.language END`),
      disable: db.prepare(
        'UPDATE subscriptions SET enabled = 0, version = version + 1, updated_at = ? WHERE guild_id = ?',
      ),
      // ---- issue 12 / issue 8 item 15 ----
      recordInteraction: db.prepare(
        'INSERT INTO interactions (interaction_id, guild_id, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      pruneInteractions: db.prepare('DELETE FROM interactions WHERE created_at < ?'),
      listLedger: db.prepare<[string, number], LedgerRow>(
        'SELECT * FROM ledger WHERE guild_id = ? ORDER BY local_date DESC LIMIT ?',
      ),
      recordTest: db.prepare('UPDATE subscriptions SET last_test = ? WHERE guild_id = ?'),
      savePendingImport: db.prepare(
        'INSERT OR REPLACE INTO pending_imports (id, guild_id, user_id, payload, created_at) VALUES (@id, @guildId, @userId, @payload, @createdAt)',
      ),
      prunePendingImports: db.prepare('DELETE FROM pending_imports WHERE created_at < ?'),
      takePendingImport: db.prepare<
        [string, string],
        { id: string; guild_id: string; user_id: string; payload: string; created_at: number }
      >(
        'DELETE FROM pending_imports WHERE id = ? AND user_id = ? RETURNING id, guild_id, user_id, payload, created_at',
      ),
      pendingImportExists: db.prepare<[string], { id: string }>('SELECT id FROM pending_imports WHERE id = ?'),
      ledgerDelivery: db.prepare(`
        UPDATE ledger SET post_channel_id = @channelId, crosspost_state = @state, crosspost_next_at = @nextAt,
          crosspost_error = @error, crosspost_attempts = crosspost_attempts + @attempt
        WHERE guild_id = @guildId AND local_date = @localDate AND status = 'posted'`),
      listDueCrossposts: db.prepare<[number, number], DueCrosspostRow>(`
        SELECT l.guild_id, l.local_date, COALESCE(l.post_channel_id, s.channel_id) AS post_channel_id, l.message_id,
          l.crosspost_attempts, s.timezone
        FROM ledger l INDEXED BY ledger_crosspost_due JOIN subscriptions s ON s.guild_id = l.guild_id
        WHERE l.crosspost_state = 'pending' AND l.crosspost_next_at <= ? AND l.message_id IS NOT NULL
        ORDER BY l.crosspost_next_at LIMIT ?`),
      recordCrosspost: db.prepare(`
        UPDATE ledger SET crosspost_state = @state, crosspost_next_at = @nextAt, crosspost_error = @error,
          crosspost_attempts = crosspost_attempts + 1, updated_at = @now
        WHERE guild_id = @guildId AND local_date = @localDate AND crosspost_state = 'pending'`),
      pause: db.prepare(
        'UPDATE subscriptions SET paused_reason = ?, version = version + 1, updated_at = ? WHERE guild_id = ?',
      ),
      listDue: db
        .prepare<
          [number, number],
          [
            string,
            string,
            string,
            string,
            string | null,
            number,
            number,
            string | null,
            number,
            number,
            string | null,
            string | null,
          ]
        >(`
        SELECT guild_id, channel_id, time_hhmm, timezone, next_local_date, version,
          channel_type, role_id, weekdays, publish, tag_id, language
        FROM subscriptions INDEXED BY subscriptions_due
        WHERE enabled = 1 AND paused_reason IS NULL AND next_due_utc <= ?
        ORDER BY next_due_utc LIMIT ?`)
        .raw(),
      getLedger: db.prepare<[string, string], LedgerRow>('SELECT * FROM ledger WHERE guild_id = ? AND local_date = ?'),
      takeClaim: db.prepare(`
        UPDATE ledger SET claimed_at = ?, claim_owner = ?, attempts = attempts + 1, next_attempt_at = NULL, updated_at = ?
        WHERE guild_id = ? AND local_date = ? AND status = 'claimed'`),
      /** Claims many (guild, date) pairs at once; returns the guilds whose row was new (the usual case). */
      insertClaims: db
        .prepare<[number, string, number, string], [string]>(`
        INSERT INTO ledger (guild_id, local_date, status, claimed_at, claim_owner, attempts, updated_at)
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'claimed', ?, ?, 1, ?
        FROM json_each(?) WHERE true
        ON CONFLICT (guild_id, local_date) DO NOTHING
        RETURNING guild_id`)
        .raw(),
      leaseSubs: db.prepare(
        'UPDATE subscriptions SET next_due_utc = ? WHERE guild_id IN (SELECT value FROM json_each(?))',
      ),
      closeSkipped: db.prepare(`
        INSERT INTO ledger (guild_id, local_date, status, updated_at) VALUES (?, ?, 'skipped', ?)
        ON CONFLICT (guild_id, local_date) DO NOTHING`),
      closeRetrying: db.prepare(`
        UPDATE ledger SET status = 'failed', claim_owner = NULL, next_attempt_at = NULL, updated_at = ?
        WHERE guild_id = ? AND local_date = ? AND status = 'claimed'`),
      subSkipped: db.prepare("UPDATE subscriptions SET last_result = 'skipped', last_result_at = ? WHERE guild_id = ?"),
      subDayFailed: db.prepare(
        "UPDATE subscriptions SET last_result = 'failed', last_result_at = ? WHERE guild_id = ?",
      ),
      reschedule: db.prepare(
        'UPDATE subscriptions SET next_due_utc = ?, next_local_date = ? WHERE guild_id = ? AND version = ?',
      ),
      ledgerPosted: db.prepare(`
        UPDATE ledger SET status = 'posted', message_id = ?, claim_owner = NULL, next_attempt_at = NULL,
          last_error = NULL, updated_at = ?
        WHERE guild_id = ? AND local_date = ? AND status IN ('claimed', 'failed')`),
      ledgerFailed: db.prepare(`
        UPDATE ledger SET status = 'failed', claim_owner = NULL, next_attempt_at = NULL, last_error = ?, updated_at = ?
        WHERE guild_id = ? AND local_date = ? AND status = 'claimed'`),
      ledgerRetry: db.prepare(`
        UPDATE ledger SET claim_owner = NULL, next_attempt_at = ?, last_error = ?, updated_at = ?
        WHERE guild_id = ? AND local_date = ? AND status = 'claimed'`),
      subPosted: db.prepare(`
        UPDATE subscriptions SET last_result = 'posted', last_result_at = @now, last_posted_at = @now,
          last_message_id = @messageId, last_error = NULL, consecutive_failures = 0
        WHERE guild_id = @guildId`),
      subFailed: db.prepare(`
        UPDATE subscriptions SET last_result = 'failed', last_result_at = @now, last_error = @error,
          consecutive_failures = consecutive_failures + @increment,
          paused_reason = CASE WHEN @increment = 1 AND consecutive_failures + 1 >= @pauseAfter
            THEN 'permanent_failures' ELSE paused_reason END
        WHERE guild_id = @guildId`),
      subRetrying: db.prepare(`
        UPDATE subscriptions SET last_result = 'retrying', last_result_at = @now, last_error = @error
        WHERE guild_id = @guildId`),
      // Old enough that no claim on those dates can still be live (retries never outlast their day).
      prune: db.prepare('DELETE FROM ledger WHERE local_date < ?'),
    };

    this.claimTx = db.transaction((items: readonly ClaimItem[], owner: string, now: number, leaseMs: number) => {
      const s = this.stmt;
      const out: ClaimOutcome[] = items.map(() => ({ kind: 'none' }));
      // Passed days first (rare).
      for (const item of items) {
        if (item.closeDate === undefined) continue;
        if (s.closeRetrying.run(now, item.guildId, item.closeDate).changes > 0) s.subDayFailed.run(now, item.guildId);
        else if (s.closeSkipped.run(item.guildId, item.closeDate, now).changes > 0) s.subSkipped.run(now, item.guildId);
      }
      // The usual case in one statement: a new ledger row per (guild, date).
      const pairs: [string, string][] = [];
      for (const item of items) if (item.claimDate !== undefined) pairs.push([item.guildId, item.claimDate]);
      const inserted = new Set<string>();
      if (pairs.length > 0) {
        for (const [guildId] of s.insertClaims.all(now, owner, now, JSON.stringify(pairs))) inserted.add(guildId);
      }
      const leased: string[] = [];
      items.forEach((item, i) => {
        if (item.claimDate !== undefined) {
          // A row already existed: settled, held by someone else, waiting for a retry, or abandoned.
          const outcome: ClaimOutcome = inserted.has(item.guildId)
            ? { kind: 'claimed', attempts: 1 }
            : this.claimExisting(item.guildId, item.claimDate, owner, now, leaseMs);
          out[i] = outcome;
          if (outcome.kind === 'claimed') leased.push(item.guildId);
        } else if (item.reschedule) {
          s.reschedule.run(item.reschedule.dueMs, item.reschedule.localDate, item.guildId, item.reschedule.version);
        }
      });
      // Nobody looks at a claimed subscription again before its lease ends.
      if (leased.length > 0) s.leaseSubs.run(now + leaseMs, JSON.stringify(leased));
      return out;
    });

    this.recordTx = db.transaction((input: RecordOutcomeInput) => {
      const s = this.stmt;
      const { guildId, localDate, now, outcome } = input;
      let settled = false;
      switch (outcome.kind) {
        case 'posted':
          s.ledgerPosted.run(outcome.messageId, now, guildId, localDate);
          s.subPosted.run({ now, messageId: outcome.messageId, guildId });
          if (outcome.channelId !== undefined || outcome.crosspost !== undefined) {
            s.ledgerDelivery.run({
              guildId,
              localDate,
              channelId: outcome.channelId ?? null,
              ...crosspostParams(outcome.crosspost),
            });
          }
          settled = true;
          break;
        case 'failed': {
          const changed = s.ledgerFailed.run(errorJson(outcome.error), now, guildId, localDate).changes > 0;
          // Only the owner that settles the day counts it (a racing process must not count it twice).
          if (changed) {
            s.subFailed.run({
              now,
              error: errorJson(outcome.error),
              increment: outcome.error.kind === 'permanent' ? 1 : 0,
              pauseAfter: input.pauseAfter,
              guildId,
            });
          }
          settled = true;
          break;
        }
        case 'retry':
          if (s.ledgerRetry.run(outcome.nextAttemptAt, errorJson(outcome.error), now, guildId, localDate).changes > 0) {
            s.subRetrying.run({ now, error: errorJson(outcome.error), guildId });
            s.reschedule.run(outcome.nextAttemptAt, localDate, guildId, input.version);
          }
          break;
      }
      if (settled && input.next) {
        s.reschedule.run(input.next.dueMs, input.next.localDate, guildId, input.version);
      }
    });
  }

  health(): StoreHealth {
    return { problems: this.problem ? [this.problem] : [], warnings: [...this.warnings] };
  }

  /**
   * Refuse to write into a file that is no longer the database: deleted (`git clean -fdX` on `var/`) or replaced
   * while the bot runs. SQLite would go on writing into the unlinked file and every change would be gone after a
   * restart. Sticky: once the file is gone, writes stay refused until a restart.
   */
  private checkFile(): void {
    if (this.problem) throw new DailyStoreUnavailableError(this.problem.message, this.file?.path ?? 'sqlite');
    if (!this.file) return;
    let reason: string | null = null;
    try {
      const st = statSync(this.file.path);
      if (st.dev !== this.file.dev || st.ino !== this.file.ino) reason = 'was replaced by another file';
    } catch {
      reason = 'was deleted';
    }
    if (reason === null) return;
    this.problem = {
      code: 'database_unavailable',
      message:
        `The daily-post database ${this.file.path} ${reason} while the bot was running. Nothing is saved any more ` +
        '(admins are told their changes were not saved). Restore the file from a backup or let the bot create a new ' +
        'one, then restart the bot; settings confirmed before this are in the file that was there before.',
      since: Date.now(),
    };
    throw new DailyStoreUnavailableError(this.problem.message, this.file.path);
  }

  /**
   * Run `fn` (synchronous SQLite), retrying asynchronously while another connection holds the lock, so the event
   * loop stays free; writes check the file first. A lock held past `busyWaitMs`, or a disk failure, becomes
   * DailyStoreUnavailableError: the change did not happen.
   */
  private async run<T>(write: boolean, fn: () => T, waitMs = this.busyWaitMs): Promise<T> {
    const deadline = Date.now() + waitMs;
    for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
      if (write) this.checkFile();
      try {
        return fn();
      } catch (err) {
        const code = String((err as { code?: unknown } | null)?.code ?? '');
        if (isBusy(err)) {
          if (Date.now() + delay <= deadline) {
            await new Promise((r) => setTimeout(r, delay));
            continue;
          }
          throw new DailyStoreUnavailableError(
            `The daily-post database is locked by another process (held for more than ${waitMs} ms); nothing was changed.`,
            this.file?.path ?? 'sqlite',
            { cause: err },
          );
        }
        if (STORAGE_FAILURE.test(code)) {
          throw new DailyStoreUnavailableError(
            `The daily-post database could not be ${write ? 'written' : 'read'} (${code}: ${(err as Error).message}); nothing was changed.`,
            this.file?.path ?? 'sqlite',
            { cause: err },
          );
        }
        throw err;
      }
    }
  }

  private claimExisting(guildId: string, localDate: string, owner: string, now: number, leaseMs: number): ClaimOutcome {
    const s = this.stmt;
    const row = s.getLedger.get(guildId, localDate);
    if (!row) return { kind: 'none' }; // cannot happen inside the transaction
    if (row.status !== 'claimed') return { kind: 'done', status: row.status as Exclude<LedgerStatus, 'claimed'> };
    if (row.claim_owner !== null && row.claimed_at !== null && row.claimed_at + leaseMs > now) {
      return { kind: 'busy', until: row.claimed_at + leaseMs };
    }
    if (row.next_attempt_at !== null && row.next_attempt_at > now) {
      return { kind: 'busy', until: row.next_attempt_at };
    }
    s.takeClaim.run(now, owner, now, guildId, localDate);
    return { kind: 'claimed', attempts: row.attempts + 1 };
  }

  async getSubscription(guildId: string): Promise<Subscription | null> {
    const r = await this.run(false, () => this.stmt.getSub.get(guildId));
    return r ? toSubscription(r) : null;
  }

  async saveSubscription(input: SaveSubscriptionInput, now: number): Promise<Subscription> {
    const tx = this.db.transaction(() => {
      if (input.interactionId !== undefined) this.recordInteractionOnce(input.interactionId, input.guildId, 'set', now);
      if (input.expectedVersion !== undefined) {
        const actual = this.stmt.getSub.get(input.guildId)?.version ?? null;
        if (actual !== input.expectedVersion) {
          throw new ConcurrentChangeError(input.guildId, input.expectedVersion, actual);
        }
      }
      const { interactionId: _i, expectedVersion: _v, ...fields } = input;
      this.stmt.upsertSub.run({
        ...fields,
        now,
        channelType: input.channelType ?? null,
        roleId: input.roleId ?? null,
        roleIdSet: input.roleId === undefined ? 0 : 1,
        weekdays: input.weekdays ?? null,
        publish: input.publish === undefined ? null : input.publish ? 1 : 0,
        tagId: input.tagId ?? null,
        tagIdSet: input.tagId === undefined ? 0 : 1,
        language: input.language ?? null,
        languageSet: input.language === undefined ? 0 : 1,
      });
      return this.stmt.getSub.get(input.guildId);
    });
    const row = await this.run(true, () => tx.immediate());
    if (!row) throw new Error('subscription vanished after save');
    return toSubscription(row);
  }

  async disable(guildId: string, now: number, interactionId?: string): Promise<boolean> {
    const tx = this.db.transaction(() => {
      if (interactionId !== undefined) this.recordInteractionOnce(interactionId, guildId, 'off', now);
      return this.stmt.disable.run(now, guildId).changes > 0;
    });
    return this.run(true, () => tx.immediate());
  }

  /** Inside a transaction: record the id, or throw (rolling the transaction back) when it was seen before. */
  private recordInteractionOnce(interactionId: string, guildId: string, kind: string, now: number): void {
    this.stmt.pruneInteractions.run(now - INTERACTION_RETENTION_MS); // index range delete; keeps the table small
    if (this.stmt.recordInteraction.run(interactionId, guildId, kind, now).changes === 0) {
      throw new DuplicateInteractionError(interactionId);
    }
  }

  async listLedger(guildId: string, limit: number): Promise<LedgerEntry[]> {
    return (await this.run(false, () => this.stmt.listLedger.all(guildId, limit))).map(toLedger);
  }

  async claimInteraction(interactionId: string, guildId: string, kind: string, now: number): Promise<boolean> {
    const tx = this.db.transaction(() => {
      this.stmt.pruneInteractions.run(now - INTERACTION_RETENTION_MS);
      return this.stmt.recordInteraction.run(interactionId, guildId, kind, now).changes > 0;
    });
    return this.run(true, () => tx.immediate());
  }

  async recordTest(guildId: string, test: TestRecord): Promise<void> {
    const text = JSON.stringify({ ...test, error: test.error ? JSON.parse(errorJson(test.error)) : null });
    await this.run(true, () => this.stmt.recordTest.run(text, guildId));
  }

  async savePendingImport(pending: PendingImport): Promise<void> {
    const tx = this.db.transaction(() => {
      this.stmt.prunePendingImports.run(pending.createdAt - PENDING_IMPORT_RETENTION_MS);
      this.stmt.savePendingImport.run(pending);
    });
    await this.run(true, () => tx.immediate());
  }

  async takePendingImport(
    id: string,
    userId: string,
    now: number,
    maxAgeMs: number,
  ): Promise<PendingImport | 'wrong_user' | null> {
    const tx = this.db.transaction(() => {
      const row = this.stmt.takePendingImport.get(id, userId);
      if (!row && this.stmt.pendingImportExists.get(id)) return 'wrong_user' as const;
      return row ?? null;
    });
    const r = await this.run(true, () => tx.immediate());
    if (r === 'wrong_user') return r;
    if (!r || now - r.created_at > maxAgeMs) return null;
    return { id: r.id, guildId: r.guild_id, userId: r.user_id, payload: r.payload, createdAt: r.created_at };
  }

  async listDueCrossposts(now: number, limit: number): Promise<DueCrosspost[]> {
    return (await this.run(false, () => this.stmt.listDueCrossposts.all(now, limit))).map(toDueCrosspost);
  }

  async recordCrosspost(guildId: string, localDate: string, update: CrosspostUpdate, now: number): Promise<void> {
    const p = crosspostParams(update);
    await this.run(true, () =>
      this.stmt.recordCrosspost.run({ guildId, localDate, now, state: p.state, nextAt: p.nextAt, error: p.error }),
    );
  }

  async pause(guildId: string, reason: PauseReason, now: number): Promise<boolean> {
    return (await this.run(true, () => this.stmt.pause.run(reason, now, guildId))).changes > 0;
  }

  async listDue(now: number, limit: number): Promise<DueSubscription[]> {
    return (await this.run(false, () => this.stmt.listDue.all(now, limit))).map(
      ([
        guildId,
        channelId,
        time,
        timezone,
        nextLocalDate,
        version,
        channelType,
        roleId,
        weekdays,
        publish,
        tagId,
        language,
      ]) => ({
        guildId,
        channelId,
        time,
        timezone,
        nextLocalDate,
        version,
        channelType,
        roleId,
        weekdays,
        publish: publish === 1,
        tagId,
        language,
      }),
    );
  }

  async getLedger(guildId: string, localDate: string): Promise<LedgerEntry | null> {
    const r = await this.run(false, () => this.stmt.getLedger.get(guildId, localDate));
    return r ? toLedger(r) : null;
  }

  async claim(items: readonly ClaimItem[], owner: string, now: number, leaseMs: number): Promise<ClaimOutcome[]> {
    if (items.length === 0) return [];
    return this.run(true, () => this.claimTx.immediate(items, owner, now, leaseMs), SCHEDULER_BUSY_WAIT_MS);
  }

  async recordOutcome(input: RecordOutcomeInput): Promise<void> {
    // Longer: losing it means an extra look-up in the channel on the next attempt.
    await this.run(true, () => this.recordTx.immediate(input), SCHEDULER_BUSY_WAIT_MS);
  }

  async advance(guildId: string, version: number, next: { dueMs: number; localDate: string }): Promise<void> {
    await this.run(true, () => this.stmt.reschedule.run(next.dueMs, next.localDate, guildId, version));
  }

  async pruneLedger(beforeLocalDate: string): Promise<number> {
    return (await this.run(true, () => this.stmt.prune.run(beforeLocalDate))).changes;
  }

  async close(): Promise<void> {
    if (this.ownsDb && this.db.open) this.db.close();
  }
}
