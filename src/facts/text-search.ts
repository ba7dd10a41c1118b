// Full-text search across every record, for /aesc search: BM25 ranking with prefix and typo-tolerant terms
// (minisearch). Words are folded (case, accents, punctuation), stop words ignored, simple plurals stemmed, and a
// query need not contain every word: documents matching more of the words, and matching them in the title,
// rank higher. What documents exist, and how questions route to them, is decided in search-documents.ts and
// search-answer.ts.
//
// Other languages: each has an index of its own over the same documents, in their translations (see
// search-local.ts), cut into words by cjk.ts when written without spaces. A query's Japanese words are looked up
// there, its Latin-script words in the English index as before (an English query's results are exactly the English
// index's), and a document's score is the sum, so "Sunderland 生産能力" ranks Sunderland's capacity first.
import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import type { Lang, MessageKey } from '../i18n/catalogue.js';
import { cjkTerms, hasCjk, scriptRuns } from './cjk.js';
import { words } from './normalize.js';
import type { FactDate, SourceId } from './schema.js';

export const DOCUMENT_KINDS = [
  'plant',
  'event',
  'company',
  'figure',
  'statement',
  'customer',
  'product',
  'project',
  'organisation',
  'person',
  'source',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The records a search can name as "the card to open first". */
export type EntityKind = 'plant' | 'organisation' | 'product' | 'project' | 'person';
export interface EntityRef {
  kind: EntityKind;
  id: string;
}

/** What a fact tells, so that a question ("who owns…", "how big is…") can route to it. */
export const FACT_FIELDS = [
  'capacity',
  'status',
  'production',
  'owners',
  'founding',
  'investment',
  'jobs',
  'customers',
  'location',
  'makes',
  'notes',
  'headquarters',
  'figures',
] as const;
export type FactField = (typeof FACT_FIELDS)[number];

export interface SearchDocument {
  kind: DocumentKind;
  /** Unique within the kind. */
  id: string;
  /** What a result shows as its heading. */
  title: string;
  /** What a result shows: the snippet is cut from it. */
  body: string;
  /** More words to find the record by (aliases, places, dates, topics); indexed, not shown. */
  keywords?: string;
  /** The sources the record cites. */
  sources: readonly SourceId[];
  /** The records it is about (a plant's figure is about the plant; an event about its plants and organisations). */
  about: readonly EntityRef[];
  /** The document of an entity itself (a plant's card, an organisation), rather than one fact about it. */
  entity?: EntityRef;
  field?: FactField;
  /** What the document says, piece by piece as the data says it: what the index of another language is built from. */
  said?: Said;
}

/**
 * A piece of a document's text: a statement in English as data/ has it (translated by the fact translations), a
 * name (looked up in the search words too), a catalogue label, or a date (written in the language).
 */
export type SaidPiece = string | { name: string } | { message: MessageKey; date?: FactDate } | { date: FactDate };
export interface Said {
  title: readonly SaidPiece[];
  body: readonly SaidPiece[];
  keywords?: readonly SaidPiece[];
}

/** A document's text in another language, field by field (what `said` becomes in that language). */
export interface LocalFields {
  title: string;
  body: string;
  keywords: string;
}

export interface SearchHit {
  doc: SearchDocument;
  score: number;
  /** The document's words that matched (folded and stemmed), to show in bold. */
  terms: readonly string[];
}

export interface TextSearchOptions {
  /** Extra weight for a document, e.g. for what a question asks about; 1 = none. */
  boost?: (doc: SearchDocument) => number;
  limit?: number;
  /**
   * The reader's language: its index is searched with every word of the query (a language written in Latin script
   * needs this). Without it, or for English, only a query's Japanese/Chinese words go to the other languages' indexes.
   */
  lang?: Lang;
}

/** Longer queries are refused with a message, never searched (a 6,000-character paste is not a question). */
export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 12;
/** Japanese words are bigrams: a question of a few words has more of them. */
export const MAX_QUERY_CJK_TERMS = 40;

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i in into is it its me ' +
    'of on or our so tell than that the their them there these they this those to us was we were what when ' +
    'where which who whom why will with would you about any all some'
  ).split(' '),
);
// "us" is a stop word in prose but a country in a place query: the entity matcher sees the raw words.

