// Benchmark of the daily tick on PostgreSQL (issue 11).
//   npx tsx bench/pg-tick.ts            (uses TEST_DATABASE_URL, or starts a throwaway cluster with scripts/pg-cluster.sh)
// - "find + claim": 1,000,000 subscriptions, 1,000 due: read the due ones through the partial index and claim them
//   in the ledger, in the scheduler's batches (target: p99 <= 100 ms). Discord is not involved.
// - the same with 10,000 subscriptions, side by side: the cost follows the rows due, not the table.
// - "idle tick": 1,000,000 subscriptions none due vs 10 subscriptions none due: about the same.
// The rows are bulk-loaded with generate_series (about 10 s for a million). The cluster has fsync off (a test
// cluster): commits cost less than on a production server with fsync on, where each claim batch adds one WAL flush.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { Bench } from 'tinybench';
import type { Clock } from '../src/core/clock.js';
import { PostgresDailyStore } from '../src/daily/postgres-store.js';
import { DailyScheduler, emptyTickResult } from '../src/daily/scheduler.js';
import type { DailySender } from '../src/daily/sender.js';
import { projectRoot } from '../src/util/project-root.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const TODAY = '2026-06-01';
const ZONES = "ARRAY['UTC','Europe/London','America/Chicago','Asia/Tokyo','Asia/Kathmandu']";

const noopSender: DailySender = {
  async send() {
    return { id: '1' };
  },
};

const fixedClock = (ms: number): Clock => ({ now: () => new Date(ms) });

interface Server {
  url: string;
  stop(): void;
}

