// `npm run i18n:check`: which statements in data/ lack a translation, have changed since they were translated, or
// are translated but gone, per language (data/i18n/<lang>.json). Exit 1 when anything needs doing.
import { loadFactStore } from '../src/facts/load.js';
import { searchableNames } from '../src/facts/local-names.js';
import { checkTranslations, collectStatements, loadTranslationFiles } from '../src/i18n/fact-translations.js';
import { loadSearchWords, unknownSearchNames } from '../src/i18n/search-words.js';

const statements = collectStatements();
const byKey = new Map(statements.map((s) => [s.key, s.en]));
let problems = 0;
for (const [lang, file] of loadTranslationFiles()) {
  const { missing, stale, leftover } = checkTranslations(statements, file);
  problems += missing.length + stale.length + leftover.length;
  for (const key of missing) console.log(`${lang} missing  ${key}: ${JSON.stringify(byKey.get(key))}`);
  for (const key of stale) console.log(`${lang} stale    ${key}: now ${JSON.stringify(byKey.get(key))}`);
  for (const key of leftover) console.log(`${lang} leftover ${key}`);
  console.log(
    `${lang}: ${Object.keys(file.translations).length} translations, ${missing.length} missing, ${stale.length} stale, ${leftover.length} left over`,
  );
}
// The search words (data/i18n/search/<lang>.json): a name the data no longer has is left over.
const known = searchableNames(loadFactStore());
for (const [lang, words] of loadSearchWords()) {
  const unknown = unknownSearchNames(words, known);
  problems += unknown.length;
  for (const name of unknown) console.log(`${lang} leftover search words for ${JSON.stringify(name)}`);
  console.log(`${lang}: ${words.names.size} names with search words, ${unknown.length} left over`);
}
process.exit(problems > 0 ? 1 : 0);
