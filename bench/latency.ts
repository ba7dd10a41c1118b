// End-to-end interaction latency: the real discord.js client (the gateway transport, src/transport/gateway.ts, with the
// real command modules, the real fact store and an in-memory daily service) logged into the local Discord emulator
// (test/support/emulator.ts, contract checks off so that validation is not timed). Targets: sequential p99 <= 5 ms;
// autocomplete p50 at most 1.1x a plain discord.js 14 bot answering autocomplete with a constant list (issue 7).
//
//   npx tsx bench/latency.ts        (this file alone)
//   npm run bench                   (every bench, compiled, via bench/run-all.ts)
//
// One sample = from just before the emulator writes INTERACTION_CREATE on the gateway socket to the moment its REST
// server has handled the interaction callback (POST /interactions/:id/:token/callback), timed with performance.now()
// in the emulator's process. Payloads are built before the clock starts. A realistic mix (see WEIGHTS): 200 warm-up
// interactions, 2,000 one at a time, then 2,000 in batches of 50 in flight.
//
// Three setups, each with a fresh emulator:
// 1. "in one process" (the headline figure): emulator and bot share this process and its event loop, so every sample
//    also pays for the emulator's own work (WebSocket framing, HTTP parsing, JSON, recording) and for garbage
//    collection of both. GC pauses are observed (perf_hooks 'gc' entries) and the samples they overlap are counted.
// 2. "no-op command, one process": the same harness with a command that answers "pong", for the floor that
//    discord.js + emulator + GC cost without our handlers.
// 3. "bot in its own process": the bot runs in a child process (this file with --bot), as it would against Discord;
//    the emulator and the timing stay here. The two processes can use both CPUs.
// 4. "autocomplete vs a plain discord.js bot": 2,000 sequential plant autocompletes through our bot, and the same
//    through a default discord.js 14 Client whose interactionCreate listener answers `interaction.respond()` with a
//    constant list; each with a fresh emulator; a discarded warm-up pair, then rounds in ABBA order against drift.
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { APIInteraction } from 'discord-api-types/v10';
import { createCommands, definitions } from '../src/commands/index.js';
import type { CommandModule } from '../src/core/command.js';
import { createDailyService } from '../src/daily/service.js';
import { deployCommands } from '../src/deploy.js';
import { createClient } from '../src/discord/client.js';
import { loadFactStore } from '../src/facts/load.js';
import { createLogger } from '../src/log.js';
import { buildOnThisDatePost } from '../src/present/on-this-date.js';
import { type RunningGateway, startGateway } from '../src/transport/gateway.js';
import { projectRoot } from '../src/util/project-root.js';
import { type Emulator, startEmulator } from '../test/support/emulator.js';
import { pinToCpu } from './pin.js';

export const SEQUENTIAL_P99_TARGET_MS = 5;
const WARMUP = 200;
const SEQUENTIAL = 2_000;
const CONCURRENT_TOTAL = 2_000;
const IN_FLIGHT = 50;
/** The time zone of the daily-post subscription every setup creates, so /aesc today reads it from SQLite. */
const DAILY_ZONE = 'Europe/London';

type Kind = 'plant' | 'autocomplete' | 'history' | 'search' | 'today' | 'ping';

/** How often each kind comes up: autocomplete (one request per keystroke) dominates real traffic. */
const WEIGHTS: [Kind, number][] = [
  ['autocomplete', 40],
  ['plant', 20],
  ['history', 15],
  ['search', 15],
  ['today', 10],
];

const PLANT_NAMES = ['Sunderland', 'Tennessee', 'Douai', 'Wuxi', 'giga 1', 'Kentucky', 'sundreland', 'Atlantis'];
const TYPED = ['', 's', 'su', 'sun', 'sund', 'sundreland', 'ten', 'tenness', 'flor', 'wux', 'xyzzy', 'bowling g'];
const HISTORY: Record<string, string | number>[] = [{}, { year: 2018 }, { topic: 'ownership' }, { year: 2007 }];
const SEARCHES = ['Panasonic', 'tariffs', 'Leaf', 'battery plant in France', 'Envision', 'when did Nissan sell AESC'];

const PING: CommandModule = {
  definition: { name: 'ping', description: 'Answers pong' },
  execute: () => ({ type: 'reply', ephemeral: false, data: { content: 'pong', allowed_mentions: { parse: [] } } }),
};

