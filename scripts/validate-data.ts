// Validates data/ the way the bot does at start (schema, cross-references, translations, coordinates), without
// Discord. Exit 0 when valid, 1 with one line per problem otherwise.

import { DataError } from '../src/facts/load.js';
import { loadAllData } from '../src/facts/load-all.js';

try {
  const store = loadAllData(process.argv[2]);
  console.log(
    `data OK: ${store.plants.length} plants, ${store.events.length} events, ${store.customers.length} customers, ${store.organisations.length} organisations`,
  );
} catch (e) {
  if (e instanceof DataError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
