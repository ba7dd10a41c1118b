// `npm run deploy`: registers the slash commands with Discord (bulk overwrite, so running it twice is harmless).
//
//   npm run deploy                 to DISCORD_GUILD_ID when set (instant, for development), else globally
//   npm run deploy -- --global     globally even when DISCORD_GUILD_ID is set
//   npm run deploy -- --dry-run    print the target and the JSON body; needs neither token nor application id
import { pathToFileURL } from 'node:url';
import { REST } from '@discordjs/rest';
import {
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
} from 'discord-api-types/v10';
import { type Config, ConfigError, type LooseConfig, loadConfig } from './config/env.js';
import {
  bodyExcerpt,
  describeNotDiscord,
  describeUnreachable,
  isDiscordAPIError,
  notDiscordMessage,
} from './discord/errors.js';
import { CommandDefinitionError, validateCommandDefinitions } from './discord/limits.js';
import { localizeCommand } from './i18n/commands.js';

/** A deployment failed for a reason the operator can act on; the message says what to do. */
export class DeployError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeployError';
  }
}

export interface DeployTarget {
  scope: 'guild' | 'global';
  applicationId: string | undefined;
  guildId: string | undefined;
  /** The REST route, e.g. `/applications/123/guilds/456/commands`. */
  route: string;
}

export interface DeployOptions {
  config: Pick<
    Config | LooseConfig,
    'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID' | 'DISCORD_API_URL'
  >;
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[];
  /** The REST client to use; default `new REST({ api: DISCORD_API_URL }).setToken(DISCORD_TOKEN)`. */
  rest?: Pick<REST, 'put'>;
  dryRun?: boolean;
  /** Deploy globally even when DISCORD_GUILD_ID is set. */
  global?: boolean;
  /** Where progress lines go (the CLI prints them). */
  log?: (line: string) => void;
}

export interface DeployResult {
  target: DeployTarget;
  body: RESTPostAPIApplicationCommandsJSONBody[];
  dryRun: boolean;
  /** The commands as Discord stored them (not on dry runs). */
  deployed: RESTPutAPIApplicationCommandsResult | null;
}

export function deployTarget(config: DeployOptions['config'], global = false): DeployTarget {
  const applicationId = config.DISCORD_APPLICATION_ID;
  const guildId = global ? undefined : config.DISCORD_GUILD_ID;
  // Without an application id (dry run) the route shows a readable placeholder instead of an encoded one.
  const app = applicationId ?? '0';
  const named = (route: string) => (applicationId ? route : route.replace('/0/', '/{DISCORD_APPLICATION_ID}/'));
  return guildId
    ? { scope: 'guild', applicationId, guildId, route: named(Routes.applicationGuildCommands(app, guildId)) }
    : { scope: 'global', applicationId, guildId: undefined, route: named(Routes.applicationCommands(app)) };
}

function describeTarget(target: DeployTarget): string {
  return target.scope === 'guild'
    ? `guild ${target.guildId} (PUT ${target.route})`
    : `all servers, globally (PUT ${target.route})`;
}

/** Discord's field errors (`{ errors: { 0: { name: { _errors: [...] } } } }`) as `0.name: message` lines. */
export function flattenDiscordErrors(errors: unknown, path: string[] = []): string[] {
  if (typeof errors !== 'object' || errors === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const e of value)
        out.push(`${path.join('.') || '(body)'}: ${(e as { message?: string }).message ?? String(e)}`);
    } else {
      out.push(...flattenDiscordErrors(value, [...path, key]));
    }
  }
  return out;
}