/** Small deterministic PRNG (mulberry32), so that every run sends the same sequence. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planned {
  kind: Kind;
  payload: APIInteraction;
  /** Expected callback type: 4 (message) or 8 (autocomplete result). */
  expect: number;
}

/** The realistic mix, one interaction per call. */
function mixPlanner(emu: Emulator, seed: number): () => Planned {
  const random = prng(seed);
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const kind = (): Kind => {
    let r = random() * total;
    for (const [k, w] of WEIGHTS) {
      r -= w;
      if (r < 0) return k;
    }
    return 'plant';
  };
  const aesc = (subcommand: string, options?: Record<string, string | number>) =>
    emu.chatInput({ name: 'aesc', subcommand, ...(options ? { options } : {}) });
  return () => {
    const k = kind();
    switch (k) {
      case 'autocomplete':
        return {
          kind: k,
          expect: 8,
          payload: emu.autocomplete({
            name: 'aesc',
            subcommand: 'plant',
            focused: { name: 'name', value: pick(TYPED) },
          }),
        };
      case 'plant':
        return { kind: k, expect: 4, payload: aesc('plant', { name: pick(PLANT_NAMES) }) };
      case 'history':
        return { kind: k, expect: 4, payload: aesc('history', pick(HISTORY)) };
      case 'search':
        return { kind: k, expect: 4, payload: aesc('search', { query: pick(SEARCHES) }) };
      default:
        return { kind: 'today', expect: 4, payload: aesc('today') };
    }
  };
}

const pingPlanner = (emu: Emulator) => (): Planned => ({
  kind: 'ping',
  expect: 4,
  payload: emu.chatInput({ name: 'ping' }),
});

interface Sample {
  kind: Kind;
  start: number;
  ms: number;
}

/** Sends one interaction and resolves with its latency; throws when the answer is not the expected callback. */
async function timed(emu: Emulator, planned: Planned): Promise<Sample> {
  const start = performance.now();
  const cb = await emu.dispatchInteraction(planned.payload);
  const ms = performance.now() - start;
  if (cb.status !== 204 || cb.type !== planned.expect) {
    throw new Error(`${planned.kind}: unexpected callback ${cb.status} type ${cb.type} (${JSON.stringify(cb.body)})`);
  }
  return { kind: planned.kind, start, ms };
}

/** Nearest-rank percentile of ascending-sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function summary(samples: readonly Sample[]): Summary {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

interface GcPause {
  start: number;
  ms: number;
}

export interface RunResult {
  sequential: Summary;
  byKind: Partial<Record<Kind, Summary>>;
  sequentialPerSecond: number;
  concurrent: Summary;
  concurrentPerSecond: number;
  /** GC pauses in this process during the sequential phase (only observed for the one-process setups). */
  gc?: { pauses: number; totalMs: number; maxMs: number; samplesHit: number; p99WithoutHit: number };
}

/** Warm-up, sequential phase, concurrent phase. */
async function drive(emu: Emulator, next: () => Planned, observeGc: boolean): Promise<RunResult> {
  for (let i = 0; i < WARMUP; i++) await timed(emu, next());
  emu.resetRecords();

  const pauses: GcPause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
  });
  if (observeGc) observer.observe({ entryTypes: ['gc'] });
  const sequential: Sample[] = [];
  const seqStart = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const planned = next(); // built before the clock starts
    sequential.push(await timed(emu, planned));
  }
  const seqElapsed = performance.now() - seqStart;
  // GC entries are delivered asynchronously: let them arrive before disconnecting.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  emu.resetRecords();

  const concurrent: Sample[] = [];
  const conStart = performance.now();
  for (let sent = 0; sent < CONCURRENT_TOTAL; sent += IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(IN_FLIGHT, CONCURRENT_TOTAL - sent) }, next);
    concurrent.push(...(await Promise.all(batch.map((p) => timed(emu, p)))));
  }
  const conElapsed = performance.now() - conStart;
  emu.resetRecords();

  const byKind: Partial<Record<Kind, Summary>> = {};
  for (const kind of new Set(sequential.map((s) => s.kind))) {
    byKind[kind] = summary(sequential.filter((s) => s.kind === kind));
  }
  const result: RunResult = {
    sequential: summary(sequential),
    byKind,
    sequentialPerSecond: (sequential.length / seqElapsed) * 1000,
    concurrent: summary(concurrent),
    concurrentPerSecond: (concurrent.length / conElapsed) * 1000,
  };
  if (observeGc) {
    const inWindow = pauses.filter((p) => p.start >= seqStart && p.start <= seqStart + seqElapsed);
    const hit = (s: Sample) => inWindow.some((p) => p.start < s.start + s.ms && p.start + p.ms > s.start);
    const clean = sequential.filter((s) => !hit(s));
    result.gc = {
      pauses: inWindow.length,
      totalMs: inWindow.reduce((sum, p) => sum + p.ms, 0),
      maxMs: Math.max(0, ...inWindow.map((p) => p.ms)),
      samplesHit: sequential.length - clean.length,
      p99WithoutHit: summary(clean).p99,
    };
  }
  return result;
}

