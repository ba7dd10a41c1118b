// What the operations side adds to a bot process (gateway, HTTP transport, or one shard of a ShardingManager):
// the daily post on the database DATABASE_URL selects, metrics, readiness checks, /healthz and /metrics on PORT,
// and the one startup line saying what runs. main.ts calls these; nothing here knows about SQLite or PostgreSQL
// beyond what src/daily/open-store.ts reports.
import type { REST } from '@discordjs/rest';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { type OpenedDailyStore, openDailyStore } from '../daily/open-store.js';
import type { BuildDailyPost } from '../daily/scheduler.js';
import { restSender } from '../daily/sender.js';
import { DailyService } from '../daily/service.js';
import { DailyStoreUnavailableError } from '../daily/store-unavailable.js';
import { observeDailyStore, tickObserver } from './daily-metrics.js';
import { createHealth, databaseCheck, type Health, type HealthCheck } from './health.js';
import { BotMetrics } from './metrics.js';
import { healthzHandler, metricsHandler, type OpsRoute } from './routes.js';
import { type OpsServer, startOpsServer } from './server.js';
import { answerShardOpsRequests } from './shard-ipc.js';

/** Startup failure with a message for the operator (main.ts prints it and exits 1). */
export class OpsStartError extends Error {}

export interface ProcessOps {
  metrics: BotMetrics;
  health: Health;
  /** Set once the daily post's database is open. */
  database: OpenedDailyStore | null;
  /** Opens the daily post's store (SQLite or PostgreSQL) and builds the service on it, metrics and health included. */
  openDaily(deps: {
    databaseUrl: string;
    rest: REST;
    buildPost: BuildDailyPost;
    clock: Clock;
    logger: Logger;
    ownsGuild?: (guildId: string) => boolean;
  }): Promise<DailyService>;
  /** Routes for the HTTP transport (`GET /metrics`; it serves `/healthz` itself from `readinessChecks`). */
  httpRoutes(): OpsRoute[];
  /** Readiness checks in the HTTP transport's shape. */
  readinessChecks(): { name: string; check: () => Promise<{ ok: boolean; detail?: string }> }[];
  /**
   * Gateway mode: /healthz and /metrics on HOST:PORT with a `gateway` check, or, in a shard process, answers for the
   * ShardingManager parent, which serves them for all shards.
   */
  serveForGateway(opts: { host: string; port: number; isReady: () => boolean }): Promise<void>;
  /** The one line saying what runs. */
  logStartup(line: { transport: string; shards: string; port: number | null }): void;
  /** The port /healthz and /metrics listen on in gateway mode (null in a shard, or when the port was taken). */
  readonly opsPort: number | null;
  close(): Promise<void>;
}

export function createProcessOps(opts: { logger: Logger; shardId?: number }): ProcessOps {
  const metrics = new BotMetrics(opts.shardId !== undefined ? { defaultLabels: { shard: String(opts.shardId) } } : {});
  const health = createHealth();
  let database: OpenedDailyStore | null = null;
  let server: OpsServer | null = null;
  let stopIpc: (() => void) | null = null;
  let daily: DailyService | null = null;

  const ops: ProcessOps = {
    metrics,
    health,
    get database() {
      return database;
    },
    get opsPort() {
      return server?.port ?? null;
    },
    async openDaily(deps) {
      let opened: OpenedDailyStore;
      try {
        opened = await openDailyStore(deps.databaseUrl);
      } catch (err) {
        // Names the host (PostgreSQL) or the file (SQLite), never a password.
        throw new OpsStartError(
          err instanceof DailyStoreUnavailableError
            ? err.message
            : `Cannot open the daily-post database (DATABASE_URL): ${(err as Error).message}`,
        );
      }
      database = opened;
      health.add('database', databaseCheck(opened.ping, opened.kind, opened.location));
      daily = new DailyService({
        store: observeDailyStore(opened.store, metrics),
        sender: restSender(deps.rest),
        buildPost: deps.buildPost,
        clock: deps.clock,
        logger: deps.logger.child({ component: 'daily' }),
        scheduler: { onTick: tickObserver(metrics) },
        ...(deps.ownsGuild ? { ownsGuild: deps.ownsGuild } : {}),
      });
      const service = daily;
      // The daily post's own view (a 401 from Discord, a database file gone, ticks failing): 503 with its words.
      health.add('daily', () => {
        const h = service.health();
        return h.ok ? { ok: true } : { ok: false, detail: h.problems.map((p) => p.message).join('; ') };
      });
      metrics.setSubscriptionCounter(opened.countSubscriptions);
      return daily;
    },
    httpRoutes() {
      return [{ method: 'GET', path: '/metrics', handler: metricsHandler(metrics) }];
    },
    readinessChecks() {
      return [
        {
          name: 'database',
          check: async () => {
            const report = await health.report();
            return report.body.ok
              ? { ok: true }
              : {
                  ok: false,
                  detail: Object.entries(report.body.checks)
                    .filter(([, c]) => !c.ok)
                    .map(([name, c]) => `${name}: ${c.detail ?? 'not ok'}`)
                    .join('; '),
                };
          },
        },
      ];
    },
    async serveForGateway({ host, port, isReady }) {
      const gateway: HealthCheck = () =>
        isReady() ? { ok: true, detail: 'connected' } : { ok: false, detail: 'gateway not connected' };
      health.add('gateway', gateway);
      if (process.env.SHARDING_MANAGER === 'true' && process.send) {
        stopIpc = answerShardOpsRequests({ health, metrics });
        return;
      }
      try {
        server = await startOpsServer({
          host,
          port,
          routes: [
            { method: 'GET', path: '/healthz', handler: healthzHandler(health) },
            { method: 'GET', path: '/metrics', handler: metricsHandler(metrics) },
          ],
        });
      } catch (err) {
        // In gateway mode the bot itself does not need the port: answering Discord matters more than being
        // scraped, so a taken port is an error in the log, not a reason to stop (the HTTP transport does stop).
        opts.logger.error({ err: (err as Error).message }, 'health and metrics server not started');
      }
    },
    logStartup({ transport, shards, port }) {
      opts.logger.info(
        { transport, shards, database: database?.kind ?? 'none', databaseAt: database?.location ?? null, port },
        `running: transport ${transport}, shards ${shards}, database ${database?.kind ?? 'none'}, port ${port ?? 'none'}`,
      );
    },
    async close() {
      stopIpc?.();
      await server?.close();
    },
  };
  return ops;
}
