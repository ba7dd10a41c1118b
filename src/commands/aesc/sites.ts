// What the plant card and the sites list share: a site's place in one line and the "jump to a site" select,
// whose custom_id is `aesc:plant:jump:<owner id>` (the value: a plant id).
import type { Plant } from '../../facts/schema.js';
import { currentStatus } from '../../facts/store.js';
import { type Lang, SOURCE_LANG, t } from '../../i18n/catalogue.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { searchWords } from '../../i18n/search-words.js';
import { listOf, statusWord } from '../../i18n/words.js';
import { ownerPart } from '../../present/nav.js';
import { STATUS_EMOJI } from '../../present/style.js';

/**
 * A place as the reader's language names it: the first of its search words there (data/i18n/search/<lang>.json,
 * "United Kingdom" -> "英国"), else as the data writes it (a proper name).
 */
export function placeIn(lang: Lang, name: string): string {
  if (lang === SOURCE_LANG) return name;
  return searchWords().get(lang)?.names.get(name)?.[0] ?? name;
}

/** "Sunderland, England, United Kingdom" / "サンダーランド、イングランド、英国". */
export function plantLocation(p: Plant, lang: Lang = SOURCE_LANG): string {
  const parts = [p.city, p.subdivision, p.country].filter(
    (x, i, a): x is string => x !== undefined && a.indexOf(x) === i,
  );
  return lang === SOURCE_LANG
    ? parts.join(', ')
    : listOf(
        lang,
        parts.map((x) => placeIn(lang, x)),
      );
}

export function plantJumpId(owner: string): string {
  return `aesc:plant:jump:${ownerPart(owner)}`;
}

export const JUMP_ID = /^aesc:plant:jump:(\d{1,20})$/;
/** The "jump to a site" select: every site with its status emoji, the shown one marked. */
export function jumpSelect(plants: readonly Plant[], owner: string, current?: string, lang: Lang = SOURCE_LANG) {
  const tr = factTranslator();
  return {
    customId: plantJumpId(owner),
    placeholder: t(lang, 'sites.jump'),
    options: plants.map((p) => ({
      label: tr.text(lang, p.name),
      value: p.id,
      description: `${plantLocation(p, lang)} · ${statusWord(lang, currentStatus(p))}`,
      emoji: STATUS_EMOJI[currentStatus(p)],
      default: p.id === current,
    })),
  };
}