// ---- the bot, in this process or in a child ----------------------------------------------------------------

interface BotArgs {
  apiUrl: string;
  token: string;
  guildId: string;
  channelId: string;
}

/** The gateway transport with the real commands, the real store and an in-memory daily service (one subscription). */
async function startRealBot(args: BotArgs): Promise<() => Promise<void>> {
  const store = loadFactStore();
  const config = { DISCORD_TOKEN: args.token, DISCORD_API_URL: args.apiUrl };
  const client = createClient(config);
  const daily = createDailyService({
    databaseUrl: ':memory:',
    rest: client.rest,
    buildPost: (localDate) => buildOnThisDatePost(store, localDate),
  });
  let bot: RunningGateway | undefined;
  try {
    await daily.set(args.guildId, { channelId: args.channelId, time: '09:00', timezone: DAILY_ZONE });
    bot = await startGateway({
      config,
      client,
      logger: createLogger({ level: 'silent' }),
      commands: createCommands({ store, clock: { now: () => new Date() }, daily }),
    });
    await bot.ready;
  } catch (err) {
    await bot?.stop();
    await daily.close();
    throw err;
  }
  const running = bot;
  return async () => {
    await running.stop();
    await daily.close();
  };
}

const SELF = fileURLToPath(import.meta.url);

/** Runs startRealBot in a child process (this file with --bot); resolves once the child's bot is ready. */
async function startChildBot(args: BotArgs): Promise<() => Promise<void>> {
  const loader = SELF.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = spawn(process.execPath, [...loader, SELF, '--bot', JSON.stringify(args)], {
    cwd: projectRoot(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.trim() === 'ready') resolve();
    });
    void exited.then((code) => reject(new Error(`the bot process exited (${code}) before ready:\n${stderr}`)));
  });
  await ready;
  return async () => {
    child.stdin?.end(); // the child stops its bot when its stdin closes
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
}

/** Child mode: start the bot, say "ready", stop when stdin closes. */
async function botProcess(args: BotArgs): Promise<void> {
  const stop = await startRealBot(args);
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  await stop();
}

// ---- setups --------------------------------------------------------------------------------------------------

type Setup = 'one-process' | 'noop' | 'child';

async function runSetup(setup: Setup): Promise<RunResult> {
  const emu = await startEmulator({ guilds: 1, contract: 'off' });
  let stop: (() => Promise<void>) | undefined;
  try {
    const args: BotArgs = {
      apiUrl: emu.apiUrl,
      token: emu.token,
      guildId: emu.guild().id,
      channelId: emu.textChannelId(),
    };
    const config = {
      DISCORD_TOKEN: emu.token,
      DISCORD_APPLICATION_ID: emu.applicationId,
      DISCORD_GUILD_ID: undefined,
      DISCORD_API_URL: emu.apiUrl,
    };
    if (setup === 'noop') {
      await deployCommands({ config, definitions: [PING.definition] });
      const bot = await startGateway({ config, logger: createLogger({ level: 'silent' }), commands: [PING] });
      stop = () => bot.stop();
      await bot.ready;
      return await drive(emu, pingPlanner(emu), true);
    }
    // Deployed so that the emulator types every option as Discord would (e.g. `year` as an integer).
    await deployCommands({ config, definitions });
    stop = setup === 'child' ? await startChildBot(args) : await startRealBot(args);
    return await drive(emu, mixPlanner(emu, 42), setup === 'one-process');
  } finally {
    await stop?.();
    await emu.close();
  }
}

