// The cost of localisation per reply (issue 13): our handler time for `/aesc plant` in `ja` against `en-US`, in the
// same run, on the same sites. One call = the /aesc command module's execute (option parsing, the plant card with its
// catalogue look-ups and fact translations, the chart from its cache) plus enforceMessageLimits, as the dispatcher
// runs it; no transport. Target: ja at most 1.1x en-US.
//
//   npx tsx bench/i18n.ts        (this file alone)
//   npm run bench                (every bench, via bench/run-all.ts)
//
// Method: every site in turn, batches of 200 calls, en-US and ja alternating in ABBA order over 20 rounds (so drift
// and GC hit both alike); the figure per language is the median batch time per call, and the ratio is of those
// medians. Pictures are warmed first in both languages (the cache is what a running bot serves from).
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createAescCommand } from '../src/commands/aesc/index.js';
import type { InteractionContext } from '../src/core/command.js';
import { enforceMessageLimits } from '../src/discord/limits.js';
import { loadFactStore } from '../src/facts/load.js';

const TARGET_RATIO = 1.1;
const BATCH = 200;
const ROUNDS = 20;

function context(locale: string, i: number): InteractionContext {
  return {
    locale,
    invoker: {
      userId: '100000000000000001',
      guildId: '200000000000000001',
      channelId: '300000000000000001',
      interactionId: String(400000000000000000n + BigInt(i)),
      memberPermissions: null,
      appPermissions: null,
    },
  };
}

export async function runI18nBench(): Promise<string[]> {
  const lines: string[] = [];
  const store = loadFactStore();
  const aesc = createAescCommand({ store, clock: { now: () => new Date('2026-08-03T09:00:00Z') } });
  const names = store.plants.map((p) => p.name);
  let sink = 0;
  const call = (locale: string, i: number) => {
    const reply = aesc.execute('plant', { name: names[i % names.length] as string }, context(locale, i));
    if (reply instanceof Promise) throw new Error('/aesc plant answered asynchronously');
    sink += enforceMessageLimits(reply.data).components?.length ?? 0;
  };
  const batch = (locale: string): number => {
    const start = performance.now();
    for (let i = 0; i < BATCH; i++) call(locale, i);
    return ((performance.now() - start) * 1000) / BATCH; // µs per call
  };
  // Warm-up: every site's card and picture in both languages, then a few batches.
  for (const locale of ['en-US', 'ja']) for (let i = 0; i < names.length * 2; i++) call(locale, i);
  for (let i = 0; i < 3; i++) {
    batch('en-US');
    batch('ja');
  }
  const times: Record<'en-US' | 'ja', number[]> = { 'en-US': [], ja: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order: ('en-US' | 'ja')[] = r % 2 === 0 ? ['en-US', 'ja', 'ja', 'en-US'] : ['ja', 'en-US', 'en-US', 'ja'];
    for (const locale of order) times[locale].push(batch(locale));
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  };
  const en = median(times['en-US']);
  const ja = median(times.ja);
  const ratio = ja / en;
  const fmt = (us: number) => `${us.toFixed(1)} µs`;
  lines.push(
    `/aesc plant handler + limits per call, ${names.length} sites in turn, median of ${ROUNDS * 2} batches of ${BATCH} (ABBA):`,
  );
  lines.push(`  en-US (baseline): ${fmt(en)}   [min ${fmt(Math.min(...times['en-US']))}]`);
  lines.push(`  ja:               ${fmt(ja)}   [min ${fmt(Math.min(...times.ja))}]`);
  lines.push(
    `  ja / en-US = ${ratio.toFixed(3)}; target <= ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
  );
  const [load1 = Number.NaN] = loadavg();
  lines.push(
    `  (node ${process.version}, ${availableParallelism()} CPUs, load average ${load1.toFixed(2)}; checksum ${sink})`,
  );
  return lines;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  for (const line of await runI18nBench()) console.log(line);
}
