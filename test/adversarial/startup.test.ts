// Adversarial QA of startup faults: `node src/main.ts` as a child process with a broken data file in a temporary
// DATA_DIR copy, malformed environment variables, and a daily-post database that cannot be opened (a place where no
// folder can be made, a path through a file, a PostgreSQL server that is gone). Each must end in exit 1 with one
// clear message on stderr naming what is wrong (file, record, field; the variable; the host, never the password),
// no stack trace, and within a bounded time: none may hang. The processes run side by side to keep the file quick.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/project-root.js';

const BOT_TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const PASSWORD = 'Sup3rS3cretPassw0rd';
const children: ChildProcess[] = [];
let dir: string;

/** A fresh environment: nothing of ours inherited, only what the case sets. */
function env(vars: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$|TRANSPORT$|PORT$|HOST$|SHARD_|PLAYGROUND)/.test(k),
    ),
  );
  return { ...clean, ...vars };
}

interface Run {
  code: number | null;
  stderr: string;
  stdout: string;
  ms: number;
}

/** Runs main.ts to its end (killed after `limitMs`: a hang fails the case instead of the file). */
function run(vars: Record<string, string>, limitMs = 15_000): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot(),
    env: env(vars),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout, ms: Date.now() - started });
    }),
  );
}

/** A Discord that is not there: every variable right, the API on a closed port (reached only after the checks). */
const base = (vars: Record<string, string> = {}) => ({
  DISCORD_TOKEN: BOT_TOKEN,
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_API_URL: 'http://127.0.0.1:9/api',
  DATABASE_URL: ':memory:',
  ...vars,
});

function expectCleanFailure(r: Run, what: string): void {
  expect(r.code, `${what}: exit code (stderr: ${r.stderr.slice(0, 300)})`).toBe(1);
  expect(r.stderr, what).not.toMatch(/\n\s+at /);
  expect(r.stderr, what).not.toMatch(/TypeError|ReferenceError|node:internal/);
  expect(r.stderr + r.stdout, what).not.toContain(BOT_TOKEN);
  expect(r.stderr + r.stdout, what).not.toContain(PASSWORD);
}

