// /aesc search's understanding of a query: which records it names (a plant, a place with several sites, an
// owner, a product, a project, a person), what it asks ("who owns…", "when was … founded", "how big is… /
// capacity"), and the ranked facts, the asked-for facts about the named records first. A Japanese query works
// the same way: names in other languages (local-names.ts) name the same records, found anywhere in a run of text
// written without spaces ("サンダーランドの生産能力"), and the question words come from data/i18n/search/.
import type { Lang } from '../i18n/catalogue.js';
import { hasCjk } from './cjk.js';
import { type LocalNames, NO_LOCAL_NAMES } from './local-names.js';
import { fold } from './normalize.js';
import { PLACE_KINDS, type PlaceKind, placeNames } from './places.js';
import type { PlantIndex } from './plant-search.js';
import type { SearchableData } from './search-documents.js';
import {
  type EntityKind,
  type FactField,
  MAX_QUERY_CHARS,
  type SearchDocument,
  type SearchHit,
  TextIndex,
} from './text-search.js';

export const SEARCH_INTENTS = ['owner', 'founding', 'capacity'] as const;
export type SearchIntent = (typeof SEARCH_INTENTS)[number];

const INTENT_FIELD: Record<SearchIntent, FactField> = { owner: 'owners', founding: 'founding', capacity: 'capacity' };

/** Folded phrases that ask each question. Checked on word boundaries of the folded query. */
const INTENT_PATTERNS: readonly [SearchIntent, RegExp][] = [
  ['owner', /\b(who owns|owns|owner|owners|owned|ownership|shareholders?|shareholding|stakes?)\b/],
  ['founding', /\b(founded|founding|founder|founders|established|establishment|inception|created|formed)\b/],
  ['capacity', /\b(capacity|capacities|how big|how large|how much|size|gwh|gigawatts?|gw|output)\b/],
];

/** Among equally good matches, what a person asks about a site first: where it stands, then how big it is. */
const FIELD_WEIGHT: Partial<Record<FactField, number>> = { status: 1.3, production: 1.3, capacity: 1.2, makes: 1.1 };

/** A record the query names, shown as the first answer. */
export type EntityAnswer =
  | { kind: 'plant'; id: string; matched: string }
  | { kind: 'place'; by: PlaceKind; label: string; plants: readonly string[]; matched: string }
  | { kind: Exclude<EntityKind, 'plant'>; id: string; matched: string };

export interface SearchAnswer {
  /** The query words the index used (folded, stemmed, no stop words). */
  terms: readonly string[];
  /** Longer than MAX_QUERY_CHARS: nothing was searched. */
  tooLong: boolean;
  intent: SearchIntent | null;
  /** Named records, in the order the query names them. */
  entities: readonly EntityAnswer[];
  /** Facts, best first: what the question asks about the named records, then everything else by relevance. */
  hits: readonly SearchHit[];
}

const MAX_PHRASE_WORDS = 5;

export class SearchAnswerer {
  /** Folded name -> the records it names. */
  private readonly names = new Map<string, EntityAnswer>();
  /** The names written without spaces (Japanese), longest first: looked for anywhere in the query. */
  private readonly cjkNames: { key: string; answer: EntityAnswer }[] = [];
  private readonly intents: readonly (readonly [SearchIntent, string])[];

