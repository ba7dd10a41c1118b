// Logger factory: JSON lines on stdout by default; human-readable through pino-pretty when LOG_PRETTY=true and the
// package is installed. Secrets never reach the output: token-bearing paths are redacted, and the error serializer
// strips interaction/webhook tokens from Discord request URLs and drops request bodies.
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import type { LogLevel } from './config/env.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  level?: LogLevel;
  pretty?: boolean;
  /** Where JSON lines go (tests pass a stream); default stdout. Ignored when pretty printing. */
  destination?: DestinationStream;
  /** Resolves `pino-pretty`; tests replace it to simulate a missing package. */
  resolvePretty?: () => string;
}

const CENSOR = '[redacted]';

import { scrubSecrets } from './config/secrets.js';

export { scrubSecrets };

/** Every place a secret has been seen or could plausibly be put in a log call. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'client.token',
  '*.client.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'config.DISCORD_TOKEN',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'options.headers.authorization',
];

/** How long the exit-time flush may wait for a full stdout pipe before it gives up on the rest. */
export const EXIT_FLUSH_MS = 1_000;

/**
 * stdout as pino's asynchronous SonicBoom, with the one blocking step bounded. pino flushes an async destination
 * synchronously when the process exits, and SonicBoom retries EAGAIN (a full pipe nobody reads) forever there, so a
 * bot whose stdout is not read never exits after SIGTERM. Here that exit-time flush gives up after EXIT_FLUSH_MS and
 * drops what the pipe would not take. Ordinary writes are asynchronous and never block.
 */
export function stdoutDestination(fd = 1): DestinationStream {
  let giveUpAt = Number.POSITIVE_INFINITY;
  const stream = pino.destination({
    dest: fd,
    sync: false,
    retryEAGAIN: () => Date.now() < giveUpAt,
  });
  const flushSync = stream.flushSync.bind(stream);
  stream.flushSync = () => {
    giveUpAt = Math.min(giveUpAt, Date.now() + EXIT_FLUSH_MS);
    try {
      flushSync();
    } catch {
      // The pipe stayed full: the rest of the log is lost rather than the process kept alive.
    }
  };
  return stream;
}

/**
 * Error serializer: pino's standard one (type, message and stack including causes, own enumerable fields), made
 * safe and compact for discord.js errors: DiscordAPIError/HTTPError keep `code`, `status`, `method` and a scrubbed
 * `url`; `requestBody` (our whole payload, possibly with files) is dropped; every string is scrubbed.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error) && !(typeof err === 'object' && err !== null && 'message' in err)) return err;
  const base = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    if (key === 'requestBody' || key === 'raw') continue;
    // Discord's JSON error body ({ code, message, errors }) is not an Error: keep it as sent.
    if (key === 'rawError') out[key] = (err as { rawError?: unknown }).rawError;
    else out[key] = typeof value === 'string' ? scrubSecrets(value) : value;
  }
  return out;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const base: LoggerOptions = {
    name: 'aesc-bot',
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { err: serializeError, error: serializeError },
  };
  if (options.pretty) {
    let target: string | null = null;
    try {
      target = (options.resolvePretty ?? (() => createRequire(import.meta.url).resolve('pino-pretty')))();
    } catch {
      target = null;
    }
    if (target) {
      const transport = pino.transport({
        target,
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' },
      });
      return pino(base, transport);
    }
    const logger = pino(base, options.destination ?? stdoutDestination());
    logger.warn('LOG_PRETTY=true but pino-pretty is not installed (it is a devDependency): logging JSON lines instead');
    return logger;
  }
  return pino(base, options.destination ?? stdoutDestination());
}

/** Writes out everything buffered (pretty transport included); resolves even if flushing fails or hangs. */
export function flushLogger(logger: Logger, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    try {
      logger.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
