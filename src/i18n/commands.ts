// Localisations of the command picker: the names and descriptions of every command, subcommand, option and choice,
// per language, in src/i18n/commands/<lang>.json (keyed by path: "aesc", "aesc plant", "aesc plant name",
// "aesc plants region=Japan"). `localizeCommand` adds them to a definition as Discord's `name_localizations` and
// `description_localizations`; deploy and every runtime use of a definition go through it, so the definitions
// themselves stay plain English typed data. A language is a file here, found by name; no code lists them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../util/project-root.js';

const Entry = z.strictObject({ name: z.string().min(1).max(100), description: z.string().min(1).max(100).optional() });
const CommandLocalizations = z.record(z.string().min(1), Entry);
export type CommandLocalizations = z.infer<typeof CommandLocalizations>;

export class CommandLocalizationError extends Error {}

/** Reads and validates every src/i18n/commands/<lang>.json; errors name the file and the key. */
export function loadCommandLocalizations(
  dir = join(projectRoot(), 'src', 'i18n', 'commands'),
): Map<string, CommandLocalizations> {
  const out = new Map<string, CommandLocalizations>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new CommandLocalizationError(`src/i18n/commands/${file}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = CommandLocalizations.safeParse(json, { jitless: true }); // once, at start: the interpreter is faster than compiling
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CommandLocalizationError(
        `src/i18n/commands/${file}: key ${JSON.stringify(issue?.path.join(' → '))}: ${issue?.message}`,
      );
    }
    out.set(file.slice(0, -'.json'.length), parsed.data);
  }
  return out;
}

let shared: Map<string, CommandLocalizations> | undefined;

function sharedLocalizations(): Map<string, CommandLocalizations> {
  shared ??= loadCommandLocalizations();
  return shared;
}

interface Named {
  name: string;
  description?: string;
  options?: readonly unknown[];
  choices?: readonly { name: string; value: string | number }[];
}

/** Every localisable path of a definition, with what it names: for completeness tests and the deploy. */
export function commandPaths(definition: Named): { path: string; hasDescription: boolean }[] {
  const out: { path: string; hasDescription: boolean }[] = [];
  const walk = (node: Named, path: string) => {
    out.push({ path, hasDescription: node.description !== undefined });
    for (const choice of node.choices ?? []) out.push({ path: `${path}=${choice.value}`, hasDescription: false });
    for (const option of (node.options ?? []) as Named[]) walk(option, `${path} ${option.name}`);
  };
  walk(definition, definition.name);
  return out;
}

/**
 * `definition` with `name_localizations` and `description_localizations` on the command, every option and every
 * choice, for each language that has them. The result has the definition's own type.
 */
export function localizeCommand<T extends Named>(definition: T, languages = sharedLocalizations()): T {
  const walk = (node: Named, path: string): Record<string, unknown> => {
    const names: Record<string, string> = {};
    const descriptions: Record<string, string> = {};
    for (const [lang, entries] of languages) {
      const entry = entries[path];
      if (!entry) continue;
      names[lang] = entry.name;
      if (entry.description && node.description !== undefined) descriptions[lang] = entry.description;
    }
    const out: Record<string, unknown> = { ...node };
    if (Object.keys(names).length) out.name_localizations = names;
    if (Object.keys(descriptions).length) out.description_localizations = descriptions;
    if (node.choices) {
      out.choices = node.choices.map((choice) => {
        const localized: Record<string, string> = {};
        for (const [lang, entries] of languages) {
          const entry = entries[`${path}=${choice.value}`];
          if (entry) localized[lang] = entry.name;
        }
        return Object.keys(localized).length ? { ...choice, name_localizations: localized } : choice;
      });
    }
    if (node.options) out.options = (node.options as Named[]).map((o) => walk(o, `${path} ${o.name}`));
    return out;
  };
  return walk(definition, definition.name) as unknown as T;
}
