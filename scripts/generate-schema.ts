// Writes data/schema/*.schema.json from the zod schemas in src/facts/schema.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJsonSchemas } from '../src/facts/json-schema.js';
import { defaultDataDir } from '../src/facts/load.js';

const dir = join(defaultDataDir(), 'schema');
mkdirSync(dir, { recursive: true });
for (const [file, text] of generateJsonSchemas()) {
  writeFileSync(join(dir, file), text);
  console.log(`wrote ${join('data/schema', file)}`);
}
