// DailyStore on PostgreSQL (node-postgres), for several processes or machines sharing the daily post.
//
// The same guarantees as the SQLite store (src/daily/sqlite-store.ts), with the same tables:
// - exactly once per (guild, local date): the ledger row is the claim. `INSERT … ON CONFLICT DO NOTHING RETURNING`
//   claims a whole batch in one statement; a concurrent claimer of the same row waits for the first transaction and
//   then finds the row taken. Rows that already existed are read `FOR UPDATE` before a takeover, so two processes
//   can never both take over an expired claim.
// - the due query reads the partial index `daily_subscriptions_due` (enabled, unpaused, by next_due_utc).
// - every method is one transaction; a commit is durable (synchronous_commit is PostgreSQL's default) before the
//   promise resolves, so a setting the admin was told about is on disk.
// - deadlocks or serialisation failures between processes (40P01, 40001) are retried up to 3 times.
// - a lost or unreachable server surfaces as `DailyStoreUnavailableError` (naming the host, never the password);
//   the pool reconnects by itself once the server is back.
import pg, { type PoolClient, type QueryResultRow } from 'pg';
import type { DailyProblem, StoreHealth } from './health.js';
import { migratePostgres } from './postgres-migrations.js';
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
  type SendFailure,
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
  toDueSubscription,
  toLedger,
  toSubscription,
} from './store-rows.js';
import { DailyStoreUnavailableError } from './store-unavailable.js';

export interface PostgresStoreOptions {
  /** Connections in this process's pool. Default 10. */
  maxConnections?: number;
  /** How long to wait for a connection, at start and later. Default 5 s. */
  connectTimeoutMs?: number;
  /** Server-side limit per statement, and the client-side limit per query (dead TCP). Default 10 s. */
  statementTimeoutMs?: number;
  /** Told about errors of idle connections (the server restarted): they are dropped and replaced. */
  onIdleError?: (err: Error) => void;
}

/** `host:port/database` of a PostgreSQL URL: what logs and error messages may say. Never the user or password. */
export function describePostgresTarget(url: string): string {
  try {
    const u = new URL(url);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    return `${u.hostname || 'localhost'}:${u.port || '5432'}/${db}`;
  } catch {
    return '(unparseable PostgreSQL URL)';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
]);

/** Whether an error means "no usable connection" (as opposed to a bug or a constraint). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|not queryable/i.test(
    err.message,
  );
}

/** A short reason without secrets: the error code and message, with the password (if any) cut out. */
function reasonOf(err: unknown, password: string): string {
  const e = err as { code?: unknown; message?: unknown };
  let text = typeof e?.message === 'string' && e.message ? e.message : String(err);
  if (typeof e?.code === 'string' && !text.includes(e.code)) text = `${e.code}: ${text}`;
  if (password) text = text.split(password).join('***');
  return text.slice(0, 300);
}

// bigint (int8) columns hold UTC ms: well inside Number's safe range. Numbers instead of strings, for this pool only.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

type Q = Pick<PoolClient, 'query'>;

async function rows<T extends QueryResultRow>(q: Q, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await q.query<T>(sql, params)).rows;
}

async function changes(q: Q, sql: string, params: unknown[]): Promise<number> {
  return (await q.query(sql, params)).rowCount ?? 0;
}

const RETRYABLE = new Set(['40P01', '40001']);

