// The pictures compared against reference PNGs in test/render/reference/ (regenerate on purpose with
// `npm run render-references`). They are drawn from a snapshot of the plant data (fixtures/plants.json) so
// that the references change only when the drawing changes; the live data is tested separately.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plant } from '../../src/facts/schema.js';
import { loadCoordinates } from '../../src/render/geo.js';
import { capacityChart, type Picture, type SiteCoordinates, sitesMap } from '../../src/render/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const REFERENCE_DIR = join(here, 'reference');

/**
 * The snapshot is read as it is, not through the live schema, so that the schema can grow without breaking the
 * references; the pictures read only names, regions, statuses and capacity figures.
 */
export function fixturePlants(): Plant[] {
  const doc = JSON.parse(readFileSync(join(here, 'fixtures', 'plants.json'), 'utf8')) as { plants: Plant[] };
  return doc.plants;
}

export function fixtureCoordinates(): SiteCoordinates {
  return loadCoordinates(join(here, 'fixtures', 'coordinates.json'));
}

export interface PictureCase {
  /** The reference file under test/render/reference/. */
  file: string;
  render(): Picture | null;
}

export function pictureCases(): PictureCase[] {
  const plants = fixturePlants();
  const coords = fixtureCoordinates();
  const plant = (id: string) => {
    const p = plants.find((x) => x.id === id);
    if (p === undefined) throw new Error(`fixture plant ${id} missing`);
    return p;
  };
  const chart = (id: string): PictureCase => ({
    file: `capacity-${id}.png`,
    render: () => capacityChart(plant(id), 'en-US'),
  });
  return [
    chart('sunderland'),
    chart('douai'),
    chart('bowling-green'),
    chart('zama'),
    { file: 'sites-world.png', render: () => sitesMap(plants, {}, 'en-US', coords) },
    {
      file: 'sites-europe.png',
      render: () =>
        sitesMap(
          plants.filter((p) => p.region === 'Europe'),
          { region: 'Europe' },
          'en-US',
          coords,
        ),
    },
    {
      file: 'sites-japan.png',
      render: () =>
        sitesMap(
          plants.filter((p) => p.region === 'Japan'),
          { region: 'Japan' },
          'en-US',
          coords,
        ),
    },
    {
      file: 'sites-usa-under-construction.png',
      render: () =>
        sitesMap(
          plants.filter((p) => p.region === 'USA' && p.statuses.at(-1)?.status === 'under-construction'),
          { region: 'USA', status: 'under-construction' },
          'en-US',
          coords,
        ),
    },
  ];
}
