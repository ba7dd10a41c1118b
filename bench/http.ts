// HTTP interactions throughput and latency: signed POSTs to `/interactions`, 1 and 50 in flight, for `/aesc plant`
// and plant autocomplete, against three servers measured in the same run (issue 7 §5):
//
//   ours     src/transport/http.ts: verification, zod edge check, the core, the real command modules
//   floor    a bare node:http server that verifies the Ed25519 signature (node:crypto, key built once) and returns
//            a constant PONG - the least any verifying server can do
//   d-i      the same core and handlers behind the `discord-interactions` package's Express `verifyKeyMiddleware`
//
// `/aesc plant` cycles through 8 sites; the cards of sites with a capacity chart carry a PNG, so they are answered
// with the card and the PNG as one multipart/form-data HTTP response (payload_json + files[0]), in both the ours and
// the d-i setup (the same responder); only a card slower than the deferral timer, or a multipart body over
// MAX_MULTIPART_RESPONSE_BYTES, would be a deferral (type 5) plus a webhook edit to the REST sink. The summary counts
// the multipart answers. Charts are rendered once per site and cached, before the clock starts (warm-up).
// Targets: ours >= 0.7x the floor's req/s, and >= 1.5x discord-interactions' req/s.
// Each server runs in its own child process (this file with --server <kind>), the load generator (node:http, keep-alive)
// here, so the client does not share the server's event loop. Requests are signed before the clock starts.
//
//   npx tsx bench/http.ts        (this file alone)        npm run bench   (every bench, compiled)
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIInteraction } from 'discord-api-types/v10';
import { createCommands, definitions } from '../src/commands/index.js';
import { createDispatcher } from '../src/core/dispatcher.js';
import { deployCommands } from '../src/deploy.js';
import { loadFactStore } from '../src/facts/load.js';
import { createLogger } from '../src/log.js';
import { httpResponder, publicKeyFromHex, startHttpTransport } from '../src/transport/http.js';
import { projectRoot } from '../src/util/project-root.js';
import { type Emulator, startEmulator } from '../test/support/emulator.js';
import { type Pin, pinnedCommand, pinToCpu } from './pin.js';

type ServerKind = 'ours' | 'ours-text' | 'floor' | 'discord-interactions';
type Workload = 'plant' | 'autocomplete';

const WARMUP = 300;
const SEQUENTIAL = 2_000;
const CONCURRENT = 5_000;
const IN_FLIGHT = 50;
export const FLOOR_RATIO_TARGET = 0.7;
export const DI_RATIO_TARGET = 1.5;

const PLANTS = ['Sunderland', 'Tennessee', 'Douai', 'Wuxi', 'Kentucky', 'sundreland', 'Zama', 'Florence'];
const TYPED = ['', 's', 'su', 'sun', 'sund', 'sundreland', 'ten', 'tenness', 'flor', 'wux', 'xyzzy', 'bowling g'];

// ---- servers (child processes) ----------------------------------------------------------------------------

interface ServerArgs {
  kind: ServerKind;
  publicKey: string;
  apiUrl: string;
}

const silent = createLogger({ level: 'silent' });

function core(apiUrl: string) {
  const store = loadFactStore();
  const commands = createCommands({ store, clock: { now: () => new Date() } });
  return { dispatch: createDispatcher({ commands, logger: silent }), apiUrl };
}

async function startServer(args: ServerArgs): Promise<number> {
  if (args.kind === 'ours' || args.kind === 'ours-text') {
    const { REST } = await import('@discordjs/rest');
    const { dispatch } = core(args.apiUrl);
    const http = await startHttpTransport({
      publicKey: args.publicKey,
      dispatch,
      rest: new REST({ api: args.apiUrl }),
      logger: silent,
      host: '127.0.0.1',
      port: 0,
    });
    return http.port;
  }
  if (args.kind === 'floor') {
    const key = publicKeyFromHex(args.publicKey);
    const pong = JSON.stringify({ type: 1 });
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const signature = String(req.headers['x-signature-ed25519'] ?? '');
        const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
        const ok = verifyHex(key, signature, timestamp, body);
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', 'content-length': ok ? pong.length : 0 });
        res.end(ok ? pong : undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }
  // discord-interactions: Express + verifyKeyMiddleware in front of the same core; the initial response as JSON.
  const express = (await import('express')).default;
  const { verifyKeyMiddleware } = await import('discord-interactions');
  const { REST } = await import('@discordjs/rest');
  const rest = new REST({ api: args.apiUrl });
  const { dispatch } = core(args.apiUrl);
  const app = express();
  app.post('/interactions', verifyKeyMiddleware(args.publicKey), (req, res) => {
    // The same responder as ours (initial response in the body, files included as multipart).
    const interaction = req.body as APIInteraction;
    void dispatch(interaction, httpResponder(res, rest, interaction));
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return (server.address() as AddressInfo).port;
}

function verifyHex(key: KeyObject, signature: string, timestamp: string, body: Buffer): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signature)) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
}

