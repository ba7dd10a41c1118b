// The daily post's PostgreSQL schema, versioned. Applied on start by `migratePostgres` under a session advisory
// lock, so two processes starting at once cannot run a migration twice (the second waits, then finds nothing to do).
//
// Never edit a shipped migration: append one. For a zero-downtime upgrade every migration must keep the previous
// release working (add columns with defaults, add tables; drop or rename only one release later), because the
// old processes keep running on the migrated schema until they are replaced.
import type { PoolClient } from 'pg';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** Same tables and meaning as the SQLite store's (src/daily/sqlite-store.ts); times are UTC ms (bigint). */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'subscriptions and ledger',
    sql: `
      CREATE TABLE daily_subscriptions (
        guild_id text PRIMARY KEY,
        channel_id text NOT NULL,
        time_hhmm text NOT NULL,
        timezone text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        paused_reason text,
        next_due_utc bigint,
        next_local_date text,
        consecutive_failures integer NOT NULL DEFAULT 0,
        last_result text,
        last_result_at bigint,
        last_error jsonb,
        last_posted_at bigint,
        last_message_id text,
        version integer NOT NULL DEFAULT 1,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      -- The due query reads only this partial index: its cost follows the rows due, not the table size.
      -- guild_id second gives every process the same order for ties, so concurrent batches lock rows in one order.
      CREATE INDEX daily_subscriptions_due ON daily_subscriptions (next_due_utc, guild_id)
        WHERE enabled AND paused_reason IS NULL;
      CREATE TABLE daily_ledger (
        local_date text NOT NULL,
        guild_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('claimed', 'posted', 'failed', 'skipped')),
        message_id text,
        claimed_at bigint,
        claim_owner text,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint,
        last_error jsonb,
        updated_at bigint NOT NULL,
        -- One row per (guild, local date): the claim. Date first, so pruning old days is a range delete.
        PRIMARY KEY (local_date, guild_id)
      );
    `,
  },
  {
    // Issue 12, as SQLite's migration 2: delivery settings, the last test, where each day's message is and its
    // crosspost, idempotent interactions and imports waiting for Confirm. Only columns with defaults that mean
    // "as before" and new tables, so the previous release keeps working on the migrated schema.
    version: 2,
    name: 'delivery settings, crossposts, interaction ids, pending imports',
    sql: `
      ALTER TABLE daily_subscriptions
        ADD COLUMN channel_type integer NOT NULL DEFAULT 0,
        ADD COLUMN role_id text,
        ADD COLUMN weekdays integer NOT NULL DEFAULT 127,
        ADD COLUMN publish boolean NOT NULL DEFAULT false,
        ADD COLUMN tag_id text,
        ADD COLUMN last_test jsonb;
      ALTER TABLE daily_ledger
        ADD COLUMN post_channel_id text,
        ADD COLUMN crosspost_state text CHECK (crosspost_state IN ('pending', 'done', 'failed')),
        ADD COLUMN crosspost_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN crosspost_next_at bigint,
        ADD COLUMN crosspost_error jsonb;
      CREATE INDEX daily_ledger_crosspost_due ON daily_ledger (crosspost_next_at) WHERE crosspost_state = 'pending';
      CREATE INDEX daily_ledger_by_guild ON daily_ledger (guild_id, local_date);
      CREATE TABLE daily_interactions (
        interaction_id text PRIMARY KEY,
        guild_id text NOT NULL,
        kind text NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX daily_interactions_age ON daily_interactions (created_at);
      CREATE TABLE daily_pending_imports (
        id text PRIMARY KEY,
        guild_id text NOT NULL,
        user_id text NOT NULL,
        payload text NOT NULL,
        created_at bigint NOT NULL
      );
    `,
  },
  {
    // Issue 13, as SQLite's migration 3: the language of the post; NULL means English, as before.
    version: 3,
    name: 'post language',
    sql: 'ALTER TABLE daily_subscriptions ADD COLUMN language text;',
  },
];

/** Any constant works as long as every process uses the same one; this one spells "aescdail". */
export const MIGRATION_LOCK_KEY = 0x6165_7363_6461_696cn;

/**
 * Applies the pending migrations, each in its own transaction, while holding a session advisory lock.
 * Returns the schema version after. A database already migrated further by a newer release is left as it is: every
 * migration keeps the release before it working, so during a rolling update (or a rollback by one release) an older
 * process that restarts still runs on it.
 */
export async function migratePostgres(client: PoolClient, migrations = PG_MIGRATIONS): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS daily_schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM daily_schema_migrations');
    let current = rows[0]?.v ?? 0;
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO daily_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      current = m.version;
    }
    return current;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
  }
}
