// Entry point (`npm start` runs dist/src/main.js): a small mode selector.
//
//   no DISCORD_TOKEN, or --playground   the local playground (src/playground/start.ts), never contacting Discord
//   TRANSPORT=http                      signed HTTP interactions on HOST:PORT (src/transport/http.ts)
//   otherwise                           the gateway (discord.js, src/transport/gateway.ts)
//
// Both Discord modes share the rest: configuration, logger, fact store, daily post (over REST), the command ids for
// mentions, the command modules built with their services, and a clean shutdown on SIGINT/SIGTERM.
// Operator mistakes (bad configuration, invalid fact data, rejected token, a DISCORD_API_URL that is not Discord,
// a fatal gateway close) end the process with exit code 1 and a plain message on stderr, without a stack trace.
import { pathToFileURL } from 'node:url';
import { REST } from '@discordjs/rest';
import { createCommands } from './commands/index.js';
import { type Config, ConfigError, describeConfig, type LooseConfig, loadConfig } from './config/env.js';
import { type Clock, systemClock } from './core/clock.js';
import type { CommandIds } from './core/command.js';
import { createDispatcher, type InteractionObserver } from './core/dispatcher.js';
import { rejectCrosspostRateLimits } from './daily/delivery.js';
import { shardOwnership } from './daily/scheduler.js';
import type { DailyService } from './daily/service.js';
import { createClient } from './discord/client.js';
import { fetchCommandIds } from './discord/command-ids.js';
import { StartupError } from './discord/errors.js';
import { restGuildInspector, restPermissionResolver } from './discord/permissions.js';
import { DataError } from './facts/load.js';
import { loadAllData } from './facts/load-all.js';
import type { FactStore } from './facts/store.js';
import { languages } from './i18n/catalogue.js';
import { createLogger, flushLogger, type Logger } from './log.js';
import { createProcessOps, OpsStartError, type ProcessOps } from './ops/process-ops.js';
import { buildOnThisDatePost } from './present/on-this-date.js';
import { warmUpPicturesInBackground } from './render/index.js';
import { type RunningGateway, startGateway } from './transport/gateway.js';
import { type HttpRoute, type ReadinessCheck, startHttpTransport } from './transport/http.js';
import { isShardProcess, ShardStartError, startShards } from './transport/shards.js';

export type Mode = 'playground' | 'gateway' | 'http';

/** Which mode to run: see the top of this file. */
export function selectMode(config: Pick<LooseConfig, 'DISCORD_TOKEN' | 'TRANSPORT'>, argv: readonly string[]): Mode {
  if (argv.includes('--playground') || !config.DISCORD_TOKEN) return 'playground';
  return config.TRANSPORT === 'http' ? 'http' : 'gateway';
}

/**
 * OPS HOOKS: what the operations side plugs into every Discord mode (metrics observer, extra HTTP routes such as
 * `GET /metrics`, readiness checks of `/healthz`). Filled before the transport starts.
 */
export interface ProcessHooks {
  metrics?: InteractionObserver;
  routes: HttpRoute[];
  readiness: ReadinessCheck[];
}

/**
 * The daily post for this process: the service on the database DATABASE_URL selects (SQLite or PostgreSQL, see
 * src/daily/open-store.ts), posting through `rest`, with the same "on this date" message as /aesc today; metrics and
 * readiness come with it (src/ops/process-ops.ts). With shards in several processes, each schedules only the guilds
 * of its own shards. Rejects with a StartupError naming the database (never a password) when it cannot be opened.
 */
async function createDaily(deps: {
  ops: ProcessOps;
  config: Config;
  rest: REST;
  clock: Clock;
  logger: Logger;
  store: FactStore;
  ownsGuild?: (guildId: string) => boolean;
}): Promise<DailyService> {
  const { config, rest, clock, logger, store } = deps;
  try {
    return await deps.ops.openDaily({
      databaseUrl: config.DATABASE_URL,
      rest,
      buildPost: (localDate, _now, language) => buildOnThisDatePost(store, localDate, language ?? undefined),
      clock,
      logger,
      ...(deps.ownsGuild ? { ownsGuild: deps.ownsGuild } : {}),
    });
  } catch (err) {
    throw new StartupError(err instanceof OpsStartError ? err.message : (err as Error).message);
  }
}

/**
 * SHARD_COUNT in gateway mode: this process becomes the ShardingManager parent (src/transport/shards.ts). It holds
 * no gateway connection and no database; it spawns one process per shard (this same entry point) and serves
 * /healthz and /metrics for all of them on PORT.
 */
