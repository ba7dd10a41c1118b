// Pictures for the answers: the capacity chart of one site (/aesc plant) and the map of the sites (/aesc plants),
// rendered to PNG on the server (SVG -> resvg) and sent as message attachments.
//
//   capacityChart(plant, locale)          -> ReplyFile | null   (null: fewer than 2 figures, or no usable font)
//   sitesMap(plants, { region, status }, locale) -> ReplyFile | null   (null: no usable font)
//
// `plants` are the sites the answer lists (already filtered by the caller); `region` zooms the map to that region
// and `status` (a PlantStatus) names the filter in the title. Names are drawn as the Plant objects give them: pass
// `{ ...plant, name: translated }` for a translated name (the cache keys on content, not on the object). Labels,
// numbers and dates follow `locale` (src/render/labels.ts: one table per language, English and Japanese today).
// sitesMap reads data/editors/coordinates.json on first use and throws CoordinatesError (naming file, record and
// field) when it is invalid; test/render/coordinates.test.ts keeps the shipped file valid and complete. Each file is named like `capacity-sunderland.png` /
// `sites-europe.png`, has contentType 'image/png' and a description (alt text, at most 1,024 characters) that
// says what the picture shows. The payload refers to a file as `attachment://<name>`.
//
// Cost: the facts are static, so each picture is rendered once per content and language and then served from a
// bounded in-memory cache (keyed by a hash of what the picture shows, plus the language drawn: "en-GB", "en-US"
// and a locale the bot has no words for all share the English picture). The same ReplyFile object
// is returned on every hit: treat it as read-only. warmUpPictures(plants, locales) renders them all ahead of the
// first reply. Fonts: explicit files (src/render/fonts.ts); Debian fonts-dejavu-core, and for Japanese
// fonts-ipaexfont-gothic (preferred: fast) or fonts-noto-cjk.
import { createHash } from 'node:crypto';
import type { ReplyFile } from '../core/command.js';
import { type Plant, type PlantStatus, REGIONS, type Region } from '../facts/schema.js';
import { currentStatus } from '../facts/store.js';
import { PictureCache } from './cache.js';
import { capacityChartSvg } from './chart.js';
import { fontCatalog, fontsFor } from './fonts.js';
import { type SiteCoordinates, siteCoordinates } from './geo.js';
import { type RenderLabels, renderLabels } from './labels.js';
import { sitesMapSvg } from './map.js';
import { svgToPng } from './png.js';
import type { Families } from './svg.js';

export const DESCRIPTION_MAX = 1024;

export interface Picture extends ReplyFile {
  width: number;
  height: number;
}

const cache = new PictureCache<Picture>();
const chartDigests = new WeakMap<object, string>();
const mapDigests = new WeakMap<object, string>();

/** A hash of what a picture shows of `value`, computed once per object (the facts never change). */
function digest(digests: WeakMap<object, string>, value: object, content: () => unknown): string {
  let d = digests.get(value);
  if (d === undefined) {
    d = createHash('sha256').update(JSON.stringify(content())).digest('base64url').slice(0, 22);
    digests.set(value, d);
  }
  return d;
}