const SQL = {
  getSub: 'SELECT * FROM daily_subscriptions WHERE guild_id = $1',
  upsertSub: `
    INSERT INTO daily_subscriptions (guild_id, channel_id, time_hhmm, timezone, enabled, paused_reason, next_due_utc,
      next_local_date, consecutive_failures, version, created_at, updated_at,
      channel_type, role_id, weekdays, publish, tag_id, language)
    VALUES ($1, $2, $3, $4, true, NULL, $5, $6, 0, 1, $7, $7,
      COALESCE($8::integer, 0), $9, COALESCE($10::integer, ${EVERY_DAY}), COALESCE($11::boolean, false), $12, $15)
    ON CONFLICT (guild_id) DO UPDATE SET
      channel_id = excluded.channel_id, time_hhmm = excluded.time_hhmm, timezone = excluded.timezone,
      enabled = true, paused_reason = NULL, next_due_utc = excluded.next_due_utc,
      next_local_date = excluded.next_local_date, consecutive_failures = 0,
      version = daily_subscriptions.version + 1, updated_at = excluded.updated_at,
      -- Delivery settings: a NULL parameter keeps the stored value ($13/$14 tell "clear" from "keep").
      channel_type = COALESCE($8::integer, daily_subscriptions.channel_type),
      role_id = CASE WHEN $13::boolean THEN excluded.role_id ELSE daily_subscriptions.role_id END,
      weekdays = COALESCE($10::integer, daily_subscriptions.weekdays),
      publish = COALESCE($11::boolean, daily_subscriptions.publish),
      tag_id = CASE WHEN $14::boolean THEN excluded.tag_id ELSE daily_subscriptions.tag_id END,
      language = CASE WHEN $16::boolean THEN excluded.language ELSE daily_subscriptions.language END
    RETURNING *`,
  recordInteraction: `
    INSERT INTO daily_interactions (interaction_id, guild_id, kind, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT DO NOTHING`,
  pruneInteractions: 'DELETE FROM daily_interactions WHERE created_at < $1',
  listLedger: 'SELECT * FROM daily_ledger WHERE guild_id = $1 ORDER BY local_date DESC LIMIT $2',
  recordTest: 'UPDATE daily_subscriptions SET last_test = $1::jsonb WHERE guild_id = $2',
  savePendingImport: `
    INSERT INTO daily_pending_imports (id, guild_id, user_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (id) DO UPDATE SET guild_id = excluded.guild_id, user_id = excluded.user_id,
      payload = excluded.payload, created_at = excluded.created_at`,
  prunePendingImports: 'DELETE FROM daily_pending_imports WHERE created_at < $1',
  takePendingImport: 'DELETE FROM daily_pending_imports WHERE id = $1 AND user_id = $2 RETURNING *',
  pendingImportExists: 'SELECT id FROM daily_pending_imports WHERE id = $1',
  ledgerDelivery: `
    UPDATE daily_ledger SET post_channel_id = $3, crosspost_state = $4, crosspost_next_at = $5,
      crosspost_error = $6::jsonb, crosspost_attempts = crosspost_attempts + $7
    WHERE guild_id = $1 AND local_date = $2 AND status = 'posted'`,
  listDueCrossposts: `
    SELECT l.guild_id, l.local_date, COALESCE(l.post_channel_id, s.channel_id) AS post_channel_id, l.message_id,
      l.crosspost_attempts, s.timezone
    FROM daily_ledger l JOIN daily_subscriptions s ON s.guild_id = l.guild_id
    WHERE l.crosspost_state = 'pending' AND l.crosspost_next_at <= $1 AND l.message_id IS NOT NULL
    ORDER BY l.crosspost_next_at LIMIT $2`,
  recordCrosspost: `
    UPDATE daily_ledger SET crosspost_state = $3, crosspost_next_at = $4, crosspost_error = $5::jsonb,
      crosspost_attempts = crosspost_attempts + 1, updated_at = $6
    WHERE guild_id = $1 AND local_date = $2 AND crosspost_state = 'pending'`,
  disable: 'UPDATE daily_subscriptions SET enabled = false, version = version + 1, updated_at = $1 WHERE guild_id = $2',
  pause:
    'UPDATE daily_subscriptions SET paused_reason = $1, version = version + 1, updated_at = $2 WHERE guild_id = $3',
  listDue: `
    SELECT guild_id, channel_id, time_hhmm, timezone, next_local_date, version,
      channel_type, role_id, weekdays, publish, tag_id, language
    FROM daily_subscriptions
    WHERE enabled AND paused_reason IS NULL AND next_due_utc <= $1
    ORDER BY next_due_utc, guild_id LIMIT $2`,
  getLedger: 'SELECT * FROM daily_ledger WHERE guild_id = $1 AND local_date = $2',
  /** The usual case, a whole batch in one statement: the guilds whose (guild, date) row is new. */
  insertClaims: `
    INSERT INTO daily_ledger (local_date, guild_id, status, claimed_at, claim_owner, attempts, updated_at)
    SELECT u.d, u.g, 'claimed', $3, $4, 1, $3 FROM unnest($1::text[], $2::text[]) AS u(g, d) ORDER BY u.d, u.g
    ON CONFLICT (local_date, guild_id) DO NOTHING
    RETURNING guild_id`,
  /** Rows that existed: locked, so a takeover decision cannot race another process's. */
  lockExisting: `
    SELECT l.* FROM daily_ledger l JOIN unnest($1::text[], $2::text[]) AS u(g, d)
      ON l.guild_id = u.g AND l.local_date = u.d
    ORDER BY l.local_date, l.guild_id
    FOR UPDATE OF l`,
  takeClaims: `
    UPDATE daily_ledger l SET claimed_at = $3, claim_owner = $4, attempts = l.attempts + 1, next_attempt_at = NULL,
      updated_at = $3
    FROM unnest($1::text[], $2::text[]) AS u(g, d)
    WHERE l.guild_id = u.g AND l.local_date = u.d AND l.status = 'claimed'`,
  leaseSubs: 'UPDATE daily_subscriptions SET next_due_utc = $1 WHERE guild_id = ANY($2::text[])',
  closeSkipped: `
    INSERT INTO daily_ledger (local_date, guild_id, status, updated_at) VALUES ($2, $1, 'skipped', $3)
    ON CONFLICT (local_date, guild_id) DO NOTHING`,
  closeRetrying: `
    UPDATE daily_ledger SET status = 'failed', claim_owner = NULL, next_attempt_at = NULL, updated_at = $1
    WHERE guild_id = $2 AND local_date = $3 AND status = 'claimed'`,
  subSkipped: "UPDATE daily_subscriptions SET last_result = 'skipped', last_result_at = $1 WHERE guild_id = $2",
  subDayFailed: "UPDATE daily_subscriptions SET last_result = 'failed', last_result_at = $1 WHERE guild_id = $2",
  reschedule:
    'UPDATE daily_subscriptions SET next_due_utc = $1, next_local_date = $2 WHERE guild_id = $3 AND version = $4',
  rescheduleMany: `
    UPDATE daily_subscriptions s SET next_due_utc = u.due, next_local_date = u.d
    FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[]) AS u(g, due, d, v)
    WHERE s.guild_id = u.g AND s.version = u.v`,
  ledgerPosted: `
    UPDATE daily_ledger SET status = 'posted', message_id = $1, claim_owner = NULL, next_attempt_at = NULL,
      last_error = NULL, updated_at = $2
    WHERE guild_id = $3 AND local_date = $4 AND status IN ('claimed', 'failed')`,
  ledgerFailed: `
    UPDATE daily_ledger SET status = 'failed', claim_owner = NULL, next_attempt_at = NULL, last_error = $1::jsonb,
      updated_at = $2
    WHERE guild_id = $3 AND local_date = $4 AND status = 'claimed'`,
  ledgerRetry: `
    UPDATE daily_ledger SET claim_owner = NULL, next_attempt_at = $1, last_error = $2::jsonb, updated_at = $3
    WHERE guild_id = $4 AND local_date = $5 AND status = 'claimed'`,
  subPosted: `
    UPDATE daily_subscriptions SET last_result = 'posted', last_result_at = $1, last_posted_at = $1,
      last_message_id = $2, last_error = NULL, consecutive_failures = 0
    WHERE guild_id = $3`,
  subFailed: `
    UPDATE daily_subscriptions SET last_result = 'failed', last_result_at = $1, last_error = $2::jsonb,
      consecutive_failures = consecutive_failures + $3,
      paused_reason = CASE WHEN $3 = 1 AND consecutive_failures + 1 >= $4
        THEN 'permanent_failures' ELSE paused_reason END
    WHERE guild_id = $5`,
  subRetrying: `
    UPDATE daily_subscriptions SET last_result = 'retrying', last_result_at = $1, last_error = $2::jsonb
    WHERE guild_id = $3`,
  prune: 'DELETE FROM daily_ledger WHERE local_date < $1',
} as const;

