// The bot's configuration: environment variables (optionally from a .env file), validated once at startup.
// A bad configuration fails with ONE error listing every problem, each naming the variable, what is wrong and what
// is expected; the token's value is never printed.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../util/project-root.js';
import { readDotEnv } from './dotenv.js';
import { looksSecret, quoteValue as quote, scrubSecrets } from './secrets.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_API_URL = 'https://discord.com/api';
export const DEFAULT_DATABASE_URL = 'file:./var/aesc-bot.sqlite';
export const DEFAULT_PORT = 3000;
export const TRANSPORTS = ['gateway', 'http'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** Validated configuration, keyed by the environment variable names. */
export interface Config {
  /** Bot token. Secret: never log it (the logger redacts `config.DISCORD_TOKEN`). */
  DISCORD_TOKEN: string;
  DISCORD_APPLICATION_ID: string;
  /** Development guild: `deploy` registers commands there (instantly) instead of globally. */
  DISCORD_GUILD_ID: string | undefined;
  /** REST base without version, e.g. `https://discord.com/api` (no trailing slash). */
  DISCORD_API_URL: string;
  LOG_LEVEL: LogLevel;
  LOG_PRETTY: boolean;
  /**
   * `file:<path>` (relative paths are relative to the working directory) or `:memory:` for SQLite;
   * `postgres://…` or `postgresql://…` for PostgreSQL. May hold a password: never log it (see `describeConfig`).
   */
  DATABASE_URL: string;
  /** Absolute path of the fact data folder. */
  DATA_DIR: string;
  /** How interactions arrive: the gateway (discord.js) or signed HTTP POSTs to `/interactions`. */
  TRANSPORT: Transport;
  /** Address to listen on; unset means the mode's default (0.0.0.0 for HTTP and health, 127.0.0.1 for the playground). */
  HOST: string | undefined;
  /** Port of the HTTP transport, the health/metrics endpoint and the playground. */
  PORT: number;
  /** The application's Ed25519 public key (64 hex characters), required with TRANSPORT=http. Not a secret. */
  DISCORD_PUBLIC_KEY: string | undefined;
  /** Gateway shards in their own processes (discord.js ShardingManager): `auto` or a count; unset runs one process. */
  SHARD_COUNT: 'auto' | number | undefined;
  /** Let the playground listen on a non-loopback HOST (it has no authentication). */
  PLAYGROUND_PUBLIC: boolean;
}

/** What `deploy --dry-run` gets: neither token nor application id is needed to print the body. */
export type LooseConfig = Omit<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID'> & {
  DISCORD_TOKEN: string | undefined;
  DISCORD_APPLICATION_ID: string | undefined;
};

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    const safe = problems.map(scrubSecrets);
    super(
      `Invalid configuration (environment variables or .env), ${safe.length} problem${safe.length === 1 ? '' : 's'}:\n` +
        safe.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = safe;
  }
}

