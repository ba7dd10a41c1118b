import { describe, expect, it } from 'vitest';
import { aescDefinition } from '../../src/commands/aesc/definition.js';
import { definition as dailyDefinition } from '../../src/commands/aesc-daily/definition.js';
import { commandPaths, loadCommandLocalizations, localizeCommand } from '../../src/i18n/commands.js';

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const definitions = [aescDefinition, dailyDefinition];
const languages = loadCommandLocalizations();

describe('command picker localisations', () => {
  it('has Japanese', () => expect(languages.has('ja')).toBe(true));

  for (const [lang, entries] of languages) {
    it(`${lang}: every command, subcommand, option and choice has a name, and a description where Discord has one`, () => {
      const paths = definitions.flatMap((d) => commandPaths(d));
      const missing = paths.filter((p) => !entries[p.path] || (p.hasDescription && !entries[p.path]?.description));
      expect(missing.map((p) => p.path)).toEqual([]);
      const known = new Set(paths.map((p) => p.path));
      expect(
        Object.keys(entries).filter((k) => !known.has(k)),
        'entries for nothing',
      ).toEqual([]);
    });

    it(`${lang}: names follow Discord's rules (lower case, 1-32 characters of letters, digits, - and _; unique)`, () => {
      for (const [path, entry] of Object.entries(entries)) {
        if (path.includes('=')) {
          expect(entry.name.length, path).toBeLessThanOrEqual(100);
          continue;
        }
        expect(entry.name, path).toMatch(NAME);
        expect(entry.name, path).toBe(entry.name.toLowerCase());
        expect(entry.description?.length ?? 0, path).toBeLessThanOrEqual(100);
      }
      // Siblings must not share a localised name.
      const siblings = new Map<string, string[]>();
      for (const path of Object.keys(entries).filter((p) => !p.includes('='))) {
        const parent = path.split(' ').slice(0, -1).join(' ');
        const list = siblings.get(parent) ?? [];
        list.push(entries[path]?.name ?? '');
        siblings.set(parent, list);
      }
      for (const [parent, names] of siblings) expect(new Set(names).size, parent).toBe(names.length);
    });
  }

  it('localizeCommand adds name_localizations and description_localizations everywhere', () => {
    const localized = localizeCommand(aescDefinition, languages) as unknown as {
      name_localizations: Record<string, string>;
      options: {
        name_localizations: Record<string, string>;
        options?: { choices?: { name_localizations?: object }[] }[];
      }[];
    };
    expect(localized.name_localizations.ja).toBe('aesc');
    expect(localized.options.find((o) => (o as { name?: string }).name === 'plant')?.name_localizations.ja).toBe(
      '工場',
    );
    const region = localized.options.find((o) => (o as { name?: string }).name === 'plants')?.options?.[0];
    expect(region?.choices?.[0]?.name_localizations).toEqual({ ja: '日本' });
    // The English definition itself is untouched.
    expect('name_localizations' in aescDefinition).toBe(false);
  });
});
