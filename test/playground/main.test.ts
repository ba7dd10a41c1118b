// `npm start` without a token and `npm run playground` with one, as processes: the entry point (src/main.ts) picks
// the playground, which prints its URL and how to connect a real bot, answers, never contacts Discord (a recording
// stand-in for DISCORD_API_URL must see no request) and exits 0 on SIGTERM. A non-loopback HOST is refused.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/project-root.js';

const root = projectRoot();
const dotenvPresent = existsSync(join(root, '.env'));
if (dotenvPresent) {
  console.warn(
    'playground main tests SKIPPED: a .env exists in the project, so `npm start` would not pick the playground',
  );
}

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

function start(args: string[], env: Record<string, string | undefined>): Run {
  const clean = { ...process.env };
  for (const k of Object.keys(clean))
    if (k.startsWith('DISCORD_') || k === 'HOST' || k === 'PLAYGROUND_PUBLIC') delete clean[k];
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts'), ...args], {
    cwd: root,
    env: { ...clean, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (d: Buffer) => {
    run.stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    run.stderr += d.toString();
  });
  return run;
}

async function urlOf(run: Run): Promise<string> {
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    const m = /AESC bot playground: (http:\/\/\S+)/.exec(run.stdout);
    if (m?.[1]) return m[1];
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no playground URL; stdout: ${run.stdout} stderr: ${run.stderr}`);
}

describe.skipIf(dotenvPresent).concurrent('the playground as a process', { timeout: 60_000 }, () => {
  let discord: Server;
  const seen: string[] = [];
  let apiUrl = '';

  beforeAll(async () => {
    discord = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => discord.listen(0, '127.0.0.1', () => r()));
    apiUrl = `http://127.0.0.1:${(discord.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => discord.close(() => r()));
  });

  it('without a token: the URL, how to connect a real bot, answers, exits 0 on SIGTERM', async () => {
    const run = start([], { DISCORD_API_URL: apiUrl });
    const url = await urlOf(run);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.stdout).toMatch(/To connect a real bot instead, put DISCORD_TOKEN/);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('--playground with a token configured never contacts Discord', async () => {
    const run = start(['--playground'], {
      DISCORD_TOKEN: 'MTMwMDAwMDAwMDAwMDAwMDAwMg.GplayG.playgroundplaygroundplaygroundplay',
      DISCORD_APPLICATION_ID: '1300000000000000002',
      DISCORD_API_URL: apiUrl,
    });
    const url = await urlOf(run);
    expect(run.stdout).toMatch(/never contacts Discord/);
    const res = await fetch(`${url}/api/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 2, data: { name: 'aesc', options: [{ type: 1, name: 'today', options: [] }] } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { response: { type: number } }).response.type).toBe(4);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(seen).toEqual([]);
  });

  it('refuses a non-loopback HOST without PLAYGROUND_PUBLIC=true, and says why', async () => {
    const run = start([], { HOST: '0.0.0.0', DISCORD_API_URL: apiUrl });
    expect(await run.exit).toBe(1);
    expect(run.stderr).toMatch(/refuses HOST=0\.0\.0\.0[\s\S]*PLAYGROUND_PUBLIC=true/);
    expect(run.stdout).not.toMatch(/http:\/\//);
  });
});