export class PostgresDailyStore implements DailyStore {
  readonly pool: pg.Pool;
  /** `host:port/database`, for messages. */
  readonly target: string;
  private readonly password: string;
  private closed = false;
  /** Set by a statement that found no usable connection, cleared by the next one that worked. */
  private outage: DailyProblem | null = null;

  private constructor(pool: pg.Pool, target: string, password: string) {
    this.pool = pool;
    this.target = target;
    this.password = password;
  }

  /**
   * Connects, applies pending migrations (under an advisory lock) and returns the store. Throws
   * `DailyStoreUnavailableError` naming the host when the server cannot be reached or refuses the login, and a plain
   * Error for other problems (a schema newer than this release).
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresDailyStore> {
    const target = describePostgresTarget(url);
    let password = '';
    try {
      password = decodeURIComponent(new URL(url).password);
    } catch {
      // reported by pg below
    }
    const statementTimeout = options.statementTimeoutMs ?? 10_000;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: statementTimeout,
      query_timeout: statementTimeout + 5_000,
      keepAlive: true,
      application_name: 'aesc-bot',
      types,
    });
    // An idle connection that breaks (server restart) must not crash the process: the pool drops it.
    pool.on('error', (err) => options.onIdleError?.(err));
    const store = new PostgresDailyStore(pool, target, password);
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new DailyStoreUnavailableError(
        `Cannot connect to PostgreSQL at ${target} (DATABASE_URL): ${reasonOf(err, password)}`,
        target,
        { cause: err },
      );
    }
    try {
      await migratePostgres(client);
    } catch (err) {
      client.release(true);
      await pool.end().catch(() => undefined);
      const reason = reasonOf(err, password);
      if (isConnectionError(err)) {
        throw new DailyStoreUnavailableError(`Lost PostgreSQL at ${target} while migrating: ${reason}`, target, {
          cause: err,
        });
      }
      throw new Error(`Cannot migrate the daily-post schema in PostgreSQL at ${target}: ${reason}`, { cause: err });
    }
    client.release();
    return store;
  }

  /** Wraps connection failures; everything else (a bug, a constraint) passes through unchanged. */
  private wrap(err: unknown): unknown {
    if (err instanceof DailyStoreUnavailableError) return err;
    if (this.closed) return new DailyStoreUnavailableError('the daily-post store is closed', this.target);
    if (isConnectionError(err)) {
      const message = `PostgreSQL at ${this.target} is unreachable: ${reasonOf(err, this.password)}`;
      this.outage = { code: 'database_unavailable', message, since: this.outage?.since ?? Date.now() };
      return new DailyStoreUnavailableError(message, this.target, { cause: err });
    }
    return err;
  }

