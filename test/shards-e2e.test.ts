// SHARD_COUNT=auto end to end: `node src/main.ts` becomes discord.js's ShardingManager parent, which asks the emulator
// (GET /gateway/bot: 2 shards) and spawns one real process per shard. 20 servers, 10 on each shard, all due now:
// every server's post is sent once, by the shard that owns the server; interactions are answered by the shard that
// receives them; the parent serves /healthz and the shards' aggregated /metrics on PORT, and respawns a shard that dies.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDailyStore } from '../src/daily/open-store.js';
import { formatLocalDate, formatWallTime, localDateAt } from '../src/daily/time.js';
import { projectRoot } from '../src/util/project-root.js';
import { type Emulator, startEmulator } from './support/emulator.js';

const TOKEN = 'shard-e2e-token';
const DISCORD_EPOCH = 1420070400000n;
const SHARDS = 2;

/** A guild id whose shard is `i % 2`: the timestamp part decides ((id >> 22) % shard_count). */
function guildId(i: number): string {
  const ts = BigInt(Date.parse('2025-01-01T00:00:00Z')) - DISCORD_EPOCH + BigInt(i);
  return String((ts << 22n) | BigInt(1000 + i));
}
const shardOf = (id: string) => Number((BigInt(id) >> 22n) % BigInt(SHARDS));

interface LogLine {
  pid?: number;
  msg?: string;
  port?: number | null;
  shards?: string | number;
}

let emu: Emulator;
let dir: string;
let parent: ChildProcess;
const lines: LogLine[] = [];
let stderr = '';
const guilds = Array.from({ length: 20 }, (_, i) => guildId(i));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  emu = await startEmulator({
    token: TOKEN,
    guilds: guilds.map((id) => ({ id, channels: 1 })),
    recommendedShards: SHARDS,
    maxConcurrency: SHARDS,
    contract: 'off',
  });
  dir = mkdtempSync(join(tmpdir(), 'aesc-shards-'));
  const url = `file:${join(dir, 'daily.sqlite')}`;
  // Every server's post is due now (as after the due minute): each shard's start-up tick posts its own.
  const opened = await openDailyStore(url);
  const now = Date.now();
  const today = formatLocalDate(localDateAt(now, 'UTC'));
  const at = new Date(now);
  for (const g of guilds) {
    await opened.store.saveSubscription(
      {
        guildId: g,
        channelId: emu.textChannelId(g),
        time: formatWallTime({ hour: at.getUTCHours(), minute: at.getUTCMinutes() }),
        timezone: 'UTC',
        nextDueUtc: now - 1_000,
        nextLocalDate: today,
      },
      now,
    );
  }
  await opened.store.close();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$|SHARD|TRANSPORT$|PORT$|HOST$)/.test(k),
    ),
  );
  parent = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot(),
    env: {
      ...env,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: emu.applicationId,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: url,
      SHARD_COUNT: 'auto',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  parent.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p) as LogLine);
      } catch {
        // not a log line
      }
    }
  });
  parent.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
}, 60_000);

