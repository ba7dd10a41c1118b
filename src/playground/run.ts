// The playground as a process (`npm start` without a token, `npm run playground`): logger, one clear line with the
// URL, one on how to connect a real bot instead, and a clean shutdown on SIGINT/SIGTERM. main.ts selects it.
import { DEFAULT_PORT, type LooseConfig } from '../config/env.js';
import { DataError } from '../facts/load.js';
import { createLogger, flushLogger } from '../log.js';
import { PlaygroundStartError, startPlayground } from './start.js';

export interface RunPlaygroundOptions {
  /** True for `npm run playground` (a token may be configured; it is not used). */
  forced: boolean;
}

/** Runs the playground until a signal. Resolves with an exit code on a startup failure, or null once it is up. */
export async function runPlayground(config: LooseConfig, options: RunPlaygroundOptions): Promise<number | null> {
  const fail = (message: string) => {
    process.stderr.write(`${message}\n`);
    return 1;
  };
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  process.stdout.write('Starting the AESC bot playground (loading the facts, bundling the page)...\n');
  let playground: Awaited<ReturnType<typeof startPlayground>>;
  try {
    playground = await startPlayground({
      logger,
      host: config.HOST,
      port: config.PORT ?? DEFAULT_PORT,
      allowPublic: config.PLAYGROUND_PUBLIC,
      dataDir: config.DATA_DIR,
    });
  } catch (err) {
    await flushLogger(logger);
    if (err instanceof PlaygroundStartError || err instanceof DataError) return fail(err.message);
    throw err;
  }
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'playground shutting down');
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    await playground.close();
    await flushLogger(logger);
    process.exit(0);
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));
  process.stdout.write(`AESC bot playground: ${playground.url}  (the real bot in your browser; no Discord needed)\n`);
  process.stdout.write(
    options.forced
      ? 'npm run playground never contacts Discord, even with a token configured; `npm start` runs the real bot with it.\n'
      : 'To connect a real bot instead, put DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (README, "Setting up") and run `npm start` again.\n',
  );

  return null;
}