// ---- autocomplete: ours vs a plain discord.js bot --------------------------------------------------------------

const CONSTANT_CHOICES = [
  { name: 'Smyrna plant', value: 'smyrna' },
  { name: 'Sunderland plant', value: 'sunderland' },
  { name: 'Zama plant', value: 'zama' },
];

const autocompletePlanner = (emu: Emulator, seed: number) => {
  const random = prng(seed);
  return (): Planned => ({
    kind: 'autocomplete',
    expect: 8,
    payload: emu.autocomplete({
      name: 'aesc',
      subcommand: 'plant',
      focused: { name: 'name', value: TYPED[Math.floor(random() * TYPED.length)] as string },
    }),
  });
};

/** 2,000 sequential autocompletes after the warm-up, through `which` bot; both in this process. */
export async function autocompleteRun(which: 'ours' | 'plain'): Promise<Summary> {
  const emu = await startEmulator({ guilds: 1, contract: 'off' });
  let stop: (() => Promise<void>) | undefined;
  try {
    const config = {
      DISCORD_TOKEN: emu.token,
      DISCORD_APPLICATION_ID: emu.applicationId,
      DISCORD_GUILD_ID: undefined,
      DISCORD_API_URL: emu.apiUrl,
    };
    await deployCommands({ config, definitions });
    if (which === 'ours') {
      stop = await startRealBot({
        apiUrl: emu.apiUrl,
        token: emu.token,
        guildId: emu.guild().id,
        channelId: emu.textChannelId(),
      });
    } else {
      // A plain discord.js 14 bot: default options (caches unlimited), the Guilds intent, a constant answer.
      const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } });
      client.on(Events.InteractionCreate, (interaction) => {
        if (interaction.isAutocomplete()) void interaction.respond(CONSTANT_CHOICES).catch(() => undefined);
      });
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(emu.token);
      await ready;
      stop = () => client.destroy();
    }
    const next = autocompletePlanner(emu, 7);
    for (let i = 0; i < WARMUP; i++) await timed(emu, next());
    emu.resetRecords();
    const samples: Sample[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const planned = next();
      samples.push(await timed(emu, planned));
    }
    return summary(samples);
  } finally {
    await stop?.();
    await emu.close();
  }
}

export interface AutocompleteComparison {
  ours: Summary[];
  plain: Summary[];
  /** Median over rounds of ours.p50 / plain.p50 (after a discarded warm-up pair). */
  ratio: number;
  /** Whether the process ran pinned to one CPU (bench/pin.ts). */
  pinned: boolean;
}

export const AUTOCOMPLETE_RATIO_TARGET = 1.1;

export async function compareAutocomplete(rounds = 2): Promise<AutocompleteComparison> {
  // Bot and emulator share this process: pinned to one CPU while it runs (bench/pin.ts), the rounds agree.
  const pin = pinToCpu(0);
  try {
    return { ...(await compareRounds(rounds)), pinned: pin.pinned };
  } finally {
    pin.unpin();
  }
}

async function compareRounds(rounds: number): Promise<Omit<AutocompleteComparison, 'pinned'>> {
  // One discarded pair first: the first bot started in a process pays for JIT warm-up of the shared code (emulator,
  // undici, @discordjs/rest). Then ABBA order per pair of rounds (plain, ours, ours, plain, ...) against drift.
  await autocompleteRun('plain');
  await autocompleteRun('ours');
  const ours: Summary[] = [];
  const plain: Summary[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      plain.push(await autocompleteRun('plain'));
      ours.push(await autocompleteRun('ours'));
    } else {
      ours.push(await autocompleteRun('ours'));
      plain.push(await autocompleteRun('plain'));
    }
  }
  const ratios = ours.map((o, i) => o.p50 / (plain[i] as Summary).p50).sort((a, b) => a - b);
  const mid = ratios.length / 2;
  const ratio =
    ratios.length % 2 === 1
      ? (ratios[Math.floor(mid)] as number)
      : ((ratios[mid - 1] as number) + (ratios[mid] as number)) / 2;
  return { ours, plain, ratio };
}

export interface LatencyResults {
  oneProcess: RunResult;
  noop: RunResult;
  child: RunResult;
  autocomplete: AutocompleteComparison;
}

export async function measureLatency(): Promise<LatencyResults> {
  const oneProcess = await runSetup('one-process');
  const noop = await runSetup('noop');
  const child = await runSetup('child');
  const autocomplete = await compareAutocomplete(8);
  return { oneProcess, noop, child, autocomplete };
}

