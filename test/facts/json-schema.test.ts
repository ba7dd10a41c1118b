// data/schema/*.schema.json are generated from the zod schemas (npm run schema); they must not go stale,
// and every data file must point its editor at its own schema.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateJsonSchemas, schemaFileName } from '../../src/facts/json-schema.js';
import { DATA_FILES, type DataFileName } from '../../src/facts/schema.js';
import { copyData, DATA_DIR, removeDataCopies } from './helpers.js';

const SCHEMA_DIR = join(DATA_DIR, 'schema');
const dataFiles = Object.keys(DATA_FILES) as DataFileName[];
const generated = generateJsonSchemas();

afterAll(removeDataCopies);

/** Fails, saying what to run, when `dir/file` is missing or differs from the generated schema. */
function expectFresh(dir: string, file: string): void {
  const path = join(dir, file);
  expect(existsSync(path), `data/schema/${file} is missing: run \`npm run schema\``).toBe(true);
  const onDisk = readFileSync(path, 'utf8');
  expect(onDisk, `data/schema/${file} is stale: run \`npm run schema\` and commit the result`).toBe(
    generated.get(file),
  );
}

describe('generated JSON Schema', () => {
  it('has one schema per data file, and data/schema/ holds exactly those', () => {
    expect([...generated.keys()].sort()).toEqual(dataFiles.map(schemaFileName).sort());
    const onDisk = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'));
    expect(onDisk.sort(), 'extra or missing files in data/schema/: run `npm run schema`').toEqual(
      [...generated.keys()].sort(),
    );
  });

  it.each(dataFiles.map(schemaFileName))(
    'data/schema/%s equals the schema generated from src/facts/schema.ts',
    (file) => {
      expectFresh(SCHEMA_DIR, file);
    },
  );

  it('a stale schema file fails with a message telling to run `npm run schema`', () => {
    const dir = join(copyData(), 'schema');
    const file = 'plants.schema.json';
    const stale = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    stale.additionalProperties = true;
    writeFileSync(join(dir, file), `${JSON.stringify(stale, null, 2)}\n`);
    expect(() => expectFresh(dir, file)).toThrow(/data\/schema\/plants\.schema\.json is stale: run `npm run schema`/);
    rmSync(join(dir, file));
    expect(() => expectFresh(dir, file)).toThrow(/data\/schema\/plants\.schema\.json is missing: run `npm run schema`/);
    expect(() => expectFresh(dir, 'people.schema.json')).not.toThrow();
  });

  it('is deterministic (the same text on every run, so the staleness check is fair)', () => {
    expect(generateJsonSchemas()).toEqual(generated);
  });

  it('describes the data: strict objects, the precision union, and the source ids', () => {
    const plants = JSON.parse(generated.get('plants.schema.json') ?? '{}');
    expect(plants.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(plants.title).toBe('aesc-bot plants.json');
    expect(plants.additionalProperties).toBe(false);
    const text = generated.get('history.schema.json') ?? '';
    for (const precision of ['day', 'month', 'part', 'year', 'undated']) expect(text).toContain(`"${precision}"`);
    for (const source of ['wikipedia', 'electrek', 'flor-interview', 'nec-jv-report']) {
      expect(text).toContain(`"${source}"`);
    }
  });
});

describe('$schema of each data file', () => {
  it.each(dataFiles)('%s points at its own schema file, which exists', (file) => {
    const doc = JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')) as { $schema?: unknown };
    expect(doc.$schema).toBe(`./schema/${schemaFileName(file)}`);
    const target = resolve(dirname(join(DATA_DIR, file)), String(doc.$schema));
    expect(target).toBe(join(SCHEMA_DIR, schemaFileName(file)));
    expect(existsSync(target)).toBe(true);
  });
});
