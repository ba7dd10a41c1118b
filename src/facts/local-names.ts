// The names the data gives in English, in every other language the bot has: a statement's translation
// (data/i18n/<lang>.json: "Zama plant" -> "座間工場", "Nissan" -> "日産") and the search words of that language
// (data/i18n/search/<lang>.json: "Tennessee" -> "テネシー", "United Kingdom" -> "英国"). Plant lookup, autocomplete
// and /aesc search add them as more names of the same records, so a language is data, never code here.
import { type Lang, languages, SOURCE_LANG } from '../i18n/catalogue.js';
import { type FactTranslator, factTranslator } from '../i18n/fact-translations.js';
import { type SearchWordIntent, type SearchWords, searchWords } from '../i18n/search-words.js';
import { fold } from './normalize.js';
import { placeNames } from './places.js';
import type { Plant } from './schema.js';

export interface LocalNames {
  /** The languages other than English that have translations or search words. */
  readonly langs: readonly Lang[];
  /**
   * What the other languages (or `lang` alone) call an English name: its translation, then its search words; []
   * when none.
   */
  of(english: string, lang?: Lang): readonly string[];
  /** A statement in `lang` (the English itself when it has no translation). */
  text(lang: Lang, english: string): string;
  /** The question words of every other language, folded: "所有" asks who owns. */
  readonly intents: readonly (readonly [SearchWordIntent, string])[];
}

/** No other language: what an index built without translations sees. */
export const NO_LOCAL_NAMES: LocalNames = { langs: [], of: () => [], text: (_lang, english) => english, intents: [] };

export function localNames(
  translator: FactTranslator = factTranslator(),
  words: ReadonlyMap<Lang, SearchWords> = searchWords(),
  langs: readonly Lang[] = [...new Set([...languages(), ...words.keys()])].filter((l) => l !== SOURCE_LANG),
): LocalNames {
  const cache = new Map<string, readonly string[]>();
  const intents: [SearchWordIntent, string][] = [];
  for (const lang of langs) {
    for (const [intent, list] of Object.entries(words.get(lang)?.intents ?? {})) {
      for (const w of list ?? []) intents.push([intent as SearchWordIntent, fold(w)]);
    }
  }
  return {
    langs,
    text: (lang, english) => translator.text(lang, english),
    of(english, only) {
      const id = only === undefined ? english : `${only}\u0000${english}`;
      const hit = cache.get(id);
      if (hit !== undefined) return hit;
      const out = new Set<string>();
      for (const lang of only === undefined ? langs : [only]) {
        const tr = translator.text(lang, english);
        if (tr !== english) out.add(tr);
        for (const w of words.get(lang)?.names.get(english) ?? []) out.add(w);
      }
      const list = [...out];
      cache.set(id, list);
      return list;
    },
    intents,
  };
}

/**
 * Every English name a search words file may give words for: the plants' names, aliases, keywords and places, the
 * organisations' and projects' names and aliases, the headquarters' city and country. A name outside it is left over (the data renamed or removed it).
 */
export function searchableNames(data: {
  company: { headquarters: { city: string; country: string } };
  plants: readonly Plant[];
  organisations: readonly { name: string; aliases: readonly string[] }[];
  projects: readonly { name: string; aliases: readonly string[] }[];
}): Set<string> {
  const known = new Set<string>([data.company.headquarters.city, data.company.headquarters.country]);
  for (const p of data.plants) {
    for (const n of [p.name, ...p.aliases, ...p.keywords, ...placeNames(p).map((x) => x.name)]) known.add(n);
  }
  for (const o of data.organisations) for (const n of [o.name, ...o.aliases]) known.add(n);
  for (const p of data.projects) for (const n of [p.name, ...p.aliases]) known.add(n);
  return known;
}