/** A DeployError explaining a failed PUT in terms of what the operator should do. */
export function describeDeployError(err: unknown, target: DeployTarget, apiUrl: string): DeployError {
  const notDiscord = describeNotDiscord(err, apiUrl);
  if (notDiscord) return new DeployError(notDiscord, { cause: err });
  if (isDiscordAPIError(err)) {
    const code = Number(err.code);
    if (err.status === 401) {
      return new DeployError(
        'Discord rejected the token (DISCORD_TOKEN). Reset it in the Developer Portal (your application > Bot > ' +
          'Reset Token), put the new token in DISCORD_TOKEN and run the deploy again.',
        { cause: err },
      );
    }
    if (err.status === 403 || code === 50001) {
      const invite =
        `https://discord.com/oauth2/authorize?client_id=${target.applicationId}&scope=bot+applications.commands` +
        (target.guildId ? `&guild_id=${target.guildId}` : '');
      return new DeployError(
        target.scope === 'guild'
          ? `Discord refused access to guild ${target.guildId} (${err.status}, code ${err.code}: ${err.message}). ` +
              'Either the application is not in that server or it was added without the applications.commands ' +
              `scope, or DISCORD_GUILD_ID is wrong. Invite it with: ${invite}`
          : `Discord refused access (${err.status}, code ${err.code}: ${err.message}). Check that DISCORD_TOKEN ` +
              `belongs to application ${target.applicationId} (DISCORD_APPLICATION_ID).`,
        { cause: err },
      );
    }
    if (err.status === 404 || code === 10002) {
      return new DeployError(
        `Discord does not know application ${target.applicationId} (${err.status}, code ${err.code}). Check ` +
          'DISCORD_APPLICATION_ID: it is the Application ID on the General Information page of the Developer Portal.',
        { cause: err },
      );
    }
    if (err.status === 400) {
      const raw = err.rawError as { errors?: unknown; message?: unknown };
      const details = flattenDiscordErrors(raw.errors);
      // err.message already has the field errors appended; list them one per line instead.
      const headline = typeof raw.message === 'string' ? raw.message : err.message;
      return new DeployError(
        `Discord refused the command definitions (code ${err.code}: ${headline})` +
          (details.length > 0 ? `:\n${details.map((d) => `  - ${d}`).join('\n')}` : '.'),
        { cause: err },
      );
    }
    return new DeployError(`Discord answered ${err.status} (code ${err.code}): ${err.message}`, { cause: err });
  }
  const unreachable = describeUnreachable(err, apiUrl);
  if (unreachable) return new DeployError(unreachable, { cause: err });
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 500) {
    return new DeployError(`Discord had a server error (${status}); try again in a minute.`, { cause: err });
  }
  return new DeployError(`Deploy failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/**
 * Validates the definitions and bulk-overwrites the application's commands in the target scope (idempotent: the
 * same body twice leaves the same commands). Dry runs only print. Throws CommandDefinitionError for a definition
 * that breaks Discord's rules, DeployError for everything the operator must fix.
 */
export async function deployCommands(opts: DeployOptions): Promise<DeployResult> {
  const log = opts.log ?? (() => undefined);
  // Every definition leaves with its localisations (src/i18n/commands/<lang>.json): names and descriptions per locale.
  const body = opts.definitions.map((d) =>
    localizeCommand(structuredClone(d) as RESTPostAPIApplicationCommandsJSONBody),
  );
  validateCommandDefinitions(body);
  const target = deployTarget(opts.config, opts.global);
  const names = body.map((d) => `/${d.name}`).join(', ') || '(none)';

  if (opts.dryRun) {
    log(`Dry run: would register ${body.length} command(s) (${names}) for ${describeTarget(target)}.`);
    log(JSON.stringify(body, null, 2));
    return { target, body, dryRun: true, deployed: null };
  }

  if (body.length === 0) {
    // A bulk overwrite with [] deletes every registered command: never do that by accident.
    throw new DeployError('No command definitions to deploy (commands/index.ts exports none); nothing was changed.');
  }
  const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId } = opts.config;
  const missing = [!applicationId && 'DISCORD_APPLICATION_ID', !opts.rest && !token && 'DISCORD_TOKEN'].filter(Boolean);
  if (missing.length > 0) throw new DeployError(`Cannot deploy without ${missing.join(' and ')} (try --dry-run).`);

  const rest = opts.rest ?? new REST({ api: opts.config.DISCORD_API_URL }).setToken(token as string);
  log(`Registering ${body.length} command(s) (${names}) for ${describeTarget(target)}...`);
  let deployed: RESTPutAPIApplicationCommandsResult;
  try {
    deployed = (await rest.put(target.route as `/${string}`, { body })) as RESTPutAPIApplicationCommandsResult;
  } catch (err) {
    throw describeDeployError(err, target, opts.config.DISCORD_API_URL);
  }
  if (!Array.isArray(deployed)) {
    throw new DeployError(
      notDiscordMessage(
        opts.config.DISCORD_API_URL,
        `HTTP 200 ${bodyExcerpt(deployed)}`,
        'PUT',
        `http://x${target.route}`,
      ),
    );
  }
  log(
    target.scope === 'guild'
      ? `Done: ${deployed.length} command(s) registered in guild ${target.guildId}; they are usable right away.`
      : `Done: ${deployed.length} command(s) registered globally; Discord clients may take a few minutes to show changes.`,
  );
  return { target, body, dryRun: false, deployed };
}

export interface CliArgs {
  dryRun: boolean;
  global: boolean;
  help: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { dryRun: false, global: false, help: false };
  for (const arg of argv) {
    if (arg === '--dry-run' || arg === '-n') args.dryRun = true;
    else if (arg === '--global') args.global = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new DeployError(`Unknown argument "${arg}". Usage: npm run deploy -- [--dry-run] [--global]`);
  }
  return args;
}

const USAGE = `Usage: npm run deploy -- [--dry-run] [--global]
  (no flag)   register the commands in DISCORD_GUILD_ID when set (instant), else globally
  --global    register globally even when DISCORD_GUILD_ID is set
  --dry-run   print the target and the JSON body; needs neither DISCORD_TOKEN nor DISCORD_APPLICATION_ID`;

/** The CLI: returns the exit code. Output goes to the given streams (tests capture them). */
export async function runDeployCli(
  argv: readonly string[],
  io: { out: (line: string) => void; err: (line: string) => void } = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const config = loadConfig(process.env, { requireToken: !args.dryRun, requireApplicationId: !args.dryRun });
    const { definitions } = await import('./commands/index.js');
    await deployCommands({
      config,
      definitions,
      dryRun: args.dryRun,
      global: args.global,
      log: io.out,
    });
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DeployError || err instanceof CommandDefinitionError) {
      io.err(err.message);
      return 1;
    }
    io.err(`Deploy failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runDeployCli(process.argv.slice(2));
}