export interface LoadConfigOptions {
  /** Require DISCORD_TOKEN (default true; `deploy --dry-run` passes false). */
  requireToken?: boolean;
  /** Require DISCORD_APPLICATION_ID (default true; `deploy --dry-run` passes false). */
  requireApplicationId?: boolean;
  /**
   * A .env file to load into `process.env` first (real variables win). Default: `findDotEnv()` when `env` is
   * `process.env`, nothing otherwise. `false` disables it.
   */
  dotenv?: string | false;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The .env to use: the working directory's, else the project root's; undefined when there is none. */
export function findDotEnv(): string | undefined {
  for (const dir of [process.cwd(), projectRoot()]) {
    const file = join(dir, '.env');
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Reads `file` and merges it under `env`: real variables win. Problems (unreadable file, bad lines, by line number)
 * are returned, not thrown, so they are listed with every other configuration problem. `process.env` is not changed.
 */
export function loadDotEnv(file: string, env: Env = process.env): { env: Env; problems: string[] } {
  try {
    const { values, problems } = readDotEnv(file);
    return { env: { ...values, ...definedOnly(env) }, problems };
  } catch (err) {
    return { env, problems: [`.env: cannot read ${(err as Error).message}`] };
  }
}

function definedOnly(env: Env): Env {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

const SNOWFLAKE = /^\d{17,20}$/;
const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function snowflake(variable: string, what: string, required: boolean) {
  const expected =
    `Expected the ${what}: a Discord snowflake of 17-20 digits (Developer Portal, or right-click > Copy ID with ` +
    `Developer Mode on)${required ? '' : ', or leave it unset'}.`;
  const base = z
    .string({ error: () => `${variable}: missing. ${expected}` })
    .trim()
    .regex(SNOWFLAKE, { error: (iss) => `${variable}: ${quote(iss.input)} is not a snowflake. ${expected}` });
  return z.preprocess(blankToUndefined, required ? base : base.optional());
}

function boolean(variable: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('false')
      .transform((value, ctx) => {
        const v = value.trim().toLowerCase();
        if (TRUE.includes(v)) return true;
        if (FALSE.includes(v)) return false;
        ctx.addIssue({
          code: 'custom',
          message: `${variable}: ${quote(value)} is not a boolean. Expected true or false (also accepted: 1/0, yes/no, on/off).`,
        });
        return z.NEVER;
      }),
  );
}

function schema(requireToken: boolean, requireApplicationId: boolean) {
  const token = z
    .string({
      error: () =>
        'DISCORD_TOKEN: missing. Expected the bot token from the Developer Portal (your application > Bot > Reset Token).',
    })
    // Unambiguous copy-paste slips are fixed rather than refused: surrounding whitespace and a "Bot " prefix
    // (which @discordjs/rest would double into "Bot Bot ...", a 401).
    .transform((value) => value.replace(/^\s*Bot\s+/i, '').trim())
    .superRefine((value, ctx) => {
      // The value itself is never included in these messages.
      const problem =
        value.length === 0
          ? 'is empty'
          : /^["']|["']$/.test(value)
            ? 'is wrapped in quotes: remove them'
            : /\s/.test(value)
              ? 'contains whitespace'
              : null;
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `DISCORD_TOKEN: ${problem} (value not shown). Expected the bot token exactly as the Developer Portal shows it.`,
        });
      }
    });

  return z.object({
    DISCORD_TOKEN: z.preprocess(blankToUndefined, requireToken ? token : token.optional()),
    DISCORD_APPLICATION_ID: snowflake('DISCORD_APPLICATION_ID', 'application ID', requireApplicationId),
    DISCORD_GUILD_ID: snowflake('DISCORD_GUILD_ID', 'development server (guild) ID', false),
    DISCORD_API_URL: z.preprocess(
      blankToUndefined,
      z
        .string()
        .default(DEFAULT_API_URL)
        .superRefine((value, ctx) => {
          let url: URL | null = null;
          try {
            url = new URL(value);
          } catch {
            // reported below
          }
          if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
            ctx.addIssue({
              code: 'custom',
              message: `DISCORD_API_URL: ${quote(value)} is not an http(s) URL. Expected e.g. ${DEFAULT_API_URL} (the default; leave it unset).`,
            });
          } else if (url.username || url.password) {
            ctx.addIssue({ code: 'custom', message: 'DISCORD_API_URL: must not contain credentials.' });
          }
        })
        .transform((value) => value.replace(/\/+$/, '')),
    ),
    LOG_LEVEL: z.preprocess(
      (v) => (typeof blankToUndefined(v) === 'string' ? (v as string).trim().toLowerCase() : undefined),
      z
        .enum(LOG_LEVELS, {
          error: (iss) =>
            `LOG_LEVEL: ${quote(iss.input)} is not a log level. Expected one of ${LOG_LEVELS.join(', ')}.`,
        })
        .default('info'),
    ),
    LOG_PRETTY: boolean('LOG_PRETTY'),
    DATABASE_URL: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .default(DEFAULT_DATABASE_URL)
        .refine((value) => value === ':memory:' || /^file:.+/.test(value) || isPostgresUrl(value), {
          // Not quoted back: a database URL may carry credentials.
          error:
            `DATABASE_URL: not a database location. Expected "file:<path>" for SQLite (e.g. ${DEFAULT_DATABASE_URL}), ` +
            '":memory:", or "postgres://user:password@host:5432/db" for PostgreSQL.',
        }),
    ),
    DATA_DIR: z.preprocess(
      blankToUndefined,
      z
        .string()
        .optional()
        .transform((value) => (value === undefined ? join(projectRoot(), 'data') : resolve(value))),
    ),
    TRANSPORT: z.preprocess(
      (v) => (typeof blankToUndefined(v) === 'string' ? (v as string).trim().toLowerCase() : undefined),
      z
        .enum(TRANSPORTS, {
          error: (iss) => `TRANSPORT: ${quote(iss.input)} is not a transport. Expected gateway (the default) or http.`,
        })
        .default('gateway'),
    ),
    HOST: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, {
          error: (iss) => `HOST: ${quote(iss.input)} is not an address. Expected e.g. 127.0.0.1, 0.0.0.0 or ::.`,
        })
        .optional(),
    ),
    PORT: z.preprocess(
      blankToUndefined,
      z
        .string()
        .default(String(DEFAULT_PORT))
        .transform((value, ctx) => {
          const v = value.trim();
          const n = Number(v);
          if (/^\d{1,5}$/.test(v) && n <= 65_535) return n;
          ctx.addIssue({
            code: 'custom',
            message: `PORT: ${quote(value)} is not a port. Expected a whole number from 0 to 65535 (default ${DEFAULT_PORT}).`,
          });
          return z.NEVER;
        }),
    ),
    DISCORD_PUBLIC_KEY: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{64}$/, {
          error: (iss) =>
            `DISCORD_PUBLIC_KEY: ${quote(iss.input)} is not a public key. Expected the 64 hex characters of ` +
            '"Public Key" (Developer Portal > your application > General Information).',
        })
        .transform((v) => v.toLowerCase())
        .optional(),
    ),
    SHARD_COUNT: z.preprocess(
      blankToUndefined,
      z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined) return undefined;
          const v = value.trim().toLowerCase();
          if (v === 'auto') return 'auto' as const;
          if (/^\d{1,4}$/.test(v) && Number(v) >= 1) return Number(v);
          ctx.addIssue({
            code: 'custom',
            message: `SHARD_COUNT: ${quote(value)} is not a shard count. Expected auto, or a whole number of 1 or more; leave it unset for one process.`,
          });
          return z.NEVER;
        }),
    ),
    PLAYGROUND_PUBLIC: boolean('PLAYGROUND_PUBLIC'),
  });
}

