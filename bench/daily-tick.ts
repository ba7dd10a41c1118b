// Benchmark of the daily post's minute tick (issue 4).
//   npx tsx bench/daily-tick.ts
// - "find + claim": 100,000 subscriptions, 1,000 due: read the due ones through the partial index and claim them
//   in the ledger (the part that must fit in a tick; target <= 50 ms). Discord is not involved.
// - "full tick": the same plus a no-op sender and recording each outcome (one transaction per post).
// - "idle tick": 100,000 subscriptions none due, vs 10 subscriptions none due: should cost about the same,
//   because a tick only reads due rows.
// - "one channel hanging" (issue 8 item 5): 200 due, one channel's send never answers; the time until the other
//   199 posts are sent and recorded, side by side with the same tick where no channel hangs (same run, same file).
// The database is a real file (WAL, synchronous=FULL) in the OS temp folder, as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import type { Clock } from '../src/core/command.js';
import { DailyScheduler, emptyTickResult } from '../src/daily/scheduler.js';
import type { DailySender } from '../src/daily/sender.js';
import { SqliteDailyStore } from '../src/daily/sqlite-store.js';
import type { DailyStore } from '../src/daily/store.js';
import { formatLocalDate, localDateAt } from '../src/daily/time.js';

export interface DailyTickBenchResult {
  name: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

const ZONES = ['UTC', 'Europe/London', 'America/Chicago', 'Asia/Tokyo', 'Asia/Kathmandu'];
const NOW = Date.parse('2026-06-01T12:00:00Z');
/** The local date at NOW in every zone of ZONES (12:00Z is June 1 from Chicago to Tokyo). */
const TODAY = '2026-06-01';

const noopSender: DailySender = {
  async send() {
    return { id: '1' };
  },
};

function seed(store: SqliteDailyStore, total: number, due: number): void {
  const insert = store.db.prepare(`
    INSERT INTO subscriptions (guild_id, channel_id, time_hhmm, timezone, enabled, next_due_utc, next_local_date,
      consecutive_failures, version, created_at, updated_at)
    VALUES (?, ?, '12:00', ?, 1, ?, ?, 0, 1, ?, ?)`);
  for (const z of ZONES) {
    if (formatLocalDate(localDateAt(NOW, z)) !== TODAY) throw new Error(`bench setup: ${z} is not on ${TODAY}`);
  }
  store.db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const zone = ZONES[i % ZONES.length] ?? 'UTC';
      // Due rows: up to a minute late. Others: spread over the next 24 hours.
      const dueAt = i < due ? NOW - (i % 60) * 1000 : NOW + 60_000 + ((i * 7919) % 86_340_000);
      insert.run(String(10n ** 17n + BigInt(i)), String(2n * 10n ** 17n + BigInt(i)), zone, dueAt, TODAY, NOW, NOW);
    }
  })();
}

function resetDue(store: SqliteDailyStore, due: number): void {
  store.db.transaction(() => {
    store.db.exec('DELETE FROM ledger');
    store.db
      .prepare('UPDATE subscriptions SET next_due_utc = ?, next_local_date = ? WHERE guild_id < ?')
      .run(NOW - 1000, TODAY, String(10n ** 17n + BigInt(due)));
  })();
}

function fixedClock(ms: number): Clock {
  return { now: () => new Date(ms) };
}

