// The map of the sites: country outlines from `world-atlas` (Natural Earth, 110m for the world, 50m when zoomed to
// a region), projected with d3-geo into SVG paths; each site a marker coloured AND shaped by its status, labelled
// where there is room; a legend; and the note that the locations are the editors' geography, not the sources'.
import { createRequire } from 'node:module';
import { type GeoPermissibleObjects, type GeoProjection, geoMercator, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Plant, PlantStatus, Region } from '../facts/schema.js';
import { PLANT_STATUSES } from '../facts/schema.js';
import { currentStatus } from '../facts/store.js';
import { STATUS_COLOR } from '../present/style.js';
import type { SiteCoordinates } from './geo.js';
import type { RenderLabels } from './labels.js';
import { approxWidth, type Families, fitText, n, svgDocument, text } from './svg.js';

export const MAP_WIDTH = 960;
const MAP_TOP = 56;
const MAP_BOTTOM = 480;
const PAD = 16;

const OCEAN = '#eaf2f8';
const LAND = '#f7f5ef';
const BORDER = '#c9c4b5';
const INK = '#1b1f24';
const MUTED = '#57606a';

type Shape = 'circle' | 'diamond' | 'triangle' | 'square' | 'cross' | 'ring';

/** A shape per status, so the status can be told without its colour (the colours are the cards' STATUS_COLOR). */
export const STATUS_SHAPE: Record<PlantStatus, Shape> = {
  operating: 'circle',
  'production-started': 'diamond',
  'trial-production': 'diamond',
  'under-construction': 'triangle',
  planned: 'square',
  halted: 'cross',
  listed: 'ring',
};

function statusStyle(status: PlantStatus): { color: string; shape: Shape } {
  const color = STATUS_COLOR[status] ?? STATUS_COLOR.listed;
  return { color: `#${color.toString(16).padStart(6, '0')}`, shape: STATUS_SHAPE[status] ?? 'ring' };
}

/** What each region view shows (editors' framing of the map, not facts): [west, south, east, north]. */
const REGION_BOX: Record<Region, [number, number, number, number]> = {
  Japan: [128.5, 30.5, 146, 45.8],
  China: [73, 18, 135, 53.5],
  Europe: [-11, 35.5, 31, 60.5],
  USA: [-125, 24, -66, 49.5],
};

interface Atlas {
  land: GeoPermissibleObjects;
  borders: GeoPermissibleObjects;
}

const require = createRequire(import.meta.url);
const atlases = new Map<string, Atlas>();

function atlas(scale: '110m' | '50m'): Atlas {
  let a = atlases.get(scale);
  if (a === undefined) {
    const topo = require(`world-atlas/countries-${scale}.json`) as Topology<{
      countries: GeometryCollection;
      land: GeometryCollection;
    }>;
    a = {
      land: feature(topo, topo.objects.land) as GeoPermissibleObjects,
      borders: mesh(topo, topo.objects.countries, (x, y) => x !== y) as GeoPermissibleObjects,
    };
    atlases.set(scale, a);
  }
  return a;
}

const basemaps = new Map<string, string>();

/** Forgets the projected outlines (benchmarks measure a render without them). */
export function clearBasemaps(): void {
  basemaps.clear();
}

/** The outlines of one view (its projection follows from the view key), projected once and kept. */
function basemap(view: string, projection: GeoProjection, world: boolean): string {
  let svg = basemaps.get(view);
  if (svg === undefined) {
    const outlines = atlas(world ? '110m' : '50m');
    const path = geoPath(projection).digits(1);
    svg = [
      `<rect x="${PAD}" y="${MAP_TOP}" width="${MAP_WIDTH - 2 * PAD}" height="${MAP_BOTTOM - MAP_TOP}" fill="${world ? '#ffffff' : OCEAN}"/>`,
      world ? `<path d="${path({ type: 'Sphere' }) ?? ''}" fill="${OCEAN}"/>` : '',
      `<path d="${path(outlines.land) ?? ''}" fill="${LAND}" stroke="${BORDER}" stroke-width="0.8"/>`,
      `<path d="${path(outlines.borders) ?? ''}" fill="none" stroke="${BORDER}" stroke-width="0.6"/>`,
    ].join('');
    // A handful of views exist (the world, four regions, a region widened for an outlying site): bounded anyway.
    if (basemaps.size >= 16) basemaps.clear();
    basemaps.set(view, svg);
  }
  return svg;
}