async function runShardParent(config: Config, logger: Logger): Promise<number | null> {
  let running: Awaited<ReturnType<typeof startShards>>;
  try {
    running = await startShards({
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL,
      shardCount: config.SHARD_COUNT ?? 'auto',
      host: config.HOST ?? '0.0.0.0',
      port: config.PORT,
      logger,
    });
  } catch (err) {
    await flushLogger(logger);
    if (err instanceof ShardStartError || (err as Error).message?.includes('PORT')) return fail((err as Error).message);
    throw err;
  }
  logger.info(
    { transport: 'gateway', shards: running.totalShards, database: 'in each shard', port: running.ops.port },
    `running: transport gateway, shards ${running.totalShards} (ShardingManager), database in each shard, port ${running.ops.port}`,
  );
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down the shards');
    await running.stop().catch((err: unknown) => logger.error({ err }, 'stopping the shards failed'));
    await flushLogger(logger);
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
  return null;
}

/**
 * Process warnings go to the log instead of bare stderr lines. discord.js's UnsupportedCacheOverwriteWarning is
 * expected (the caches are limited on purpose, see src/discord/client.ts): logged once, at debug.
 */
function routeProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  let cacheWarningLogged = false;
  process.on('warning', (warning) => {
    if (warning.name === 'UnsupportedCacheOverwriteWarning') {
      if (!cacheWarningLogged) logger.debug('discord.js caches limited on purpose (see src/discord/client.ts)');
      cacheWarningLogged = true;
    } else {
      logger.warn({ err: warning }, 'process warning');
    }
  });
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

