// Every citation in data/ quotes its source verbatim: checked by ../shared/tools/check-quotes.mjs, which
// lives beside the project (not in it). Without ../shared the check is skipped, and says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFactStore } from '../../src/facts/load.js';
import { SOURCE_IDS } from '../../src/facts/schema.js';
import { projectRoot } from '../../src/util/project-root.js';
import { copyData, editJson, indexOfId, removeDataCopies } from './helpers.js';

const ROOT = projectRoot();
const SHARED = resolve(ROOT, '..', 'shared');
const CHECKER = join(SHARED, 'tools', 'check-quotes.mjs');
const hasChecker = existsSync(CHECKER);

if (!hasChecker) {
  console.warn(
    `[citations] SKIPPED: ${CHECKER} is absent (../shared is not beside the project), so quotes are not checked against the sources.`,
  );
}

afterAll(removeDataCopies);

function checkQuotes(dataDir: string) {
  const r = spawnSync(process.execPath, [CHECKER, dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!hasChecker)('citations against ../shared/sources (skipped when ../shared is absent)', () => {
  it('node ../shared/tools/check-quotes.mjs data exits 0: every quote stands in its source', () => {
    const { status, out } = checkQuotes('data');
    expect(status, out).toBe(0);
    expect(out).toMatch(/\b0 failed\b/);
  });

  it('the checker agrees with the store on how often each source is cited', () => {
    const { out } = checkQuotes('data');
    const line = /citations by source: (.*)/.exec(out)?.[1];
    expect(line, out).toBeDefined();
    const store = loadFactStore();
    for (const id of SOURCE_IDS) {
      const n = new RegExp(`\\b${id} (\\d+)`).exec(line ?? '')?.[1];
      expect(Number(n), `${id} in "${line}"`).toBe(store.citationCount(id));
    }
  });

  it('would catch a quote that is not in the source (the check is not vacuous)', () => {
    const dir = copyData();
    editJson(dir, 'plants.json', (d) => {
      d.plants[indexOfId(d.plants, 'zama')].production[0].sources[0].quote =
        'Trial production at Zama began in early 2009.';
    });
    const { status, out } = checkQuotes(dir);
    expect(status).toBe(1);
    expect(out).toContain('early 2009');
  });

  it('the source ids of the schema are those of ../shared/sources/index.json', () => {
    const index = JSON.parse(readFileSync(join(SHARED, 'sources', 'index.json'), 'utf8')) as {
      sources: { id: string }[];
    };
    expect(index.sources.map((s) => s.id).sort()).toEqual([...SOURCE_IDS].sort());
  });
});

describe('citations within the project', () => {
  const store = loadFactStore();

  it('every source has a record in sources.json and is cited at least once', () => {
    expect(store.sources.map((s) => s.id).sort()).toEqual([...SOURCE_IDS].sort());
    for (const id of SOURCE_IDS) expect(store.citationCount(id), id).toBeGreaterThan(0);
  });

  it('the total citation count is every {source, quote} pair in the data files', () => {
    let expected = 0;
    for (const file of [
      'company',
      'customers',
      'history',
      'organisations',
      'people',
      'plants',
      'products',
      'projects',
      'sources',
    ]) {
      const raw = readFileSync(join(ROOT, 'data', `${file}.json`), 'utf8');
      expected += raw.match(/"quote":/g)?.length ?? 0;
    }
    const total = SOURCE_IDS.reduce((n, id) => n + store.citationCount(id), 0);
    expect(total).toBe(expected);
    expect(total).toBeGreaterThan(150);
  });
});
