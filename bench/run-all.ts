// Runs every benchmark and prints its report: `npm run bench` (compiled) or `npx tsx bench/run-all.ts`.
// To add a bench, export `async function runXBench(): Promise<string[]>` from its file and list it here.
import { runDailyAutocompleteBench } from './daily-autocomplete.js';
import { runDailyTickBench } from './daily-tick.js';
import { runFactsBench } from './facts.js';
import { runHttpBench } from './http.js';
import { runI18nBench } from './i18n.js';
import { runLatencyBench } from './latency.js';
import { runMemoryBench } from './memory.js';
import { runPgTickBench } from './pg-tick.js';
import { runPlaygroundBench } from './playground.js';
import { runRenderBench } from './render.js';
import { runReplicasBench } from './replicas.js';

const runners: [name: string, run: () => Promise<string[]>][] = [
  ['facts', runFactsBench],
  ['daily-tick', runDailyTickBench],
  ['daily-autocomplete', runDailyAutocompleteBench],
  ['latency', runLatencyBench],
  ['http', runHttpBench],
  ['memory', runMemoryBench],
  ['playground', runPlaygroundBench],
  ['render', runRenderBench],
  ['pg-tick', runPgTickBench],
  ['replicas', runReplicasBench],
  ['i18n', runI18nBench],
];

for (const [name, run] of runners) {
  console.log(`== ${name}`);
  for (const line of await run()) console.log(line);
}
