// What the pictures say, read from their SVG: dates at the source's precision, undated figures in their own column,
// disagreeing figures side by side, units never mixed on one axis, figure kinds told apart by pattern; the map's
// note, its approximate and unplaced sites, and its region views.
import { describe, expect, it } from 'vitest';
import type { Capacity, Plant } from '../../src/facts/schema.js';
import { capacityChartSvg, niceAxis } from '../../src/render/chart.js';
import { parseCoordinates } from '../../src/render/geo.js';
import { renderLabels } from '../../src/render/labels.js';
import { sitesMapSvg } from '../../src/render/map.js';
import { fixtureCoordinates, fixturePlants } from './cases.js';

const en = renderLabels('en-US');
const plants = fixturePlants();
const base = plants.find((p) => p.id === 'douai') as Plant;
const cite = (source: Capacity['sources'][number]['source']) => [{ source, quote: 'a quote of twelve chars' }];

function figure(over: Partial<Capacity>): Capacity {
  return {
    value: 10,
    unit: 'GWh',
    kind: 'planned',
    date: { precision: 'year', year: 2024 },
    text: 'A figure.',
    sources: cite('wikipedia'),
    ...over,
  };
}

const plantWith = (capacity: Capacity[]): Plant => ({ ...base, id: 'test-site', name: 'Test site', capacity });

/** The text of every <text> element, in document order. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
  );
/** x of each figure's bar, by figure index. */
const barX = (svg: string, i: number) => Number(new RegExp(`id="figure-${i}" x="([\\d.]+)"`).exec(svg)?.[1]);

describe('capacity chart', () => {
  it('is not drawn for fewer than two figures', () => {
    expect(capacityChartSvg(plantWith([figure({})]), en, 'DejaVu Sans')).toBeNull();
    expect(capacityChartSvg(plantWith([]), en, 'DejaVu Sans')).toBeNull();
  });

  it('keeps the precision of each date and puts undated figures in a last column of their own', () => {
    const chart = capacityChartSvg(
      plantWith([
        figure({ date: { precision: 'undated', note: 'The interview is undated.' }, sources: cite('flor-interview') }),
        figure({ date: { precision: 'part', year: 2009, part: 'mid' }, kind: 'initial' }),
        figure({ date: { precision: 'year', year: 2030, qualifier: 'by' }, kind: 'target' }),
        figure({ date: { precision: 'year', year: 2009, qualifier: 'circa' } }),
      ]),
      en,
      'DejaVu Sans',
    );
    expect(chart).not.toBeNull();
    const t = texts(chart?.svg ?? '');
    const columns = ['mid-2009', 'c. 2009', 'by 2030', 'Undated'].map((label) => t.indexOf(label));
    expect(columns.every((i) => i >= 0)).toBe(true);
    expect([...columns].sort((a, b) => a - b)).toEqual(columns);
    expect(chart?.svg).not.toMatch(/June|July|2009-0/);
    // The undated figure is drawn right of every dated one.
    const svg = chart?.svg ?? '';
    expect(barX(svg, 0)).toBeGreaterThan(Math.max(barX(svg, 1), barX(svg, 2), barX(svg, 3)));
  });

  it('shows figures that sources disagree on side by side, each with its source, never merged', () => {
    const chart = capacityChartSvg(
      plantWith([
        figure({ value: 30, sources: cite('wikipedia') }),
        figure({ value: 35, sources: cite('flor-interview') }),
      ]),
      en,
      'DejaVu Sans',
    );
    const svg = chart?.svg ?? '';
    expect(barX(svg, 0)).not.toBe(barX(svg, 1));
    const t = texts(svg);
    expect(t).toContain('30');
    expect(t).toContain('35');
    expect(t).not.toContain('65');
    expect(t).toContain('Wikipedia');
    expect(t).toContain('Flor interview');
    expect(chart?.description).toContain('2024: 30 GWh planned (Wikipedia)');
    expect(chart?.description).toContain('2024: 35 GWh planned (Flor interview)');
  });

  it('gives each unit its own axis', () => {
    const chart = capacityChartSvg(
      plantWith([figure({ value: 9, unit: 'GW', kind: 'current' }), figure({ value: 24, unit: 'GWh' })]),
      en,
      'DejaVu Sans',
    );
    const t = texts(chart?.svg ?? '');
    expect(t).toContain('GW');
    expect(t).toContain('GWh');
    expect(chart?.height).toBeGreaterThan(
      capacityChartSvg(plantWith([figure({}), figure({ value: 20 })]), en, 'DejaVu Sans')?.height ?? 0,
    );
  });

  it('tells actual, planned and potential figures apart by pattern, with a legend of the kinds shown', () => {
    const chart = capacityChartSvg(
      plantWith([
        figure({ kind: 'current', value: 3 }),
        figure({ kind: 'planned', value: 9 }),
        figure({ kind: 'option', value: 40 }),
      ]),
      en,
      'DejaVu Sans',
    );
    const svg = chart?.svg ?? '';
    const bar = (i: number) => new RegExp(`<rect id="figure-${i}"[^>]*>`).exec(svg)?.[0] ?? '';
    expect(bar(0)).not.toContain('url(');
    expect(bar(1)).toContain('url(#hatch)');
    expect(bar(2)).toContain('url(#dots)');
    expect(bar(2)).toContain('stroke-dasharray');
    const t = texts(svg);
    expect(t).toContain('Actual: current');
    expect(t).toContain('Planned: planned');
    expect(t).toContain('Potential: option');
  });

  it('keeps its alt text within Discord’s 1,024 characters for many figures', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      figure({ value: i + 1, date: { precision: 'year', year: 2000 + i } }),
    );
    const { capacityChart } = await import('../../src/render/index.js');
    const { fontCatalog } = await import('../../src/render/fonts.js');
    if (fontCatalog().latin === null) return;
    const picture = capacityChart(plantWith(many), 'en-US');
    expect(picture?.description?.length).toBeLessThanOrEqual(1024);
    expect(picture?.description?.endsWith('…')).toBe(true);
  });

  it('cuts a long site name in the title instead of running off the picture', () => {
    const long = { ...plantWith([figure({}), figure({ value: 20 })]), name: 'A very long site name '.repeat(4).trim() };
    const title = texts(capacityChartSvg(long, en, 'DejaVu Sans')?.svg ?? '')[0] ?? '';
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThan(long.name.length);
  });

  it('rounds its axis to readable steps', () => {
    expect(niceAxis(25)).toEqual({ max: 25, step: 5 });
    expect(niceAxis(35)).toEqual({ max: 40, step: 10 });
    expect(niceAxis(65000)).toEqual({ max: 80000, step: 20000 });
    expect(niceAxis(1.8)).toEqual({ max: 2, step: 0.5 });
  });
});

