// The pictures: each one against its reference PNG (with a tolerance, so a change of drawing shows up in review),
// their sizes and alt text, the cache, and the pictures of the live data.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadFactStore } from '../../src/facts/load.js';
import type { Plant } from '../../src/facts/schema.js';
import {
  capacityChart,
  clearPictureCache,
  DESCRIPTION_MAX,
  fontCatalog,
  missingFontMessage,
  pictureCacheStats,
  sitesMap,
  warmUpPictures,
  warmUpPicturesInBackground,
} from '../../src/render/index.js';
import { fixturePlants, pictureCases, REFERENCE_DIR } from './cases.js';
import { decodePng, differingFraction } from './png-diff.js';

const MAX_BYTES = 300 * 1024;
/** At most this fraction of pixels may differ from the reference. */
const TOLERANCE = 0.0025;

const noFont = fontCatalog().latin === null ? missingFontMessage() : null;
if (noFont !== null) console.warn(`test/render/pictures.test.ts skipped: ${noFont}`);

describe.skipIf(noFont !== null)('pictures against their reference PNGs', () => {
  beforeEach(() => clearPictureCache());

  for (const c of pictureCases()) {
    it(`${c.file} matches test/render/reference/${c.file}`, () => {
      const picture = c.render();
      expect(picture).not.toBeNull();
      if (picture === null) return;
      const refPath = join(REFERENCE_DIR, c.file);
      expect(existsSync(refPath), `${refPath} is missing: run npm run render-references`).toBe(true);
      const actual = decodePng(picture.data);
      const reference = decodePng(readFileSync(refPath));
      expect({ width: actual.width, height: actual.height }).toEqual({
        width: reference.width,
        height: reference.height,
      });
      expect({ width: picture.width, height: picture.height }).toEqual({ width: actual.width, height: actual.height });
      expect(picture.data.byteLength).toBeLessThanOrEqual(MAX_BYTES);
      const diff = differingFraction(actual, reference);
      expect(
        diff,
        `${c.file} differs from its reference in ${(diff * 100).toFixed(2)}% of pixels; if the change is meant, run npm run render-references and look at the new PNG`,
      ).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('the comparison catches a changed figure (a bar 10 GWh taller)', () => {
    const plants = fixturePlants();
    const sunderland = plants.find((p) => p.id === 'sunderland') as Plant;
    const changed: Plant = {
      ...sunderland,
      capacity: sunderland.capacity.map((c) => (c.kind === 'potential' ? { ...c, value: c.value + 10 } : c)),
    };
    const picture = capacityChart(changed, 'en-US');
    expect(picture).not.toBeNull();
    const reference = decodePng(readFileSync(join(REFERENCE_DIR, 'capacity-sunderland.png')));
    expect(differingFraction(decodePng((picture as NonNullable<typeof picture>).data), reference)).toBeGreaterThan(
      TOLERANCE,
    );
  });
});

describe.skipIf(noFont !== null)('pictures of the live data', () => {
  const store = loadFactStore();

  it('a chart for every site with two or more figures, none for the others', () => {
    for (const plant of store.plants) {
      const chart = capacityChart(plant, 'en-US');
      if (plant.capacity.length < 2) {
        expect(chart, plant.id).toBeNull();
        continue;
      }
      expect(chart, plant.id).not.toBeNull();
      if (chart === null) continue;
      expect(chart.name).toBe(`capacity-${plant.id}.png`);
      expect(chart.contentType).toBe('image/png');
      expect(chart.width).toBe(960);
      expect(chart.height).toBeGreaterThanOrEqual(400);
      expect(chart.height).toBeLessThanOrEqual(1200);
      expect(chart.data.byteLength).toBeLessThanOrEqual(MAX_BYTES);
      const png = decodePng(chart.data);
      expect({ w: png.width, h: png.height }).toEqual({ w: chart.width, h: chart.height });
      // The alt text names the site and every figure.
      expect(chart.description?.length ?? 0).toBeLessThanOrEqual(DESCRIPTION_MAX);
      expect(chart.description).toContain(plant.name);
      for (const c of plant.capacity)
        expect(chart.description).toContain(`${c.value.toLocaleString('en-US')} ${c.unit}`);
    }
  });

  it('the world map and each region map', () => {
    const world = sitesMap(store.plants, {}, 'en-US');
    expect(world).not.toBeNull();
    expect(world?.name).toBe('sites-world.png');
    expect(world?.data.byteLength).toBeLessThanOrEqual(MAX_BYTES);
    expect(world?.description).toContain("editors' geography, not from the sources");
    for (const region of ['Japan', 'China', 'Europe', 'USA'] as const) {
      const plants = store.plants.filter((p) => p.region === region);
      const map = sitesMap(plants, { region }, 'en-US');
      expect(map?.name).toBe(`sites-${region.toLowerCase()}.png`);
      expect(map?.width).toBe(960);
      expect(map?.data.byteLength).toBeLessThanOrEqual(MAX_BYTES);
      expect((map?.description ?? '').length).toBeLessThanOrEqual(DESCRIPTION_MAX);
      for (const p of plants) expect(map?.description).toContain(p.name);
    }
    const filtered = sitesMap(
      store.plants.filter((p) => p.region === 'USA'),
      { region: 'USA', status: 'halted' },
      'en-US',
    );
    expect(filtered?.name).toBe('sites-usa-halted.png');
    expect(filtered?.description).toContain('AESC sites in USA: halted');
  });
});

describe.skipIf(noFont !== null)('the picture cache', () => {
  beforeEach(() => clearPictureCache());
  const plants = fixturePlants();
  const douai = plants.find((p) => p.id === 'douai') as Plant;

  it('renders once per content and locale, then serves the same file', () => {
    const first = capacityChart(douai, 'en-US');
    expect(pictureCacheStats().entries).toBe(1);
    const again = capacityChart(douai, 'en-US');
    expect(again).toBe(first);
    expect(pictureCacheStats().entries).toBe(1);
    const ja = capacityChart(douai, 'ja');
    expect(ja).not.toBe(first);
    expect(pictureCacheStats().entries).toBe(2);
    // Locales drawn in the same language share the picture: en-GB, and French (no French words yet) in English.
    expect(capacityChart(douai, 'en-GB')).toBe(first);
    expect(capacityChart(douai, 'fr')).toBe(first);
    expect(pictureCacheStats().entries).toBe(2);
    // Another object with the same content is the same picture; changed content is another one.
    expect(capacityChart({ ...douai }, 'en-US')).toBe(first);
    const changed = capacityChart({ ...douai, capacity: douai.capacity.slice(1) }, 'en-US');
    expect(changed).not.toBe(first);
    expect(pictureCacheStats().entries).toBe(3);
  });

  it('a warm-up renders what the commands ask for, so their replies are cache hits', () => {
    const made = warmUpPictures(plants, ['en-US']);
    expect(made).toBe(plants.filter((p) => p.capacity.length >= 2).length + 5);
    const entries = pictureCacheStats().entries;
    expect(entries).toBe(made);
    capacityChart(douai, 'en-US');
    sitesMap(
      plants.filter((p) => p.region === 'USA'),
      { region: 'USA' },
      'en-US',
    );
    expect(pictureCacheStats().entries).toBe(entries);
  });

  it('the background warm-up makes the same pictures between turns of the event loop, and reports a failure', async () => {
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const made = await warmUpPicturesInBackground(plants, ['en-US', 'ja'], (err) => {
      throw err;
    });
    clearInterval(ticker);
    expect(made).toBe(2 * (plants.filter((p) => p.capacity.length >= 2).length + 5));
    expect(pictureCacheStats().entries).toBe(made);
    expect(turns).toBeGreaterThan(0);

    clearPictureCache();
    const errors: unknown[] = [];
    const broken = [{ ...douai, capacity: [null, null] as unknown as Plant['capacity'] }];
    expect(await warmUpPicturesInBackground(broken, ['en-US'], (err) => errors.push(err))).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it('maps are keyed by their sites and filter', () => {
    const a = sitesMap(plants, {}, 'en-US');
    expect(sitesMap(plants, {}, 'en-US')).toBe(a);
    const europe = plants.filter((p) => p.region === 'Europe');
    const b = sitesMap(europe, { region: 'Europe' }, 'en-US');
    expect(b).not.toBe(a);
    expect(sitesMap(europe, { region: 'Europe', status: 'operating' }, 'en-US')).not.toBe(b);
  });
});
