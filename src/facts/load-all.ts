// Everything the bot reads from the data folder at start, checked before it serves anything: the facts (load.ts),
// their translations (data/i18n/) and the editors' coordinates (data/editors/). One error type and one message for
// all three, so a broken file of any kind stops the bot with the file, the record and the field.
import { TranslationError, useFactTranslations } from '../i18n/fact-translations.js';
import { SearchWordsError, useSearchWords } from '../i18n/search-words.js';
import { CoordinatesError, useCoordinates } from '../render/geo.js';
import { DataError, defaultDataDir, loadFactStore } from './load.js';
import type { FactStore } from './store.js';

export function loadAllData(dataDir: string = defaultDataDir()): FactStore {
  const store = loadFactStore(dataDir);
  try {
    useFactTranslations(dataDir);
    useSearchWords(dataDir); // data/i18n/search/: what other languages type for places and aliases
    useCoordinates(
      dataDir,
      store.plants.map((p) => p.id),
    );
  } catch (err) {
    if (err instanceof TranslationError) throw new DataError([err.message]);
    if (err instanceof SearchWordsError) throw new DataError([err.message]);
    if (err instanceof CoordinatesError) throw new DataError(err.problems);
    throw err;
  }
  return store;
}