/** "batteries" -> "battery", "plants" -> "plant", "sales" -> "sale"; "gas", "bus", "process" stay. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('sses')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is|as)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** One token as the index sees it: null for stop words and lone letters. */
function processTerm(term: string): string | null {
  if (STOP_WORDS.has(term)) return null;
  if (term.length === 1 && !/\d/.test(term)) return null;
  return stem(term);
}

/** A folded word as the index stores it (stemmed), or null for a stop word: to find matched words in a text. */
export function indexTerm(word: string): string | null {
  return processTerm(word);
}

/**
 * The terms of a text in another language: its Latin-script words as the English index has them, its Japanese
 * (or Chinese) runs as bigrams (see cjk.ts for why bigrams).
 */
export function localTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (!hasCjk(w)) {
      const t = processTerm(w);
      if (t !== null) out.push(t);
      continue;
    }
    for (const run of scriptRuns(w)) {
      if (hasCjk(run)) out.push(...cjkTerms(run));
      else {
        const t = processTerm(run);
        if (t !== null) out.push(t);
      }
    }
  }
  return out;
}

const ENTITY_BOOST = 1.5;
const fuzzy = (term: string) => (term.length < 4 ? false : term.length < 8 ? 1 : 2);
const prefix = (term: string) => term.length >= 3;
/** A bigram is a whole term: no prefixes (a kanji starts hundreds of them) and no typos (one kanji is a word). */
const localFuzzy = (term: string) => (hasCjk(term) ? false : fuzzy(term));
const localPrefix = (term: string) => !hasCjk(term) && prefix(term);

type Indexed = { n: number; title: string; body: string; keywords: string };
const BOOST = { title: 2.5, body: 1, keywords: 0.8 };

/** A query's words by the index that answers them. */
export interface QueryTerms {
  /** Latin-script words, folded and stemmed: the English index (and a Latin-script reader's own). */
  words: string[];
  /** Bigrams of the Japanese (or Chinese) words: the other languages' indexes. */
  cjk: string[];
}

export class TextIndex {
  private readonly docs: readonly SearchDocument[];
  private readonly mini: MiniSearch<Indexed>;
  /**
   * One index per other language, over the same documents (document n is the same record in each), built on the
   * first query that needs it: Japanese text makes about three times as many terms as English (bigrams), and a
   * reader who never types Japanese need not wait for it (bench/facts.ts reports both).
   */
  private readonly local = new Map<Lang, { fields: readonly LocalFields[]; mini?: MiniSearch<Indexed> }>();

  /** `translated`: per language, each document's text in it (same order as `documents`). */
  constructor(documents: readonly SearchDocument[], translated: ReadonlyMap<Lang, readonly LocalFields[]> = new Map()) {
    this.docs = documents;
    this.mini = new MiniSearch({
      idField: 'n',
      fields: ['title', 'body', 'keywords'],
      tokenize: (text) => words(text),
      processTerm,
      searchOptions: { boost: BOOST, prefix, fuzzy, combineWith: 'OR' },
    });
    this.mini.addAll(documents.map((d, n) => ({ n, title: d.title, body: d.body, keywords: d.keywords ?? '' })));
    for (const [lang, fields] of translated) this.local.set(lang, { fields });
  }

