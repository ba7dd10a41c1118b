// zod's own messages in the reader's language, for validation errors a user reads (an imported settings file):
// zod ships a locale per language (`z.locales.ja`, …), so a language with a catalogue here gets them by its code.
// zod's locales leave the JSON type names in English ("stringが期待されました"); those come from our catalogue
// (`zod.type.<name>`), and a missing value is said as missing (`zod.missing`), not as "undefined was given".
import { z } from 'zod';
import { type Lang, type MessageKey, SOURCE_LANG, t } from './catalogue.js';

const locales = z.locales as unknown as Record<string, (() => { localeError: z.core.$ZodErrorMap }) | undefined>;

const TYPE_KEYS: Readonly<Record<string, MessageKey>> = {
  string: 'zod.type.string',
  number: 'zod.type.number',
  boolean: 'zod.type.boolean',
  object: 'zod.type.object',
  array: 'zod.type.array',
  null: 'zod.type.null',
  undefined: 'zod.type.undefined',
};
const TYPE_WORD = /\b(string|number|boolean|object|array|null|undefined)\b/g;

function typeWord(lang: Lang, name: string): string {
  const key = TYPE_KEYS[name];
  return key === undefined ? name : t(lang, key);
}

/** `message` with the type names outside double quotes (quoted values are the user's) in `lang`. */
function withTypeWords(lang: Lang, message: string): string {
  return message
    .split(/("[^"]*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(TYPE_WORD, (word) => typeWord(lang, word))))
    .join('');
}

const maps = new Map<Lang, { error: z.core.$ZodErrorMap } | undefined>();

/** Parse options that make zod word its issues in `lang` (undefined: zod's English, the default). */
export function zodErrorsIn(lang: Lang): { error: z.core.$ZodErrorMap } | undefined {
  if (lang === SOURCE_LANG) return undefined;
  if (maps.has(lang)) return maps.get(lang);
  const locale = locales[lang] ?? locales[lang.split('-')[0] ?? ''];
  let out: { error: z.core.$ZodErrorMap } | undefined;
  if (locale) {
    const map = locale().localeError;
    out = {
      error: (issue) => {
        if (issue.code === 'invalid_type' && issue.input === undefined) {
          return t(lang, 'zod.missing', { expected: typeWord(lang, issue.expected) });
        }
        const result = map(issue);
        const message = typeof result === 'string' ? result : result?.message;
        return message === undefined ? undefined : withTypeWords(lang, message);
      },
    };
  }
  maps.set(lang, out);
  return out;
}