  constructor(
    data: SearchableData,
    private readonly text: TextIndex,
    private readonly plants: PlantIndex,
    local: LocalNames = NO_LOCAL_NAMES,
  ) {
    this.intents = local.intents;
    const addOne = (name: string, answer: EntityAnswer) => {
      const k = fold(name);
      if (k !== '' && !this.names.has(k)) this.names.set(k, answer);
    };
    // A name, then what the other languages call it: the Japanese name is what matched.
    const add = (name: string, answer: EntityAnswer) => {
      addOne(name, answer);
      for (const other of local.of(name)) addOne(other, { ...answer, matched: other });
    };
    // Places with several sites first ("Sunderland" is the plant's id, and the city of two records), then
    // plants' own names and aliases, which name one site.
    const places = new Map<string, { by: PlaceKind; label: string; plants: string[]; matched: string }>();
    for (const p of data.plants) {
      for (const place of placeNames(p)) {
        const k = fold(place.name);
        const entry = places.get(k) ?? { by: place.kind, label: place.label, plants: [], matched: place.name };
        // One name for places of two kinds ("USA": a region and a country's other name): the more general wins.
        if (PLACE_KINDS.indexOf(place.kind) > PLACE_KINDS.indexOf(entry.by)) {
          entry.by = place.kind;
          entry.label = place.label;
        }
        if (!entry.plants.includes(p.id)) entry.plants.push(p.id);
        places.set(k, entry);
      }
    }
    for (const [k, e] of places) {
      if (e.plants.length < 2) continue;
      addOne(k, { kind: 'place', ...e });
      // In another language the place is labelled in that language ("英国の拠点").
      for (const other of local.of(e.matched)) {
        addOne(other, { kind: 'place', ...e, label: local.of(e.label)[0] ?? e.label, matched: other });
      }
    }
    // Plants' own names and aliases, which name one site.
    for (const p of data.plants) {
      for (const n of [p.id, p.name, ...p.aliases]) add(n, { kind: 'plant', id: p.id, matched: n });
    }
    for (const o of data.organisations) {
      for (const n of [o.name, ...o.aliases]) add(n, { kind: 'organisation', id: o.id, matched: n });
    }
    for (const p of data.products) {
      for (const n of [p.name, p.id]) add(n, { kind: 'product', id: p.id, matched: n });
    }
    for (const p of data.projects) {
      for (const n of [p.name, ...p.aliases]) add(n, { kind: 'project', id: p.id, matched: n });
    }
    for (const p of data.people) {
      add(p.name, { kind: 'person', id: p.id, matched: p.name });
      const last = p.name.split(' ').at(-1);
      if (last !== undefined && last !== p.name) add(last, { kind: 'person', id: p.id, matched: last });
    }
    // A place with one site names that site ("Spain", "Hubei").
    for (const [k, e] of places) {
      const [only] = e.plants;
      if (e.plants.length === 1 && only !== undefined) {
        addOne(k, { kind: 'plant', id: only, matched: e.matched });
        for (const other of local.of(e.matched)) addOne(other, { kind: 'plant', id: only, matched: other });
      }
    }
    for (const [key, answer] of this.names) {
      if (hasCjk(key) && key.length >= 2) this.cjkNames.push({ key, answer });
    }
    this.cjkNames.sort((a, b) => b.key.length - a.key.length || (a.key < b.key ? -1 : 1));
  }