/** Starts the bot. Resolves with an exit code on startup failure, or null once it is running. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number | null> {
  let loose: LooseConfig;
  try {
    loose = loadConfig(process.env, { requireToken: false, requireApplicationId: false });
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    throw err;
  }
  const mode = selectMode(loose, argv);

  if (mode === 'playground') {
    // ---- PLAYGROUND BRANCH: the real bot behind a local web page, never contacting Discord (src/playground/) ----
    const { runPlayground } = await import('./playground/run.js');
    return runPlayground(loose, { forced: argv.includes('--playground') });
  }

  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    throw err;
  }

  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  routeProcessWarnings(logger);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception: exiting');
    void flushLogger(logger).finally(() => process.exit(1));
  });
  logger.info({ mode, config: describeConfig(config) }, 'starting');
  if (mode === 'gateway' && config.SHARD_COUNT !== undefined && !isShardProcess()) {
    return runShardParent(config, logger);
  }
  if (mode === 'http' && config.SHARD_COUNT !== undefined) {
    logger.warn('SHARD_COUNT applies to the gateway only: TRANSPORT=http runs as replicas behind a load balancer');
  }

  let store: FactStore;
  try {
    store = loadAllData(config.DATA_DIR);
  } catch (err) {
    if (err instanceof DataError) {
      await flushLogger(logger);
      return fail(err.message);
    }
    throw err;
  }

  const ops = createProcessOps({
    logger,
    ...(isShardProcess() && process.env.SHARDS !== undefined ? { shardId: Number(process.env.SHARDS) } : {}),
  });
  const hooks: ProcessHooks = {
    metrics: ops.metrics.interactionObserver,
    routes: ops.httpRoutes(),
    readiness: ops.readinessChecks(),
  };
  const clock = systemClock;
  const client = mode === 'gateway' ? createClient(config) : undefined;
  const rest = client
    ? client.rest
    : new REST({ api: config.DISCORD_API_URL, rejectOnRateLimit: rejectCrosspostRateLimits });
  rest.setToken(config.DISCORD_TOKEN);

  let daily: DailyService;
  let commandIds: CommandIds;
  try {
    daily = await createDaily({
      ops,
      config,
      rest,
      clock,
      logger,
      store,
      ...(client?.shard ? { ownsGuild: shardOwnership(client.shard.ids, client.shard.count) } : {}),
    });
    // Also the startup check of DISCORD_API_URL and DISCORD_TOKEN (see src/discord/command-ids.ts).
    commandIds = await fetchCommandIds(rest, {
      applicationId: config.DISCORD_APPLICATION_ID,
      guildId: config.DISCORD_GUILD_ID,
      apiUrl: config.DISCORD_API_URL,
    }).catch(async (err: unknown) => {
      await daily?.close().catch(() => undefined);
      throw err;
    });
  } catch (err) {
    await flushLogger(logger);
    if (err instanceof StartupError) return fail(err.message);
    throw err;
  }
  if (commandIds.size === 0) logger.warn('no deployed commands found: run `npm run deploy` (mentions fall back)');

  const botUserId = () => client?.user?.id ?? config.DISCORD_APPLICATION_ID;
  const commands = createCommands({
    store,
    clock,
    commandIds,
    daily,
    permissions: restPermissionResolver(rest, botUserId),
    inspector: restGuildInspector(rest, botUserId),
  });
  // Charts and maps are rendered once per content and language: ahead of the first reply, one per event-loop turn.
  void warmUpPicturesInBackground(store.plants, languages(), (err) =>
    logger.error({ err }, 'rendering the pictures ahead failed; they will be rendered on demand'),
  );

  // Signals are handled from here on, so a SIGTERM during login still shuts down cleanly.
  let stopTransport: () => Promise<void> = async () => {
    await client?.destroy();
  };
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    try {
      // HTTP: stop accepting, drain what is in flight (at most 5 s); gateway: destroy the client.
      await stopTransport();
    } catch (err) {
      logger.error({ err }, 'stopping the transport failed');
    }
    try {
      await daily.close();
    } catch (err) {
      logger.error({ err }, 'stopping the daily post failed');
    }
    await ops.close().catch((err: unknown) => logger.error({ err }, 'stopping the health/metrics server failed'));
  };
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took more than 10 s: exiting anyway');
      void flushLogger(logger).finally(() => process.exit(1));
    }, 10_000);
    force.unref();
    await stopAll();
    logger.info('stopped');
    await flushLogger(logger);
    process.exit(0);
  };
  /** A fatal gateway close: one clear message, exit 1, so a supervisor restarts the bot or an operator sees it. */
  const fatal = async (message: string) => {
    if (stopping) return;
    stopping = true;
    logger.fatal(message);
    process.stderr.write(`${message}\n`);
    await stopAll();
    await flushLogger(logger);
    process.exit(1);
  };
  // Discord rejected the token (401) for a daily post: the same exit as a fatal gateway close (docs/daily.md).
  daily.onFatal((problem) => void fatal(problem.message));
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));

  try {
    if (mode === 'http') {
      const dispatch = createDispatcher({ commands, logger, ...(hooks.metrics ? { metrics: hooks.metrics } : {}) });
      const http = await startHttpTransport({
        publicKey: config.DISCORD_PUBLIC_KEY as string,
        dispatch,
        rest,
        logger,
        host: config.HOST ?? '0.0.0.0',
        port: config.PORT,
        routes: hooks.routes,
        readiness: [{ name: 'http', check: () => ({ ok: true }) }, ...hooks.readiness],
      });
      stopTransport = () => http.close();
      logger.info({ url: http.url }, 'listening for interactions at POST /interactions');
      ops.logStartup({ transport: 'http', shards: 'none', port: http.port });
      // No gateway events in HTTP mode: a server that removed the bot shows up as permanent send errors, and the
      // daily post pauses after 3 of them (docs/transports.md).
      daily.start();
    } else {
      let gateway: RunningGateway | undefined;
      stopTransport = async () => {
        await (gateway ? gateway.stop() : client?.destroy());
      };
      // /healthz and /metrics on PORT (503 until the gateway is ready); a shard answers its ShardingManager instead.
      await ops.serveForGateway({
        host: config.HOST ?? '0.0.0.0',
        port: config.PORT,
        isReady: () => gateway?.isReady() ?? false,
      });
      gateway = await startGateway({
        config,
        client,
        logger,
        commands,
        ...(hooks.metrics ? { metrics: hooks.metrics } : {}),
        onReady: () => daily.start(),
        onGuildDelete: (guildId: string) => daily.onGuildDelete(guildId),
        onFatal: (message) => void fatal(message),
      });
      const shard = client?.shard;
      ops.logStartup({
        transport: 'gateway',
        shards: shard ? `${shard.ids.join(',')} of ${shard.count}` : 'none',
        port: ops.opsPort,
      });
    }
  } catch (err) {
    await daily.close().catch(() => undefined);
    await ops.close().catch(() => undefined);
    await flushLogger(logger);
    if (err instanceof StartupError || err instanceof OpsStartError) return fail(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      return fail(`PORT ${config.PORT} is already in use on ${config.HOST ?? '0.0.0.0'}: pick another PORT.`);
    }
    throw err;
  }

  return null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      if (code !== null) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(
        `Startup failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
