// Every word the pictures show, in one place per locale, so a translation is one more table. A locale without a
// table (Discord sends BCP 47 tags such as "en-GB", "ja") falls back to its language, then to English.
import { formatFactDate } from '../facts/dates.js';
import type { Capacity, FactDate, PlantStatus, SourceId } from '../facts/schema.js';
import { formatNumber, STATUS_LABEL, sourceShort } from '../present/style.js';

export type CapacityClass = 'actual' | 'planned' | 'potential';

/** How a capacity figure is drawn: what exists, what is planned, what might be. */
export const CAPACITY_CLASS: Record<Capacity['kind'], CapacityClass> = {
  original: 'actual',
  current: 'actual',
  initial: 'planned',
  planned: 'planned',
  target: 'planned',
  expansion: 'planned',
  potential: 'potential',
  option: 'potential',
  // Added by the search helper: a figure whose words leave unclear whether it is a total or an addition.
  unclear: 'planned',
};

export interface RenderLabels {
  locale: string;
  number(value: number): string;
  date(date: FactDate): string;
  source(id: SourceId): string;
  status(status: PlantStatus): string;
  kind(kind: Capacity['kind']): string;
  capacityClass(c: CapacityClass): string;
  /** "Planned: initial, expansion": a class and the kinds of figure the chart shows in it. */
  legendEntry(c: CapacityClass, kinds: string[]): string;
  chartTitle(plant: string): string;
  chartSubtitle: string;
  undated: string;
  /** Axis title for a panel: the unit as the data gives it. */
  unit(unit: Capacity['unit']): string;
  chartAlt(plant: string, figures: string[]): string;
  figureAlt(date: string, value: string, kind: string, sources: string): string;
  mapTitle(region: string | undefined, status: string | undefined): string;
  mapNote: string;
  approximate: string;
  notPlaced(names: string): string;
  noSites: string;
  mapAlt(title: string, sites: string[], notPlaced: string[]): string;
  siteAlt(name: string, status: string, approximate: boolean): string;
  regionName(region: string): string;
}

const EN_KIND: Record<Capacity['kind'], string> = {
  original: 'original',
  current: 'current',
  initial: 'initial',
  planned: 'planned',
  target: 'target',
  expansion: 'expansion',
  potential: 'potential',
  option: 'option',
  unclear: 'as stated, unclear',
};

const EN_CLASS: Record<CapacityClass, string> = {
  actual: 'Actual',
  planned: 'Planned',
  potential: 'Potential',
};

function english(locale: string): RenderLabels {
  return {
    locale,
    number: (v) => formatNumber(v, locale),
    date: (d) => (d.precision === 'undated' ? 'Undated' : formatFactDate(d)),
    source: (id) => sourceShort(id),
    status: (s) => STATUS_LABEL[s],
    kind: (k) => EN_KIND[k],
    capacityClass: (c) => EN_CLASS[c],
    legendEntry: (c, kinds) => `${EN_CLASS[c]}: ${kinds.join(', ')}`,
    chartTitle: (plant) => `${plant}: capacity figures`,
    chartSubtitle: 'One bar per figure, as its source states it; figures are never added up or merged.',
    undated: 'Undated',
    unit: (u) => u,
    chartAlt: (plant, figures) =>
      `Bar chart of the capacity figures the sources give for ${plant}, one bar per figure, by date: ${figures.join('; ')}.`,
    figureAlt: (date, value, kind, sources) => `${date}: ${value} ${kind} (${sources})`,
    mapTitle: (region, status) => {
      const where = region === undefined ? 'AESC sites' : `AESC sites in ${region}`;
      return status === undefined ? where : `${where}: ${status.toLowerCase()}`;
    },
    mapNote: "Locations: editors' geography, not from the sources.",
    approximate: 'Approximate (region only)',
    notPlaced: (names) => `Not on the map (location not known): ${names}`,
    noSites: 'No sites match.',
    mapAlt: (title, sites, notPlaced) =>
      `Map: ${title}. ${sites.length > 0 ? `${sites.join('; ')}.` : 'No sites.'}${
        notPlaced.length > 0 ? ` Not on the map: ${notPlaced.join(', ')}.` : ''
      } Locations are the editors' geography, not from the sources.`,
    siteAlt: (name, status, approximate) => `${name} (${status.toLowerCase()}${approximate ? ', approximate' : ''})`,
    regionName: (region) => region,
  };
}

const TABLES: Record<string, (locale: string) => RenderLabels> = { en: english };

/** The labels for a Discord locale ("en-US", "ja", ...); English when there is no table for it. */
export function renderLabels(locale: string): RenderLabels {
  const make = TABLES[locale] ?? TABLES[locale.split('-')[0] ?? ''] ?? english;
  return make(locale);
}

/** Adds a table (the i18n work registers its languages here). */
export function registerRenderLabels(language: string, make: (locale: string) => RenderLabels): void {
  TABLES[language] = make;
}
