// The typed, synchronous, in-memory fact store every command answers from. Built once from validated
// data (see load.ts); every index is computed in the constructor, so queries never touch the disk.
import type { Lang } from '../i18n/catalogue.js';
import { type LocalDate, sortKey } from './dates.js';
import { type LocalNames, localNames } from './local-names.js';
import { type OnThisDateEntry, OnThisDateIndex } from './on-this-date.js';
import { PlantIndex, type PlantMatch } from './plant-search.js';
import { type PlantResolution, PlantResolver } from './resolve-plant.js';
import {
  type Citation,
  type Company,
  type Customer,
  type DataFiles,
  type HistoryEvent,
  type Organisation,
  type Person,
  type Plant,
  type PlantStatus,
  type Product,
  type Project,
  REGIONS,
  type Region,
  type SourceDoc,
  type SourceId,
  type Topic,
} from './schema.js';
import { type SearchAnswer, SearchAnswerer } from './search-answer.js';
import { searchDocuments } from './search-documents.js';
import { translatedDocuments } from './search-local.js';
import { type SearchHit, TextIndex } from './text-search.js';

export interface TimelineQuery {
  year?: number;
  topic?: Topic;
  /** Inclusive year range. */
  from?: number;
  to?: number;
  /** Undated events come last when included; default false. */
  includeUndated?: boolean;
  order?: 'oldest' | 'newest';
}

export interface PlantFilter {
  region?: Region;
  country?: string;
  status?: PlantStatus;
}

/**
 * The status a plant has now, as far as the sources tell: the last status statement that is more than
 * a bare listing ("listed"), or "listed" when there is nothing more. Statuses are kept in the data in
 * chronological order as far as the sources allow.
 */
export function currentStatus(plant: Plant): PlantStatus {
  for (let i = plant.statuses.length - 1; i >= 0; i--) {
    const s = plant.statuses[i];
    if (s !== undefined && s.status !== 'listed') return s.status;
  }
  return 'listed';
}

/** The status statement `currentStatus` rests on (its text, date and sources), or undefined when only listed. */
export function currentStatusStatement(plant: Plant): Plant['statuses'][number] | undefined {
  for (let i = plant.statuses.length - 1; i >= 0; i--) {
    const s = plant.statuses[i];
    if (s !== undefined && s.status !== 'listed') return s;
  }
  return undefined;
}

/** Every cited statement a plant record makes (location, what it makes, statuses, figures, notes...). */
export function plantStatements(plant: Plant): { text: string; sources: readonly Citation[] }[] {
  return [
    plant.location,
    ...plant.makes,
    ...plant.statuses,
    ...plant.production,
    ...plant.capacity,
    ...plant.customers,
    ...plant.investment,
    ...plant.jobs,
    ...plant.notes,
  ];
}

export class FactStore {
  readonly company: Company;
  /** In display order: by region (Japan, China, Europe, USA), then as listed in the data. */
  readonly plants: readonly Plant[];
  /** Chronological; undated events last. */
  readonly events: readonly HistoryEvent[];
  readonly organisations: readonly Organisation[];
  readonly people: readonly Person[];
  readonly customers: readonly Customer[];
  readonly products: readonly Product[];
  readonly sources: readonly SourceDoc[];
  /** Projects the sources describe (the Kanagawa EV project, Project Better Place's trials). */
  readonly projects: readonly Project[];

  /**
   * Built on the first plant lookup, not at load: the names in other languages come from the translations, which
   * src/facts/load-all.ts loads after the store (from the same data folder).
   */
  private plantCache: { index: PlantIndex; resolver: PlantResolver; names: LocalNames } | undefined;
  private readonly projectById: Map<string, Project>;
  private readonly plantById: Map<string, Plant>;
  private readonly orgById: Map<string, Organisation>;
  private readonly personById: Map<string, Person>;
  private readonly sourceById: Map<SourceId, SourceDoc>;
  private readonly eventById: Map<string, HistoryEvent>;
  private readonly yearCounts: readonly { year: number; count: number }[];
  private readonly onThisDateIndex: OnThisDateIndex;
  /** Built on the first search, not at load: it is the costliest index and only /aesc search needs it. */
  private searchCache: { text: TextIndex; answerer: SearchAnswerer } | undefined;
  private readonly citationsBySource: Map<SourceId, number>;

