// Quiet citations: one small marker per statement (¹ ²) pointing at one sources line at the bottom of the card.
// The list of sources is computed from the statements the card actually shows: a statement that is not shown
// contributes no source. When everything shown comes from one document, the markers are dropped and the card
// cites that document once.
import type { Citation, SourceDoc, SourceId } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Lang, SOURCE_LANG, t } from '../i18n/catalogue.js';
import { factTranslator } from '../i18n/fact-translations.js';
import { sourceShort } from './style.js';

const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/** 12 -> "¹²". */
export function superscript(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)] ?? d)
    .join('');
}

// Placeholders (private-use characters) stand for a marker until the card knows all of its sources.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** The address of a source document when the data records one (only where it is certain). */
export function sourceUrl(doc: SourceDoc): string | undefined {
  const url = (doc as { url?: unknown }).url;
  return typeof url === 'string' && /^https:\/\//.test(url) ? url : undefined;
}

/** "*Title* (Wikipedia)", the title a link when the address is known. */
export function sourceTitle(doc: SourceDoc, lang: Lang = SOURCE_LANG): string {
  const title = doc.title.replace(/[[\]*_]/g, '');
  const unnamed = doc.publisher.startsWith('Not named') || doc.publisher.startsWith('not named');
  const who = unnamed ? factTranslator().text(lang, doc.kind) : doc.publisher;
  const url = sourceUrl(doc);
  return url ? `[${title}](<${url}>) (${who})` : `*${title}* (${who})`;
}

export class Citations {
  private readonly order: SourceId[] = [];
  private readonly index = new Map<SourceId, number>();

  /** `lang`: the language of the sources line ("Source:" / "出典:"). */
  constructor(
    private readonly store: FactStore,
    private readonly lang: Lang = SOURCE_LANG,
  ) {}

  /** The marker for a statement backed by `sources` (a placeholder resolved by `resolve`). */
  cite(sources: readonly Citation[] | readonly SourceId[]): string {
    const ids = new Set<SourceId>();
    for (const s of sources) ids.add(typeof s === 'string' ? s : s.source);
    let out = '';
    for (const id of ids) {
      let n = this.index.get(id);
      if (n === undefined) {
        this.order.push(id);
        n = this.order.length;
        this.index.set(id, n);
      }
      out += `${OPEN}${n}${CLOSE}`;
    }
    return out;
  }

  /** `text` followed by its marker: "9 GWh planned¹". */
  cited(text: string, sources: readonly Citation[] | readonly SourceId[]): string {
    return `${text}${this.cite(sources)}`;
  }

  /** The documents cited so far, in marker order. */
  get ids(): readonly SourceId[] {
    return this.order;
  }

  /** Replaces placeholders by superscript markers ("¹˒²" for two), or by nothing when one document backs everything. */
  resolve(text: string): string {
    if (this.order.length <= 1) return text.replace(PLACEHOLDER, '');
    return text.replace(/(?:\uE000\d+\uE001)+/g, (run) => {
      const numbers = [...run.matchAll(PLACEHOLDER)]
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b)
        .map(superscript);
      return numbers.join('˒');
    });
  }

  /** The one sources line: "-# ¹ *Title* (Wikipedia) · ² …", or "-# Source: *Title* (Wikipedia)"; null when none. */
  line(): string | null {
    if (this.order.length === 0) return null;
    const docs = this.order.map((id) => this.store.source(id));
    if (docs.length === 1) {
      return `-# ${t(this.lang, 'cite.source', { title: sourceTitle(docs[0] as SourceDoc, this.lang) })}`;
    }
    return `-# ${docs.map((d, i) => `${superscript(i + 1)} ${sourceTitle(d, this.lang)}`).join(' · ')}`;
  }

  /** Short names for compact places (select descriptions): "Wikipedia, Flor interview". */
  shortNames(): string {
    return this.order.map((id) => sourceShort(id, this.lang)).join(', ');
  }
}