const fmt = (v: number) => `${v.toFixed(2)} ms`;
const line = (s: Summary) => `p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}, max ${fmt(s.max)}`;

export async function runLatencyBench(): Promise<string[]> {
  const r = await measureLatency();
  const mix = WEIGHTS.map(([k, w]) => `${k} ${w}%`).join(', ');
  const one = r.oneProcess;
  const ok = one.sequential.p99 <= SEQUENTIAL_P99_TARGET_MS;
  const out = [
    `interaction latency, INTERACTION_CREATE sent -> callback received (mix: ${mix}; ${WARMUP} warm-up)`,
    `1. bot and emulator in one process`,
    `   sequential (${one.sequential.n}): ${line(one.sequential)}, ${one.sequentialPerSecond.toFixed(0)}/s; target p99 <= ${SEQUENTIAL_P99_TARGET_MS} ms: ${ok ? 'OK' : 'OVER TARGET'}`,
  ];
  for (const [kind, k] of Object.entries(one.byKind)) {
    out.push(`     ${kind.padEnd(12)} (${String(k.n).padStart(4)}): ${line(k)}`);
  }
  if (one.gc) {
    out.push(
      `     GC during the sequential run: ${one.gc.pauses} pauses, ${fmt(one.gc.totalMs)} in all, longest ${fmt(one.gc.maxMs)}; ${one.gc.samplesHit} samples overlapped one; p99 of the others ${fmt(one.gc.p99WithoutHit)}`,
    );
  }
  out.push(
    `   concurrent (${one.concurrent.n}, ${IN_FLIGHT} in flight): ${line(one.concurrent)}, ${one.concurrentPerSecond.toFixed(0)}/s`,
  );
  const noop = r.noop;
  out.push(
    `2. no-op "pong" command, one process (floor of discord.js + emulator + GC)`,
    `   sequential (${noop.sequential.n}): ${line(noop.sequential)}${noop.gc ? `; ${noop.gc.pauses} GC pauses, longest ${fmt(noop.gc.maxMs)}` : ''}`,
    `   concurrent (${noop.concurrent.n}, ${IN_FLIGHT} in flight): ${line(noop.concurrent)}, ${noop.concurrentPerSecond.toFixed(0)}/s`,
  );
  const child = r.child;
  out.push(
    `3. bot in its own process (emulator and timing here)`,
    `   sequential (${child.sequential.n}): ${line(child.sequential)}, ${child.sequentialPerSecond.toFixed(0)}/s; target p99 <= ${SEQUENTIAL_P99_TARGET_MS} ms: ${child.sequential.p99 <= SEQUENTIAL_P99_TARGET_MS ? 'OK' : 'OVER TARGET'}`,
    `   concurrent (${child.concurrent.n}, ${IN_FLIGHT} in flight): ${line(child.concurrent)}, ${child.concurrentPerSecond.toFixed(0)}/s`,
  );
  const ac = r.autocomplete;
  out.push(
    `4. plant autocomplete, ${SEQUENTIAL} sequential, ours vs a plain discord.js bot answering a constant list (rounds alternated${ac.pinned ? ', pinned to CPU 0' : ', not pinned'})`,
  );
  ac.ours.forEach((o, i) => {
    const p = ac.plain[i] as Summary;
    out.push(`   round ${i + 1}: ours ${line(o)} | plain ${line(p)} | p50 ratio ${(o.p50 / p.p50).toFixed(2)}`);
  });
  out.push(
    `   median p50 ratio ${ac.ratio.toFixed(2)}; target <= ${AUTOCOMPLETE_RATIO_TARGET}: ${ac.ratio <= AUTOCOMPLETE_RATIO_TARGET ? 'OK' : 'OVER TARGET'}`,
  );
  const [load1 = Number.NaN] = loadavg();
  out.push(
    `(node ${process.version}, ${availableParallelism()} CPUs, load average ${load1.toFixed(2)} at the end; contract checks off)`,
  );
  return out;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const at = process.argv.indexOf('--bot');
  if (at !== -1) {
    await botProcess(JSON.parse(process.argv[at + 1] ?? '{}') as BotArgs);
  } else {
    for (const l of await runLatencyBench()) console.log(l);
  }
}
