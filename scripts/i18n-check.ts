// `npm run i18n:check`: which statements in data/ lack a translation, have changed since they were translated, or
// are translated but gone, per language (data/i18n/<lang>.json). Exit 1 when anything needs doing.
import { checkTranslations, collectStatements, loadTranslationFiles } from '../src/i18n/fact-translations.js';

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
process.exit(problems > 0 ? 1 : 0);