const SELF = fileURLToPath(import.meta.url);

/**
 * While this bench runs, the load generator is pinned to CPU 0 and every server to CPU 1 (bench/pin.ts), so that each
 * setup gets the same core to itself. Set by measureHttp.
 */
let PIN: Pin = { pinned: false, unpin: () => undefined };

async function spawnServer(args: ServerArgs): Promise<{ port: number; stop: () => Promise<void> }> {
  const loader = SELF.endsWith('.ts') ? ['--import', 'tsx'] : [];
  // e.g. AESC_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the three servers.
  const extra = (process.env.AESC_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  // ours-text: the same server where no font is found, so cards carry no picture (what the PNG bytes cost).
  const env = args.kind === 'ours-text' ? { ...process.env, AESC_FONT_DIRS: '/nonexistent-fonts' } : process.env;
  const argv = [...extra, ...loader, SELF, '--server', JSON.stringify(args)];
  const [command, rest] = pinnedCommand(PIN, 1, process.execPath, argv);
  const child: ChildProcess = spawn(command, rest, {
    env,
    cwd: projectRoot(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = /^port (\d+)$/.exec(line.trim());
      if (m) resolve(Number(m[1]));
    });
    void exited.then((code) => reject(new Error(`the ${args.kind} server exited (${code}):\n${stderr}`)));
  });
  return {
    port,
    stop: async () => {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---- load generator -----------------------------------------------------------------------------------------

interface Signed {
  body: Buffer;
  headers: Record<string, string>;
}

function signAll(payloads: APIInteraction[], key: KeyObject): Signed[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return payloads.map((p) => {
    const body = Buffer.from(JSON.stringify(p));
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), key).toString('hex');
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      },
    };
  });
}

export interface Summary {
  p50: number;
  p99: number;
  perSecond: number;
  /** Answers that were multipart/form-data (a card with its file in the HTTP response), of the measured ones. */
  multipart: number;
}

