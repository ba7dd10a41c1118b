// Picks the daily post's storage engine from DATABASE_URL. The only place that knows there are two:
// `postgres://…` / `postgresql://…` → PostgreSQL (src/daily/postgres-store.ts); `file:…`, `:memory:` or nothing →
// embedded SQLite (src/daily/sqlite-store.ts). Everything else talks to the `DailyStore` interface.
import { PostgresDailyStore, type PostgresStoreOptions } from './postgres-store.js';
import { DEFAULT_DATABASE_URL, SqliteDailyStore } from './sqlite-store.js';
import type { DailyStore } from './store.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface OpenedDailyStore {
  store: DailyStore;
  kind: DatabaseKind;
  /** Where the data is, without credentials: the SQLite path, or `host:port/database`. For logs. */
  location: string;
  /** Whether the database answers right now (for /healthz). Never throws. */
  ping(): Promise<boolean>;
  /** Subscriptions by state, for the metrics gauge: active, paused, off (turned off by an admin). */
  countSubscriptions(): Promise<{ active: number; paused: number; off: number }>;
}

interface CountRow {
  active: number | string | null;
  paused: number | string | null;
  off: number | string | null;
}

const toCounts = (r: CountRow | undefined) => ({
  active: Number(r?.active ?? 0),
  paused: Number(r?.paused ?? 0),
  off: Number(r?.off ?? 0),
});

export interface OpenDailyStoreOptions {
  postgres?: PostgresStoreOptions;
}

/** Which engine a DATABASE_URL selects (no connection made). */
export function databaseKind(url: string | undefined): DatabaseKind {
  return /^postgres(ql)?:\/\//i.test((url ?? '').trim()) ? 'postgres' : 'sqlite';
}

/**
 * Opens the store (creating or migrating its schema). Rejects with `DailyStoreUnavailableError` naming the host
 * (never the password) when PostgreSQL cannot be reached, and with an Error for a SQLite file that cannot be opened.
 */
export async function openDailyStore(
  url: string | undefined = process.env.DATABASE_URL,
  options: OpenDailyStoreOptions = {},
): Promise<OpenedDailyStore> {
  const value = url?.trim() ? url.trim() : DEFAULT_DATABASE_URL;
  if (databaseKind(value) === 'postgres') {
    const store = await PostgresDailyStore.open(value, options.postgres);
    return {
      store,
      kind: 'postgres',
      location: store.target,
      ping: () => store.ping(),
      countSubscriptions: async () =>
        toCounts(
          (
            await store.pool.query<CountRow>(`SELECT
              count(*) FILTER (WHERE enabled AND paused_reason IS NULL) AS active,
              count(*) FILTER (WHERE enabled AND paused_reason IS NOT NULL) AS paused,
              count(*) FILTER (WHERE NOT enabled) AS off
              FROM daily_subscriptions`)
          ).rows[0],
        ),
    };
  }
  const store = new SqliteDailyStore(value);
  const count = store.db.prepare<[], CountRow>(`SELECT
    sum(enabled = 1 AND paused_reason IS NULL) AS active,
    sum(enabled = 1 AND paused_reason IS NOT NULL) AS paused,
    sum(enabled = 0) AS off
    FROM subscriptions`);
  return {
    store,
    kind: 'sqlite',
    location: store.db.name,
    ping: async () => {
      try {
        store.db.prepare('SELECT 1').get();
        return true;
      } catch {
        return false;
      }
    },
    countSubscriptions: async () => toCounts(count.get()),
  };
}