/** The variables that never hold a secret: a secret-shaped value there is refused and never echoed. */
const NOT_SECRET = [
  'DISCORD_APPLICATION_ID',
  'DISCORD_GUILD_ID',
  'DISCORD_API_URL',
  'LOG_LEVEL',
  'LOG_PRETTY',
  'DATA_DIR',
  'TRANSPORT',
  'HOST',
  'PORT',
  'DISCORD_PUBLIC_KEY',
  'SHARD_COUNT',
  'PLAYGROUND_PUBLIC',
] as const;

/** Drops secret-shaped values of non-secret variables (a token pasted into the wrong variable), with a problem each. */
function withoutMisplacedSecrets(env: Env, problems: string[]): Env {
  let out: Record<string, string | undefined> | null = null;
  for (const variable of NOT_SECRET) {
    const value = env[variable];
    if (value === undefined || !looksSecret(value)) continue;
    out ??= { ...env };
    delete out[variable];
    problems.push(
      `${variable}: the value looks like a secret (a token?) and is not shown. Did you paste DISCORD_TOKEN into ` +
        `${variable}? Put the token in DISCORD_TOKEN only.`,
    );
  }
  return out ?? env;
}

/** Whether a DATABASE_URL selects PostgreSQL. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\/.+/i.test(value);
}

/**
 * Reads and validates the configuration. Throws `ConfigError` listing every problem (one per line).
 * `loadConfig()` requires the token and application id; pass `{ requireToken: false, requireApplicationId: false }`
 * for `deploy --dry-run`, which gets a `LooseConfig`.
 */
export function loadConfig(
  env?: Env,
  options?: LoadConfigOptions & { requireToken?: true; requireApplicationId?: true },
): Config;
export function loadConfig(env: Env | undefined, options: LoadConfigOptions): LooseConfig;
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): Config | LooseConfig {
  const dotenv = options.dotenv ?? (env === process.env ? findDotEnv() : false);
  const problems: string[] = [];
  if (dotenv) {
    const loaded = loadDotEnv(dotenv, env);
    env = loaded.env;
    problems.push(...loaded.problems);
  }
  env = withoutMisplacedSecrets(env, problems);
  const requireToken = options.requireToken ?? true;
  const result = schema(requireToken, options.requireApplicationId ?? true).safeParse(env);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? '');
      // Messages above already start with the variable name; zod's own fallbacks do not.
      problems.push(issue.message.startsWith(`${variable}:`) ? issue.message : `${variable}: ${issue.message}`);
    }
  } else if (requireToken && result.data.TRANSPORT === 'http' && result.data.DISCORD_PUBLIC_KEY === undefined) {
    problems.push(
      "DISCORD_PUBLIC_KEY: missing. TRANSPORT=http verifies every request with the application's public key " +
        '(Developer Portal > your application > General Information > Public Key, 64 hex characters).',
    );
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data as Config | LooseConfig;
}

/** The configuration without secrets, for the startup log line. */
export function describeConfig(config: Config | LooseConfig): Record<string, unknown> {
  const { DISCORD_TOKEN, DATABASE_URL, ...rest } = config;
  return {
    ...rest,
    DISCORD_TOKEN: DISCORD_TOKEN ? '(set)' : '(not set)',
    DATABASE_URL: describeDatabase(DATABASE_URL),
  };
}

/** The database for logs and messages: SQLite's path, or PostgreSQL's host, port and database, never credentials. */
export function describeDatabase(url: string): string {
  if (url.startsWith('file:') || url === ':memory:') return scrubSecrets(url);
  try {
    const u = new URL(url);
    return `postgres://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(set)';
  }
}
