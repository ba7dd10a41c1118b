// Memory of the gateway client after ready, with 1 and with 1,000 guilds (each GUILD_CREATE with 50 channels and 20
// roles): our client (`createClient`, i.e. `clientOptions` with CACHE_LIMITS) against a plain discord.js client with
// the default caches (`new Client({ intents: [GatewayIntentBits.Guilds] })`, only pointed at the emulator).
// Target: our growth from 1 to 1,000 guilds <= a quarter of the default client's.
//
//   npx tsx bench/memory.ts         (this file alone)
//   npm run bench                   (every bench, compiled, via bench/run-all.ts)
//
// The emulator (contract checks off, so its schemas are never loaded) runs in this process. Each measurement runs in
// a fresh child process (this file with --child, `node --expose-gc`, plus `--import tsx` when run from source): it
// builds the client, runs global.gc() and reads process.memoryUsage() ("before login"), logs in, waits for ready
// (every GUILD_CREATE received), settles, runs gc() again and reads it again ("after ready"), then prints one JSON
// line. Heap figures are heapUsed after a full GC; RSS is the whole process and includes freed-but-kept memory.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createClient } from '../src/discord/client.js';
import { projectRoot } from '../src/util/project-root.js';

export const GROWTH_RATIO_TARGET = 0.25;
const CHANNELS_PER_GUILD = 50;
const ROLES_PER_GUILD = 20;
const GUILD_COUNTS = [1, 1_000] as const;

type Variant = 'ours' | 'default';
const VARIANTS: Variant[] = ['ours', 'default'];

interface Reading {
  heapUsed: number;
  rss: number;
  external: number;
}

export interface ChildResult {
  variant: Variant;
  guilds: number;
  beforeLogin: Reading;
  afterReady: Reading;
  readyMs: number;
  /** Cache sizes after ready: `channels` is client.channels, the others summed over the cached guilds. */
  cached: { guilds: number; channels: number; guildChannels: number; roles: number; members: number; users: number };
}

interface ChildArgs {
  variant: Variant;
  guilds: number;
  apiUrl: string;
  token: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect(): Promise<Reading> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the child with --expose-gc');
  // A few rounds with turns of the event loop between, so that weak references and finalizers settle.
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(20);
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
}

/** Child mode: one client, one measurement, one JSON line on stdout. */
async function childMeasure(args: ChildArgs): Promise<ChildResult> {
  // discord.js prints UnsupportedCacheOverwriteWarning for our deliberate limits; it is expected (see client.ts).
  process.removeAllListeners('warning');
  const client =
    args.variant === 'ours'
      ? createClient({ DISCORD_API_URL: args.apiUrl })
      : new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: args.apiUrl } });
  const beforeLogin = await collect();
  const start = performance.now();
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(args.token);
  await ready;
  const readyMs = performance.now() - start;
  await sleep(300);
  const afterReady = await collect();
  let guildChannels = 0;
  let roles = 0;
  let members = 0;
  for (const guild of client.guilds.cache.values()) {
    guildChannels += guild.channels.cache.size;
    roles += guild.roles.cache.size;
    members += guild.members.cache.size;
  }
  const cached = {
    guilds: client.guilds.cache.size,
    channels: client.channels.cache.size,
    guildChannels,
    roles,
    members,
    users: client.users.cache.size,
  };
  await client.destroy();
  if (cached.guilds !== args.guilds)
    throw new Error(`expected ${args.guilds} guilds after ready, got ${cached.guilds}`);
  return { variant: args.variant, guilds: args.guilds, beforeLogin, afterReady, readyMs, cached };
}

const SELF = fileURLToPath(import.meta.url);

