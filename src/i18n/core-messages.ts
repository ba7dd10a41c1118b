// The interaction core's own messages (the apology, unknown command or button, unsupported, malformed) in the
// user's language. The core keeps its English texts (src/core/dispatcher.ts MESSAGES); this finds the catalogue
// entry with that English text, so the core needs no keys and English stays the one source.
import { langFor, type MessageKey, SOURCE_LANG, t } from './catalogue.js';

const CORE_KEYS: readonly MessageKey[] = [
  'error.failed',
  'error.unknownCommand',
  'error.invalidButton',
  'error.unsupported',
  'error.malformed',
];

let byEnglish: Map<string, MessageKey> | undefined;

/** `english` (one of the core's messages) in the language of `locale`; any other text is returned as it is. */
export function localizeCoreMessage(locale: unknown, english: string): string {
  // From a payload that may be malformed: anything but a short string is no locale.
  const lang = typeof locale === 'string' && locale.length <= 20 ? langFor(locale) : SOURCE_LANG;
  if (lang === SOURCE_LANG) return english;
  byEnglish ??= new Map(CORE_KEYS.map((key) => [t(SOURCE_LANG, key), key]));
  const key = byEnglish.get(english);
  return key === undefined ? english : t(lang, key);
}
