// A search document's text in another language, from what it says (SearchDocument.said): each statement by its
// translation (data/i18n/<lang>.json), each name by its translation and search words (data/i18n/search/), each
// label from the message catalogue, each date as the language writes it. Built once, with the search indexes.
import { type Lang, t } from '../i18n/catalogue.js';
import { dateLabel, formatDate } from '../i18n/dates.js';
import type { LocalNames } from './local-names.js';
import type { LocalFields, SaidPiece, SearchDocument } from './text-search.js';

function piece(lang: Lang, names: LocalNames, p: SaidPiece): string {
  if (typeof p === 'string') return names.text(lang, p);
  // A name in this language (its translation and search words), or as the data writes it when it has none ("BMW").
  if ('name' in p) {
    const local = names.of(p.name, lang);
    return local.length > 0 ? local.join(' ') : p.name;
  }
  if ('message' in p) return t(lang, p.message, p.date ? { date: formatDate(lang, p.date) } : undefined);
  return p.date.precision === 'undated' ? '' : dateLabel(lang, p.date);
}

const join = (lang: Lang, names: LocalNames, pieces: readonly SaidPiece[] | undefined) =>
  (pieces ?? [])
    .map((p) => piece(lang, names, p))
    .filter((s) => s !== '')
    .join(' ');

/** Every document's text in `lang`, in the documents' order; a document that says nothing has empty fields. */
export function localFields(docs: readonly SearchDocument[], lang: Lang, names: LocalNames): LocalFields[] {
  return docs.map((d) => ({
    title: join(lang, names, d.said?.title),
    body: join(lang, names, d.said?.body),
    keywords: join(lang, names, d.said?.keywords),
  }));
}

/** The documents' text in every other language that `names` knows. */
export function translatedDocuments(
  docs: readonly SearchDocument[],
  names: LocalNames,
): Map<Lang, readonly LocalFields[]> {
  return new Map(names.langs.map((lang) => [lang, localFields(docs, lang, names)]));
}
