// The capacity chart of one site: every capacity figure as its own bar, placed in a column for its date as the
// source gives it ("mid-2009", "by 2030"; never a guessed month), undated figures in their own column at the end.
// Figures of different units get their own panels (GW is not GWh). Bars are told apart by pattern as well as
// colour: solid for actual, hatched for planned, dotted outline for potential. Each bar is labelled with its
// figure, its kind and its source; figures that sources disagree on stand side by side, never merged.
import { sortKey } from '../facts/dates.js';
import type { Capacity, Plant, SourceId } from '../facts/schema.js';
import { CAPACITY_CLASS, type CapacityClass, type RenderLabels } from './labels.js';
import { approxWidth, type Families, fitText, n, svgDocument, text } from './svg.js';

export const CHART_WIDTH = 960;
const PANEL_HEIGHT = 300;
const MARGIN_LEFT = 80;
const MARGIN_RIGHT = 24;
const HEADER = 78;
const FOOTER = 64;

const INK = '#1b1f24';
const MUTED = '#57606a';
const GRID = '#d8dee4';
const BLUE = '#1f5f99';

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
  description: string;
  /** Every string drawn, for choosing fonts. */
  text: string;
}

interface Column {
  key: string;
  label: string;
  order: number;
  undated: boolean;
}

function columnsOf(
  figures: readonly Capacity[],
  labels: RenderLabels,
): { columns: Column[]; of: (c: Capacity) => Column } {
  const byKey = new Map<string, Column>();
  figures.forEach((c, i) => {
    const undated = c.date.precision === 'undated';
    const key = undated ? 'undated' : JSON.stringify(c.date);
    if (!byKey.has(key)) {
      byKey.set(key, { key, label: labels.date(c.date), order: i, undated });
    }
  });
  const yearOf = (col: Column) => {
    const first = figures.find(
      (c) => (c.date.precision === 'undated' ? 'undated' : JSON.stringify(c.date)) === col.key,
    );
    return first === undefined ? Number.MAX_SAFE_INTEGER : sortKey(first.date);
  };
  // By year; within a year in the order of the data (the sources' narrative order), since "2018" cannot be put
  // before or after "August 2018" from the dates alone. Undated last.
  const columns = [...byKey.values()].sort((a, b) => yearOf(a) - yearOf(b) || a.order - b.order);
  return {
    columns,
    of: (c) => byKey.get(c.date.precision === 'undated' ? 'undated' : JSON.stringify(c.date)) as Column,
  };
}

/** A round axis: a step of 1, 2, 2.5 or 5 times a power of ten, and at most 5 steps up to the largest figure. */
export function niceAxis(max: number): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.25 };
  const p = 10 ** Math.floor(Math.log10(max / 5));
  for (const m of [1, 2, 2.5, 5, 10, 20]) {
    const step = m * p;
    const steps = Math.ceil(max / step - 1e-9);
    if (steps <= 5) return { max: steps * step, step };
  }
  return { max: 20 * p * 5, step: 20 * p };
}

function distinctSources(c: Capacity): SourceId[] {
  return [...new Set(c.sources.map((s) => s.source))];
}

const PATTERNS = `<defs>
<pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/><rect width="3.5" height="8" fill="${BLUE}"/></pattern>
<pattern id="dots" width="7" height="7" patternUnits="userSpaceOnUse"><rect width="7" height="7" fill="#ffffff"/><circle cx="3.5" cy="3.5" r="1.4" fill="${BLUE}"/></pattern>
</defs>`;

function bar(x: number, y: number, w: number, h: number, cls: CapacityClass, id?: string): string {
  const r = `${id === undefined ? '' : `id="${id}" `}x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(Math.max(h, 1))}"`;
  switch (cls) {
    case 'actual':
      return `<rect ${r} fill="${BLUE}" stroke="${BLUE}" stroke-width="2"/>`;
    case 'planned':
      return `<rect ${r} fill="url(#hatch)" stroke="${BLUE}" stroke-width="2"/>`;
    case 'potential':
      return `<rect ${r} fill="url(#dots)" stroke="${BLUE}" stroke-width="2" stroke-dasharray="5 3"/>`;
  }
}