  /** The index of `lang`'s text, built now if it was not yet. */
  private localIndex(lang: Lang): MiniSearch<Indexed> | undefined {
    const entry = this.local.get(lang);
    if (entry === undefined) return undefined;
    if (entry.mini === undefined) {
      const mini = new MiniSearch<Indexed>({
        idField: 'n',
        fields: ['title', 'body', 'keywords'],
        tokenize: localTerms,
        // Terms come out of localTerms already folded and stemmed, at indexing and at search alike.
        processTerm: (t) => t,
        searchOptions: {
          boost: BOOST,
          prefix: localPrefix,
          fuzzy: localFuzzy,
          combineWith: 'OR',
          tokenize: (q) => q.split(' '),
        },
      });
      mini.addAll(entry.fields.map((f, n) => ({ n, ...f })));
      entry.mini = mini;
    }
    return entry.mini;
  }

  get documents(): readonly SearchDocument[] {
    return this.docs;
  }

  /** The languages with an index of their own. */
  get languages(): readonly Lang[] {
    return [...this.local.keys()];
  }

  /**
   * Query words as the index sees them: folded, stemmed, without stop words, then the bigrams of its Japanese
   * words; [] for a query over the limit.
   */
  static terms(query: string): string[] {
    const { words: w, cjk } = TextIndex.queryTerms(query);
    return [...w, ...cjk];
  }

  /** The query's words by script (see QueryTerms); both empty for a query over the limit. */
  static queryTerms(query: string): QueryTerms {
    const out: QueryTerms = { words: [], cjk: [] };
    if (query.length > MAX_QUERY_CHARS) return out;
    for (const w of words(query)) {
      if (!hasCjk(w)) {
        const t = processTerm(w);
        if (t !== null && !out.words.includes(t) && out.words.length < MAX_QUERY_WORDS) out.words.push(t);
        continue;
      }
      for (const run of scriptRuns(w)) {
        const terms = hasCjk(run) ? cjkTerms(run) : [processTerm(run)];
        for (const t of terms) {
          if (t === null) continue;
          const list = hasCjk(t) ? out.cjk : out.words;
          const max = list === out.cjk ? MAX_QUERY_CJK_TERMS : MAX_QUERY_WORDS;
          if (!list.includes(t) && list.length < max) list.push(t);
        }
      }
    }
    return out;
  }

  /** Ranked hits, best first (deterministic: equal scores keep the documents' order). */
  search(query: string, options: TextSearchOptions = {}): SearchHit[] {
    const { words: latin, cjk } = TextIndex.queryTerms(query);
    if (latin.length === 0 && cjk.length === 0) return [];
    const { boost } = options;
    // An entity's own document (a plant's card, an organisation) outranks a fact that names it as often.
    const weight = (d: SearchDocument) => (d.entity !== undefined ? ENTITY_BOOST : 1) * (boost ? boost(d) : 1);
    const boostDocument = (n: number) => weight(this.docs[n] as SearchDocument);
    const found = new Map<number, { score: number; terms: string[] }>();
    const add = (results: readonly MiniResult[]) => {
      for (const r of results) {
        const n = r.id as number;
        const seen = found.get(n);
        if (seen === undefined) found.set(n, { score: r.score, terms: [...r.terms] });
        else {
          seen.score += r.score;
          for (const t of r.terms) if (!seen.terms.includes(t)) seen.terms.push(t);
        }
      }
    };
    if (latin.length > 0) add(this.mini.search(latin.join(' '), { boostDocument }));
    const own = options.lang === undefined ? undefined : this.localIndex(options.lang);
    if (own !== undefined) {
      add(own.search([...latin, ...cjk].join(' '), { boostDocument }));
    } else if (cjk.length > 0) {
      for (const lang of this.local.keys()) add(this.localIndex(lang)?.search(cjk.join(' '), { boostDocument }) ?? []);
    }
    const hits = [...found]
      .map(([n, r]) => ({ doc: this.docs[n] as SearchDocument, score: r.score, terms: r.terms, n }))
      .sort((a, b) => b.score - a.score || a.n - b.n)
      .map(({ doc, score, terms: t }) => ({ doc, score, terms: t }));
    return options.limit === undefined ? hits : hits.slice(0, options.limit);
  }
}
