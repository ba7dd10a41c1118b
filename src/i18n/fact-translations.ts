// Translations of the facts' own words. The statements in data/*.json are ours and may be translated; the quotes in
// their `sources` are the documents' words and never are. data/i18n/<lang>.json holds, for each statement, keyed by
// file, record and field (`plants.json:zama/production/0/text`), the English it translates and the translation:
//
//   { "language": "ja", "translations": { "plants.json:zama/name": { "en": "Zama plant", "text": "座間工場" } } }
//
// Keeping the English beside the translation is what lets test/i18n/fact-translations.test.ts fail when a statement
// changed after it was translated (stale), has no translation (missing), or was removed (leftover).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../util/project-root.js';
import { type Lang, SOURCE_LANG } from './catalogue.js';

/** Fields that hold our own words and must be translated. */
const REQUIRED_FIELDS = new Set([
  'text',
  'title',
  'note',
  'description',
  'role',
  'label',
  'place',
  'unit',
  'reasoning',
  'contributes',
  'dated',
  'name',
  'value',
]);
/** Never entered: the documents' own words and the editors' cross-references. */
const SKIPPED_OBJECTS = new Set(['sources', 'context', '$schema']);
/** Files (in data/) that are not facts. */
const NOT_FACTS = new Set(['sources.json']);

export interface Statement {
  key: string;
  en: string;
}

/** Every translatable statement of the data folder, in file order. */
export function collectStatements(dataDir = join(projectRoot(), 'data')): Statement[] {
  const out: Statement[] = [];
  for (const file of readdirSync(dataDir)
    .filter((f) => f.endsWith('.json') && !NOT_FACTS.has(f))
    .sort()) {
    const json: unknown = JSON.parse(readFileSync(join(dataDir, file), 'utf8'));
    walk(json, `${file}:`, out);
  }
  collectSourceDocs(dataDir, out);
  return out;
}

/** What sources.json says in our words about each document (its title is the document's own, never translated). */
const SOURCE_DOC_FIELDS = ['kind', 'dated', 'contributes'] as const;

function collectSourceDocs(dataDir: string, out: Statement[]): void {
  const path = join(dataDir, 'sources.json');
  if (!existsSync(path)) return;
  const json = JSON.parse(readFileSync(path, 'utf8')) as { sources?: Record<string, unknown>[] };
  for (const doc of json.sources ?? []) {
    const id = String(doc.id);
    for (const field of SOURCE_DOC_FIELDS) {
      if (typeof doc[field] === 'string') out.push({ key: `sources.json:${id}/${field}`, en: doc[field] });
    }
    const dating = doc.editorsDating as { reasoning?: unknown } | undefined;
    if (typeof dating?.reasoning === 'string') {
      out.push({ key: `sources.json:${id}/editorsDating/reasoning`, en: dating.reasoning });
    }
  }
}

function walk(node: unknown, path: string, out: Statement[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      const id = item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string';
      walk(
        item,
        id ? `${path.replace(/\/[^/:]*$/, '')}${sep(path)}${(item as { id: string }).id}` : `${path}/${i}`,
        out,
      );
    });
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (SKIPPED_OBJECTS.has(key)) continue;
    const here = `${path}${path.endsWith(':') ? '' : '/'}${key}`;
    if (typeof value === 'string') {
      if (REQUIRED_FIELDS.has(key)) out.push({ key: here, en: value });
    } else walk(value, here, out);
  }
}

function sep(path: string): string {
  return path.endsWith(':') ? '' : '/';
}

const TranslationFile = z.strictObject({
  $schema: z.string().optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/),
  translations: z.record(
    z.string().min(1),
    z.strictObject({ en: z.string().min(1), text: z.string().trim().min(1, 'the translation is empty') }),
  ),
});
export type TranslationFile = z.infer<typeof TranslationFile>;

export class TranslationError extends Error {}

/** Reads and validates data/i18n/<lang>.json files. Errors name the file, the entry and the field. */
export function loadTranslationFiles(dataDir = join(projectRoot(), 'data')): Map<Lang, TranslationFile> {
  const dir = join(dataDir, 'i18n');
  const out = new Map<Lang, TranslationFile>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const where = `data/i18n/${file}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new TranslationError(`${where}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = TranslationFile.safeParse(json, { jitless: true }); // once, at start: the interpreter is faster than compiling
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const [, entry, ...field] = issue?.path ?? [];
      throw new TranslationError(
        `${where}: ${entry === undefined ? '' : `entry ${JSON.stringify(entry)}, `}${field.length ? `field ${field.join('.')}: ` : ''}${issue?.message}`,
      );
    }
    if (`${parsed.data.language}.json` !== file) {
      throw new TranslationError(`${where}: "language" is ${parsed.data.language}; the file must be its language code`);
    }
    out.set(parsed.data.language, parsed.data);
  }
  return out;
}

/** What a translation file lacks or keeps beyond the data, for the completeness test and `npm run i18n:check`. */
export function checkTranslations(statements: readonly Statement[], file: TranslationFile) {
  const byKey = new Map(statements.map((s) => [s.key, s]));
  const missing = statements.filter((s) => !(s.key in file.translations)).map((s) => s.key);
  const stale: string[] = [];
  const leftover: string[] = [];
  for (const [key, entry] of Object.entries(file.translations)) {
    const statement = byKey.get(key);
    if (!statement) leftover.push(key);
    else if (statement.en !== entry.en) stale.push(key);
  }
  return { missing, stale, leftover };
}

/** Translates the facts' statements: by the English text, which is what a handler has in hand. */
export interface FactTranslator {
  text(lang: Lang, english: string): string;
}

export function createFactTranslator(files: ReadonlyMap<Lang, TranslationFile>): FactTranslator {
  const maps = new Map<Lang, Map<string, string>>();
  for (const [lang, file] of files) {
    const map = new Map<string, string>();
    for (const entry of Object.values(file.translations)) map.set(entry.en, entry.text);
    maps.set(lang, map);
  }
  return {
    text(lang, english) {
      if (lang === SOURCE_LANG) return english;
      return maps.get(lang)?.get(english) ?? english;
    },
  };
}

let shared: FactTranslator | undefined;

/**
 * Loads and validates `dataDir`'s translations, and makes them the ones `factTranslator()` serves. The bot calls it
 * at start with DATA_DIR (src/facts/load-all.ts), so a broken file stops it there, naming the file and the entry.
 */
export function useFactTranslations(dataDir: string): FactTranslator {
  shared = createFactTranslator(loadTranslationFiles(dataDir));
  return shared;
}

/** The translator loaded at start (or, in tests and scripts that did not load one, the project's data folder's). */
export function factTranslator(): FactTranslator {
  shared ??= createFactTranslator(loadTranslationFiles());
  return shared;
}