  /** For `DailyService.health()`: a problem while the server cannot be reached (until a statement works again). */
  health(): StoreHealth {
    return { problems: this.outage ? [this.outage] : [], warnings: [] };
  }

  /** A single statement outside a transaction (itself atomic). */
  private async one<T extends QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<T>> {
    try {
      const result = await this.pool.query<T>(sql, params);
      this.outage = null;
      return result;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  /** Runs `fn` in one transaction; retries on deadlock/serialisation failure; broken connections are discarded. */
  private async tx<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw this.wrap(err);
      }
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        client.release();
        this.outage = null;
        return out;
      } catch (err) {
        const broken = isConnectionError(err);
        if (!broken) await client.query('ROLLBACK').catch(() => undefined);
        client.release(broken ? (err as Error) : undefined);
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < 3) continue;
        throw this.wrap(err);
      }
    }
  }

  /** Whether the server answers (for /healthz). */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      this.outage = null;
      return true;
    } catch (err) {
      this.wrap(err);
      return false;
    }
  }

  async getSubscription(guildId: string): Promise<Subscription | null> {
    const r = (await this.one<SubscriptionRow>(SQL.getSub, [guildId])).rows[0];
    return r ? toSubscription(r) : null;
  }

  async saveSubscription(input: SaveSubscriptionInput, now: number): Promise<Subscription> {
    const params = [
      input.guildId,
      input.channelId,
      input.time,
      input.timezone,
      input.nextDueUtc,
      input.nextLocalDate,
      now,
      input.channelType ?? null,
      input.roleId ?? null,
      input.weekdays ?? null,
      input.publish ?? null,
      input.tagId ?? null,
      input.roleId !== undefined,
      input.tagId !== undefined,
      input.language ?? null,
      input.language !== undefined,
    ];
    const { interactionId, expectedVersion } = input;
    const r =
      interactionId === undefined && expectedVersion === undefined
        ? (await this.one<SubscriptionRow>(SQL.upsertSub, params)).rows[0]
        : await this.tx(async (q) => {
            if (interactionId !== undefined) {
              await this.recordInteractionOnce(q, interactionId, input.guildId, 'set', now);
            }
            if (expectedVersion !== undefined) {
              // Optimistic concurrency (issue 12): the row as the caller read it, locked until the commit. The
              // transaction lock on the guild covers the first save too, when there is no row to lock yet.
              await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [input.guildId]);
              const current = await rows<{ version: number }>(
                q,
                'SELECT version FROM daily_subscriptions WHERE guild_id = $1 FOR UPDATE',
                [input.guildId],
              );
              const actual = current[0] ? Number(current[0].version) : null;
              if (actual !== expectedVersion) throw new ConcurrentChangeError(input.guildId, expectedVersion, actual);
            }
            return (await rows<SubscriptionRow>(q, SQL.upsertSub, params))[0];
          });
    if (!r) throw new Error('subscription vanished after save');
    return toSubscription(r);
  }

  async disable(guildId: string, now: number, interactionId?: string): Promise<boolean> {
    if (interactionId === undefined) return ((await this.one(SQL.disable, [now, guildId])).rowCount ?? 0) > 0;
    return this.tx(async (q) => {
      await this.recordInteractionOnce(q, interactionId, guildId, 'off', now);
      return (await changes(q, SQL.disable, [now, guildId])) > 0;
    });
  }

  /** Inside a transaction: record the id, or throw (rolling the transaction back) when it was seen before. */
  private async recordInteractionOnce(q: Q, interactionId: string, guildId: string, kind: string, now: number) {
    if ((await changes(q, SQL.recordInteraction, [interactionId, guildId, kind, now])) === 0) {
      throw new DuplicateInteractionError(interactionId);
    }
  }

  async listLedger(guildId: string, limit: number): Promise<LedgerEntry[]> {
    return (await this.one<LedgerRow>(SQL.listLedger, [guildId, limit])).rows.map(toLedger);
  }

  async claimInteraction(interactionId: string, guildId: string, kind: string, now: number): Promise<boolean> {
    return this.tx(async (q) => {
      await q.query(SQL.pruneInteractions, [now - INTERACTION_RETENTION_MS]);
      return (await changes(q, SQL.recordInteraction, [interactionId, guildId, kind, now])) > 0;
    });
  }

  async recordTest(guildId: string, test: TestRecord): Promise<void> {
    const error = test.error ? (JSON.parse(errorJson(test.error)) as SendFailure) : null;
    await this.one(SQL.recordTest, [JSON.stringify({ ...test, error }), guildId]);
  }

  async savePendingImport(pending: PendingImport): Promise<void> {
    await this.tx(async (q) => {
      await q.query(SQL.prunePendingImports, [pending.createdAt - PENDING_IMPORT_RETENTION_MS]);
      await q.query(SQL.savePendingImport, [
        pending.id,
        pending.guildId,
        pending.userId,
        pending.payload,
        pending.createdAt,
      ]);
    });
  }

  async takePendingImport(
    id: string,
    userId: string,
    now: number,
    maxAgeMs: number,
  ): Promise<PendingImport | 'wrong_user' | null> {
    const r = (
      await this.one<{ id: string; guild_id: string; user_id: string; payload: string; created_at: number }>(
        SQL.takePendingImport,
        [id, userId],
      )
    ).rows[0];
    if (!r) {
      // Someone else's import stays for its owner.
      const other = (await this.one<{ id: string }>(SQL.pendingImportExists, [id])).rows[0];
      return other ? 'wrong_user' : null;
    }
    if (now - r.created_at > maxAgeMs) return null;
    return { id: r.id, guildId: r.guild_id, userId: r.user_id, payload: r.payload, createdAt: r.created_at };
  }

  async listDueCrossposts(now: number, limit: number): Promise<DueCrosspost[]> {
    const result = await this.one<DueCrosspostRow>(SQL.listDueCrossposts, [now, limit]);
    return result.rows.map(toDueCrosspost);
  }

  async recordCrosspost(guildId: string, localDate: string, update: CrosspostUpdate, now: number): Promise<void> {
    const p = crosspostParams(update);
    await this.one(SQL.recordCrosspost, [guildId, localDate, p.state, p.nextAt, p.error, now]);
  }

  async pause(guildId: string, reason: PauseReason, now: number): Promise<boolean> {
    return ((await this.one(SQL.pause, [reason, now, guildId])).rowCount ?? 0) > 0;
  }

  async listDue(now: number, limit: number): Promise<DueSubscription[]> {
    const result = await this.one<SubscriptionRow>(SQL.listDue, [now, limit]);
    return result.rows.map(toDueSubscription);
  }

  async getLedger(guildId: string, localDate: string): Promise<LedgerEntry | null> {
    const r = (await this.one<LedgerRow>(SQL.getLedger, [guildId, localDate])).rows[0];
    return r ? toLedger(r) : null;
  }

  async claim(items: readonly ClaimItem[], owner: string, now: number, leaseMs: number): Promise<ClaimOutcome[]> {
    if (items.length === 0) return [];
    return this.tx(async (q) => {
      const out: ClaimOutcome[] = items.map(() => ({ kind: 'none' }));
      // Passed days first (rare).
      for (const item of items) {
        if (item.closeDate === undefined) continue;
        if ((await changes(q, SQL.closeRetrying, [now, item.guildId, item.closeDate])) > 0) {
          await q.query(SQL.subDayFailed, [now, item.guildId]);
        } else if ((await changes(q, SQL.closeSkipped, [item.guildId, item.closeDate, now])) > 0) {
          await q.query(SQL.subSkipped, [now, item.guildId]);
        }
      }
      const guilds: string[] = [];
      const dates: string[] = [];
      for (const item of items) {
        if (item.claimDate === undefined) continue;
        guilds.push(item.guildId);
        dates.push(item.claimDate);
      }
      const inserted = new Set<string>();
      const existing = new Map<string, LedgerRow>();
      if (guilds.length > 0) {
        for (const r of await rows<{ guild_id: string }>(q, SQL.insertClaims, [guilds, dates, now, owner])) {
          inserted.add(r.guild_id);
        }
        if (inserted.size < guilds.length) {
          const g: string[] = [];
          const d: string[] = [];
          for (let i = 0; i < guilds.length; i++) {
            const guild = guilds[i] as string;
            if (!inserted.has(guild)) {
              g.push(guild);
              d.push(dates[i] as string);
            }
          }
          for (const r of await rows<LedgerRow>(q, SQL.lockExisting, [g, d])) existing.set(r.guild_id, r);
        }
      }
      const takeG: string[] = [];
      const takeD: string[] = [];
      const resG: string[] = [];
      const resDue: number[] = [];
      const resD: string[] = [];
      const resV: number[] = [];
      const leased: string[] = [];
      items.forEach((item, i) => {
        if (item.claimDate !== undefined) {
          let outcome: ClaimOutcome;
          if (inserted.has(item.guildId)) {
            outcome = { kind: 'claimed', attempts: 1 };
          } else {
            // A row already existed: settled, held by someone else, waiting for a retry, or abandoned.
            const row = existing.get(item.guildId);
            if (!row) outcome = { kind: 'none' };
            else if (row.status !== 'claimed') {
              outcome = { kind: 'done', status: row.status as Exclude<LedgerStatus, 'claimed'> };
            } else if (row.claim_owner !== null && row.claimed_at !== null && row.claimed_at + leaseMs > now) {
              outcome = { kind: 'busy', until: row.claimed_at + leaseMs };
            } else if (row.next_attempt_at !== null && row.next_attempt_at > now) {
              outcome = { kind: 'busy', until: row.next_attempt_at };
            } else {
              takeG.push(item.guildId);
              takeD.push(item.claimDate);
              outcome = { kind: 'claimed', attempts: row.attempts + 1 };
            }
          }
          out[i] = outcome;
          if (outcome.kind === 'claimed') leased.push(item.guildId);
        } else if (item.reschedule) {
          resG.push(item.guildId);
          resDue.push(item.reschedule.dueMs);
          resD.push(item.reschedule.localDate);
          resV.push(item.reschedule.version);
        }
      });
      if (takeG.length > 0) await q.query(SQL.takeClaims, [takeG, takeD, now, owner]);
      if (resG.length > 0) await q.query(SQL.rescheduleMany, [resG, resDue, resD, resV]);
      // Nobody looks at a claimed subscription again before its lease ends.
      if (leased.length > 0) await q.query(SQL.leaseSubs, [now + leaseMs, leased]);
      return out;
    });
  }

  async recordOutcome(input: RecordOutcomeInput): Promise<void> {
    const { guildId, localDate, now, outcome } = input;
    await this.tx(async (q) => {
      let settled = false;
      switch (outcome.kind) {
        case 'posted':
          await q.query(SQL.ledgerPosted, [outcome.messageId, now, guildId, localDate]);
          await q.query(SQL.subPosted, [now, outcome.messageId, guildId]);
          if (outcome.channelId !== undefined || outcome.crosspost !== undefined) {
            const p = crosspostParams(outcome.crosspost);
            await q.query(SQL.ledgerDelivery, [
              guildId,
              localDate,
              outcome.channelId ?? null,
              p.state,
              p.nextAt,
              p.error,
              p.attempt,
            ]);
          }
          settled = true;
          break;
        case 'failed': {
          const error = errorJson(outcome.error);
          // Only the owner that settles the day counts it (a racing process must not count it twice).
          if ((await changes(q, SQL.ledgerFailed, [error, now, guildId, localDate])) > 0) {
            const increment = outcome.error.kind === 'permanent' ? 1 : 0;
            await q.query(SQL.subFailed, [now, error, increment, input.pauseAfter, guildId]);
          }
          settled = true;
          break;
        }
        case 'retry': {
          const error = errorJson(outcome.error);
          if ((await changes(q, SQL.ledgerRetry, [outcome.nextAttemptAt, error, now, guildId, localDate])) > 0) {
            await q.query(SQL.subRetrying, [now, error, guildId]);
            await q.query(SQL.reschedule, [outcome.nextAttemptAt, localDate, guildId, input.version]);
          }
          break;
        }
      }
      if (settled && input.next) {
        await q.query(SQL.reschedule, [input.next.dueMs, input.next.localDate, guildId, input.version]);
      }
    });
  }

  async advance(guildId: string, version: number, next: { dueMs: number; localDate: string }): Promise<void> {
    await this.one(SQL.reschedule, [next.dueMs, next.localDate, guildId, version]);
  }

  async pruneLedger(beforeLocalDate: string): Promise<number> {
    return (await this.one(SQL.prune, [beforeLocalDate])).rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
