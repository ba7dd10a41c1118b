// Where the sites are: editors' geography (data/editors/coordinates.json), NOT from the sources, which name
// places but give no coordinates. Every record says so (`"editorial": true`) and carries a note; the map marks
// its locations as the editors'. Validated with zod; problems name the file, the record and the field.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describePath } from '../facts/load.js';
import { projectRoot } from '../util/project-root.js';

const plantId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a plant id such as "zama"');
const note = z.string().trim().min(1, 'must say where the point is and on what it rests');
const editorial = z.literal(true, { error: "must be true: coordinates are editors' geography, not from the sources" });

const Placed = z.strictObject({
  plant: plantId,
  precision: z
    .enum(['city', 'region'])
    .describe('"city": the site\'s city; "region": only the region is known, drawn as approximate'),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  editorial,
  note,
});
const Unplaced = z.strictObject({
  plant: plantId,
  precision: z.literal('unknown').describe('the place cannot be told from the sources: not drawn'),
  editorial,
  note,
});

export const SiteCoordinate = z.discriminatedUnion('precision', [Placed, Unplaced]);
export type SiteCoordinate = z.infer<typeof SiteCoordinate>;

export const CoordinatesFile = z.strictObject({
  $schema: z.string().optional(),
  about: z.string().optional(),
  coordinates: z.array(SiteCoordinate).min(1),
});

export const COORDINATES_FILE = 'data/editors/coordinates.json';

export class CoordinatesError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The site coordinates are invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'CoordinatesError';
  }
}

export interface SiteCoordinates {
  readonly records: readonly SiteCoordinate[];
  readonly byPlant: ReadonlyMap<string, SiteCoordinate>;
}

/** Validates the parsed JSON of the coordinates file; `file` names it in the problems. */
export function parseCoordinates(doc: unknown, file = COORDINATES_FILE): SiteCoordinates {
  const result = CoordinatesFile.safeParse(doc);
  if (!result.success) {
    throw new CoordinatesError(
      result.error.issues.map((i) => `${file}: ${describePath(i.path, doc, 'plant')}: ${i.message}`),
    );
  }
  const byPlant = new Map<string, SiteCoordinate>();
  const problems: string[] = [];
  result.data.coordinates.forEach((c, i) => {
    if (byPlant.has(c.plant)) problems.push(`${file}: coordinates[${i}] (plant "${c.plant}").plant: listed twice`);
    byPlant.set(c.plant, c);
  });
  if (problems.length > 0) throw new CoordinatesError(problems);
  return { records: result.data.coordinates, byPlant };
}

export function loadCoordinates(path = join(projectRoot(), COORDINATES_FILE)): SiteCoordinates {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CoordinatesError([
      `${path}: cannot read it${code === 'ENOENT' ? ' (file not found)' : `: ${(e as Error).message}`}`,
    ]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    throw new CoordinatesError([`${path}: not valid JSON: ${(e as Error).message}`]);
  }
  return parseCoordinates(doc, path);
}

/** Plants the file does not know and records for plants the data does not have: for tests and validate-data. */
export function checkCoordinates(
  coords: SiteCoordinates,
  plantIds: readonly string[],
  file = COORDINATES_FILE,
): string[] {
  const problems: string[] = [];
  const known = new Set(plantIds);
  coords.records.forEach((c, i) => {
    if (!known.has(c.plant))
      problems.push(`${file}: coordinates[${i}] (plant "${c.plant}").plant: no such plant in data/plants.json`);
  });
  for (const id of plantIds) {
    if (!coords.byPlant.has(id))
      problems.push(
        `${file}: plant "${id}" has no record (add one; use "precision": "unknown" when the place is not known)`,
      );
  }
  return problems;
}

let loaded: SiteCoordinates | undefined;

/**
 * Loads `dataDir`'s coordinates file, checks it against the plants, and makes it the one `siteCoordinates()` serves.
 * The bot calls it at start with DATA_DIR (src/facts/load-all.ts). Throws CoordinatesError naming file, record, field.
 */
export function useCoordinates(dataDir: string, plantIds: readonly string[]): SiteCoordinates {
  const path = join(dataDir, 'editors', 'coordinates.json');
  const coords = loadCoordinates(path);
  const problems = checkCoordinates(coords, plantIds, path);
  if (problems.length > 0) throw new CoordinatesError(problems);
  loaded = coords;
  return coords;
}

/** The project's coordinates file, loaded once. Throws CoordinatesError when it is invalid. */
export function siteCoordinates(): SiteCoordinates {
  loaded ??= loadCoordinates();
  return loaded;
}
