// The cost of localisation per reply (issue 13): our handler time for `/aesc plant` in `ja` against `en-US`, in the
// same run, on the same sites, twice: "served" = the /aesc command module's execute as every asker gets it (option
// parsing, the site's kept card copied with the asker's id: src/present/owner-templates.ts), and "built" = the card
// made from scratch (catalogue look-ups, fact translations, the chart from its cache), which each site's first answer
// in a locale costs. Both plus enforceMessageLimits, as the dispatcher runs it; no transport. Target: ja at most 1.1x.
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
import { plantCard } from '../src/commands/aesc/plant.js';
import type { InteractionContext } from '../src/core/command.js';
import { enforceMessageLimits } from '../src/discord/limits.js';
import { loadFactStore } from '../src/facts/load.js';
import { cardReply } from '../src/present/cv2.js';

const TARGET_RATIO = 1.1;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
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
  // Served: what /aesc plant does for each asker (a kept card, copied with the asker's id).
  const served = (locale: string, i: number) => {
    const reply = aesc.execute('plant', { name: names[i % names.length] as string }, context(locale, i));
    if (reply instanceof Promise) throw new Error('/aesc plant answered asynchronously');
    sink += enforceMessageLimits(reply.data).components?.length ?? 0;
  };
  // Built: the card made from the facts, catalogue and translations (each site's first answer in a locale).
  const built = (locale: string, i: number) => {
    const plant = store.plants[i % store.plants.length] as (typeof store.plants)[number];
    const reply = cardReply(plantCard(store, plant, locale, 'o', '100000000000000001'));
    sink += enforceMessageLimits(reply.data).components?.length ?? 0;
  };
  const fmt = (us: number) => `${us.toFixed(1)} µs`;
  for (const [label, call] of [
    ['served (kept card, copied for the asker)', served],
    ["built (a site's first answer in a locale)", built],
  ] as const) {
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
    const en = median(times['en-US']);
    const ja = median(times.ja);
    lines.push(
      `/aesc plant ${label}, + limits, per call, ${names.length} sites in turn, median of ${ROUNDS * 2} batches of ${BATCH} (ABBA):`,
      `  en-US (baseline): ${fmt(en)}   [min ${fmt(Math.min(...times['en-US']))}]`,
      `  ja:               ${fmt(ja)}   [min ${fmt(Math.min(...times.ja))}]`,
      `  ja / en-US = ${(ja / en).toFixed(3)}; target <= ${TARGET_RATIO}: ${ja / en <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
  }
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
