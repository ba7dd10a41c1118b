// Benchmarks of the fact store: cold load (read + validate + cross-check + index), plant search per
// keystroke, full-text search and "on this date", per call. Targets: load <= 30 ms, plant search p99 <= 20 µs.
//
//   npx tsx bench/facts.ts          (this file alone)
//   npm run bench                   (every bench, compiled, via bench/run-all.ts)
//
// Per-call figures come from tinybench's latency samples (one sample = one call). The true cold load is
// measured in fresh `node` processes running the compiled loader (dist/src/facts/load.js, built by
// `npx tsc -p tsconfig.build.json`), timed inside each process around the import and the load.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import MiniSearch from 'minisearch';
import { Bench, hrtimeNow } from 'tinybench';
import { cjkTerms, hasCjk, scriptRuns } from '../src/facts/cjk.js';
import { calendarDates } from '../src/facts/dates.js';
import { loadDataFiles, loadFactStore } from '../src/facts/load.js';
import { localNames } from '../src/facts/local-names.js';
import { words } from '../src/facts/normalize.js';
import { PlantIndex } from '../src/facts/plant-search.js';
import { searchDocuments } from '../src/facts/search-documents.js';
import { localFields, translatedDocuments } from '../src/facts/search-local.js';
import { FactStore } from '../src/facts/store.js';
import { TextIndex } from '../src/facts/text-search.js';
import { factTranslator } from '../src/i18n/fact-translations.js';
import { projectRoot } from '../src/util/project-root.js';
import { PlantIndex as PlantIndexBefore } from './baseline/plant-search-before.js';
import {
  type SearchDocument as SearchDocumentBefore,
  TextIndex as TextIndexBefore,
} from './baseline/text-search-before.js';

export const LOAD_TARGET_MS = 30;
export const PLANT_SEARCH_P99_TARGET_US = 20;
const COLD_RUNS = 10;

/** Nearest-rank percentile of ascending-sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

const sortAsc = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const us = (ms: number) => `${(ms * 1000).toFixed(2)} µs`;
const ms = (v: number) => `${v.toFixed(2)} ms`;
const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER TARGET');

/** The queries someone types into the plant option: keystroke prefixes, typos, aliases, empty, garbage, long. */
export function plantQueries(store = loadFactStore()): Record<string, string[]> {
  const prefixes: string[] = [];
  for (const p of store.plants) {
    for (let n = 1; n <= p.name.length; n++) prefixes.push(p.name.slice(0, n));
  }
  return {
    prefix: prefixes,
    typo: ['sundreland', 'smyrn', 'flornce', 'kentuky', 'bowlng green', 'tenessee', 'extremadrua', 'inner mongolai'],
    alias: store.plants.flatMap((p) => [...p.aliases, ...p.keywords]),
    empty: ['', ' '],
    garbage: ['xyzzy qwerty', '!!!', '🔋🔋', 'asdfgh', 'zzzz'],
    place: [
      'uk',
      'UK',
      'europe',
      'Europe',
      'united kingdom',
      'United States',
      'china',
      'japan',
      'usa',
      'kanagawa',
      'spain',
    ],
    short: ['zma', 'sua', 'dou', 'gb', 'us', 'zam', 'ord'],
    long: ['sunderland plant in england '.repeat(4).slice(0, 100), 'x'.repeat(6000)],
    // Japanese: every keystroke of each site's Japanese name, places, a typo, a part inside a name, a long paste.
    japanese: [
      ...store.plants.flatMap((p) => {
        const name = [...factTranslator().text('ja', p.name)];
        return name.map((_, n) => name.slice(0, n + 1).join(''));
      }),
      ...['テネシー', '日本', '英国', '神奈川', '米国', 'サンダランド', 'ランド工場', '電極', '工場', 'ｻﾝﾀﾞｰ'],
      'サンダーランド工場'.repeat(50),
    ],
  };
}

/** Japanese queries for /aesc search, beside the English ones (TEXT_QUERIES). */
const JA_TEXT_QUERIES = [
  'サンダーランド 生産能力',
  'サンダーランドの生産能力は',
  '日産 合弁',
  '誰が所有している',
  'AESCの設立',
  'ドゥエー 投資',
  'リーフ 生産',
  'パナソニック',
  'テネシー',
  'エンビジョン 売却',
  'Sunderland 生産能力',
  '。、！？',
  '日産と合弁の生産能力'.repeat(20),
];

