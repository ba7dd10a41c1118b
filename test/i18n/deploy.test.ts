// The deploy body with its localisations, against the emulator (which checks every body against Discord's OpenAPI
// spec): every command, subcommand, option and choice has its ja name, and descriptions where Discord has them.
import { afterEach, describe, expect, it } from 'vitest';
import { definitions } from '../../src/commands/index.js';
import { deployCommands } from '../../src/deploy.js';
import { commandPaths } from '../../src/i18n/commands.js';
import { type Emulator, startEmulator } from '../support/emulator.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

interface Node {
  name: string;
  description?: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  options?: Node[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> }[];
}

/** Every node of a body with its path, as src/i18n/commands.ts names them. */
function nodes(body: Node): { path: string; node: Node }[] {
  const out: { path: string; node: Node }[] = [];
  const walk = (n: Node, path: string) => {
    out.push({ path, node: n });
    for (const c of n.choices ?? []) out.push({ path: `${path}=${c.value}`, node: c as unknown as Node });
    for (const o of n.options ?? []) walk(o, `${path} ${o.name}`);
  };
  walk(body, body.name);
  return out;
}

describe('deploy body with localisations', () => {
  it('registers every definition with ja names and descriptions, valid per the OpenAPI spec', async () => {
    const e = await startEmulator({ guilds: 1 });
    emu = e;
    const guildId = e.guilds[0]?.id ?? '';
    const result = await deployCommands({
      config: {
        DISCORD_TOKEN: e.token,
        DISCORD_APPLICATION_ID: e.applicationId,
        DISCORD_GUILD_ID: guildId,
        DISCORD_API_URL: e.apiUrl,
      },
      definitions,
    });
    expect(result.deployed?.map((c) => c.name)).toEqual(['aesc', 'aesc-daily']);
    expect(e.contractViolations).toEqual([]);
    const put = e.requests.find((r) => r.method === 'PUT');
    const body = put?.body as Node[];
    expect(body).toHaveLength(definitions.length);
    let checked = 0;
    for (const [i, command] of body.entries()) {
      const expected = commandPaths(definitions[i] as never);
      const found = nodes(command);
      expect(found.map((f) => f.path)).toEqual(expected.map((p) => p.path));
      for (const { path, node } of found) {
        expect(node.name_localizations?.ja, `${path}: ja name`).toBeTruthy();
        if (!path.includes('=') && node.description !== undefined) {
          expect(node.description_localizations?.ja, `${path}: ja description`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