function marker(x: number, y: number, status: PlantStatus, approximate: boolean): string {
  const { color, shape } = statusStyle(status);
  const s = 'stroke="#ffffff" stroke-width="1.5"';
  let m: string;
  switch (shape) {
    case 'circle':
      m = `<circle cx="${n(x)}" cy="${n(y)}" r="6.5" fill="${color}" ${s}/>`;
      break;
    case 'diamond':
      m = `<path d="M${n(x)} ${n(y - 8)}L${n(x + 8)} ${n(y)}L${n(x)} ${n(y + 8)}L${n(x - 8)} ${n(y)}Z" fill="${color}" ${s}/>`;
      break;
    case 'triangle':
      m = `<path d="M${n(x)} ${n(y - 8)}L${n(x + 8)} ${n(y + 6)}L${n(x - 8)} ${n(y + 6)}Z" fill="${color}" ${s}/>`;
      break;
    case 'square':
      m = `<rect x="${n(x - 6)}" y="${n(y - 6)}" width="12" height="12" fill="${color}" ${s}/>`;
      break;
    case 'cross':
      m = `<path d="M${n(x - 6)} ${n(y - 6)}L${n(x + 6)} ${n(y + 6)}M${n(x + 6)} ${n(y - 6)}L${n(x - 6)} ${n(y + 6)}" stroke="#ffffff" stroke-width="6" stroke-linecap="round"/><path d="M${n(x - 6)} ${n(y - 6)}L${n(x + 6)} ${n(y + 6)}M${n(x + 6)} ${n(y - 6)}L${n(x - 6)} ${n(y + 6)}" stroke="${color}" stroke-width="3.5" stroke-linecap="round"/>`;
      break;
    case 'ring':
      m = `<circle cx="${n(x)}" cy="${n(y)}" r="6" fill="#ffffff" stroke="${color}" stroke-width="3"/>`;
      break;
  }
  const halo = approximate
    ? `<circle cx="${n(x)}" cy="${n(y)}" r="15" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="3 3"/>`
    : '';
  return halo + m;
}

/** Pushes markers closer than `gap` pixels apart (a few rounds of pairwise repulsion); deterministic. */
function spreadApart(points: { x: number; y: number }[], gap: number): void {
  for (let round = 0; round < 30; round++) {
    let moved = false;
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const a = points[i] as { x: number; y: number };
        const b = points[j] as { x: number; y: number };
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= gap) continue;
        if (d < 0.01) {
          dx = 1;
          dy = 0;
          d = 1;
        }
        const push = (gap - d) / 2 + 0.1;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) return;
  }
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export interface MapSvg {
  svg: string;
  width: number;
  height: number;
  description: string;
  text: string;
}

export interface MapOptions {
  region?: Region;
  status?: PlantStatus;
}

