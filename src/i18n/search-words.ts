// Words people type in another language to find what the data names in English: "テネシー" for Tennessee, "英国"
// for the United Kingdom, "所有" for a question about owners. They are search words, never facts: nothing here is
// shown as a statement, and no quote is touched. A statement's translation (a plant's or a company's name) comes
// from data/i18n/<lang>.json already; this file adds what has no statement to translate (places, aliases,
// keywords, question words). One file a language, found by name, so a language stays data:
//
//   data/i18n/search/<lang>.json
//   { "language": "ja",
//     "names": { "Tennessee": ["テネシー", "テネシー州"] },          English name as the data spells it -> words
//     "intents": { "owner": ["所有", "株主"], "founding": [...], "capacity": [...] } }
//
// The test (test/facts/search-ja.test.ts) fails when a name no longer exists in the data.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../util/project-root.js';
import type { Lang } from './catalogue.js';

/** What a query can ask; the same three as src/facts/search-answer.ts's SEARCH_INTENTS. */
const INTENTS = ['owner', 'founding', 'capacity'] as const;
export type SearchWordIntent = (typeof INTENTS)[number];

const Words = z.array(z.string().trim().min(1, 'a search word is empty')).min(1, 'no words');

const SearchWordsFile = z.strictObject({
  $comment: z.string().optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/),
  names: z.record(z.string().min(1), Words),
  intents: z.partialRecord(z.enum(INTENTS), Words).default({}),
});

export interface SearchWords {
  lang: Lang;
  /** The data's English name (an alias, keyword, place, company name) -> what people type for it. */
  names: ReadonlyMap<string, readonly string[]>;
  intents: Readonly<Partial<Record<SearchWordIntent, readonly string[]>>>;
}

export class SearchWordsError extends Error {}

/** Reads and validates data/i18n/search/<lang>.json files. Errors name the file, the entry and the field. */
export function loadSearchWords(dataDir = join(projectRoot(), 'data')): Map<Lang, SearchWords> {
  const dir = join(dataDir, 'i18n', 'search');
  const out = new Map<Lang, SearchWords>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const where = `data/i18n/search/${file}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new SearchWordsError(`${where}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = SearchWordsFile.safeParse(json, { jitless: true });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const [group, entry, ...rest] = issue?.path ?? [];
      const at = [group, entry === undefined ? undefined : JSON.stringify(entry), ...rest]
        .filter((x) => x !== undefined)
        .join(' ');
      throw new SearchWordsError(`${where}: ${at === '' ? '' : `${at}: `}${issue?.message}`);
    }
    const { language, names, intents } = parsed.data;
    if (`${language}.json` !== file) {
      throw new SearchWordsError(`${where}: "language" is ${language}; the file must be named by its language code`);
    }
    out.set(language, { lang: language, names: new Map(Object.entries(names)), intents });
  }
  return out;
}

/** The names of a words file that the data no longer has (a renamed alias, a removed place). */
export function unknownSearchNames(words: SearchWords, known: ReadonlySet<string>): string[] {
  return [...words.names.keys()].filter((name) => !known.has(name));
}

let shared: Map<Lang, SearchWords> | undefined;

/** Loads `dataDir`'s search words and makes them the ones `searchWords()` serves (called at start, with DATA_DIR). */
export function useSearchWords(dataDir: string): ReadonlyMap<Lang, SearchWords> {
  shared = loadSearchWords(dataDir);
  return shared;
}

/** The search words loaded at start (or, in tests and scripts that did not load any, the project's data folder's). */
export function searchWords(): ReadonlyMap<Lang, SearchWords> {
  shared ??= loadSearchWords();
  return shared;
}
