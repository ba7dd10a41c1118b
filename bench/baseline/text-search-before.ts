// Frozen copy of src/facts/text-search.ts at commit 3032b64 (before issue 9 §4): the baseline bench/facts.ts
// runs side by side with the current code, on the same data and queries. Not used by the bot.
// Full-text search across every record, for /aesc search. Each record becomes a document of folded
// words; a query matches documents that contain every query word (as a word or a word's start),
// ranked by where the words stand (title over body) and then by a fixed kind order.
import { words } from '../../src/facts/normalize.js';
import type { SourceId } from '../../src/facts/schema.js';

export const DOCUMENT_KINDS = [
  'plant',
  'event',
  'company',
  'figure',
  'customer',
  'product',
  'organisation',
  'person',
  'source',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface SearchDocument {
  kind: DocumentKind;
  /** Record id (unique within the kind). */
  id: string;
  /** What a result shows. */
  title: string;
  body: string;
  /** More words to find the record by (aliases, dates, topics); indexed, not shown. */
  keywords?: string;
  /** The sources the record cites. */
  sources: readonly SourceId[];
}

export interface SearchHit {
  doc: SearchDocument;
  score: number;
}

interface Indexed {
  doc: SearchDocument;
  order: number;
  title: Set<string>;
  body: Set<string>;
  all: string[];
}

const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'is',
  'was',
  'by',
  'with',
  'what',
  'when',
  'where',
  'who',
  'how',
  'did',
  'does',
  'aesc',
]);
const MAX_QUERY_CHARS = 200;
const MAX_QUERY_WORDS = 8;

export class TextIndex {
  private readonly docs: Indexed[];

  constructor(documents: readonly SearchDocument[]) {
    this.docs = documents.map((doc, i) => {
      const title = new Set(words(doc.title));
      const body = new Set(words(doc.keywords ? `${doc.body} ${doc.keywords}` : doc.body));
      return {
        doc,
        order: DOCUMENT_KINDS.indexOf(doc.kind) * 10_000 + i,
        title,
        body,
        all: [...new Set([...title, ...body])],
      };
    });
  }

  /** Query words as the index sees them: folded, without stop words, at most 8. */
  static terms(query: string): string[] {
    if (query.length > MAX_QUERY_CHARS) return [];
    const ws = words(query).filter((w) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/.test(w)));
    return [...new Set(ws)].slice(0, MAX_QUERY_WORDS);
  }

  search(query: string, limit = 10): SearchHit[] {
    const terms = TextIndex.terms(query);
    if (terms.length === 0) return [];
    const hits: { hit: SearchHit; order: number }[] = [];
    for (const d of this.docs) {
      let score = 0;
      let all = true;
      for (const t of terms) {
        const s = termScore(d, t);
        if (s === 0) {
          all = false;
          break;
        }
        score += s;
      }
      if (all) hits.push({ hit: { doc: d.doc, score }, order: d.order });
    }
    hits.sort((a, b) => b.hit.score - a.hit.score || a.order - b.order);
    return hits.slice(0, limit).map((h) => h.hit);
  }
}

function termScore(d: Indexed, t: string): number {
  if (d.title.has(t)) return 6;
  if (d.body.has(t)) return 3;
  if (t.length < 3) return 0;
  for (const w of d.title) if (w.startsWith(t)) return 2;
  for (const w of d.all) if (w.startsWith(t)) return 1;
  return 0;
}
