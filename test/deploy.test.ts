// deployCommands against the local Discord emulator (real @discordjs/rest over HTTP), and the deploy CLI as a child
// process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import {
  ApplicationCommandOptionType,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { aescDefinition } from '../src/commands/aesc/definition.js';
import { definition as aescDailyDefinition } from '../src/commands/aesc-daily/definition.js';
import { DeployError, type DeployOptions, deployCommands, flattenDiscordErrors, parseArgs } from '../src/deploy.js';
import { CommandDefinitionError } from '../src/discord/limits.js';
import { localizeCommand } from '../src/i18n/commands.js';
import { projectRoot } from '../src/util/project-root.js';
import { type Emulator, snowflake, startEmulator } from './support/emulator.js';

const TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123456789ABCD';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const ping: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'ping',
  description: 'Check that the bot answers',
  options: [{ type: ApplicationCommandOptionType.Boolean, name: 'verbose', description: 'Say more' }],
};
const definitions: RESTPostAPIApplicationCommandsJSONBody[] = [aescDefinition, aescDailyDefinition, ping];

async function setup(): Promise<{ e: Emulator; config: DeployOptions['config']; out: string[] }> {
  const e = await startEmulator({ token: TOKEN, guilds: 2 });
  emu = e;
  return {
    e,
    out: [],
    config: {
      DISCORD_TOKEN: e.token,
      DISCORD_APPLICATION_ID: e.applicationId,
      DISCORD_GUILD_ID: e.guilds[0]?.id,
      DISCORD_API_URL: e.apiUrl,
    },
  };
}

const puts = (e: Emulator) => e.requests.filter((r) => r.method === 'PUT');

