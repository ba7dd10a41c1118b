// vitest globalSetup: makes a PostgreSQL server available to the PostgreSQL tests, once per run.
// - TEST_DATABASE_URL set (CI runs scripts/pg-cluster.sh start first): used as it is.
// - unset, and Debian's PostgreSQL binaries are installed: a throwaway cluster is started with
//   scripts/pg-cluster.sh (about 1-2 s) and stopped after the run.
// - otherwise (or TEST_DATABASE_URL=off): the PostgreSQL tests skip, and this prints the one message saying so.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

export const PG_SKIP_MESSAGE =
  "PostgreSQL tests skipped: no server (install Debian's postgresql, or set TEST_DATABASE_URL)";

const script = join(import.meta.dirname, '..', '..', 'scripts', 'pg-cluster.sh');
const PREFIX = 'aesc-vitest-pg-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops clusters left behind by vitest runs that were killed before their teardown (each folder records the pid of
 * the run that started it), so interrupted runs do not leave servers running.
 */
function reapLeftovers(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue; // being set up right now, or not ours
    }
    if (!Number.isInteger(owner) || alive(owner)) continue;
    try {
      execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore', timeout: 15_000 });
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export default function setup(project: TestProject): (() => void) | undefined {
  let url = process.env.TEST_DATABASE_URL?.trim() ?? '';
  let dir = '';
  let why = url === 'off' ? 'TEST_DATABASE_URL=off' : '';
  if (url === 'off') url = '';
  else if (url === '') {
    reapLeftovers();
    const folder = mkdtempSync(join(tmpdir(), PREFIX));
    try {
      const out = execFileSync('bash', [script, 'start', folder], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      url = out.trim().split('\n').at(-1) ?? '';
      dir = folder;
      writeFileSync(join(folder, 'owner.pid'), String(process.pid));
    } catch (err) {
      rmSync(folder, { recursive: true, force: true });
      why =
        String((err as { stderr?: unknown }).stderr ?? '')
          .trim()
          .split('\n')
          .at(-1) ?? '';
    }
  }
  if (url === '') console.warn(`${PG_SKIP_MESSAGE}${why ? ` [${why}]` : ''}`);
  process.env.TEST_DATABASE_URL = url === '' ? 'off' : url;
  project.provide('testDatabaseUrl', url);
  if (!dir) return undefined;
  return () => {
    try {
      execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
    } catch {
      // stopped already
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
