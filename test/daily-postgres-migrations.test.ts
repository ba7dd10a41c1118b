// PostgreSQL migrations: applied once under the advisory lock when several processes start at once; rows written
// by the first schema carry over unchanged; a schema a newer release migrated further is used as it is.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres, PG_MIGRATIONS } from '../src/daily/postgres-migrations.js';
import { PostgresDailyStore } from '../src/daily/postgres-store.js';
import { EVERY_DAY } from '../src/daily/store.js';
import { createTestDatabase, hasPostgres, PG_SKIP_MESSAGE, type TestDatabase } from './support/postgres.js';

describe.skipIf(!hasPostgres)('PostgreSQL migrations', () => {
  let db: TestDatabase | undefined;
  const stores: PostgresDailyStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await db?.drop();
  });

  it('five processes starting at once: every migration applied exactly once', async () => {
    db = await createTestDatabase('aesc_migrate');
    const url = db.url;
    stores.push(...(await Promise.all(Array.from({ length: 5 }, () => PostgresDailyStore.open(url)))));
    const { rows } = await (stores[0] as PostgresDailyStore).pool.query<{ version: number }>(
      'SELECT version FROM daily_schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it('a subscription saved under schema 1 reads back unchanged, with the defaults that mean "as before"', async () => {
    db = await createTestDatabase('aesc_migrate');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const pool = { query: client.query.bind(client) } as unknown as pg.PoolClient;
    expect(await migratePostgres(pool, PG_MIGRATIONS.slice(0, 1))).toBe(1);
    await client.query(`INSERT INTO daily_subscriptions (guild_id, channel_id, time_hhmm, timezone, next_due_utc,
      next_local_date, consecutive_failures, version, created_at, updated_at)
      VALUES ('100000000000000001', '200000000000000001', '09:00', 'Europe/London', 1780000000000, '2026-05-28', 2, 4, 1, 2)`);
    await client.end();
    const store = await PostgresDailyStore.open(db.url);
    stores.push(store);
    expect(await store.getSubscription('100000000000000001')).toMatchObject({
      channelId: '200000000000000001',
      time: '09:00',
      timezone: 'Europe/London',
      nextDueUtc: 1780000000000,
      nextLocalDate: '2026-05-28',
      consecutiveFailures: 2,
      version: 4,
      channelType: 0,
      roleId: null,
      weekdays: EVERY_DAY,
      publish: false,
      tagId: null,
      lastTest: null,
    });
  });

  it('a schema migrated further by a newer release is used as it is (rolling update, rollback by one)', async () => {
    db = await createTestDatabase('aesc_migrate');
    stores.push(await PostgresDailyStore.open(db.url));
    await (stores[0] as PostgresDailyStore).pool.query(
      "INSERT INTO daily_schema_migrations (version, name) VALUES (99, 'from a newer release')",
    );
    const older = await PostgresDailyStore.open(db.url);
    stores.push(older);
    expect(await older.getSubscription('1')).toBeNull();
  });
});

if (!hasPostgres) it.skip(PG_SKIP_MESSAGE, () => {});
