// The languages the bot can write in, for choices and status lines: one per catalogue file, each named in itself
// ("English", "日本語", from its catalogue's `language.name`).
import { type Lang, languages, SOURCE_LANG, t } from './catalogue.js';

/** "English", "日本語"; English for null or a language the bot no longer has. */
export function languageName(lang: Lang | null): string {
  const known = lang !== null && languages().includes(lang) ? lang : SOURCE_LANG;
  return t(known, 'language.name');
}

/** Choices for a `language` option: every catalogue, by its own name. */
export function languageChoices(): { name: string; value: Lang }[] {
  return languages().map((lang) => ({ name: t(lang, 'language.name'), value: lang }));
}

/** A stored or chosen language that the bot has, else null (English). */
export function knownLanguage(lang: string | null | undefined): Lang | null {
  return typeof lang === 'string' && languages().includes(lang) ? lang : null;
}