const TEXT_QUERIES = [
  'Panasonic',
  'GSR Capital',
  'Leaf',
  'safety',
  'L3-10',
  'tariffs',
  'when did Nissan sell AESC',
  'battery plant in France',
  'Envision',
  'Knudt Flor',
  'gigafactory',
  'xyzzy qwerty',
  '!!!',
  'the',
  'sunderland '.repeat(30),
  'Sunderland capacity',
  'who owns AESC',
  'when was AESC founded',
  'how big is Douai',
  'UK',
  'sundreland',
];

/** A task function that goes through `inputs` in turn, one per call. */
function cycling<T>(inputs: readonly T[], run: (input: T) => unknown): () => void {
  let i = 0;
  return () => {
    run(inputs[i] as T);
    i = i + 1 === inputs.length ? 0 : i + 1;
  };
}

interface ColdRun {
  importMs: number;
  loadMs: number;
  totalMs: number;
  /** CPU time (user + system, all threads) of import + load: less sensitive to a busy machine. */
  cpuMs: number;
  plants: number;
}

/** Fresh `node` processes, each timing import + loadFactStore() of the compiled loader. */
function coldLoads(loaderPath: string, runs: number): ColdRun[] {
  const url = pathToFileURL(loaderPath).href;
  const script = [
    'const c0 = process.cpuUsage();',
    'const t0 = performance.now();',
    `const m = await import(${JSON.stringify(url)});`,
    'const t1 = performance.now();',
    'const s = m.loadFactStore();',
    'const t2 = performance.now();',
    'const c = process.cpuUsage(c0);',
    'const cpuMs = (c.user + c.system) / 1000;',
    'process.stdout.write(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, totalMs: t2 - t0, cpuMs, plants: s.plants.length }));',
  ].join('\n');
  const out: ColdRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: projectRoot(),
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (r.status !== 0) throw new Error(`cold load run ${i + 1} failed (${r.status}): ${r.stderr}`);
    out.push(JSON.parse(r.stdout) as ColdRun);
  }
  return out;
}