export async function run(options: { time?: number } = {}): Promise<DailyTickBenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aesc-daily-bench-'));
  try {
    const big = new SqliteDailyStore(`file:${join(dir, 'big.sqlite')}`);
    const small = new SqliteDailyStore(`file:${join(dir, 'small.sqlite')}`);
    seed(big, 100_000, 1_000);
    seed(small, 10, 0);
    big.db.exec('ANALYZE');
    const make = (store: SqliteDailyStore) =>
      new DailyScheduler({
        store,
        sender: noopSender,
        buildPost: () => ({ content: 'x', allowed_mentions: { parse: [] } }),
        clock: fixedClock(NOW),
      });
    const bigScheduler = make(big);
    const smallScheduler = make(small);
    const emptyResult = emptyTickResult;

    // Sanity: the scenario is what it claims to be.
    resetDue(big, 1_000);
    const check = await bigScheduler.tick(new Date(NOW));
    if (check.due !== 1_000 || check.posted !== 1_000) throw new Error(`unexpected tick ${JSON.stringify(check)}`);

    const bench = new Bench({ time: options.time ?? 3_000, warmupIterations: 3, throws: true });
    bench.add(
      'find + claim: 100k subscriptions, 1,000 due',
      async () => {
        const result = emptyResult();
        const due = await big.listDue(NOW, 20_000);
        for (let i = 0; i < due.length; i += 250) {
          await bigScheduler.claimBatch(due.slice(i, i + 250), NOW, result);
        }
        if (result.claimed !== 1_000) throw new Error(`claimed ${result.claimed}`);
      },
      { beforeEach: () => resetDue(big, 1_000) },
    );
    bench.add(
      'full tick (no-op sender): 100k subscriptions, 1,000 due',
      async () => {
        const r = await bigScheduler.tick(new Date(NOW));
        if (r.posted !== 1_000) throw new Error(`posted ${r.posted}`);
      },
      { beforeEach: () => resetDue(big, 1_000) },
    );
    bench.add(
      'idle tick: 100k subscriptions, none due',
      async () => {
        await bigScheduler.tick(new Date(NOW - 5_000));
      },
      { beforeAll: () => resetDue(big, 0) },
    );
    bench.add('idle tick: 10 subscriptions, none due', async () => {
      await smallScheduler.tick(new Date(NOW - 5_000));
    });
    await bench.run();
    await big.close();
    await small.close();
    return bench.tasks.map((t) => {
      const latency = t.result?.latency;
      return {
        name: t.name,
        samples: latency?.samples.length ?? 0,
        p50Ms: latency?.p50 ?? Number.NaN,
        p99Ms: latency?.p99 ?? Number.NaN,
        meanMs: latency?.mean ?? Number.NaN,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Issue 8 item 5: how long the other posts wait when one channel hangs, against the same tick with none hanging.
 * Each run: 200 due; "others done" is when every other post has been sent and recorded (its ledger row settled).
 */
export async function runHangingChannel(runs = 6): Promise<DailyTickBenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aesc-daily-bench-hang-'));
  const DUE = 200;
  try {
    const store = new SqliteDailyStore(`file:${join(dir, 'hang.sqlite')}`);
    seed(store, 2_000, DUE);
    const hangingChannel = String(2n * 10n ** 17n); // the first due subscription's channel
    const once = async (hang: boolean): Promise<number> => {
      resetDue(store, DUE);
      let recorded = 0;
      let started = 0;
      let othersDone = 0;
      const allOthers = new Promise<void>((resolve) => {
        const observed: DailyStore = Object.create(store) as DailyStore;
        observed.recordOutcome = async (input) => {
          await store.recordOutcome(input);
          if (input.outcome.kind === 'posted' && ++recorded === DUE - 1) {
            othersDone = performance.now() - started;
            resolve();
          }
        };
        const sender: DailySender = {
          send: (channelId, _body, signal) =>
            hang && channelId === hangingChannel
              ? new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)))
              : Promise.resolve({ id: '1' }),
        };
        const scheduler = new DailyScheduler({
          store: observed,
          sender,
          buildPost: () => ({ content: 'x', allowed_mentions: { parse: [] } }),
          clock: fixedClock(NOW),
          sendTimeoutMs: 2_000,
        });
        started = performance.now();
        void scheduler.tick(new Date(NOW));
      });
      await allOthers;
      // Let the hanging send reach its deadline before the next run resets the ledger (both cases pause alike).
      await new Promise((r) => setTimeout(r, 2_100));
      return othersDone;
    };
    const summary = (name: string, t: number[]): DailyTickBenchResult => {
      const sorted = [...t].sort((a, b) => a - b);
      return {
        name,
        samples: t.length,
        p50Ms: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
        p99Ms: sorted[sorted.length - 1] ?? Number.NaN,
        meanMs: t.reduce((a, b) => a + b, 0) / t.length,
      };
    };
    // Interleaved, so both see the same machine load.
    const baseline: number[] = [];
    const hanging: number[] = [];
    for (let r = 0; r < runs; r++) {
      baseline.push(await once(false));
      hanging.push(await once(true));
    }
    await store.close();
    return [
      summary('others done, 200 due, no channel hanging (baseline)', baseline),
      summary('others done, 200 due, 1 channel hanging (p99 = max)', hanging),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function format(results: readonly DailyTickBenchResult[]): string {
  const rows = results.map(
    (r) =>
      `${r.name.padEnd(58)} p50 ${r.p50Ms.toFixed(3).padStart(8)} ms   p99 ${r.p99Ms.toFixed(3).padStart(8)} ms   (n=${r.samples})`,
  );
  return ['daily tick', ...rows].join('\n');
}

/** For bench/run-all.ts: `['daily-tick', runDailyTickBench]`. */
export async function runDailyTickBench(): Promise<string[]> {
  return format([...(await run()), ...(await runHangingChannel())]).split('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run()
    .then(async (results) => [...results, ...(await runHangingChannel())])
    .then((results) => {
      console.log(format(results));
      const claim = results[0];
      if (claim && claim.p99Ms > 50)
        console.log(`WARNING: find + claim p99 ${claim.p99Ms.toFixed(1)} ms > 50 ms target`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