  constructor(files: DataFiles) {
    this.company = files['company.json'].company;
    const regionOrder = (p: Plant) => REGIONS.indexOf(p.region);
    this.plants = files['plants.json'].plants
      .map((p, i) => ({ p, i }))
      .sort((a, b) => regionOrder(a.p) - regionOrder(b.p) || a.i - b.i)
      .map(({ p }) => p);
    this.events = files['history.json'].events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => sortKey(a.e.date) - sortKey(b.e.date) || a.i - b.i)
      .map(({ e }) => e);
    this.organisations = files['organisations.json'].organisations;
    this.people = files['people.json'].people;
    this.customers = files['customers.json'].customers;
    this.products = files['products.json'].products;
    this.sources = files['sources.json'].sources;
    this.projects = files['projects.json'].projects;
    this.projectById = new Map(this.projects.map((p) => [p.id, p]));

    this.plantById = new Map(this.plants.map((p) => [p.id, p]));
    this.orgById = new Map(this.organisations.map((o) => [o.id, o]));
    this.personById = new Map(this.people.map((p) => [p.id, p]));
    this.sourceById = new Map(this.sources.map((s) => [s.id, s]));
    this.eventById = new Map(this.events.map((e) => [e.id, e]));

    const counts = new Map<number, number>();
    for (const e of this.events) {
      if (e.date.precision !== 'undated') counts.set(e.date.year, (counts.get(e.date.year) ?? 0) + 1);
    }
    this.yearCounts = [...counts].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year);
    this.onThisDateIndex = new OnThisDateIndex(this.events);
    this.citationsBySource = countCitations(files);
  }

  // ---- plants ---------------------------------------------------------------------------------

  /** By id, name or alias, ignoring case, accents and punctuation. */
  plant(nameOrId: string): Plant | undefined {
    return this.plantIndexes().index.get(nameOrId);
  }

  plantWithId(id: string): Plant | undefined {
    return this.plantById.get(id);
  }

  /** Ranked search for autocomplete: exact, prefix, word/substring, fuzzy; at most `limit` (25). */
  searchPlants(query: string, limit = 25): PlantMatch[] {
    return this.plantIndexes().index.search(query, limit);
  }

  /**
   * What a submitted plant name means: one site (saying what matched: name, alias, a place with only that
   * site, or the one close match such as a typo), the sites of a country, region, subdivision or city, or
   * none with the closest suggestions. For /aesc plant.
   */
  resolvePlant(query: string): PlantResolution {
    return this.plantIndexes().resolver.resolve(query);
  }

  /** The plant index and resolver, with every language's names, built once on first use (well under 1 ms). */
  private plantIndexes(): { index: PlantIndex; resolver: PlantResolver; names: LocalNames } {
    if (this.plantCache === undefined) {
      const names = localNames();
      const index = new PlantIndex(this.plants, names);
      this.plantCache = { index, resolver: new PlantResolver(this.plants, index, names), names };
    }
    return this.plantCache;
  }

  plantsBy(filter: PlantFilter = {}): Plant[] {
    const country = filter.country?.toLowerCase();
    return this.plants.filter(
      (p) =>
        (filter.region === undefined || p.region === filter.region) &&
        (country === undefined || p.country.toLowerCase() === country) &&
        (filter.status === undefined || currentStatus(p) === filter.status),
    );
  }

  // ---- history --------------------------------------------------------------------------------

  event(id: string): HistoryEvent | undefined {
    return this.eventById.get(id);
  }

  timeline(query: TimelineQuery = {}): HistoryEvent[] {
    const out = this.events.filter((e) => {
      if (e.date.precision === 'undated') {
        return (
          query.includeUndated === true &&
          query.year === undefined &&
          query.from === undefined &&
          query.to === undefined &&
          (query.topic === undefined || e.topics.includes(query.topic))
        );
      }
      const y = e.date.year;
      return (
        (query.year === undefined || y === query.year) &&
        (query.from === undefined || y >= query.from) &&
        (query.to === undefined || y <= query.to) &&
        (query.topic === undefined || e.topics.includes(query.topic))
      );
    });
    if (query.order === 'newest') {
      const dated = out.filter((e) => e.date.precision !== 'undated').reverse();
      return [...dated, ...out.filter((e) => e.date.precision === 'undated')];
    }
    return out;
  }

  /** The years that have dated events, with how many, oldest first. */
  years(): readonly { year: number; count: number }[] {
    return this.yearCounts;
  }

  /** Every ownership event (agreements, shareholdings, sales announced, cancelled, completed), oldest first, undated last. */
  ownershipTimeline(): HistoryEvent[] {
    return this.events.filter((e) => e.ownership !== undefined);
  }

  currentOwners(): {
    organisation: Organisation;
    stake: string | undefined;
    text: string;
    sources: Company['owners'][number]['sources'];
  }[] {
    return this.company.owners.map((o) => ({
      organisation: this.organisation(o.organisation),
      stake: o.stake,
      text: o.text,
      sources: o.sources,
    }));
  }

  /** The entry for a local calendar date (the one /aesc today and the daily post use). */
  onThisDate(date: LocalDate): OnThisDateEntry | null {
    return this.onThisDateIndex.select(date);
  }

  // ---- the rest -------------------------------------------------------------------------------

  organisation(id: string): Organisation {
    const o = this.orgById.get(id);
    if (o === undefined) throw new Error(`unknown organisation "${id}" (the loader checks references)`);
    return o;
  }

  person(id: string): Person | undefined {
    return this.personById.get(id);
  }

  source(id: SourceId): SourceDoc {
    const s = this.sourceById.get(id);
    if (s === undefined) throw new Error(`unknown source "${id}" (the loader checks references)`);
    return s;
  }

  /** How many citations in the data quote each source. */
  citationCount(id: SourceId): number {
    return this.citationsBySource.get(id) ?? 0;
  }

  /** Customers with the plants that serve them (from the customer record and the plants' own customer lists). */
  customersWithPlants(): { customer: Customer; organisation: Organisation; plants: Plant[] }[] {
    return this.customers.map((customer) => {
      const ids = new Set(customer.plants);
      for (const p of this.plants) if (p.customers.some((c) => c.customer === customer.id)) ids.add(p.id);
      const plants = this.plants.filter((p) => ids.has(p.id));
      return { customer, organisation: this.organisation(customer.organisation), plants };
    });
  }

  project(id: string): Project | undefined {
    return this.projectById.get(id);
  }

  /** Full-text search across every record: relevance only (BM25, prefix and typo-tolerant words). */
  search(query: string, limit = 10): SearchHit[] {
    return this.searchIndexes().text.search(query, { limit });
  }

  /**
   * /aesc search: the records the query names, the question it asks, and the ranked facts. A Japanese query is
   * understood whatever `lang` is; `lang` (the reader's language) also lets that language's index see its
   * Latin-script words.
   */
  searchAnswer(query: string, limit = 50, lang?: Lang): SearchAnswer {
    return this.searchIndexes().answerer.answer(query, limit, lang);
  }

  /** The full-text index and the search answerer, built once on first use (a few ms; see bench/facts.ts). */
  searchIndexes(): { text: TextIndex; answerer: SearchAnswerer } {
    if (this.searchCache === undefined) {
      const { index, names } = this.plantIndexes();
      const docs = searchDocuments(this);
      const text = new TextIndex(docs, translatedDocuments(docs, names));
      this.searchCache = { text, answerer: new SearchAnswerer(this, text, index, names) };
    }
    return this.searchCache;
  }
}

function countCitations(files: DataFiles): Map<SourceId, number> {
  const counts = new Map<SourceId, number>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
    } else if (node !== null && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.source === 'string' && typeof o.quote === 'string') {
        const id = o.source as SourceId;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(files);
  return counts;
}
