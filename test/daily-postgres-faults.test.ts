// PostgreSQL faults: unreachable at start (the process says which host, never the password, and exits 1); lost
// while running (a TCP proxy between the store and the real server is cut and restored): writes fail with the
// "unavailable" error the /aesc-daily handlers turn into their message, ticks fail and the next one works again.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { storageFailure } from '../src/commands/aesc-daily/shared.js';
import { PostgresDailyStore } from '../src/daily/postgres-store.js';
import { DailyService } from '../src/daily/service.js';
import { DailyStoreUnavailableError, STORE_UNAVAILABLE_MESSAGE } from '../src/daily/store-unavailable.js';
import { projectRoot } from '../src/util/project-root.js';
import { buildPost, FakeSender, TestClock } from './daily/helpers.js';
import { createTestDatabase, hasPostgres, PG_SKIP_MESSAGE, type TestDatabase } from './support/postgres.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function runMain(env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$|SHARD|TRANSPORT$|PORT$|HOST$)/.test(k),
    ),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot(),
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out, err })),
  );
}

const BOT_ENV = {
  TRANSPORT: 'http',
  DISCORD_TOKEN: 'a-token',
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_PUBLIC_KEY: 'a'.repeat(64),
  HOST: '127.0.0.1',
  PORT: '0',
};

describe('PostgreSQL unreachable at start', () => {
  it('one message naming the host and port, never the password, and exit 1', async () => {
    const port = await closedPort();
    const { code, out, err } = await runMain({
      ...BOT_ENV,
      DATABASE_URL: `postgres://aesc:s3cret-Pa55@127.0.0.1:${port}/aesc`,
    });
    expect(code).toBe(1);
    expect(err.trim()).toMatch(
      new RegExp(`^Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/aesc \\(DATABASE_URL\\): .*ECONNREFUSED`),
    );
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(out + err).not.toContain('s3cret-Pa55');
  }, 30_000);

  it.skipIf(!hasPostgres)('a wrong password is named as such, and not shown', async () => {
    const db = await createTestDatabase('aesc_faults');
    try {
      const u = new URL(db.url);
      u.password = 'not-the-password';
      const error = (await PostgresDailyStore.open(u.toString()).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(DailyStoreUnavailableError);
      expect(error.message).toMatch(
        new RegExp(
          `^Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${u.port}/${db.name} \\(DATABASE_URL\\): 28P01: password authentication failed for user "aesc"$`,
        ),
      );
      expect(error.message).not.toContain('not-the-password');
    } finally {
      await db.drop();
    }
  });
});

describe.skipIf(!hasPostgres)('PostgreSQL lost while running', () => {
  let db: TestDatabase | undefined;
  let store: PostgresDailyStore | undefined;
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await store?.close().catch(() => undefined);
    await proxy?.cut();
    await db?.drop();
  });

  it('writes fail with the unavailable error, ticks log and fail, the next tick after it is back posts', async () => {
    db = await createTestDatabase('aesc_faults');
    const real = new URL(db.url);
    proxy = new TcpProxy({ host: real.hostname, port: Number(real.port) });
    await proxy.start();
    const via = new URL(db.url);
    via.port = String(proxy.port);
    // Idle connections the cut breaks are reported here and dropped; an unhandled 'error' would fail the test run.
    store = await PostgresDailyStore.open(via.toString(), { connectTimeoutMs: 1_000, onIdleError: () => undefined });
    const clock = new TestClock('2026-06-01T06:59:00Z');
    const sender = new FakeSender();
    const errors: unknown[] = [];
    const logger = { info() {}, warn() {}, debug() {}, error: (o: unknown) => errors.push(o) };
    const service = new DailyService({ store, sender, buildPost, clock, logger });
    const g = '100000000000000001';
    expect((await service.set(g, { channelId: '200000000000000001', time: '07:00', timezone: 'UTC' })).ok).toBe(true);

    await proxy.cut();
    clock.set('2026-06-01T07:00:00Z');
    // An admin's change: refused with the error the handlers answer with their "unavailable" message.
    const failed = await service
      .set(g, { channelId: '200000000000000002', time: '08:00', timezone: 'UTC' })
      .catch((e) => e);
    expect(failed).toBeInstanceOf(DailyStoreUnavailableError);
    expect((failed as Error).message).toContain(`PostgreSQL at 127.0.0.1:${proxy.port}/${db.name} is unreachable`);
    expect((failed as Error).message).not.toContain(real.password);
    expect(storageFailure(failed)).toBe(STORE_UNAVAILABLE_MESSAGE);
    // /healthz and /aesc-daily status see it through the service's health.
    expect(service.health()).toMatchObject({
      ok: false,
      problems: [{ code: 'database_unavailable', message: expect.stringContaining('is unreachable') }],
    });
    // The cron's tick: logged, nothing sent, the process goes on.
    service.start();
    await service.stop();
    expect(errors).toHaveLength(1);
    expect(service.scheduler.lastTick?.error).toContain('unreachable');
    expect(sender.created).toHaveLength(0);

    await proxy.start(); // back, on the same port
    clock.set('2026-06-01T07:01:00Z');
    const result = await service.tick(clock.now());
    expect(result.posted).toBe(1);
    expect(sender.created).toHaveLength(1);
    expect(service.health().problems.filter((p) => p.code === 'database_unavailable')).toEqual([]);
    // The refused change was not applied; the acknowledged one was kept.
    expect(await store.getSubscription(g)).toMatchObject({ channelId: '200000000000000001', time: '07:00' });
  });
});

if (!hasPostgres) it.skip(PG_SKIP_MESSAGE, () => {});
