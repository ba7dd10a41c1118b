// JSON Schema for each data file, generated from the zod schemas (the one definition), so an editor
// validates facts as they are typed. `npm run schema` writes them to data/schema/; a test fails when stale.
import { z } from 'zod';
import { DATA_FILES, type DataFileName } from './schema.js';

export function schemaFileName(dataFile: DataFileName): string {
  return dataFile.replace(/\.json$/, '.schema.json');
}

/** File name in data/schema/ -> its JSON text. */
export function generateJsonSchemas(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, schema] of Object.entries(DATA_FILES) as [DataFileName, z.ZodType][]) {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
    out.set(schemaFileName(name), `${JSON.stringify({ ...json, title: `aesc-bot ${name}` }, null, 2)}\n`);
  }
  return out;
}
