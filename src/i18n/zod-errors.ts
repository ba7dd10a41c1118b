// zod's own messages in the reader's language, for validation errors a user reads (an imported settings file):
// zod ships a locale per language (`z.locales.ja`, …), so a language with a catalogue here gets them by its code.
import { z } from 'zod';
import { type Lang, SOURCE_LANG } from './catalogue.js';

const locales = z.locales as unknown as Record<string, (() => { localeError: z.core.$ZodErrorMap }) | undefined>;

/** Parse options that make zod word its issues in `lang` (undefined: zod's English, the default). */
export function zodErrorsIn(lang: Lang): { error: z.core.$ZodErrorMap } | undefined {
  if (lang === SOURCE_LANG) return undefined;
  const locale = locales[lang] ?? locales[lang.split('-')[0] ?? ''];
  return locale ? { error: locale().localeError } : undefined;
}
