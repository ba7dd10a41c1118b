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

/** A Discord bot token: three base64url parts (user id, timestamp, HMAC). */
const BOT_TOKEN = /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g;
/** Interaction tokens travel in URL paths: /interactions/{id}/{token}/callback and /webhooks/{app}/{token}. */
const URL_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[^/?#\s]+/g;

/** Removes bot tokens and interaction/webhook tokens from free text (messages, stacks, URLs). */
export function scrubSecrets(text: string): string {
  return text.replace(URL_TOKEN, '/$1/$2/[redacted]').replace(BOT_TOKEN, CENSOR);
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
    const logger = options.destination ? pino(base, options.destination) : pino(base);
    logger.warn('LOG_PRETTY=true but pino-pretty is not installed (it is a devDependency): logging JSON lines instead');
    return logger;
  }
  return options.destination ? pino(base, options.destination) : pino(base);
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