/** Runs the fact benchmarks and returns the report, one line each. */
export async function runFactsBench(): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => lines.push(`facts: ${line}`);

  // (a) load: the first call in this process (modules already imported, JIT cold), then fresh processes.
  const t0 = performance.now();
  const store = loadFactStore();
  const firstLoad = performance.now() - t0;
  say(
    `load+validate+index, first call in this process: ${ms(firstLoad)} (${store.plants.length} plants, ${store.events.length} events)`,
  );

  const loader = join(projectRoot(), 'dist', 'src', 'facts', 'load.js');
  if (existsSync(loader)) {
    const runs = coldLoads(loader, COLD_RUNS);
    const total = sortAsc(runs.map((r) => r.totalMs));
    const load = sortAsc(runs.map((r) => r.loadMs));
    const imp = sortAsc(runs.map((r) => r.importMs));
    const cpu = sortAsc(runs.map((r) => r.cpuMs));
    const median = percentile(total, 50);
    const max = total.at(-1) ?? Number.NaN;
    const loadMedian = percentile(load, 50);
    const loadMax = load.at(-1) ?? Number.NaN;
    say(
      `cold load + validate + index, fresh node x${COLD_RUNS} (loadFactStore(), timed in-process): median ${ms(loadMedian)}, max ${ms(loadMax)}; target <= ${LOAD_TARGET_MS} ms: ${verdict(loadMedian <= LOAD_TARGET_MS)}${loadMax > LOAD_TARGET_MS ? ' (max over)' : ''}`,
    );
    say(
      `  before it, importing the modules (zod, the store's code) takes median ${ms(percentile(imp, 50))}; import + load median ${ms(median)}, max ${ms(max)}`,
    );
    say(
      `  CPU time of import+load (user+system, all threads): median ${ms(percentile(cpu, 50))}, max ${ms(cpu.at(-1) ?? Number.NaN)}`,
    );
  } else {
    say(
      `cold load in fresh processes: skipped, ${loader} not found (run \`npx tsc -p tsconfig.build.json\`; \`npm run bench\` builds it)`,
    );
  }

  // (b) per-call latencies.
  const queries = plantQueries(store);
  const allPlantQueries = Object.values(queries).flat();
  const dates = calendarDates([2026, 2027, 2028]);
  const bench = new Bench({ now: hrtimeNow, time: 500, warmupTime: 100, iterations: 200 });
  bench.add('loadFactStore (warm, repeated)', () => loadFactStore());
  // The search indexes are built on the first search, not at load: their cost, beside the store's own.
  const files = loadDataFiles();
  bench.add('index the store (warm)', () => new FactStore(files));
  bench.add('index the store and build the search indexes (warm)', () => new FactStore(files).searchIndexes());
  bench.add(
    'plant search, all queries',
    cycling(allPlantQueries, (q) => store.searchPlants(q)),
  );
  for (const [kind, qs] of Object.entries(queries)) {
    bench.add(
      `plant search, ${kind}`,
      cycling(qs, (q) => store.searchPlants(q)),
    );
  }
  bench.add(
    'full-text search',
    cycling(TEXT_QUERIES, (q) => store.search(q)),
  );
  bench.add(
    'search answer (entities, question, ranked facts)',
    cycling(TEXT_QUERIES, (q) => store.searchAnswer(q)),
  );
  // English queries on the English index alone (no translations): the baseline of the bilingual index.
  const docs = searchDocuments(store);
  const englishText = new TextIndex(docs);
  bench.add(
    'full-text search, English index alone',
    cycling(TEXT_QUERIES, (q) => englishText.search(q)),
  );
  store.search('日産'); // builds the Japanese index before it is timed
  bench.add(
    'full-text search, Japanese queries',
    cycling(JA_TEXT_QUERIES, (q) => store.search(q)),
  );
  bench.add(
    'search answer, Japanese queries',
    cycling(JA_TEXT_QUERIES, (q) => store.searchAnswer(q)),
  );
  const names = localNames();
  bench.add('search index build: English only', () => new TextIndex(searchDocuments(store)));
  bench.add('search index build: English, then the Japanese index (first Japanese query)', () => {
    const d = searchDocuments(store);
    new TextIndex(d, translatedDocuments(d, names)).search('日産');
  });
  // Baseline: the all-words index used before minisearch, over the same documents.
  const textBefore = new TextIndexBefore(searchDocuments(store) as unknown as SearchDocumentBefore[]);
  bench.add(
    'full-text search, baseline (all words required, no ranking library)',
    cycling(TEXT_QUERIES, (q) => textBefore.search(q)),
  );
  bench.add(
    'onThisDate',
    cycling(dates, (d) => store.onThisDate(d)),
  );
  bench.runSync();

  const stats = (name: string) => {
    const task = bench.getTask(name);
    const r = task?.result;
    if (r === undefined || r.error !== undefined) throw new Error(`bench task "${name}" failed: ${r?.error?.message}`);
    const sorted = sortAsc(r.latency.samples);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      n: sorted.length,
    };
  };

  const warm = stats('loadFactStore (warm, repeated)');
  say(`loadFactStore warm (repeated in one process): p50 ${ms(warm.p50)}, p99 ${ms(warm.p99)} (${warm.n} calls)`);
  const indexOnly = stats('index the store (warm)');
  const withSearch = stats('index the store and build the search indexes (warm)');
  say(
    `  indexing alone p50 ${ms(indexOnly.p50)}; with the search indexes (built lazily, on the first /aesc search) p50 ${ms(withSearch.p50)}`,
  );

  const all = stats('plant search, all queries');
  say(
    `plant search per call, each call timed alone (${allPlantQueries.length} queries in turn, timer overhead and GC included): p50 ${us(all.p50)}, p99 ${us(all.p99)}, max ${us(all.max)} (${all.n} calls)`,
  );
  // The cost of each realistic query, each timed over a batch of calls so that the timer's own overhead and
  // jitter (a large part of the per-call samples above) do not count: the distribution over queries.
  // Baseline in the same run: the plant index as it was before places and short typos (bench/baseline/), on the
  // same data and queries, timed interleaved with the current one so machine load affects both alike.
  const before = new PlantIndexBefore(store.plants);
  // The same index code without the other languages' names: what the Japanese keys cost every query.
  const englishOnly = new PlantIndex(store.plants);
  // Each query's cost is the fastest of 5 batches of 100 calls: a busy machine (other processes, GC) only ever
  // adds time, so the minimum is the query's own cost.
  const costs = allPlantQueries.map((q) => {
    const batch = 100;
    for (let i = 0; i < 20; i++) {
      store.searchPlants(q);
      before.search(q);
      englishOnly.search(q);
    }
    let now = Number.POSITIVE_INFINITY;
    let then = Number.POSITIVE_INFINITY;
    let en = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) store.searchPlants(q);
      const t1 = performance.now();
      for (let i = 0; i < batch; i++) before.search(q);
      const t2 = performance.now();
      for (let i = 0; i < batch; i++) englishOnly.search(q);
      const t3 = performance.now();
      now = Math.min(now, (t1 - t0) / batch);
      then = Math.min(then, (t2 - t1) / batch);
      en = Math.min(en, (t3 - t2) / batch);
    }
    return { now, before: then, en, ja: hasCjk(q) };
  });
  const perQuery = sortAsc(costs.map((c) => c.now));
  const perQueryBefore = sortAsc(costs.map((c) => c.before));
  const perQueryEn = sortAsc(costs.filter((c) => !c.ja).map((c) => c.en));
  const perQueryNowEn = sortAsc(costs.filter((c) => !c.ja).map((c) => c.now));
  const perQueryJa = sortAsc(costs.filter((c) => c.ja).map((c) => c.now));
  say(
    `plant search cost per query (each of ${allPlantQueries.length} queries: fastest of 5 batches of 100 calls): p50 ${us(percentile(perQuery, 50))}, p99 ${us(percentile(perQuery, 99))}, max ${us(perQuery.at(-1) ?? Number.NaN)}; target p99 <= ${PLANT_SEARCH_P99_TARGET_US} µs: ${verdict(percentile(perQuery, 99) * 1000 <= PLANT_SEARCH_P99_TARGET_US)}`,
  );
  say(
    `  baseline (plant index before places and 3-letter typos, same run, same queries): p50 ${us(percentile(perQueryBefore, 50))}, p99 ${us(percentile(perQueryBefore, 99))}, max ${us(perQueryBefore.at(-1) ?? Number.NaN)}`,
  );
  say(
    `  the non-Japanese queries (${perQueryEn.length}): with the Japanese keys p50 ${us(percentile(perQueryNowEn, 50))}, p99 ${us(percentile(perQueryNowEn, 99))}; the same index without them (same run) p50 ${us(percentile(perQueryEn, 50))}, p99 ${us(percentile(perQueryEn, 99))}`,
  );
  say(
    `  the Japanese queries (${perQueryJa.length}): p50 ${us(percentile(perQueryJa, 50))}, p99 ${us(percentile(perQueryJa, 99))}, max ${us(perQueryJa.at(-1) ?? Number.NaN)}`,
  );
  for (const [kind, qs] of Object.entries(queries)) {
    const s = stats(`plant search, ${kind}`);
    say(`  ${kind.padEnd(8)} (${String(qs.length).padStart(3)} queries): p50 ${us(s.p50)}, p99 ${us(s.p99)}`);
  }
  const text = stats('full-text search');
  say(`full-text search per call (${TEXT_QUERIES.length} queries in turn): p50 ${us(text.p50)}, p99 ${us(text.p99)}`);
  const answer = stats('search answer (entities, question, ranked facts)');
  say(
    `  /aesc search's whole answer (entities, question routing, ranked facts): p50 ${us(answer.p50)}, p99 ${us(answer.p99)}`,
  );
  const textBaseline = stats('full-text search, baseline (all words required, no ranking library)');
  say(
    `  baseline, the all-words index before minisearch (same documents, same run): p50 ${us(textBaseline.p50)}, p99 ${us(textBaseline.p99)}`,
  );
  const enAlone = stats('full-text search, English index alone');
  say(
    `  English queries on the English index alone (no translations, same run): p50 ${us(enAlone.p50)}, p99 ${us(enAlone.p99)}`,
  );
  const jaText = stats('full-text search, Japanese queries');
  const jaAnswer = stats('search answer, Japanese queries');
  say(
    `full-text search, ${JA_TEXT_QUERIES.length} Japanese queries in turn: p50 ${us(jaText.p50)}, p99 ${us(jaText.p99)}; the whole answer p50 ${us(jaAnswer.p50)}, p99 ${us(jaAnswer.p99)}`,
  );
  const buildEn = stats('search index build: English only');
  const buildJa = stats('search index build: English, then the Japanese index (first Japanese query)');
  say(
    `search index build: English only p50 ${ms(buildEn.p50)}; with the Japanese index (built on the first Japanese query) p50 ${ms(buildJa.p50)}`,
  );
  for (const line of tokenizerComparison(docs)) say(line);
  const otd = stats('onThisDate');
  say(`onThisDate per call (${dates.length} dates in turn): p50 ${us(otd.p50)}, p99 ${us(otd.p99)}`);
  const [load1 = Number.NaN] = loadavg();
  say(
    `(node ${process.version}, ${availableParallelism()} CPUs, load average ${load1.toFixed(2)} at the end; per-call figures include tinybench's timing overhead of a few tens of ns)`,
  );
  return lines;
}

