// Health and metrics: the real prom-client registry behind the real ops HTTP server, fed by the real scheduler and
// store (SQLite in memory, a fake Discord sender), read back over HTTP as Prometheus scrapes it.
import { afterEach, describe, expect, it } from 'vitest';
import { openDailyStore } from '../src/daily/open-store.js';
import { DailyService } from '../src/daily/service.js';
import { observeDailyStore, tickObserver } from '../src/ops/daily-metrics.js';
import { createHealth, databaseCheck } from '../src/ops/health.js';
import { BotMetrics } from '../src/ops/metrics.js';
import { opsRoutes } from '../src/ops/routes.js';
import { type OpsServer, startOpsServer } from '../src/ops/server.js';
import { buildPost, discordError, FakeSender, TestClock } from './daily/helpers.js';

const servers: OpsServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(...args: Parameters<typeof opsRoutes>) {
  const server = await startOpsServer({ host: '127.0.0.1', port: 0, routes: opsRoutes(...args) });
  servers.push(server);
  return server;
}

/** The value of one sample line `name{labels} value` in Prometheus text. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (wanted) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('counts interactions by command, subcommand, kind and outcome, with a latency histogram', async () => {
    const metrics = new BotMetrics();
    const o = metrics.interactionObserver;
    o.onInteraction('aesc', 'plant', 'command', 'ok', 1.2);
    o.onInteraction('aesc', 'plant', 'command', 'ok', 0.8);
    o.onInteraction('aesc', 'plant', 'autocomplete', 'ok', 0.2);
    o.onInteraction('aesc-daily', 'set', 'command', 'deferred', 2100);
    o.onInteraction(null, null, 'command', 'invalid', null);
    const server = await serve(createHealth(), metrics);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const labels = { command: 'aesc', subcommand: 'plant', kind: 'command', outcome: 'ok' };
    expect(sample(text, 'aesc_interactions_total', labels)).toBe(2);
    expect(sample(text, 'aesc_interactions_total', { subcommand: 'set', outcome: 'deferred' })).toBe(1);
    expect(sample(text, 'aesc_interactions_total', { command: 'none', outcome: 'invalid' })).toBe(1);
    expect(sample(text, 'aesc_interaction_response_seconds_count', { kind: 'command' })).toBe(3);
    expect(sample(text, 'aesc_interaction_response_seconds_bucket', { kind: 'command', le: '0.001' })).toBe(1);
    expect(sample(text, 'aesc_interaction_response_seconds_bucket', { kind: 'command', le: '0.0025' })).toBe(2);
    expect(sample(text, 'aesc_interaction_response_seconds_bucket', { kind: 'command', le: '3' })).toBe(3);
    // Process metrics come with it.
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('daily posts by outcome (posted, failed by code, paused), tick duration and subscriptions by state', async () => {
    const metrics = new BotMetrics({ processMetrics: false });
    const opened = await openDailyStore(':memory:');
    const clock = new TestClock('2026-06-01T06:00:00Z');
    const sender = new FakeSender();
    const service = new DailyService({
      store: observeDailyStore(opened.store, metrics),
      sender,
      buildPost,
      clock,
      scheduler: { onTick: tickObserver(metrics) },
    });
    const metricsWithCount = new BotMetrics({ processMetrics: false, countSubscriptions: opened.countSubscriptions });
    for (const g of ['100000000000000001', '100000000000000002', '100000000000000003']) {
      await service.set(g, { channelId: `2${g.slice(1)}`, time: '07:00', timezone: 'UTC' });
    }
    await service.off('100000000000000003');
    sender.always.set('200000000000000002', () => discordError(50013, 403, 'Missing Permissions'));
    // The cron reports its ticks through onTick (next test); called directly, tick() returns the same result.
    for (const d of ['01', '02', '03']) {
      clock.set(`2026-06-${d}T07:00:00Z`);
      metrics.recordTick(await service.tick(clock.now()));
    }
    const text = await metrics.metrics();
    expect(sample(text, 'aesc_daily_posts_total', { outcome: 'posted' })).toBe(3);
    expect(sample(text, 'aesc_daily_posts_total', { outcome: 'failed', code: '50013' })).toBe(3);
    expect(sample(text, 'aesc_daily_posts_total', { outcome: 'paused' })).toBe(1);
    expect(sample(text, 'aesc_daily_tick_duration_seconds_count')).toBe(3);
    const counted = await metricsWithCount.metrics();
    expect(sample(counted, 'aesc_daily_subscriptions', { state: 'active' })).toBe(1);
    expect(sample(counted, 'aesc_daily_subscriptions', { state: 'paused' })).toBe(1);
    expect(sample(counted, 'aesc_daily_subscriptions', { state: 'off' })).toBe(1);
    await opened.store.close();
  });

  it('the scheduler reports its cron ticks through onTick, failed ones too', async () => {
    const metrics = new BotMetrics({ processMetrics: false });
    const opened = await openDailyStore(':memory:');
    const service = new DailyService({
      store: opened.store,
      sender: new FakeSender(),
      buildPost,
      clock: new TestClock('2026-06-01T06:00:00Z'),
      scheduler: { onTick: tickObserver(metrics) },
    });
    service.start(); // runs the catch-up tick at once
    await service.stop();
    await opened.store.close();
    service.start(); // the store is closed: this tick fails
    await service.stop();
    const text = await metrics.metrics();
    expect(sample(text, 'aesc_daily_tick_duration_seconds_count')).toBe(2);
    expect(sample(text, 'aesc_daily_tick_failures_total')).toBe(1);
  });

  it('folds label sets beyond the cap into "other" (labels come from payloads)', async () => {
    const metrics = new BotMetrics({ processMetrics: false });
    for (let i = 0; i < 600; i++) metrics.interactionObserver.onInteraction(`cmd${i}`, null, 'command', 'unknown', 1);
    const text = await metrics.metrics();
    expect(sample(text, 'aesc_interactions_total', { command: 'other' })).toBe(100);
    expect(text.split('\n').filter((l) => l.startsWith('aesc_interactions_total{')).length).toBe(501);
  });
});

describe('GET /healthz', () => {
  it('200 when every check passes; 503 with the reasons when one fails or hangs', async () => {
    let connected = true;
    let dbUp = true;
    const health = createHealth(
      {
        gateway: () => (connected ? { ok: true, detail: 'connected' } : { ok: false, detail: 'gateway not connected' }),
        database: databaseCheck(async () => dbUp, 'postgres', 'db.example:5432/aesc'),
      },
      200,
    );
    const server = await serve(health);
    let res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      checks: { gateway: { ok: true, detail: 'connected' }, database: { ok: true, detail: 'postgres' } },
    });
    connected = false;
    dbUp = false;
    res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ok: false,
      checks: {
        gateway: { ok: false, detail: 'gateway not connected' },
        database: { ok: false, detail: 'postgres at db.example:5432/aesc is unreachable' },
      },
    });
    health.add('slow', () => new Promise(() => {}));
    connected = true;
    dbUp = true;
    const started = Date.now();
    res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: Record<string, unknown> }).checks.slow).toEqual({
      ok: false,
      detail: 'no answer within 200 ms',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    // No /metrics without a source (the playground), and unknown paths are 404.
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('says clearly when the port is taken', async () => {
    const first = await serve(createHealth());
    await expect(
      startOpsServer({ host: '127.0.0.1', port: first.port, routes: opsRoutes(createHealth()) }),
    ).rejects.toThrow(`PORT ${first.port} on 127.0.0.1 is already in use`);
  });
});