  /** `lang`: the reader's language, whose index then sees every word of the query (see TextSearchOptions.lang). */
  answer(query: string, limit = 50, lang?: Lang): SearchAnswer {
    if (query.length > MAX_QUERY_CHARS) return { terms: [], tooLong: true, intent: null, entities: [], hits: [] };
    const folded = fold(query);
    const intent =
      INTENT_PATTERNS.find(([, re]) => re.test(folded))?.[0] ??
      (hasCjk(folded) ? this.intents.find(([, w]) => folded.includes(w))?.[0] : undefined) ??
      null;
    const entities = this.entitiesIn(folded);
    const named = new Set<string>();
    for (const e of entities) {
      if (e.kind === 'place') for (const id of e.plants) named.add(`plant:${id}`);
      else named.add(`${e.kind}:${e.id}`);
    }
    const field = intent === null ? undefined : INTENT_FIELD[intent];
    const isAbout = (d: SearchDocument) => d.about.some((a) => named.has(`${a.kind}:${a.id}`));
    const shownEntity = (d: SearchDocument) => d.entity !== undefined && named.has(`${d.entity.kind}:${d.entity.id}`);

    const boost = (d: SearchDocument) =>
      (isAbout(d) ? 2 : 1) *
      (field !== undefined && d.field === field ? 3 : 1) *
      (d.field === undefined ? 1 : (FIELD_WEIGHT[d.field] ?? 1));
    const ranked = this.text.search(query, { boost, lang }).filter((h) => !shownEntity(h.doc));

    // The question's answer first: the asked-for facts about the named records (all of them, matched or not),
    // or, when no record is named, the asked-for facts the search found.
    let first: SearchHit[] = [];
    if (field !== undefined) {
      if (named.size > 0) {
        first = this.text.documents
          .filter((d) => d.field === field && isAbout(d) && !shownEntity(d))
          .map((doc) => ranked.find((h) => h.doc === doc) ?? { doc, score: 0, terms: [] });
      } else {
        first = ranked.filter((h) => h.doc.field === field);
      }
    }
    const rest = ranked.filter((h) => !first.includes(h));
    const hits = [...first, ...rest].slice(0, limit);
    return { terms: TextIndex.terms(query), tooLong: false, intent, entities, hits };
  }

  /**
   * The records a folded query names, in the order it names them: longest phrases first, left to right, each word
   * used once; in text written without spaces, the longest names found anywhere in it, each character used once.
   */
  private entitiesIn(folded: string): EntityAnswer[] {
    const found: { at: number; e: EntityAnswer }[] = [];
    if (hasCjk(folded)) {
      const used = new Uint8Array(folded.length);
      for (const { key, answer } of this.cjkNames) {
        let from = folded.indexOf(key);
        while (from >= 0) {
          if (used.subarray(from, from + key.length).every((u) => u === 0)) {
            used.fill(1, from, from + key.length);
            found.push({ at: from, e: answer });
          }
          from = folded.indexOf(key, from + 1);
        }
      }
    }
    const ws = folded === '' ? [] : folded.split(' ');
    const starts: number[] = [];
    let offset = 0;
    for (const w of ws) {
      starts.push(offset);
      offset += w.length + 1;
    }
    let i = 0;
    while (i < ws.length) {
      let matched = 0;
      for (let n = Math.min(MAX_PHRASE_WORDS, ws.length - i); n >= 1; n--) {
        const phrase = ws.slice(i, i + n).join(' ');
        // Japanese names were found above, anywhere in the text.
        if (hasCjk(phrase)) continue;
        // Two-letter names ("US", "UK", "GB") only when the query is little more than the name.
        if (phrase.length < 3 && ws.length > 2) continue;
        const e = this.names.get(phrase);
        if (e !== undefined) {
          found.push({ at: starts[i] as number, e });
          matched = n;
          break;
        }
      }
      if (matched === 0) {
        // A typo of a site's name ("sundreland"): the plant index's fuzzy tier, for words of 5 letters or more.
        const w = ws[i] as string;
        if (w.length >= 5 && !hasCjk(w) && !INTENT_PATTERNS.some(([, re]) => re.test(w))) {
          const m = this.plants.search(w, 3);
          if (m.length > 0 && m.length <= 2 && m.every((x) => x.tier === 'fuzzy')) {
            for (const x of m) {
              found.push({ at: starts[i] as number, e: { kind: 'plant', id: x.plant.id, matched: x.plant.name } });
            }
          }
        }
        matched = 1;
      }
      i += matched;
    }
    const out: EntityAnswer[] = [];
    const key = (e: EntityAnswer) => (e.kind === 'place' ? `place:${e.label}` : `${e.kind}:${e.id}`);
    const seen = new Set<string>();
    // Array.prototype.sort is stable: names at the same place keep the order they were found in.
    for (const { e } of found.sort((a, b) => a.at - b.at)) {
      if (!seen.has(key(e))) {
        seen.add(key(e));
        out.push(e);
      }
    }
    return out;
  }
}
