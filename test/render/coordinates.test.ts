// data/editors/coordinates.json: editors' geography, every record marked so, one per plant, validated with zod;
// problems name the file, the record and the field.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFactStore } from '../../src/facts/load.js';
import {
  COORDINATES_FILE,
  CoordinatesError,
  checkCoordinates,
  loadCoordinates,
  parseCoordinates,
} from '../../src/render/geo.js';
import { projectRoot } from '../../src/util/project-root.js';

const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof CoordinatesError) return e.problems;
    throw e;
  }
  return [];
};

describe('the coordinates file', () => {
  const coords = loadCoordinates();

  it('has exactly one record for each plant in the data', () => {
    const ids = loadFactStore().plants.map((p) => p.id);
    expect(checkCoordinates(coords, ids)).toEqual([]);
  });

  it('marks every record as editorial, with a note, and quotes no source', () => {
    for (const r of coords.records) {
      expect(r.editorial).toBe(true);
      expect(r.note.length).toBeGreaterThan(10);
    }
    const raw = readFileSync(join(projectRoot(), COORDINATES_FILE), 'utf8');
    expect(raw).not.toMatch(/"sources"|"quote"/);
  });

  it('places sites by city, by region only when the sources name no city, and not at all when unknown', () => {
    expect(coords.byPlant.get('ibaraki')?.precision).toBe('unknown');
    expect(coords.byPlant.get('extremadura')?.precision).toBe('region');
    expect(coords.byPlant.get('sunderland')?.precision).toBe('city');
  });
});

describe('validation', () => {
  const good = { plant: 'douai', precision: 'city', lat: 50.37, lon: 3.08, editorial: true, note: 'The town.' };

  it('names the file, the record and the field', () => {
    const problems = problemsOf(() =>
      parseCoordinates({ coordinates: [good, { ...good, plant: 'zama', lat: 135 }] }, 'coords.json'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^coords\.json: coordinates\[1\] \(plant "zama"\)\.lat: /);
  });

  it('refuses a record not marked as editorial, one without a note, a duplicate and unknown fields', () => {
    expect(problemsOf(() => parseCoordinates({ coordinates: [{ ...good, editorial: false }] }))[0]).toMatch(
      /coordinates\[0\] \(plant "douai"\)\.editorial: must be true/,
    );
    expect(problemsOf(() => parseCoordinates({ coordinates: [{ ...good, note: ' ' }] }))[0]).toMatch(/\.note: /);
    expect(problemsOf(() => parseCoordinates({ coordinates: [good, good] }))[0]).toMatch(
      /coordinates\[1\] \(plant "douai"\)\.plant: listed twice/,
    );
    expect(problemsOf(() => parseCoordinates({ coordinates: [{ ...good, sources: [] }] }))[0]).toMatch(
      /coordinates\[0\] \(plant "douai"\)/,
    );
    // An unknown place has no coordinates to give.
    expect(
      problemsOf(() =>
        parseCoordinates({
          coordinates: [{ plant: 'ibaraki', precision: 'unknown', lat: 1, lon: 2, editorial: true, note: 'x' }],
        }),
      ).length,
    ).toBeGreaterThan(0);
  });

  it('says when the file is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-coords-'));
    expect(problemsOf(() => loadCoordinates(join(dir, 'none.json')))[0]).toMatch(
      /none\.json: cannot read it \(file not found\)/,
    );
    writeFileSync(join(dir, 'bad.json'), '{ "coordinates": [ ');
    expect(problemsOf(() => loadCoordinates(join(dir, 'bad.json')))[0]).toMatch(/bad\.json: not valid JSON/);
  });

  it('reports plants without a record and records of unknown plants', () => {
    const coords = parseCoordinates({ coordinates: [good] });
    expect(checkCoordinates(coords, ['zama'])).toEqual([
      `${COORDINATES_FILE}: coordinates[0] (plant "douai").plant: no such plant in data/plants.json`,
      `${COORDINATES_FILE}: plant "zama" has no record (add one; use "precision": "unknown" when the place is not known)`,
    ]);
  });
});
