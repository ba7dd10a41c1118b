// Who says what: company claims and figures that come from someone's words are told as theirs ("Knudt Flor
// says …", "according to Electrek"), never as the bot's own statement.
import type { Citation, SaidBy, SourceId } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Lang, SOURCE_LANG, t } from '../i18n/catalogue.js';
import { factTranslator } from '../i18n/fact-translations.js';
import { sourceIds, sourceShort } from './style.js';

/** Sources that speak in someone's voice (an interview, a news report); an encyclopedia is not attributed. */
const VOICED: ReadonlySet<SourceId> = new Set(['flor-interview', 'electrek', 'nec-jv-report']);

/**
 * "according to Knudt Flor (CEO of US and Europe, AESC)", "according to the Flor interview", or null when the
 * statement needs no attribution (an encyclopedia's plain fact, or several sources that agree).
 */
export function accordingTo(
  store: FactStore,
  who: { person?: string; saidBy?: SaidBy } | undefined,
  sources: readonly Citation[],
  lang: Lang = SOURCE_LANG,
): string | null {
  const personId = who?.person ?? (who?.saidBy?.kind === 'person' ? who.saidBy.id : undefined);
  if (personId !== undefined) {
    const person = store.person(personId);
    if (!person) return t(lang, 'attr.plain', { name: personId });
    return t(lang, 'attr.person', { name: person.name, role: factTranslator().text(lang, person.role) });
  }
  const sourceId = who?.saidBy?.kind === 'source' ? who.saidBy.id : undefined;
  if (sourceId !== undefined) return t(lang, 'attr.source', { source: sourceShort(sourceId, lang) });
  const ids = sourceIds(sources);
  if (ids.length === 1 && VOICED.has(ids[0] as SourceId)) {
    return t(lang, 'attr.source', { source: sourceShort(ids[0] as SourceId, lang) });
  }
  return null;
}