/** A copy of data/ with `edit` applied to one file's JSON. */
function brokenData(name: string, file: string, edit: (json: string) => string): string {
  const copy = join(dir, name);
  cpSync(join(projectRoot(), 'data'), copy, { recursive: true });
  const path = join(copy, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return copy;
}

function editJson(edit: (data: Record<string, unknown[]>) => void): (json: string) => string {
  return (json) => {
    const data = JSON.parse(json) as Record<string, unknown[]>;
    edit(data);
    return JSON.stringify(data, null, 2);
  };
}

let closedPort = 0;

beforeAll(async () => {
  // A plain folder name: the configuration check refuses values that look like secrets (random suffixes can).
  dir = join(tmpdir(), `aesc-adversarial-startup-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A port that was free a moment ago: a PostgreSQL server that is gone.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Every process is started up front, at most three at a time (a loaded 2-core machine: a tsx start alone can take
// seconds), and each test awaits its own.
const started: Record<string, Promise<Run>> = {};
let slots = 3;
const waiting: (() => void)[] = [];
function queue(name: string, vars: () => Record<string, string>): void {
  started[name] = (async () => {
    if (slots === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    slots--;
    try {
      return await run(vars(), 40_000);
    } finally {
      slots++;
      waiting.shift()?.();
    }
  })();
}
const result = (name: string) => started[name] as Promise<Run>;

beforeAll(() => {
  queue('broken records', () => {
    const data = brokenData(
      'broken-records',
      'plants.json',
      editJson((d) => {
        const plants = d.plants as Record<string, unknown>[];
        delete (plants[1] as Record<string, unknown>).name;
        (plants[0] as Record<string, unknown>).region = 42;
      }),
    );
    writeFileSync(join(data, 'customers.json'), readFileSync(join(data, 'customers.json'), 'utf8').slice(0, 200));
    const history = join(data, 'history.json');
    writeFileSync(
      history,
      editJson((d) => {
        const events = Object.values(d).find(Array.isArray) as { sources: { source: string }[] }[];
        (events[0]?.sources[0] as { source: string }).source = 'made-up-source';
      })(readFileSync(history, 'utf8')),
    );
    return base({ DATA_DIR: data });
  });
  queue('broken translations', () =>
    base({ DATA_DIR: brokenData('broken-translations', 'i18n/ja.json', (json) => json.slice(0, 100)) }),
  );
  queue('broken coordinates', () =>
    base({
      DATA_DIR: brokenData(
        'broken-coordinates',
        'editors/coordinates.json',
        editJson((d) => {
          d.coordinates = (d.coordinates as { plant: string }[]).filter((c) => c.plant !== 'zama');
        }),
      ),
    }),
  );
  queue('http without a key', () => base({ TRANSPORT: 'http' }));
  queue('malformed variables', () =>
    base({
      TRANSPORT: 'carrier-pigeon',
      PORT: '70000',
      DATABASE_URL: 'mysql://u@h/db',
      DISCORD_APPLICATION_ID: 'my-bot',
      LOG_LEVEL: 'loud',
      SHARD_COUNT: 'many',
    }),
  );
  queue('under /proc', () => base({ DATABASE_URL: 'file:/proc/aesc-bot/db.sqlite' }));
  queue('through a file', () => base({ DATABASE_URL: 'file:/dev/null/aesc-bot.sqlite' }));
  queue('PostgreSQL gone', () => base({ DATABASE_URL: `postgres://bot:${PASSWORD}@127.0.0.1:${closedPort}/aesc` }));
});

describe('a broken data file in DATA_DIR', () => {
  it('invalid JSON, a missing field, a wrong type, an unknown source: each named (file, record with id, field)', async () => {
    const r = await result('broken records');
    expectCleanFailure(r, 'broken records');
    expect(r.stderr).toMatch(/^The fact data is invalid \(\d+ problems\)/);
    expect(r.stderr).toMatch(/customers\.json: not valid JSON/);
    expect(r.stderr).toMatch(/plants\.json: plants\[1\] \(id "[a-z0-9-]+"\)\.name: /);
    expect(r.stderr).toMatch(/plants\.json: plants\[0\] \(id "[a-z0-9-]+"\)\.region: /);
    expect(r.stderr).toMatch(/history\.json: \w+\[0\] \(id "[a-z0-9-]+"\)\.sources\[0\]\.source: .*"wikipedia"/);
  }, 60_000);
});

describe('the translations and the coordinates in DATA_DIR are checked at start too', () => {
  it('a truncated data/i18n/ja.json stops the bot naming the file', async () => {
    const r = await result('broken translations');
    expectCleanFailure(r, 'broken translations');
    expect(r.stderr).toMatch(/^The fact data is invalid \(1 problem\)/);
    expect(r.stderr).toMatch(/data\/i18n\/ja\.json: not valid JSON/);
  }, 60_000);

  it('a plant missing from data/editors/coordinates.json stops the bot naming the plant', async () => {
    const r = await result('broken coordinates');
    expectCleanFailure(r, 'broken coordinates');
    expect(r.stderr).toMatch(/^The fact data is invalid/);
    expect(r.stderr).toMatch(/coordinates\.json: plant "zama" has no record/);
  }, 60_000);
});

describe('the environment', () => {
  it('TRANSPORT=http without DISCORD_PUBLIC_KEY says where to find the key', async () => {
    const r = await result('http without a key');
    expectCleanFailure(r, 'http without a key');
    expect(r.stderr).toMatch(/^Invalid configuration/);
    expect(r.stderr).toMatch(/DISCORD_PUBLIC_KEY: missing.*Public Key/);
  }, 60_000);

  it('six malformed variables at once: one message listing each with what it expects', async () => {
    const r = await result('malformed variables');
    expectCleanFailure(r, 'malformed variables');
    expect(r.stderr).toMatch(/^Invalid configuration \(environment variables or \.env\), 6 problems:/);
    for (const name of ['TRANSPORT', 'PORT', 'DATABASE_URL', 'DISCORD_APPLICATION_ID', 'LOG_LEVEL', 'SHARD_COUNT']) {
      expect(r.stderr).toMatch(new RegExp(`\\n  - ${name}: `));
    }
  }, 60_000);
});

describe('a daily-post database that cannot be opened', () => {
  it('a folder that cannot be made although its parent exists: exit 1 at once (Node used to spin forever)', async () => {
    const r = await result('under /proc');
    expectCleanFailure(r, 'under /proc');
    expect(r.stderr.trim()).toMatch(/^Cannot open the daily-post database \(DATABASE_URL\): .*\/proc\/aesc-bot/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('a path through a file: exit 1 with the reason', async () => {
    const r = await result('through a file');
    expectCleanFailure(r, 'through a file');
    expect(r.stderr.trim()).toMatch(/^Cannot open the daily-post database \(DATABASE_URL\): /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('a PostgreSQL server that is gone: exit 1 naming host, port and database, never the password', async () => {
    const r = await result('PostgreSQL gone');
    expectCleanFailure(r, 'PostgreSQL gone');
    expect(r.stderr.trim()).toMatch(
      new RegExp(`^Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/aesc \\(DATABASE_URL\\)`),
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