function server(): Server {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given && given !== 'off') return { url: given, stop() {} };
  const dir = mkdtempSync(join(tmpdir(), 'aesc-bench-pg-'));
  const script = join(projectRoot(), 'scripts', 'pg-cluster.sh');
  const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim();
  return {
    url,
    stop: () => {
      execFileSync('bash', [script, 'stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withDatabase(base: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function seed(store: PostgresDailyStore, total: number, due: number): Promise<void> {
  await store.pool.query(
    `INSERT INTO daily_subscriptions (guild_id, channel_id, time_hhmm, timezone, enabled, next_due_utc, next_local_date,
       consecutive_failures, version, created_at, updated_at)
     SELECT (100000000000000000 + i)::text, (200000000000000000 + i)::text, '12:00', (${ZONES})[1 + i % 5], true,
       CASE WHEN i < $2 THEN $3::bigint - (i % 60) * 1000
            ELSE $3::bigint + 60000 + ((i::bigint * 7919) % 86340000) END,
       $4, 0, 1, $3::bigint, $3::bigint
     FROM generate_series(0, $1::integer - 1) AS i`,
    [total, due, NOW, TODAY],
  );
  await store.pool.query('VACUUM ANALYZE daily_subscriptions');
}

async function resetDue(store: PostgresDailyStore, due: number): Promise<void> {
  await store.pool.query('TRUNCATE daily_ledger');
  await store.pool.query(
    'UPDATE daily_subscriptions SET next_due_utc = $1, next_local_date = $2 WHERE guild_id < $3 AND next_due_utc <> $1',
    [NOW - 1000, TODAY, String(10n ** 17n + BigInt(due))],
  );
}

export interface PgTickRow {
  name: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

export async function runPgTick(options: { time?: number; total?: number } = {}): Promise<PgTickRow[]> {
  const total = options.total ?? 1_000_000;
  const srv = server();
  const stores: PostgresDailyStore[] = [];
  try {
    const open = async (name: string) => {
      const s = await PostgresDailyStore.open(await withDatabase(srv.url, name), { statementTimeoutMs: 300_000 });
      stores.push(s);
      return s;
    };
    const big = await open('aesc_bench_big');
    const mid = await open('aesc_bench_mid');
    const small = await open('aesc_bench_small');
    const t0 = performance.now();
    await seed(big, total, 1_000);
    const loadMs = performance.now() - t0;
    await seed(mid, 10_000, 1_000);
    await seed(small, 10, 0);
    const make = (store: PostgresDailyStore) =>
      new DailyScheduler({
        store,
        sender: noopSender,
        buildPost: () => ({ content: 'x', allowed_mentions: { parse: [] } }),
        clock: fixedClock(NOW),
      });
    const schedulers = new Map([
      [big, make(big)],
      [mid, make(mid)],
      [small, make(small)],
    ]);
    const findAndClaim = async (store: PostgresDailyStore) => {
      const scheduler = schedulers.get(store) as DailyScheduler;
      const result = emptyTickResult();
      const due = await store.listDue(NOW, 20_000);
      for (let i = 0; i < due.length; i += 500) await scheduler.claimBatch(due.slice(i, i + 500), NOW, result);
      if (result.claimed !== 1_000) throw new Error(`claimed ${result.claimed}`);
    };
    // Sanity: the scenario is what it claims to be.
    await resetDue(big, 1_000);
    const check = await (schedulers.get(big) as DailyScheduler).tick(new Date(NOW));
    if (check.due !== 1_000 || check.posted !== 1_000) throw new Error(`unexpected tick ${JSON.stringify(check)}`);

    // Steady state: autovacuum has cleaned up after yesterday's updates (the resets below leave dead index entries
    // at the front of the due index, which only an idle scan right after them would pay for).
    const vacuumed = async (store: PostgresDailyStore) => {
      await resetDue(store, 0);
      await store.pool.query('VACUUM ANALYZE daily_subscriptions');
      await store.pool.query('VACUUM ANALYZE daily_ledger');
    };
    const bench = new Bench({ time: options.time ?? 4_000, warmupIterations: 3, throws: true });
    const label = `${(total / 1e6).toLocaleString('en')}M`;
    bench.add(
      `idle tick: ${label} subscriptions, none due`,
      async () => {
        await (schedulers.get(big) as DailyScheduler).tick(new Date(NOW - 5_000));
      },
      { beforeAll: () => vacuumed(big) },
    );
    bench.add(
      'idle tick: 10 subscriptions, none due (baseline)',
      async () => {
        await (schedulers.get(small) as DailyScheduler).tick(new Date(NOW - 5_000));
      },
      { beforeAll: () => vacuumed(small) },
    );
    bench.add(`find + claim: ${label} subscriptions, 1,000 due`, () => findAndClaim(big), {
      beforeEach: () => resetDue(big, 1_000),
    });
    bench.add('find + claim: 10k subscriptions, 1,000 due (baseline)', () => findAndClaim(mid), {
      beforeEach: () => resetDue(mid, 1_000),
    });
    bench.add(
      `full tick (no-op sender): ${label} subscriptions, 1,000 due`,
      async () => {
        const r = await (schedulers.get(big) as DailyScheduler).tick(new Date(NOW));
        if (r.posted !== 1_000) throw new Error(`posted ${r.posted}`);
      },
      { beforeEach: () => resetDue(big, 1_000) },
    );
    await bench.run();
    const rows = bench.tasks.map((t) => ({
      name: t.name,
      samples: t.result?.latency?.samples.length ?? 0,
      p50Ms: t.result?.latency?.p50 ?? Number.NaN,
      p99Ms: t.result?.latency?.p99 ?? Number.NaN,
    }));
    rows.unshift({
      name: `bulk load ${label} subscriptions (generate_series + VACUUM ANALYZE)`,
      samples: 1,
      p50Ms: loadMs,
      p99Ms: loadMs,
    });
    return rows;
  } finally {
    for (const s of stores) await s.close().catch(() => undefined);
    srv.stop();
  }
}

export async function runPgTickBench(): Promise<string[]> {
  const rows = await runPgTick();
  return rows.map(
    (r) =>
      `${r.name.padEnd(62)} p50 ${r.p50Ms.toFixed(3).padStart(9)} ms   p99 ${r.p99Ms.toFixed(3).padStart(9)} ms   (n=${r.samples})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runPgTickBench()) console.log(line);
}