/** The interaction response type of an HTTP answer: the JSON body, or the `payload_json` part of a multipart one. */
function answerType(contentType: string | undefined, body: Buffer): { type: number; multipart: boolean } {
  if (contentType?.startsWith('multipart/form-data')) {
    const text = body.toString('latin1');
    const at = text.indexOf('name="payload_json"');
    const start = at === -1 ? -1 : text.indexOf('\r\n\r\n', at);
    const m = start === -1 ? null : /^\{"type":(\d+)/.exec(text.slice(start + 4, start + 20));
    return { type: m ? Number(m[1]) : -1, multipart: true };
  }
  const m = /^\{"type":(\d+)/.exec(body.subarray(0, 16).toString());
  return { type: m ? Number(m[1]) : -1, multipart: false };
}

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function fire(
  agent: Agent,
  url: URL,
  req: Signed,
  expectType: readonly number[],
): Promise<{ ms: number; multipart: boolean }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const r = request(
      url,
      { method: 'POST', agent, headers: { ...req.headers, 'content-length': String(req.body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - start;
          const body = Buffer.concat(chunks);
          const answer = answerType(res.headers['content-type'], body);
          if (res.statusCode !== 200 || !expectType.includes(answer.type)) {
            reject(new Error(`unexpected answer ${res.statusCode}: ${body.subarray(0, 200).toString()}`));
          } else resolve({ ms, multipart: answer.multipart });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** One batch of `total` requests with `inFlight` at a time: every latency, and how long the batch took. */
interface Batch {
  times: number[];
  elapsed: number;
  multipart: number;
}

async function load(
  url: string,
  reqs: Signed[],
  inFlight: number,
  expectType: readonly number[],
  total: number,
  offset: number,
): Promise<Batch> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const target = new URL(url);
  try {
    // Open the connections (and warm them) before the clock starts.
    await Promise.all(
      Array.from({ length: inFlight }, (_, i) => fire(agent, target, reqs[i % reqs.length] as Signed, expectType)),
    );
    const times: number[] = [];
    let multipart = 0;
    let next = 0;
    const start = performance.now();
    const worker = async () => {
      while (next < total) {
        const i = offset + next++;
        const answer = await fire(agent, target, reqs[i % reqs.length] as Signed, expectType);
        times.push(answer.ms);
        if (answer.multipart) multipart++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return { times, elapsed: performance.now() - start, multipart };
  } finally {
    agent.destroy();
  }
}

/** The batches of one setup pooled: latencies over all of them, throughput = requests / time spent. */
function pool(batches: readonly Batch[]): Summary {
  const times = batches.flatMap((b) => b.times).sort((a, b) => a - b);
  const elapsed = batches.reduce((sum, b) => sum + b.elapsed, 0);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    perSecond: (times.length / elapsed) * 1000,
    multipart: batches.reduce((sum, b) => sum + b.multipart, 0),
  };
}

function payloads(emu: Emulator, workload: Workload | 'ping', n: number): APIInteraction[] {
  return Array.from({ length: n }, (_, i) => {
    if (workload === 'ping') {
      const p = emu.chatInput({ name: 'aesc', subcommand: 'fact' }) as unknown as Record<string, unknown>;
      delete p.data;
      return { ...p, type: 1 } as unknown as APIInteraction;
    }
    if (workload === 'plant') {
      return emu.chatInput({
        name: 'aesc',
        subcommand: 'plant',
        options: { name: PLANTS[i % PLANTS.length] as string },
      });
    }
    return emu.autocomplete({
      name: 'aesc',
      subcommand: 'plant',
      focused: { name: 'name', value: TYPED[i % TYPED.length] as string },
    });
  });
}

export interface HttpBenchResult {
  /** e.g. results.ours.plant[1] = sequential; [50] = 50 in flight. Pooled over the rounds (batches). */
  ours: Record<Workload, Record<1 | 50, Summary>>;
  di: Record<Workload, Record<1 | 50, Summary>>;
  floor: Record<1 | 50, Summary>;
  /** `/aesc plant` through ours with no font found: the same cards without their PNG (explains the picture's cost). */
  text: Record<1 | 50, Summary>;
  rounds: number;
  pinned: boolean;
}

/**
 * Where the servers' webhook edits go (the plant cards with a chart): a minimal REST sink answering 200 with a
 * message-shaped body, so that the load generator's process does not also run the emulator's bookkeeping.
 */
async function startSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const body = JSON.stringify({ id: '1', channel_id: '1', content: '', attachments: [], embeds: [], components: [] });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function measureHttp(rounds = 10): Promise<HttpBenchResult> {
  const emu = await startEmulator({ guilds: 1, contract: 'off' });
  const sink = await startSink();
  const servers: { kind: ServerKind; port: number; stop: () => Promise<void> }[] = [];
  const pin = pinToCpu(0);
  PIN = pin;
  try {
    const config = {
      DISCORD_TOKEN: emu.token,
      DISCORD_APPLICATION_ID: emu.applicationId,
      DISCORD_GUILD_ID: undefined,
      DISCORD_API_URL: emu.apiUrl,
    };
    await deployCommands({ config, definitions }); // so the emulator types options as Discord would
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    const signed = {
      ping: signAll(payloads(emu, 'ping', 1_000), privateKey),
      plant: signAll(payloads(emu, 'plant', 1_000), privateKey),
      autocomplete: signAll(payloads(emu, 'autocomplete', 1_000), privateKey),
    };
    // All four servers up at once (idle ones cost nothing).
    for (const kind of ['floor', 'ours', 'discord-interactions', 'ours-text'] as const) {
      servers.push({ kind, ...(await spawnServer({ kind, publicKey: hex, apiUrl: sink.url })) });
    }
    const url = (kind: ServerKind) => `http://127.0.0.1:${servers.find((x) => x.kind === kind)?.port}/interactions`;
    // Every setup runs in small batches, the setups taking turns (the order rotating each time), so that drift and
    // noise from the machine fall on all of them alike; each setup's batches are pooled. The first pass warms up.
    const samples = new Map<string, Batch[]>();
    for (const n of [1, 50] as const) {
      const jobs: [string, (total: number, offset: number) => Promise<Batch>][] = [
        [`floor:${n}`, (t, o) => load(url('floor'), signed.ping, n, [1], t, o)],
        [`text:plant:${n}`, (t, o) => load(url('ours-text'), signed.plant, n, [4, 5], t, o)],
        ...(['plant', 'autocomplete'] as const).flatMap(
          (work): [string, (total: number, offset: number) => Promise<Batch>][] => [
            [`ours:${work}:${n}`, (t, o) => load(url('ours'), signed[work], n, work === 'plant' ? [4, 5] : [8], t, o)],
            [
              `di:${work}:${n}`,
              (t, o) => load(url('discord-interactions'), signed[work], n, work === 'plant' ? [4, 5] : [8], t, o),
            ],
          ],
        ),
      ];
      const total = n === 1 ? SEQUENTIAL : CONCURRENT;
      const size = Math.ceil(total / rounds);
      for (const [, job] of jobs) await job(WARMUP, 0);
      for (let round = 0; round < rounds; round++) {
        const order = [...jobs.slice(round % jobs.length), ...jobs.slice(0, round % jobs.length)];
        for (const [key, job] of round % 2 === 0 ? order : order.reverse()) {
          samples.set(key, [...(samples.get(key) ?? []), await job(size, round * size)]);
        }
      }
    }
    const get = (key: string) => pool(samples.get(key) ?? []);
    const cell = (who: 'ours' | 'di', work: Workload) => ({ 1: get(`${who}:${work}:1`), 50: get(`${who}:${work}:50`) });
    return {
      ours: { plant: cell('ours', 'plant'), autocomplete: cell('ours', 'autocomplete') },
      di: { plant: cell('di', 'plant'), autocomplete: cell('di', 'autocomplete') },
      floor: { 1: get('floor:1'), 50: get('floor:50') },
      text: { 1: get('text:plant:1'), 50: get('text:plant:50') },
      rounds,
      pinned: pin.pinned,
    };
  } finally {
    for (const server of servers) await server.stop();
    await sink.close();
    await emu.close();
    pin.unpin();
    PIN = { pinned: false, unpin: () => undefined };
  }
}

const f = (s: Summary) =>
  `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, ${s.perSecond.toFixed(0)} req/s` +
  (s.multipart > 0 ? `, ${s.multipart.toFixed(0)} multipart` : '');

export async function runHttpBench(): Promise<string[]> {
  const r = await measureHttp();
  const out = [
    `HTTP interactions: signed POST /interactions, ${SEQUENTIAL} sequential and ${CONCURRENT} with ${IN_FLIGHT} in flight (keep-alive, ${WARMUP} warm-up); servers in their own processes, taking turns in ${r.rounds} batches each (order rotating), batches pooled`,
    `  floor (bare node:http, verify + constant PONG):  1: ${f(r.floor[1])} | 50: ${f(r.floor[50])}`,
  ];
  for (const work of ['plant', 'autocomplete'] as const) {
    out.push(`  ${work === 'plant' ? '/aesc plant' : 'plant autocomplete'}:`);
    for (const n of [1, 50] as const) {
      const ours = r.ours[work][n];
      const di = r.di[work][n];
      const vsFloor = ours.perSecond / r.floor[n].perSecond;
      const vsDi = ours.perSecond / di.perSecond;
      out.push(
        `    ${String(n).padStart(2)} in flight  ours: ${f(ours)}`,
        `                 discord-interactions (Express): ${f(di)}`,
        `                 ours/floor ${vsFloor.toFixed(2)} (target >= ${FLOOR_RATIO_TARGET}: ${vsFloor >= FLOOR_RATIO_TARGET ? 'OK' : 'MISSED'}), ours/discord-interactions ${vsDi.toFixed(2)} (target >= ${DI_RATIO_TARGET}: ${vsDi >= DI_RATIO_TARGET ? 'OK' : 'MISSED'})`,
      );
    }
  }
  out.push('  /aesc plant cards without their PNG (ours, no font found), to show what the picture bytes cost:');
  for (const n of [1, 50] as const) {
    const text = r.text[n];
    out.push(
      `    ${String(n).padStart(2)} in flight  ours, no pictures: ${f(text)}; /floor ${(text.perSecond / r.floor[n].perSecond).toFixed(2)}, /discord-interactions with pictures ${(text.perSecond / r.di.plant[n].perSecond).toFixed(2)}`,
    );
  }
  const [load1 = Number.NaN] = loadavg();
  out.push(
    `(node ${process.version}, ${cpus().length} CPUs, ${r.pinned ? 'load generator pinned to CPU 0, servers to CPU 1' : 'not pinned (no taskset)'}, load average ${load1.toFixed(2)} at the end)`,
  );
  return out;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const at = process.argv.indexOf('--server');
  if (at !== -1) {
    const port = await startServer(JSON.parse(process.argv[at + 1] ?? '{}') as ServerArgs);
    process.stdout.write(`port ${port}\n`);
    process.stdin.resume();
    await new Promise((resolve) => process.stdin.once('end', resolve));
    process.exit(0);
  } else {
    for (const l of await runHttpBench()) console.log(l);
  }
}
