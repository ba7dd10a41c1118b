// Full-text search across every record, for /aesc search: BM25 ranking with prefix and typo-tolerant terms
// (minisearch). Words are folded (case, accents, punctuation), stop words ignored, simple plurals stemmed, and a
// query need not contain every word: documents matching more of the words, and matching them in the title,
// rank higher. What documents exist, and how questions route to them, is decided in search-documents.ts and
// search-answer.ts.
import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import { words } from './normalize.js';
import type { SourceId } from './schema.js';

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
}

/** Longer queries are refused with a message, never searched (a 6,000-character paste is not a question). */
export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 12;

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

const ENTITY_BOOST = 1.5;
const fuzzy = (term: string) => (term.length < 4 ? false : term.length < 8 ? 1 : 2);
const prefix = (term: string) => term.length >= 3;

export class TextIndex {
  private readonly docs: readonly SearchDocument[];
  private readonly mini: MiniSearch<{ n: number; title: string; body: string; keywords: string }>;

  constructor(documents: readonly SearchDocument[]) {
    this.docs = documents;
    this.mini = new MiniSearch({
      idField: 'n',
      fields: ['title', 'body', 'keywords'],
      tokenize: (text) => words(text),
      processTerm,
      searchOptions: { boost: { title: 2.5, body: 1, keywords: 0.8 }, prefix, fuzzy, combineWith: 'OR' },
    });
    this.mini.addAll(documents.map((d, n) => ({ n, title: d.title, body: d.body, keywords: d.keywords ?? '' })));
  }

  get documents(): readonly SearchDocument[] {
    return this.docs;
  }

  /** Query words as the index sees them: folded, stemmed, without stop words; [] for a query over the limit. */
  static terms(query: string): string[] {
    if (query.length > MAX_QUERY_CHARS) return [];
    const out: string[] = [];
    for (const w of words(query)) {
      const t = processTerm(w);
      if (t !== null && !out.includes(t)) out.push(t);
      if (out.length === MAX_QUERY_WORDS) break;
    }
    return out;
  }

  /** Ranked hits, best first (deterministic: equal scores keep the documents' order). */
  search(query: string, options: TextSearchOptions = {}): SearchHit[] {
    const terms = TextIndex.terms(query);
    if (terms.length === 0) return [];
    const { boost } = options;
    // An entity's own document (a plant's card, an organisation) outranks a fact that names it as often.
    const weight = (d: SearchDocument) => (d.entity !== undefined ? ENTITY_BOOST : 1) * (boost ? boost(d) : 1);
    const results: MiniResult[] = this.mini.search(terms.join(' '), {
      boostDocument: (n: number) => weight(this.docs[n] as SearchDocument),
    });
    const hits = results
      .map((r) => ({ doc: this.docs[r.id as number] as SearchDocument, score: r.score, terms: r.terms, n: r.id }))
      .sort((a, b) => b.score - a.score || a.n - b.n)
      .map(({ doc, score, terms: t }) => ({ doc, score, terms: t }));
    return options.limit === undefined ? hits : hits.slice(0, options.limit);
  }
}
