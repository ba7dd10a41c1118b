// Three HTTP replicas against one (issue 11): requests per second for `/aesc plant` with 100 in flight.
// The plant is Smyrna, whose card is text only: answered in the HTTP response itself. (A card with a capacity chart
// carries a PNG, which HTTP interactions can only send by deferring and editing over REST: that would measure the
// emulator, which runs in this process, more than the replicas.)
//   npx tsx bench/replicas.ts        (PostgreSQL from TEST_DATABASE_URL, or a throwaway cluster via scripts/pg-cluster.sh)
// Each replica is a real `node src/main.ts` with TRANSPORT=http on the same database; this process is the client and
// the load balancer (round robin over the replicas, 100 requests in flight, keep-alive), and runs the emulator the
// replicas fetch their command ids from at start. Requests are signed before the clock starts, so the client's Ed25519
// cost is not measured. The point: replicas share nothing but the database (the /aesc plant path never touches it),
// so they add capacity when there are cores to run them on. This machine has 2 cores shared by the client, the
// replicas and PostgreSQL, so three replicas cannot be three times faster here; see docs/operations.md.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../src/util/project-root.js';
import { startEmulator } from '../test/support/emulator.js';

const TOKEN = 'bench-replicas-token';
const IN_FLIGHT = 100;

interface Result {
  replicas: number;
  /** CPU seconds per wall second: the replicas together, and this client process (load generator + emulator). */
  replicaCpu: number;
  clientCpu: number;
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function database(): { url: string; stop(): void } {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given && given !== 'off') return { url: given, stop() {} };
  const dir = mkdtempSync(join(tmpdir(), 'aesc-bench-replicas-pg-'));
  const script = join(projectRoot(), 'scripts', 'pg-cluster.sh');
  try {
    const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim();
    return { url, stop: () => execFileSync('bash', [script, 'stop', dir]) };
  } catch {
    // No PostgreSQL: a SQLite file shared by the replicas (the measured path does not touch the database anyway).
    return { url: `file:${join(dir, 'daily.sqlite')}`, stop: () => rmSync(dir, { recursive: true, force: true }) };
  }
}

/** How to run the bot: the compiled entry point under `npm run bench`, else the TypeScript one through tsx. */
function botCommand(): string[] {
  const compiled = join(projectRoot(), 'dist', 'src', 'main.js');
  return import.meta.url.includes('/dist/') && existsSync(compiled)
    ? [compiled]
    : ['--import', 'tsx', join(projectRoot(), 'src', 'main.ts')];
}

async function startReplica(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, botCommand(), { cwd: projectRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`replica did not start: ${stderr.slice(-1000)}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      buffer += c.toString();
      const line = buffer.split('\n').find((l) => l.includes('"running: transport http') && l.endsWith('}'));
      if (line) {
        clearTimeout(timer);
        const port = Number((JSON.parse(line) as { port: number }).port);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ child, port });
      }
    });
    child.on('exit', (code) => reject(new Error(`replica exited ${code}: ${stderr.slice(-1000)}`)));
  });
}

/** CPU time (user + system) of a process in seconds, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function load(
  ports: readonly number[],
  bodies: readonly { body: string; headers: Record<string, string> }[],
  ms: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const end = performance.now() + ms;
  const one = (port: number, req: { body: string; headers: Record<string, string> }) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const r = request(
        { host: '127.0.0.1', port, path: '/interactions', method: 'POST', agent, headers: req.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
            else errors++;
            resolve();
          });
        },
      );
      r.on('error', () => {
        errors++;
        resolve();
      });
      r.end(req.body);
    });
  const worker = async () => {
    while (performance.now() < end) {
      const i = next++;
      await one(ports[i % ports.length] as number, bodies[i % bodies.length] as (typeof bodies)[number]);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    errors,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

export async function runReplicas(options: { seconds?: number } = {}): Promise<Result[]> {
  const seconds = options.seconds ?? 8;
  const emu = await startEmulator({ token: TOKEN, guilds: 1, contract: 'off' });
  const db = database();
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$|SHARD|TRANSPORT$|PORT$|HOST$)/.test(k),
    ),
  );
  const env = {
    ...clean,
    TRANSPORT: 'http',
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_PUBLIC_KEY: publicKey,
    DISCORD_API_URL: emu.apiUrl,
    DATABASE_URL: db.url,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
  };
  // Signed ahead of time (valid for Discord's 5-minute window): the client's signing is not measured.
  const ts = String(Math.floor(Date.now() / 1000));
  const bodies = Array.from({ length: 4_000 }, () => {
    const body = JSON.stringify(emu.chatInput({ name: 'aesc', subcommand: 'plant', options: { name: 'Smyrna' } }));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'x-signature-timestamp': ts,
        'x-signature-ed25519': sign(null, Buffer.from(ts + body), pair.privateKey).toString('hex'),
      },
    };
  });
  const children: ChildProcess[] = [];
  const results: Result[] = [];
  try {
    const started = await Promise.all([startReplica(env), startReplica(env), startReplica(env)]);
    children.push(...started.map((s) => s.child));
    const ports = started.map((s) => s.port);
    for (const n of [1, 3, 1, 3]) {
      const use = ports.slice(0, n);
      await load(use, bodies, 1_500); // warm-up (JIT, connections)
      const pids = children.slice(0, n).map((c) => c.pid);
      const before = pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);
      const clientBefore = process.cpuUsage();
      const r = await load(use, bodies, seconds * 1000);
      const after = pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);
      const client = process.cpuUsage(clientBefore);
      results.push({
        replicas: n,
        replicaCpu: (after - before) / r.seconds,
        clientCpu: (client.user + client.system) / 1e6 / r.seconds,
        requests: r.requests,
        seconds: r.seconds,
        rps: r.requests / r.seconds,
        p50Ms: r.p50,
        p99Ms: r.p99,
        errors: r.errors,
      });
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await emu.close();
    db.stop();
  }
  return results;
}

export async function runReplicasBench(): Promise<string[]> {
  const rows = await runReplicas();
  return [
    `/aesc plant over HTTP, ${IN_FLIGHT} in flight, round robin; ${cpus().length} cores for client + replicas + database`,
    ...rows.map(
      (r) =>
        `${String(r.replicas).padStart(2)} replica${r.replicas === 1 ? ' ' : 's'}: ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   CPU: replicas ${r.replicaCpu.toFixed(2)}, client ${r.clientCpu.toFixed(2)} cores   (${r.requests} in ${r.seconds.toFixed(1)} s, ${r.errors} errors)`,
    ),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runReplicasBench()) console.log(line);
}