/**
 * Japanese full text: the index's bigrams against Intl.Segmenter words, on queries whose expected documents are
 * known (mean reciprocal rank, precision at 5; index build and query time), over the same translated documents.
 */
function tokenizerComparison(docs: ReturnType<typeof searchDocuments>): string[] {
  const fields = localFields(docs, 'ja', localNames());
  const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
  const particles = new Set(
    'の は が を に で と も へ や から まで より です ます した して する され いる ある た て か な だ'.split(' '),
  );
  const segmented = (run: string) =>
    [...segmenter.segment(run)].filter((s) => s.isWordLike && !particles.has(s.segment)).map((s) => s.segment);
  const expected: [string, RegExp][] = [
    ['サンダーランド 生産能力', /^sunderland\/capacity/],
    ['サンダーランドの生産能力は', /^sunderland\/capacity/],
    ['日産 合弁', /^joint-venture-2007$/],
    ['日産との合弁会社', /^joint-venture-2007$/],
    ['誰が所有している', /^owners$/],
    ['スマーナ', /^smyrna/],
    ['サンダー', /^sunderland/],
    ['エンビジョン 売却', /^envision-sale-announced$/],
    ['パナソニック', /^nikkei-report-panasonic$/],
    ['ドゥエー 投資', /^douai\/investment/],
    ['リーフ 生産', /^leaf-production$/],
    ['GSRキャピタル', /^gsr-/],
    ['テネシー', /^smyrna/],
    ['電池 安全', /safety/],
    ['イングランド', /^sunderland/],
  ];
  const out: string[] = [];
  for (const [label, cut] of [
    ['bigrams (the index)', cjkTerms],
    ['Intl.Segmenter words', segmented],
  ] as const) {
    const tokenize = (text: string) =>
      words(text).flatMap((w) => scriptRuns(w).flatMap((r) => (hasCjk(r) ? cut(r) : [r])));
    const build = () => {
      const m = new MiniSearch<{ n: number; title: string; body: string; keywords: string }>({
        idField: 'n',
        fields: ['title', 'body', 'keywords'],
        tokenize,
        searchOptions: { boost: { title: 2.5, body: 1, keywords: 0.8 }, combineWith: 'OR' },
      });
      m.addAll(fields.map((f, n) => ({ n, ...f })));
      return m;
    };
    let mini = build();
    let buildMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      mini = build();
      buildMs = Math.min(buildMs, performance.now() - t0);
    }
    let mrr = 0;
    let p5 = 0;
    let queryMs = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 20; round++) {
      const t0 = performance.now();
      for (const [q] of expected) mini.search(q);
      queryMs = Math.min(queryMs, (performance.now() - t0) / expected.length);
    }
    for (const [q, want] of expected) {
      const found = mini.search(q).map((r) => docs[r.id as number]?.id ?? '');
      const rank = found.findIndex((id) => want.test(id));
      mrr += rank < 0 ? 0 : 1 / (rank + 1);
      const relevant = Math.min(5, docs.filter((d) => want.test(d.id)).length);
      p5 += found.slice(0, 5).filter((id) => want.test(id)).length / Math.max(1, relevant);
    }
    out.push(
      `  Japanese words as ${label}: mean reciprocal rank ${(mrr / expected.length).toFixed(2)}, precision at 5 ${(p5 / expected.length).toFixed(2)} (${expected.length} queries with known answers); index build ${ms(buildMs)}, query ${us(queryMs)}`,
    );
  }
  return out;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  for (const line of await runFactsBench()) console.log(line);
}