function description(text: string): string {
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1).trimEnd()}…`;
}

/** A file-name-safe slug: "Bowling Green" -> "bowling-green". */
function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'all'
  );
}

function render(
  key: string,
  name: string,
  build: (family: Families) => { svg: string; description: string; text: string } | null,
): Picture | null {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const catalog = fontCatalog();
  // Layout needs the family before the text is known; the text decides which font set is loaded.
  const probeFamily = catalog.latin?.family ?? catalog.cjk?.family ?? 'sans-serif';
  const probe = build({ latin: probeFamily });
  if (probe === null) return null;
  const fonts = fontsFor(probe.text, catalog);
  if (fonts === null) return null;
  const built =
    fonts.family === probeFamily && fonts.cjkFamily === undefined
      ? probe
      : build(fonts.cjkFamily === undefined ? { latin: fonts.family } : { latin: fonts.family, cjk: fonts.cjkFamily });
  if (built === null) return null;
  const { png, width, height } = svgToPng(built.svg, fonts);
  const picture: Picture = {
    name,
    contentType: 'image/png',
    data: png,
    description: description(built.description),
    width,
    height,
  };
  cache.set(key, picture);
  return picture;
}

/** The labels to draw with: the locale's language, or English when that language needs a font this machine lacks. */
function labelsFor(locale: string): RenderLabels {
  const labels = renderLabels(locale);
  return labels.needsCjkFont && fontCatalog().cjk === null ? renderLabels('en-US') : labels;
}

/** The capacity chart of one site, or null when it has fewer than two figures (or no font is usable). */
export function capacityChart(plant: Plant, locale: string): Picture | null {
  if (plant.capacity.length < 2) return null;
  const labels = labelsFor(locale);
  const key = `chart:${digest(chartDigests, plant, () => [plant.id, plant.name, plant.capacity])}:${labels.lang}`;
  return render(key, `capacity-${slug(plant.id)}.png`, (family) => capacityChartSvg(plant, labels, family));
}

export interface SitesMapOptions {
  region?: Region;
  status?: PlantStatus;
}

/** The map of the given sites, zoomed to `region` when set, or null when no font is usable. */
export function sitesMap(
  plants: readonly Plant[],
  opts: SitesMapOptions,
  locale: string,
  coords?: SiteCoordinates,
): Picture | null {
  const coordinates = coords ?? siteCoordinates();
  const parts = plants.map((p) => digest(mapDigests, p, () => [p.id, p.name, currentStatus(p)])).join(',');
  const labels = labelsFor(locale);
  const key = `map:${digest(mapDigests, coordinates, () => coordinates)}:${opts.region ?? '*'}:${opts.status ?? '*'}:${parts}:${labels.lang}`;
  const name = `sites-${opts.region === undefined ? 'world' : slug(opts.region)}${opts.status === undefined ? '' : `-${slug(opts.status)}`}.png`;
  return render(key, name, (family) => sitesMapSvg(plants, opts, coordinates, labels, family));
}

/** Every picture the commands show without a filter: each site's chart, the world map and each region's map. */
function commonPictures(plants: readonly Plant[], locales: readonly string[]): (() => Picture | null)[] {
  const jobs: (() => Picture | null)[] = [];
  for (const locale of locales) {
    for (const p of plants) if (p.capacity.length >= 2) jobs.push(() => capacityChart(p, locale));
    jobs.push(() => sitesMap(plants, {}, locale));
    for (const region of REGIONS) {
      const inRegion = plants.filter((p) => p.region === region);
      jobs.push(() => sitesMap(inRegion, { region }, locale));
    }
  }
  return jobs;
}

/**
 * Renders ahead of the first reply what the commands will ask for: every site's chart and the world and region maps
 * of all sites, in each locale's language. Synchronous (about a second of CPU for everything in two languages);
 * returns how many pictures it made. A bot calls warmUpPicturesInBackground instead.
 */
export function warmUpPictures(plants: readonly Plant[], locales: readonly string[] = ['en-US']): number {
  let made = 0;
  for (const job of commonPictures(plants, locales)) if (job() !== null) made++;
  return made;
}

/**
 * The same, one picture per turn of the event loop (each a few tens of milliseconds), so interactions and gateway
 * heartbeats are served in between. `onError` gets a failure (e.g. a CoordinatesError) once, and the warm-up stops;
 * the pictures are then rendered on demand (and fail the same way there). Resolves with the count made.
 */
export function warmUpPicturesInBackground(
  plants: readonly Plant[],
  locales: readonly string[],
  onError: (err: unknown) => void,
): Promise<number> {
  const jobs = commonPictures(plants, locales);
  let made = 0;
  return new Promise((resolve) => {
    const next = (i: number) => {
      if (i >= jobs.length) return resolve(made);
      try {
        if (jobs[i]?.() != null) made++;
      } catch (err) {
        onError(err);
        return resolve(made);
      }
      setImmediate(() => next(i + 1)).unref();
    };
    setImmediate(() => next(0)).unref();
  });
}

/** Empties the picture cache (tests and benchmarks measure cold renders with it). */
export function clearPictureCache(): void {
  cache.clear();
}

export function pictureCacheStats(): { entries: number; bytes: number } {
  return { entries: cache.size, bytes: cache.totalBytes };
}

export { findFonts, fontCatalog, missingFontMessage } from './fonts.js';
export { CoordinatesError, loadCoordinates, type SiteCoordinates, siteCoordinates } from './geo.js';
