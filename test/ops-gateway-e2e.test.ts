// Gateway mode, one process: `node src/main.ts` serves /healthz and /metrics on PORT next to its gateway connection,
// and logs one line saying what runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/util/project-root.js';
import { type Emulator, startEmulator } from './support/emulator.js';

const TOKEN = 'ops-gateway-token';
let emu: Emulator;
let child: ChildProcess;
const lines: Record<string, unknown>[] = [];
let stderr = '';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${stderr.slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  emu = await startEmulator({ token: TOKEN, contract: 'off' });
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$|SHARD|TRANSPORT$|PORT$|HOST$)/.test(k),
    ),
  );
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot(),
    env: {
      ...clean,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: emu.applicationId,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: ':memory:',
      HOST: '127.0.0.1',
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  child.stdout?.on('data', (c: Buffer) => {
    buffer += c.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await emu?.close();
});

describe('gateway mode: /healthz and /metrics on PORT', () => {
  it('logs what runs, answers ready with its checks, and counts the interactions it answers', async () => {
    const line = await until('the startup line', () =>
      lines.find((l) => String(l.msg).startsWith('running: transport gateway')),
    );
    expect(line).toMatchObject({ transport: 'gateway', shards: 'none', database: 'sqlite' });
    const base = `http://127.0.0.1:${line.port}`;
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean }> };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['daily', 'database', 'gateway']);

    const reply = await emu.dispatchInteraction(emu.chatInput({ name: 'aesc', subcommand: 'sources' }));
    expect(reply.type).toBe(4);
    const text = await until('the interaction in /metrics', async () => {
      const t = await (await fetch(`${base}/metrics`)).text();
      return /aesc_interactions_total\{command="aesc",subcommand="sources",kind="command",outcome="ok"\} 1/.test(t)
        ? t
        : undefined;
    });
    expect(text).toMatch(/aesc_interaction_response_seconds_count\{kind="command"\} 1/);
    expect(text).toMatch(/aesc_daily_subscriptions\{state="active"\} 0/);
    expect(text).toContain('process_cpu_user_seconds_total');

    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 40_000);
});