/** Runs one measurement in a fresh process: this file, compiled or through tsx. */
function spawnChild(args: ChildArgs): Promise<ChildResult> {
  const loader = SELF.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, ['--expose-gc', ...loader, SELF, '--child', JSON.stringify(args)], {
    cwd: projectRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const json = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code !== 0 || json === undefined) {
        reject(new Error(`memory child ${args.variant}/${args.guilds} exited ${code}:\n${stderr}${stdout}`));
      } else {
        resolve(JSON.parse(json) as ChildResult);
      }
    });
  });
}

export type MemoryResults = Record<Variant, Record<number, ChildResult>>;

export async function measureMemory(): Promise<MemoryResults> {
  // Imported here so that child processes never load the emulator.
  const { startEmulator } = await import('../test/support/emulator.js');
  const results = { ours: {}, default: {} } as MemoryResults;
  for (const guilds of GUILD_COUNTS) {
    const emu = await startEmulator({
      guilds,
      channelsPerGuild: CHANNELS_PER_GUILD,
      rolesPerGuild: ROLES_PER_GUILD,
      contract: 'off',
    });
    try {
      for (const variant of VARIANTS) {
        results[variant][guilds] = await spawnChild({ variant, guilds, apiUrl: emu.apiUrl, token: emu.token });
      }
    } finally {
      await emu.close();
    }
  }
  return results;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runMemoryBench(): Promise<string[]> {
  const r = await measureMemory();
  const [few, many] = GUILD_COUNTS;
  const out = [
    `memory after ready, heap used after a full GC (RSS); ${CHANNELS_PER_GUILD} channels and ${ROLES_PER_GUILD} roles per guild; each in a fresh process`,
  ];
  const growth: Record<Variant, { heap: number; rss: number }> = {
    ours: { heap: 0, rss: 0 },
    default: { heap: 0, rss: 0 },
  };
  for (const variant of VARIANTS) {
    const a = r[variant][few];
    const b = r[variant][many];
    if (!a || !b) throw new Error(`missing ${variant} measurement`);
    growth[variant] = { heap: b.afterReady.heapUsed - a.afterReady.heapUsed, rss: b.afterReady.rss - a.afterReady.rss };
    const label = variant === 'ours' ? 'ours (createClient, CACHE_LIMITS)' : 'default discord.js Client';
    out.push(`${label}:`);
    for (const x of [a, b]) {
      const c = x.cached;
      out.push(
        `  ${String(x.guilds).padStart(5)} guild(s): heap ${mb(x.afterReady.heapUsed)} (before login ${mb(x.beforeLogin.heapUsed)}), RSS ${mb(x.afterReady.rss)}; ready in ${x.readyMs.toFixed(0)} ms; cached: ${c.guilds} guilds, ${c.channels} channels (${c.guildChannels} in guild caches), ${c.roles} roles, ${c.members} members, ${c.users} users`,
      );
    }
    const g = growth[variant];
    out.push(
      `  growth ${few} -> ${many} guilds: heap +${mb(g.heap)} (${(g.heap / (many - few) / 1024).toFixed(1)} KB per guild), RSS +${mb(g.rss)}`,
    );
  }
  const ratio = growth.ours.heap / growth.default.heap;
  const rssRatio = growth.ours.rss / growth.default.rss;
  out.push(
    `heap growth ratio ours/default: ${ratio.toFixed(3)} (1/${(1 / ratio).toFixed(1)}); target <= ${GROWTH_RATIO_TARGET}: ${ratio <= GROWTH_RATIO_TARGET ? 'OK' : 'OVER TARGET'}; RSS growth ratio ${rssRatio.toFixed(3)}`,
  );
  const [load1 = Number.NaN] = loadavg();
  out.push(`(node ${process.version}, ${availableParallelism()} CPUs, load average ${load1.toFixed(2)} at the end)`);
  return out;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const at = process.argv.indexOf('--child');
  if (at !== -1) {
    const result = await childMeasure(JSON.parse(process.argv[at + 1] ?? '{}') as ChildArgs);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    for (const l of await runMemoryBench()) console.log(l);
  }
}