export function sitesMapSvg(
  plants: readonly Plant[],
  opts: MapOptions,
  coords: SiteCoordinates,
  labels: RenderLabels,
  family: string | Families,
): MapSvg {
  const drawn: string[] = [];
  const t = (x: number, y: number, s: string, o: Omit<Parameters<typeof text>[3], 'family'>) => {
    drawn.push(s);
    return text(x, y, s, { ...o, family });
  };
  const extent: [[number, number], [number, number]] = [
    [PAD, MAP_TOP],
    [MAP_WIDTH - PAD, MAP_BOTTOM],
  ];

  const placed: { plant: Plant; lon: number; lat: number; approximate: boolean; status: PlantStatus }[] = [];
  const notPlaced: Plant[] = [];
  for (const plant of plants) {
    const c = coords.byPlant.get(plant.id);
    if (c === undefined || c.precision === 'unknown') notPlaced.push(plant);
    else
      placed.push({
        plant,
        lon: c.lon,
        lat: c.lat,
        approximate: c.precision === 'region',
        status: currentStatus(plant),
      });
  }

  let projection: GeoProjection;
  let view: string;
  if (opts.region === undefined) {
    projection = geoNaturalEarth1().fitExtent(extent, { type: 'Sphere' });
    view = 'world';
  } else {
    let [w, s, e, nn] = REGION_BOX[opts.region];
    for (const p of placed) {
      w = Math.min(w, p.lon - 2);
      e = Math.max(e, p.lon + 2);
      s = Math.min(s, p.lat - 2);
      nn = Math.max(nn, p.lat + 2);
    }
    const box = {
      type: 'MultiPoint' as const,
      coordinates: [
        [w, s],
        [e, nn],
        [w, nn],
        [e, s],
        [(w + e) / 2, s],
        [(w + e) / 2, nn],
      ],
    };
    projection = geoMercator().fitExtent(extent, box).clipExtent(extent);
    view = `${opts.region}:${[w, s, e, nn].join(',')}`;
  }
  const parts: string[] = [basemap(view, projection, opts.region === undefined)];
  const title = labels.mapTitle(
    opts.region === undefined ? undefined : labels.region[opts.region],
    opts.status === undefined ? undefined : labels.status[opts.status],
  );
  parts.push(t(PAD, 36, fitText(title, 22 * 1.15, MAP_WIDTH - 2 * PAD), { size: 22, weight: 'bold' }));

  // Markers, then labels placed greedily where they do not cover a marker or another label.
  const points = placed
    .map((p) => {
      const xy = projection([p.lon, p.lat]);
      return xy === null ? null : { ...p, x: xy[0], y: xy[1], x0: xy[0], y0: xy[1] };
    })
    .filter((p): p is NonNullable<typeof p> => p !== null);
  spreadApart(points, 18);
  for (const p of points) {
    // A marker moved off its point for legibility keeps a thin line to where it belongs.
    if (Math.hypot(p.x - p.x0, p.y - p.y0) > 1) {
      parts.push(
        `<line x1="${n(p.x0)}" y1="${n(p.y0)}" x2="${n(p.x)}" y2="${n(p.y)}" stroke="${INK}" stroke-width="1"/>`,
      );
      parts.push(`<circle cx="${n(p.x0)}" cy="${n(p.y0)}" r="2" fill="${INK}"/>`);
    }
  }
  const taken: Box[] = points.map((p) => {
    const r = p.approximate ? 16 : 9;
    return { x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r };
  });
  const labelParts: string[] = [];
  const size = 13;
  // Sites from north to south, so stacked labels read in map order.
  for (const p of [...points].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const name = labels.siteName(p.plant.name);
    const w = approxWidth(name, size) + 4;
    const h = size + 4;
    const candidates: { x: number; y: number; anchor: 'start' | 'end' | 'middle'; lead: boolean }[] = [];
    const off = p.approximate ? 19 : 12;
    // Beside the marker, then just above or below it, then further up or down with a leader line.
    candidates.push({ x: p.x + off, y: p.y, anchor: 'start', lead: false });
    candidates.push({ x: p.x - off, y: p.y, anchor: 'end', lead: false });
    candidates.push({ x: p.x, y: p.y - off - 6, anchor: 'middle', lead: false });
    candidates.push({ x: p.x, y: p.y + off + 6, anchor: 'middle', lead: false });
    for (const dy of [-18, 18, -36, 36, -54, 54]) {
      candidates.push({ x: p.x + off, y: p.y + dy, anchor: 'start', lead: true });
      candidates.push({ x: p.x - off, y: p.y + dy, anchor: 'end', lead: true });
    }
    for (const c of candidates) {
      const left = c.anchor === 'start' ? c.x : c.anchor === 'end' ? c.x - w : c.x - w / 2;
      const box: Box = { x: left, y: c.y - h / 2, w, h };
      const inside =
        box.x >= PAD && box.x + box.w <= MAP_WIDTH - PAD && box.y >= MAP_TOP && box.y + box.h <= MAP_BOTTOM;
      if (!inside || taken.some((b) => overlaps(b, box))) continue;
      taken.push(box);
      if (c.lead) {
        labelParts.push(
          `<line x1="${n(p.x)}" y1="${n(p.y)}" x2="${n(c.x + (c.anchor === 'start' ? -2 : 2))}" y2="${n(c.y)}" stroke="${MUTED}" stroke-width="1"/>`,
        );
      }
      labelParts.push(t(c.x, c.y + size * 0.35, name, { size, anchor: c.anchor, halo: true }));
      break;
    }
  }
  for (const p of points) parts.push(marker(p.x, p.y, p.status, p.approximate));
  parts.push(...labelParts);
  if (points.length === 0) {
    parts.push(
      t(MAP_WIDTH / 2, (MAP_TOP + MAP_BOTTOM) / 2, labels.noSites, {
        size: 18,
        anchor: 'middle',
        fill: MUTED,
        halo: true,
      }),
    );
  }

  // Legend: the statuses shown, with their marker; the approximate ring when used. Wraps onto a second row.
  const items: { draw: (x: number, y: number) => string; label: string }[] = [];
  for (const s of PLANT_STATUSES) {
    const count = points.filter((p) => p.status === s).length;
    if (count === 0) continue;
    items.push({ draw: (x, y) => marker(x, y, s, false), label: `${labels.status[s]} (${labels.number(count)})` });
  }
  if (points.some((p) => p.approximate)) {
    items.push({
      draw: (x, y) =>
        `<circle cx="${n(x)}" cy="${n(y)}" r="8" fill="none" stroke="${MUTED}" stroke-width="1.5" stroke-dasharray="3 3"/>`,
      label: labels.approximate,
    });
  }
  let lx = PAD + 8;
  let ly = MAP_BOTTOM + 28;
  for (const item of items) {
    const w = 22 + approxWidth(item.label, 13) + 20;
    if (lx > PAD + 8 && lx + w > MAP_WIDTH - PAD) {
      lx = PAD + 8;
      ly += 24;
    }
    parts.push(item.draw(lx + 8, ly - 5));
    parts.push(t(lx + 22, ly, item.label, { size: 13 }));
    lx += w;
  }
  parts.push(t(PAD + 8, ly + 30, labels.mapNote, { size: 14, weight: 'bold', fill: INK }));
  if (notPlaced.length > 0) {
    const line = labels.notPlaced(notPlaced.map((p) => labels.siteName(p.name)).join(labels.listSeparator));
    parts.push(t(PAD + 8, ly + 54, fitText(line, 13, MAP_WIDTH - 2 * PAD - 16), { size: 13, fill: MUTED }));
  }

  const height = Math.ceil(ly + (notPlaced.length > 0 ? 54 : 30) + 18);
  const description = labels.mapAlt(
    title,
    points.map((p) => labels.siteAlt(labels.siteName(p.plant.name), labels.status[p.status], p.approximate)),
    notPlaced.map((p) => labels.siteName(p.name)),
  );
  return {
    svg: svgDocument(MAP_WIDTH, height, parts.join('')),
    width: MAP_WIDTH,
    height,
    description,
    text: drawn.join('\n'),
  };
}