describe('sites map', () => {
  const coords = fixtureCoordinates();

  it('says the locations are the editors’ geography and lists the sites it cannot place', () => {
    const map = sitesMapSvg(plants, {}, coords, en, 'DejaVu Sans');
    const t = texts(map.svg);
    expect(t).toContain("Locations: editors' geography, not from the sources.");
    expect(t.some((s) => s.startsWith('Not on the map') && s.includes('Ibaraki plant'))).toBe(true);
    expect(map.description).toContain('Not on the map: Ibaraki plant');
    // Extremadura is placed by its region only: a dashed ring, and "approximate" in the legend and alt text.
    expect(map.svg).toContain('r="15" fill="none"');
    expect(t).toContain('Approximate (region only)');
    expect(map.description).toContain('Extremadura plant (under construction, approximate)');
  });

  it('colours and shapes each status and counts them in the legend', () => {
    const map = sitesMapSvg(plants, {}, coords, en, 'DejaVu Sans');
    const t = texts(map.svg);
    expect(t).toContain('Halted (1)');
    expect(t).toContain('Under construction (2)');
    // Halted is a cross (two strokes), planned a square: not colour alone.
    expect(map.svg).toMatch(/<rect x="[\d.]+" y="[\d.]+" width="12" height="12"/);
    expect(map.svg).toContain('stroke-linecap="round"');
  });

  it('zooms to the region when filtered, and names the filter', () => {
    const europe = plants.filter((p) => p.region === 'Europe');
    const world = sitesMapSvg(europe, {}, coords, en, 'DejaVu Sans');
    const zoomed = sitesMapSvg(europe, { region: 'Europe', status: 'operating' }, coords, en, 'DejaVu Sans');
    expect(texts(zoomed.svg)[0]).toBe('AESC sites in Europe: operating');
    // Sunderland and Douai are ~700 km apart: a few pixels on the world map, far apart on the Europe map.
    // The two operating sites' markers (the legend's marker comes after them).
    const pos = (svg: string) =>
      [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="6.5"/g)]
        .map((m) => [Number(m[1]), Number(m[2])])
        .slice(0, 2);
    const spread = (svg: string) => {
      const [a, b] = pos(svg);
      return Math.hypot((a?.[0] ?? 0) - (b?.[0] ?? 0), (a?.[1] ?? 0) - (b?.[1] ?? 0));
    };
    expect(spread(zoomed.svg)).toBeGreaterThan(3 * spread(world.svg));
    for (const [x, y] of pos(zoomed.svg)) {
      expect(x).toBeGreaterThan(16);
      expect(x).toBeLessThan(944);
      expect(y).toBeGreaterThan(56);
      expect(y).toBeLessThan(480);
    }
  });

  it('draws a site without a coordinate record as not on the map, and says when nothing matches', () => {
    const none = parseCoordinates({
      coordinates: [{ plant: 'zama', precision: 'unknown', editorial: true, note: 'a test record' }],
    });
    const map = sitesMapSvg(plants.slice(0, 3), { region: 'Japan' }, none, en, 'DejaVu Sans');
    expect(texts(map.svg)).toContain('No sites match.');
    expect(map.description).toContain('No sites.');
    for (const p of plants.slice(0, 3)) expect(map.description).toContain(p.name);
  });
});
