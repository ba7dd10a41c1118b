// Entry point (`npm start` runs dist/src/main.js): configuration, logger, fact store, command modules, gateway
// client, and a clean shutdown on SIGINT/SIGTERM.
//
// Operator mistakes (bad configuration, invalid fact data, rejected token, unreachable API) end the process with
// exit code 1 and a plain message on stderr, without a stack trace.
import { pathToFileURL } from 'node:url';
import type { Client } from 'discord.js';
import { type Config, ConfigError, describeConfig, loadConfig } from './config/env.js';
import { type Clock, systemClock } from './core/command.js';
import { shardOwnership } from './daily/scheduler.js';
import { createDailyService, type DailyService } from './daily/service.js';
import { createClient, type RunningBot, StartupError, startBot } from './discord/client.js';
import type { ContextServices } from './discord/dispatcher.js';
import { restPermissionResolver } from './discord/permissions.js';
import { DataError, loadFactStore } from './facts/load.js';
import type { FactStore } from './facts/store.js';
import { createLogger, flushLogger, type Logger } from './log.js';
import { buildOnThisDatePost } from './present/on-this-date.js';

/**
 * DAILY POST HOOK. What the daily post (src/daily/) plugs into the process:
 * - `services` go into every HandlerContext (e.g. `{ daily }` for /aesc-daily);
 * - `start()` runs once the client is ready (start the scheduler there);
 * - `onGuildDelete()` runs when the bot is removed from a server (pause its subscription);
 * - `stop()` runs first on shutdown (stop the scheduler, close the database).
 */
export interface DailyPostHandle {
  services: Partial<ContextServices>;
  start(): void | Promise<void>;
  onGuildDelete(guildId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Creates the daily post for this process: the SQLite-backed service, posting through the client's REST
 * manager with the same "on this date" message as /aesc today. With shards in several processes, each
 * schedules only the guilds of its own shards. Throws DailyStartError when the database cannot be opened.
 */
async function startDailyPost(deps: {
  config: Config;
  client: Client;
  clock: Clock;
  logger: Logger;
  store: FactStore;
}): Promise<DailyPostHandle> {
  const { config, client, clock, logger, store } = deps;
  let daily: DailyService;
  try {
    daily = createDailyService({
      databaseUrl: config.DATABASE_URL,
      rest: client.rest,
      buildPost: (localDate) => buildOnThisDatePost(store, localDate),
      clock,
      logger: logger.child({ component: 'daily' }),
      ...(client.shard ? { ownsGuild: shardOwnership(client.shard.ids, client.shard.count) } : {}),
    });
  } catch (err) {
    throw new DailyStartError(
      `Cannot open the daily-post database (DATABASE_URL=${config.DATABASE_URL}): ${(err as Error).message}`,
    );
  }
  return {
    services: { daily },
    start: () => daily.start(),
    onGuildDelete: (guildId) => daily.onGuildDelete(guildId),
    stop: () => daily.close(),
  };
}

class DailyStartError extends Error {}

/** Sends process warnings to the log instead of bare stderr lines; discord.js's expected cache warning is info. */
function routeProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'UnsupportedCacheOverwriteWarning') {
      logger.info({ warning: warning.message }, 'discord.js cache limited on purpose (see src/discord/client.ts)');
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
export async function main(): Promise<number | null> {
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
  logger.info({ config: describeConfig(config) }, 'starting');

  let store: FactStore;
  try {
    store = loadFactStore(config.DATA_DIR);
  } catch (err) {
    if (err instanceof DataError) {
      await flushLogger(logger);
      return fail(err.message);
    }
    throw err;
  }

  const { commands } = await import('./commands/index.js');
  if (commands.length === 0) logger.warn('commands/index.ts exports no command modules: the bot will answer nothing');

  const clock = systemClock;
  const client = createClient(config);
  let daily: DailyPostHandle;
  try {
    daily = await startDailyPost({ config, client, clock, logger, store });
  } catch (err) {
    await flushLogger(logger);
    if (err instanceof DailyStartError) return fail(err.message);
    throw err;
  }

  // Signals are handled from here on, so a SIGTERM during login still shuts down cleanly.
  let bot: RunningBot | undefined;
  let stopping = false;
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
    try {
      await daily.stop();
    } catch (err) {
      logger.error({ err }, 'stopping the daily post failed');
    }
    try {
      // Before startBot has resolved (a signal during login), destroying the client is all there is to stop.
      await (bot ? bot.stop() : client.destroy());
    } catch (err) {
      logger.error({ err }, 'destroying the client failed');
    }
    logger.info('stopped');
    await flushLogger(logger);
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));

  try {
    bot = await startBot({
      config,
      client,
      store,
      logger,
      clock,
      commands,
      services: {
        ...daily.services,
        botPermissionsIn: restPermissionResolver(client.rest, () => client.user?.id),
      },
      onReady: () => daily.start(),
      onGuildDelete: (guildId: string) => daily.onGuildDelete(guildId),
    });
  } catch (err) {
    await daily.stop().catch(() => undefined);
    await flushLogger(logger);
    if (err instanceof StartupError) return fail(err.message);
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
