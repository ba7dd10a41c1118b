// PostgreSQL for tests: the server the globalSetup found or started (test/support/postgres-global-setup.ts), and a
// fresh database per test file so files run in parallel without seeing each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

import { PG_SKIP_MESSAGE } from './postgres-global-setup.js';

export { PG_SKIP_MESSAGE };

/** The server's URL, or '' when there is none (the PostgreSQL tests then skip). */
export function testDatabaseUrl(): string {
  let url = '';
  try {
    url = inject('testDatabaseUrl') ?? '';
  } catch {
    // outside vitest's runner
  }
  if (!url) url = process.env.TEST_DATABASE_URL ?? '';
  return url === 'off' ? '' : url;
}

export const hasPostgres = testDatabaseUrl() !== '';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server; `drop()` removes it (closing whatever is still connected). */
export async function createTestDatabase(prefix = 'aesc_test'): Promise<TestDatabase> {
  const base = testDatabaseUrl();
  if (!base) throw new Error(PG_SKIP_MESSAGE);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