/** Null when the site has fewer than two figures: one figure is a sentence, not a chart. */
export function capacityChartSvg(plant: Plant, labels: RenderLabels, family: string | Families): ChartSvg | null {
  const figures = plant.capacity;
  if (figures.length < 2) return null;
  const drawn: string[] = [];
  const t = (x: number, y: number, s: string, o: Omit<Parameters<typeof text>[3], 'family'>) => {
    drawn.push(s);
    return text(x, y, s, { ...o, family });
  };

  const { columns, of } = columnsOf(figures, labels);
  const units = [...new Set(figures.map((c) => c.unit))];
  const height = HEADER + units.length * PANEL_HEIGHT + FOOTER;
  const plotLeft = MARGIN_LEFT;
  const plotWidth = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
  // Each column as wide as the most bars it holds in any panel, so crowded dates get the room.
  const slots = columns.map((col) =>
    Math.max(1, ...units.map((u) => figures.filter((c) => c.unit === u && of(c) === col).length)),
  );
  const totalSlots = slots.reduce((a, b) => a + b, 0);
  const colX: number[] = [];
  let acc = plotLeft;
  for (const s of slots) {
    colX.push(acc);
    acc += (plotWidth * s) / totalSlots;
  }
  const parts: string[] = [PATTERNS];

  // Bold glyphs run wider than the 0.6 em the layout assumes: measure the title at 0.7 em.
  parts.push(
    t(24, 34, fitText(labels.chartTitle(labels.siteName(plant.name)), 22 * 1.15, CHART_WIDTH - 48), {
      size: 22,
      weight: 'bold',
    }),
  );
  parts.push(t(24, 58, fitText(labels.chartSubtitle, 13, CHART_WIDTH - 48), { size: 13, fill: MUTED }));

  units.forEach((unit, pi) => {
    const top = HEADER + pi * PANEL_HEIGHT;
    const inUnit = figures.filter((c) => c.unit === unit);
    // Room above the tallest bar for the labels over it: the figure (14 px), its kind and each source (14 px).
    const lineCount = Math.max(...inUnit.map((c) => 1 + distinctSources(c).length));
    const plotTop = top + 18 + 8 + 16 + lineCount * 14;
    const plotBottom = top + PANEL_HEIGHT - 44;
    const axis = niceAxis(Math.max(...inUnit.map((c) => c.value)));
    const max = axis.max;
    const y = (v: number) => plotBottom - (v / max) * (plotBottom - plotTop);

    // Axis title, grid lines and their values.
    parts.push(t(24, top + 14, labels.unit[unit], { size: 13, weight: 'bold', fill: MUTED }));
    for (let i = 0; i * axis.step <= max + 1e-9; i++) {
      const v = i * axis.step;
      const gy = y(v);
      parts.push(
        `<line x1="${plotLeft}" y1="${n(gy)}" x2="${plotLeft + plotWidth}" y2="${n(gy)}" stroke="${i === 0 ? MUTED : GRID}" stroke-width="1"/>`,
      );
      parts.push(t(plotLeft - 8, gy + 4, labels.number(v), { size: 12, anchor: 'end', fill: MUTED }));
    }

    columns.forEach((col, ci) => {
      const x0 = colX[ci] ?? plotLeft;
      const colWidth = (plotWidth * (slots[ci] ?? 1)) / totalSlots;
      if (col.undated) {
        // The undated column is set apart: shaded, behind a dashed divider.
        parts.push(
          `<rect x="${n(x0 + 2)}" y="${top + 20}" width="${n(colWidth - 4)}" height="${n(plotBottom - top - 20)}" fill="#f3f5f7"/>`,
        );
        if (ci > 0) {
          parts.push(
            `<line x1="${n(x0)}" y1="${top + 20}" x2="${n(x0)}" y2="${n(plotBottom + 30)}" stroke="${MUTED}" stroke-dasharray="4 4"/>`,
          );
        }
      }
      parts.push(
        t(x0 + colWidth / 2, plotBottom + 22, fitText(col.label, 13, colWidth - 8), {
          size: 13,
          anchor: 'middle',
          weight: 'bold',
          fill: col.undated ? MUTED : INK,
        }),
      );
      const here = inUnit.filter((c) => of(c) === col);
      if (here.length === 0) return;
      const slot = Math.min(170, (colWidth - 16) / here.length);
      const barWidth = Math.min(56, slot * 0.6);
      const size = slot >= 90 ? 12 : slot >= 70 ? 11 : 10;
      const start = x0 + (colWidth - slot * here.length) / 2;
      here.forEach((c, i) => {
        const cx = start + slot * i + slot / 2;
        const top = y(c.value);
        parts.push(
          bar(
            cx - barWidth / 2,
            top,
            barWidth,
            plotBottom - top,
            CAPACITY_CLASS[c.kind],
            `figure-${figures.indexOf(c)}`,
          ),
        );
        const sources = distinctSources(c).map((id) => labels.source[id]);
        const lines = [labels.kind[c.kind], ...sources];
        const labelTop = top - 8 - (lines.length * (size + 2) + 2);
        parts.push(
          t(cx, labelTop, fitText(labels.number(c.value), 14, slot - 4), {
            size: 14,
            weight: 'bold',
            anchor: 'middle',
            halo: true,
          }),
        );
        lines.forEach((line, li) => {
          parts.push(
            t(cx, labelTop + (li + 1) * (size + 2) + 2, fitText(line, size, slot - 4), {
              size,
              anchor: 'middle',
              fill: li === 0 ? INK : MUTED,
              halo: true,
            }),
          );
        });
      });
    });
  });

  // Legend: the three kinds of figure, by pattern.
  const ly = height - FOOTER + 20;
  let lx = 24;
  for (const cls of ['actual', 'planned', 'potential'] as const) {
    const kinds = [...new Set(figures.filter((c) => CAPACITY_CLASS[c.kind] === cls).map((c) => labels.kind[c.kind]))];
    if (kinds.length === 0) continue;
    parts.push(bar(lx, ly - 12, 22, 14, cls));
    const label = labels.legendEntry(labels.capacityClass[cls], kinds);
    parts.push(t(lx + 30, ly, label, { size: 13 }));
    lx += 30 + approxWidth(label, 13) + 30;
  }

  const altFigures = columns.flatMap((col) =>
    figures
      .filter((c) => of(c) === col)
      .map((c) =>
        labels.figureAlt(
          col.label,
          `${labels.number(c.value)} ${labels.unit[c.unit]}`,
          labels.kind[c.kind],
          distinctSources(c)
            .map((id) => labels.source[id])
            .join(labels.listSeparator),
        ),
      ),
  );
  return {
    svg: svgDocument(CHART_WIDTH, height, parts.join('')),
    width: CHART_WIDTH,
    height,
    description: labels.chartAlt(labels.siteName(plant.name), altFigures),
    text: drawn.join('\n'),
  };
}
