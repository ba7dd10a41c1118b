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
}

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
    return { store, kind: 'postgres', location: store.target, ping: () => store.ping() };
  }
  const store = new SqliteDailyStore(value);
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
  };
}
