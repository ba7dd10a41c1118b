// HTTP replicas end to end: three real `node src/main.ts` processes with TRANSPORT=http on one PostgreSQL database,
// each serving signed interactions and each running the daily tick, against the emulator's REST.
// 1. 50 servers due when all three start at once (their start-up ticks race): exactly one message per server.
// 2. 50 more servers due at the next minute; one replica is SIGKILLed a few seconds before it and restarted: again
//    exactly one message per server, none lost. This waits for the real next minute (the bot has no test clock), so
//    the test takes up to about a minute.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDailyStore } from '../src/daily/open-store.js';
import type { DailyStore } from '../src/daily/store.js';
import { formatLocalDate, formatWallTime, localDateAt } from '../src/daily/time.js';
import { projectRoot } from '../src/util/project-root.js';
import { type Emulator, startEmulator } from './support/emulator.js';
import { createTestDatabase, hasPostgres, PG_SKIP_MESSAGE, type TestDatabase } from './support/postgres.js';

const TOKEN = 'replica-e2e-token';
const pair = generateKeyPairSync('ed25519');
const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

interface Replica {
  child: ChildProcess;
  lines: { msg?: string; port?: number; transport?: string; database?: string }[];
  stderr: string;
  exit: Promise<number | null>;
}

let emu: Emulator;
let db: TestDatabase;
let store: DailyStore;
const replicas: Replica[] = [];
let env: NodeJS.ProcessEnv;

function startReplica(): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const r: Replica = {
    child,
    lines: [],
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const p of parts) {
      try {
        r.lines.push(JSON.parse(p));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    r.stderr += chunk.toString();
  });
  return r;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}; stderr: ${replicas.map((r) => r.stderr.slice(-800)).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const running = (r: Replica) => until('the replica to start', () => r.lines.find((l) => l.msg?.startsWith('running:')));

async function subscribe(guilds: readonly string[], dueMs: number): Promise<void> {
  const at = new Date(dueMs);
  for (const g of guilds) {
    await store.saveSubscription(
      {
        guildId: g,
        channelId: emu.textChannelId(g),
        time: formatWallTime({ hour: at.getUTCHours(), minute: at.getUTCMinutes() }),
        timezone: 'UTC',
        nextDueUtc: dueMs,
        nextLocalDate: formatLocalDate(localDateAt(dueMs, 'UTC')),
      },
      Date.now(),
    );
  }
}

const posts = (guilds: readonly string[]) => guilds.map((g) => emu.messagesIn(emu.textChannelId(g)).length);

describe.skipIf(!hasPostgres)('three HTTP replicas on one PostgreSQL', () => {
  beforeAll(async () => {
    emu = await startEmulator({ token: TOKEN, guilds: 100, channelsPerGuild: 1, contract: 'off' });
    db = await createTestDatabase('aesc_replicas');
    store = (await openDailyStore(db.url)).store;
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$|SHARD|TRANSPORT$|PORT$|HOST$)/.test(k),
      ),
    );
    env = {
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
  }, 30_000);

  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await store?.close();
    await db?.drop();
    await emu?.close();
  });

  it('50 servers due as all three start: one message each; then one replica killed before the next minute', async () => {
    const first = emu.guilds.slice(0, 50).map((g) => g.id);
    const second = emu.guilds.slice(50, 100).map((g) => g.id);
    await subscribe(first, Date.now() - 1_000);

    replicas.push(startReplica(), startReplica(), startReplica());
    const started = await Promise.all(replicas.map(running));
    for (const line of started) {
      expect(line).toMatchObject({ transport: 'http', database: 'postgres' });
      // The startup line names the database kind and where, never the password.
      expect(JSON.stringify(line)).not.toContain(new URL(db.url).password);
    }

    await until('50 posts', () => (posts(first).every((n) => n >= 1) ? true : undefined));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(posts(first)).toEqual(first.map(() => 1));

    // Every replica serves interactions (signed as Discord signs them).
    for (const line of started) {
      const body = JSON.stringify(emu.chatInput({ name: 'aesc', subcommand: 'sources' }));
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`http://127.0.0.1:${line.port}/interactions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature-timestamp': ts,
          'x-signature-ed25519': sign(null, Buffer.from(ts + body), pair.privateKey).toString('hex'),
        },
        body,
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { type: number }).type).toBe(4);
      const health = await fetch(`http://127.0.0.1:${line.port}/healthz`);
      expect(health.status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${line.port}/metrics`)).text()).toContain('aesc_interactions_total');
    }

    // The next minute with at least 12 s to spare: replica 0 dies 7 s before it and comes back.
    let due = Math.ceil(Date.now() / 60_000) * 60_000;
    if (due - Date.now() < 12_000) due += 60_000;
    await subscribe(second, due);
    await new Promise((r) => setTimeout(r, due - 7_000 - Date.now()));
    const victim = replicas[0] as Replica;
    victim.child.kill('SIGKILL');
    expect(await victim.exit).toBeNull();
    const restarted = startReplica();
    replicas.push(restarted);
    await running(restarted);

    await until('50 more posts', () => (posts(second).every((n) => n >= 1) ? true : undefined), 30_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(posts(second)).toEqual(second.map(() => 1));
    expect(posts(first)).toEqual(first.map(() => 1));
    const today = formatLocalDate(localDateAt(due, 'UTC'));
    for (const g of second) expect((await store.getLedger(g, today))?.status).toBe('posted');
  }, 120_000);
});

if (!hasPostgres) it.skip(PG_SKIP_MESSAGE, () => {});