afterAll(async () => {
  if (parent && parent.exitCode === null) parent.kill('SIGKILL');
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SHARD_COUNT=auto: one process per shard (discord.js ShardingManager)', () => {
  it('each shard posts the daily post of its own servers, once each; the parent aggregates health and metrics', async () => {
    const started = await until('the parent startup line', () =>
      lines.find((l) => l.msg?.startsWith('running: transport gateway, shards 2 (ShardingManager)')),
    );
    expect(started.port).toBeGreaterThan(0);
    const shardLines = await until('both shards running', () => {
      const found = lines.filter((l) => /^running: transport gateway, shards \d of 2/.test(l.msg ?? ''));
      return found.length === SHARDS ? found : undefined;
    });
    const shardByPid = new Map(shardLines.map((l) => [l.pid, Number(String(l.shards).split(' ')[0])]));
    expect([...shardByPid.values()].sort()).toEqual([0, 1]);
    expect(shardByPid.has(started.pid)).toBe(false);
    expect(emu.stats.identifies).toBe(SHARDS);

    // Every server's post, once.
    await until('20 daily posts', () =>
      guilds.every((g) => emu.messagesIn(emu.textChannelId(g)).length >= 1) ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive right after
    for (const g of guilds) expect(emu.messagesIn(emu.textChannelId(g)), g).toHaveLength(1);

    // ... by its own shard: the ledger claim carries the posting process's pid (host:pid:random).
    const opened = await openDailyStore(`file:${join(dir, 'daily.sqlite')}`);
    try {
      const today = formatLocalDate(localDateAt(Date.now(), 'UTC'));
      for (const g of guilds) {
        const entry = await opened.store.getLedger(g, today);
        expect(entry?.status, g).toBe('posted');
        const sub = await opened.store.getSubscription(g);
        expect(sub?.lastMessageId).toBe(emu.messagesIn(emu.textChannelId(g))[0]?.id);
      }
    } finally {
      await opened.store.close();
    }
    const owners = lines.filter((l) => l.msg === 'daily tick' && (l as { daily?: { posted?: number } }).daily?.posted);
    const postedByShard = new Map<number, number>();
    for (const l of owners) {
      const shard = shardByPid.get(l.pid) as number;
      postedByShard.set(
        shard,
        (postedByShard.get(shard) ?? 0) + ((l as { daily: { posted: number } }).daily.posted ?? 0),
      );
    }
    expect(Object.fromEntries(postedByShard)).toEqual({ 0: 10, 1: 10 });
    // 10 servers belong to each shard, and each shard process posted exactly 10 (a shard only claims the servers
    // ownsGuild gives it, before anything is sent; with every post sent once, the split shows none crossed over).
    expect(guilds.filter((g) => shardOf(g) === 0)).toHaveLength(10);

    // Interactions are answered by the shard that receives them (the emulator sends each only to its guild's shard).
    for (const g of [guilds[0], guilds[1]] as string[]) {
      const reply = await emu.dispatchInteraction(
        emu.chatInput({ name: 'aesc', subcommand: 'sources', guildId: g, channelId: emu.textChannelId(g) }),
        { timeoutMs: 10_000 },
      );
      expect(reply.type).toBe(4);
    }

    const base = `http://127.0.0.1:${started.port}`;
    const health = await until('/healthz 200', async () => {
      const res = await fetch(`${base}/healthz`);
      return res.status === 200
        ? ((await res.json()) as { ok: boolean; checks: Record<string, { detail?: string }> })
        : undefined;
    });
    expect(health.ok).toBe(true);
    expect(health.checks.shards?.detail).toBe('2 shards ready');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const shard of ['0', '1']) {
      expect(metrics).toMatch(
        new RegExp(`aesc_interactions_total\\{[^}]*subcommand="sources"[^}]*shard="${shard}"[^}]*\\} 1`),
      );
      expect(metrics).toMatch(
        new RegExp(`aesc_daily_posts_total\\{[^}]*outcome="posted"[^}]*shard="${shard}"[^}]*\\} 10`),
      );
    }
    expect(metrics).toContain('aesc_shards_reporting 2');
    expect(metrics.match(/^# TYPE aesc_interactions_total /gm)).toHaveLength(1);
    expect(metrics).toMatch(/process_resident_memory_bytes\{shard="manager"\}/);

    // A shard process that dies is started again by the parent; its start-up tick finds the day already posted.
    const victim = shardLines[0] as LogLine;
    process.kill(victim.pid as number, 'SIGKILL');
    const reborn = await until('the shard to be respawned', () =>
      lines.find((l) => l.pid !== victim.pid && l.msg === victim.msg && !shardLines.includes(l)),
    );
    expect(reborn.shards).toBe(victim.shards);
    await until('/healthz 200 again', async () => ((await fetch(`${base}/healthz`)).status === 200 ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    // (The two interaction replies above are messages too, of type 20; the daily posts are plain messages.)
    for (const g of guilds) {
      expect(
        emu.messagesIn(emu.textChannelId(g)).filter((m) => m.type === MessageType.Default),
        g,
      ).toHaveLength(1);
    }

    // SIGTERM: the parent stops every shard and exits 0.
    const exit = new Promise<number | null>((resolve) => parent.on('exit', (code) => resolve(code)));
    parent.kill('SIGTERM');
    expect(await exit).toBe(0);
    await until('the shards to leave the gateway', () => (emu.connectedClients === 0 ? true : undefined), 15_000);
  }, 90_000);
});
