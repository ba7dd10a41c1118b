// The bot's configuration: environment variables (optionally from a .env file), validated once at startup.
// A bad configuration fails with ONE error listing every problem, each naming the variable, what is wrong and what
// is expected; the token's value is never printed.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../util/project-root.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_API_URL = 'https://discord.com/api';
export const DEFAULT_DATABASE_URL = 'file:./var/aesc-bot.sqlite';

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
  /** `file:<path>` (relative paths are relative to the working directory) or `:memory:`. */
  DATABASE_URL: string;
  /** Absolute path of the fact data folder. */
  DATA_DIR: string;
}

/** What `deploy --dry-run` gets: neither token nor application id is needed to print the body. */
export type LooseConfig = Omit<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID'> & {
  DISCORD_TOKEN: string | undefined;
  DISCORD_APPLICATION_ID: string | undefined;
};

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (environment variables or .env), ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
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

/** Loads `file` into `process.env` with Node's own parser without overwriting variables that are already set. */
export function loadDotEnv(file: string): void {
  process.loadEnvFile(file);
}

const SNOWFLAKE = /^\d{17,20}$/;
const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** Values are only ever quoted back for these variables: the others may hold secrets. */
const quote = (v: unknown) => JSON.stringify(String(v).slice(0, 80));

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
    LOG_PRETTY: z.preprocess(
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
            message: `LOG_PRETTY: ${quote(value)} is not a boolean. Expected true or false (also accepted: 1/0, yes/no, on/off).`,
          });
          return z.NEVER;
        }),
    ),
    DATABASE_URL: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .default(DEFAULT_DATABASE_URL)
        .refine((value) => value === ':memory:' || /^file:.+/.test(value), {
          // Not quoted back: a database URL may carry credentials.
          error: `DATABASE_URL: not a SQLite location. Expected "file:<path>" (e.g. ${DEFAULT_DATABASE_URL}) or ":memory:".`,
        }),
    ),
    DATA_DIR: z.preprocess(
      blankToUndefined,
      z
        .string()
        .optional()
        .transform((value) => (value === undefined ? join(projectRoot(), 'data') : resolve(value))),
    ),
  });
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
  if (dotenv) {
    try {
      loadDotEnv(dotenv);
    } catch (err) {
      throw new ConfigError([`.env: could not read ${dotenv}: ${(err as Error).message}`]);
    }
  }
  const result = schema(options.requireToken ?? true, options.requireApplicationId ?? true).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '');
      // Messages above already start with the variable name; zod's own fallbacks do not.
      return issue.message.startsWith(`${variable}:`) ? issue.message : `${variable}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  return result.data as Config | LooseConfig;
}

/** The configuration without secrets, for the startup log line. */
export function describeConfig(config: Config | LooseConfig): Record<string, unknown> {
  const { DISCORD_TOKEN, DATABASE_URL, ...rest } = config;
  return {
    ...rest,
    DISCORD_TOKEN: DISCORD_TOKEN ? '(set)' : '(not set)',
    DATABASE_URL: DATABASE_URL.startsWith('file:') || DATABASE_URL === ':memory:' ? DATABASE_URL : '(set)',
  };
}
