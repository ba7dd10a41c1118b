// Benchmark of the `/aesc-daily set timezone:` autocomplete (issue 12): the new choices (aliases, common zones first,
// offset and local time in each label, per-minute label cache, bounded query cache) side by side with the baseline in
// the same run, the previous autocomplete (`searchTimeZones(q, 25)` mapped to bare names). Autocomplete answers within
// Discord's 3 s from memory; the goal is that the richer choices cost no more than the old ones.
//
//   npx tsx bench/daily-autocomplete.ts      (this file alone)
//   npm run bench                            (every bench, via bench/run-all.ts)
import { Bench } from 'tinybench';
import { searchTimeZones } from '../src/daily/time.js';
import { zoneChoices } from '../src/daily/zone-search.js';

/** What an admin types, keystroke by keystroke, plus abbreviations and garbage. */
function queries(): string[] {
  const words = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Kathmandu', 'EST', 'Eastern', 'CET', 'JST'];
  const out: string[] = [''];
  for (const w of words) for (let n = 1; n <= w.length; n++) out.push(w.slice(0, n));
  out.push('xyzzy', '!!!', 'a'.repeat(64), 'europe london', 'new york');
  return out;
}

const baseline = (q: string) => searchTimeZones(q, 25).map((z) => ({ name: z, value: z }));

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export async function runDailyAutocompleteBench(): Promise<string[]> {
  const qs = queries();
  const now = Date.now();
  let i = 0;
  let u = 0;
  const bench = new Bench({ time: 500, warmup: true });
  bench
    .add('baseline: searchTimeZones, bare names (keystrokes)', () => {
      baseline(qs[i++ % qs.length] ?? '');
    })
    .add('new: zoneChoices with labels (keystrokes, caches warm)', () => {
      zoneChoices(qs[i++ % qs.length] ?? '', now);
    })
    .add('baseline: searchTimeZones, a new query each call', () => {
      baseline(`q${u++}`);
    })
    .add('new: zoneChoices, a new query each call (cache misses)', () => {
      zoneChoices(`q${u++}`, now);
    });
  await bench.run();
  const lines = ['time zone autocomplete, per call (p50 / p99):'];
  for (const task of bench.tasks) {
    const samples = [...(task.result?.latency?.samples ?? [])].sort((a, b) => a - b);
    const p50 = percentile(samples, 50) * 1000;
    const p99 = percentile(samples, 99) * 1000;
    lines.push(`  ${task.name}: ${p50.toFixed(1)} µs / ${p99.toFixed(1)} µs (${samples.length} calls)`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runDailyAutocompleteBench()) console.log(line);
}