describe('deployCommands', () => {
  it('bulk-overwrites the guild commands when DISCORD_GUILD_ID is set, and is idempotent', async () => {
    const { e, config, out } = await setup();
    const guildId = e.guilds[0]?.id ?? '';

    const first = await deployCommands({ config, definitions, log: (l) => out.push(l) });
    expect(first.target).toEqual({
      scope: 'guild',
      applicationId: e.applicationId,
      guildId,
      route: `/applications/${e.applicationId}/guilds/${guildId}/commands`,
    });
    expect(first.deployed?.map((c) => c.name)).toEqual(['aesc', 'aesc-daily', 'ping']);
    expect(e.commands(guildId).map((c) => c.name)).toEqual(['aesc', 'aesc-daily', 'ping']);
    expect(e.commands()).toEqual([]); // nothing global

    const second = await deployCommands({ config, definitions });
    expect(second.deployed?.map((c) => c.id)).toEqual(first.deployed?.map((c) => c.id));
    expect(e.commands(guildId)).toHaveLength(3);

    const requests = puts(e);
    expect(requests).toHaveLength(2);
    expect(requests[0]?.path).toBe(`/applications/${e.applicationId}/guilds/${guildId}/commands`);
    expect(requests[0]?.headers.authorization).toBe(`Bot ${TOKEN}`);
    // The body carries the localisations (src/i18n/commands); test/i18n/deploy.test.ts checks them in detail.
    expect(requests[0]?.body).toEqual(definitions.map((d) => localizeCommand(d)));
    // The real definitions match Discord's OpenAPI contract, not only our own validator.
    expect(e.contractViolations).toEqual([]);
    expect(out[0]).toBe(
      `Registering 3 command(s) (/aesc, /aesc-daily, /ping) for guild ${guildId} (PUT ${first.target.route})...`,
    );
    expect(out[1]).toMatch(/^Done: 3 command\(s\) registered in guild \d+; they are usable right away\.$/);
  });

  it('deploys globally without DISCORD_GUILD_ID, or with --global even when it is set', async () => {
    const { e, config } = await setup();
    const forced = await deployCommands({ config, definitions, global: true });
    expect(forced.target.scope).toBe('global');
    expect(puts(e).map((r) => r.path)).toEqual([`/applications/${e.applicationId}/commands`]);
    expect(e.commands().map((c) => c.name)).toEqual(['aesc', 'aesc-daily', 'ping']);

    const unset = await deployCommands({ config: { ...config, DISCORD_GUILD_ID: undefined }, definitions: [ping] });
    expect(unset.target.route).toBe(`/applications/${e.applicationId}/commands`);
    expect(e.commands().map((c) => c.name)).toEqual(['ping']); // a bulk overwrite replaces the whole set
  });

  it('prints the target and the JSON body on a dry run, without token, application id or any request', async () => {
    const out: string[] = [];
    const result = await deployCommands({
      config: {
        DISCORD_TOKEN: undefined,
        DISCORD_APPLICATION_ID: undefined,
        DISCORD_GUILD_ID: undefined,
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
      },
      definitions,
      dryRun: true,
      log: (l) => out.push(l),
    });
    expect(result.dryRun).toBe(true);
    expect(result.deployed).toBeNull();
    expect(out[0]).toBe(
      'Dry run: would register 3 command(s) (/aesc, /aesc-daily, /ping) for all servers, globally ' +
        '(PUT /applications/{DISCORD_APPLICATION_ID}/commands).',
    );
    expect(JSON.parse(out[1] ?? '')).toEqual(definitions.map((d) => localizeCommand(d)));
  });

  it('refuses an invalid definition before sending anything, naming the command and option', async () => {
    const { e, config } = await setup();
    const bad = { ...ping, options: [{ ...ping.options?.[0], name: 'Verbose Mode' }] } as typeof ping;
    const error = await deployCommands({ config, definitions: [aescDefinition, bad] }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CommandDefinitionError);
    expect((error as Error).message).toContain('Command "/ping"');
    expect((error as Error).message).toContain('option "Verbose Mode"');
    expect(puts(e)).toEqual([]);
  });

  it('refuses to wipe the registered commands with an empty list', async () => {
    const { e, config } = await setup();
    await expect(deployCommands({ config, definitions: [] })).rejects.toThrow(DeployError);
    expect(puts(e)).toEqual([]);
  });

  it('explains a rejected token (401)', async () => {
    const { e, config } = await setup();
    const error = await deployCommands({ config: { ...config, DISCORD_TOKEN: 'not.the.token' }, definitions }).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/^Discord rejected the token \(DISCORD_TOKEN\)\. Reset it/);
    expect(puts(e)[0]?.status).toBe(401);
  });

  it('explains a guild the application is not in (403/50001), with an invite link', async () => {
    const { e, config } = await setup();
    const stranger = snowflake();
    const error = await deployCommands({ config: { ...config, DISCORD_GUILD_ID: stranger }, definitions }).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DeployError);
    const message = (error as Error).message;
    expect(message).toContain(`Discord refused access to guild ${stranger} (403, code 50001: Missing Access)`);
    expect(message).toContain('applications.commands');
    expect(message).toContain(
      `https://discord.com/oauth2/authorize?client_id=${e.applicationId}&scope=bot+applications.commands&guild_id=${stranger}`,
    );
  });

  it('explains a token of another application (403 globally)', async () => {
    const { config } = await setup();
    const other = snowflake();
    const error = await deployCommands({
      config: { ...config, DISCORD_APPLICATION_ID: other },
      definitions,
      global: true,
    }).catch((err: unknown) => err);
    expect((error as Error).message).toContain(`Check that DISCORD_TOKEN belongs to application ${other}`);
  });

  it("lists Discord's field errors for a refused body (400/50035)", async () => {
    const { e, config } = await setup();
    e.failRoute(
      { method: 'PUT', path: /\/commands$/ },
      {
        status: 400,
        body: {
          code: 50035,
          message: 'Invalid Form Body',
          errors: {
            '2': {
              description: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be 100 or fewer in length.' }] },
            },
          },
        },
      },
    );
    const error = await deployCommands({ config, definitions }).catch((err: unknown) => err);
    expect((error as Error).message).toBe(
      'Discord refused the command definitions (code 50035: Invalid Form Body):\n  - 2.description: Must be 100 or fewer in length.',
    );
  });

  it('explains an unreachable API', async () => {
    const error = await deployCommands({
      config: {
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_GUILD_ID: undefined,
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
      },
      definitions: [ping],
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/^Could not reach the Discord API at http:\/\/127\.0\.0\.1:9\/api \(/);
  });

  it('names DISCORD_API_URL and what came back when it does not answer like Discord (HTML 404 and 200)', async () => {
    for (const status of [404, 200]) {
      const server = createServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end('<html><title>Proxy error</title><body>upstream unavailable</body></html>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
      try {
        const error = await deployCommands({
          config: {
            DISCORD_TOKEN: TOKEN,
            DISCORD_APPLICATION_ID: '123456789012345678',
            DISCORD_GUILD_ID: undefined,
            DISCORD_API_URL: apiUrl,
          },
          definitions: [ping],
        }).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(DeployError);
        const message = (error as Error).message;
        expect(message).toContain(
          `DISCORD_API_URL (${apiUrl}) does not answer like Discord's API: it returned HTTP ${status}`,
        );
        expect(message).toContain('Proxy error');
        expect(message).not.toMatch(/No Description|undefined command/);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
  });

  it('does not load the gateway client (discord.js) on the way', () => {
    // Walks the static and dynamic imports from src/deploy.ts through our own files.
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of info.importedFiles) {
        if (fileName.startsWith('.')) visit(resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
        else
          packages.add(
            fileName.startsWith('@') ? fileName.split('/').slice(0, 2).join('/') : (fileName.split('/')[0] as string),
          );
      }
    };
    visit(join(projectRoot(), 'src/deploy.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect(packages.has('@discordjs/rest')).toBe(true);
    expect([...packages].filter((p) => p === 'discord.js' || p.startsWith('@discordjs/ws'))).toEqual([]);
  });

  it('needs the token and application id for a real deploy', async () => {
    await expect(
      deployCommands({
        config: {
          DISCORD_TOKEN: undefined,
          DISCORD_APPLICATION_ID: undefined,
          DISCORD_GUILD_ID: undefined,
          DISCORD_API_URL: 'http://127.0.0.1:9/api',
        },
        definitions: [ping],
      }),
    ).rejects.toThrow('Cannot deploy without DISCORD_APPLICATION_ID and DISCORD_TOKEN (try --dry-run).');
  });
});

describe('helpers', () => {
  it('parses the CLI flags and refuses unknown ones', () => {
    expect(parseArgs([])).toEqual({ dryRun: false, global: false, help: false });
    expect(parseArgs(['--dry-run', '--global'])).toEqual({ dryRun: true, global: true, help: false });
    expect(() => parseArgs(['--globl'])).toThrow('Unknown argument "--globl"');
  });

  it('flattens nested Discord form errors', () => {
    expect(
      flattenDiscordErrors({
        '0': { options: { '1': { name: { _errors: [{ message: 'Invalid name' }] } } } },
        _errors: [{ message: 'Top level' }],
      }),
    ).toEqual(['0.options.1.name: Invalid name', '(body): Top level']);
  });
});

describe('deploy CLI (node src/deploy.ts)', () => {
  function run(args: string[], vars: Record<string, string>) {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$)/.test(k)),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/deploy.ts', ...args], {
      cwd: projectRoot(),
      env: { ...clean, ...vars },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, stdout, stderr })),
    );
  }

  it('--dry-run needs no token and prints the target and body', async () => {
    const result = await run(['--dry-run'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Dry run: would register \d+ command\(s\) .* globally/);
    expect(result.stderr).toBe('');
  }, 30_000);

  it('exits 1 with a usage hint on an unknown flag, and with the config problems without a token', async () => {
    const unknown = await run(['--force'], {});
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown argument "--force". Usage: npm run deploy -- [--dry-run] [--global]');

    const noToken = await run([], { DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('DISCORD_TOKEN: missing');
    expect(noToken.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
