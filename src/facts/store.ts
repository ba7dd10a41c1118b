// The typed, synchronous, in-memory fact store every command answers from. Built once from validated
// data (see load.ts); every index is computed in the constructor, so queries never touch the disk.
import { formatFactDate, type LocalDate, sortKey } from './dates.js';
import { type OnThisDateEntry, OnThisDateIndex } from './on-this-date.js';
import { PlantIndex, type PlantMatch } from './plant-search.js';
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
  REGIONS,
  type Region,
  type SourceDoc,
  type SourceId,
  type Topic,
} from './schema.js';
import { type SearchDocument, type SearchHit, TextIndex } from './text-search.js';

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

  private readonly plantIndex: PlantIndex;
  private readonly plantById: Map<string, Plant>;
  private readonly orgById: Map<string, Organisation>;
  private readonly personById: Map<string, Person>;
  private readonly sourceById: Map<SourceId, SourceDoc>;
  private readonly eventById: Map<string, HistoryEvent>;
  private readonly yearCounts: readonly { year: number; count: number }[];
  private readonly onThisDateIndex: OnThisDateIndex;
  private readonly textIndex: TextIndex;
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

    this.plantIndex = new PlantIndex(this.plants);
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
    this.textIndex = new TextIndex(this.searchDocuments());
    this.citationsBySource = countCitations(files);
  }

  // ---- plants ---------------------------------------------------------------------------------

  /** By id, name or alias, ignoring case, accents and punctuation. */
  plant(nameOrId: string): Plant | undefined {
    return this.plantIndex.get(nameOrId);
  }

  plantWithId(id: string): Plant | undefined {
    return this.plantById.get(id);
  }

  /** Ranked search for autocomplete: exact, prefix, word/substring, fuzzy; at most `limit` (25). */
  searchPlants(query: string, limit = 25): PlantMatch[] {
    return this.plantIndex.search(query, limit);
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

  /** Full-text search across every record. */
  search(query: string, limit = 10): SearchHit[] {
    return this.textIndex.search(query, limit);
  }

  private searchDocuments(): SearchDocument[] {
    const c = this.company;
    const docs: SearchDocument[] = [];
    for (const p of this.plants) {
      docs.push({
        kind: 'plant',
        id: p.id,
        title: p.name,
        body: p.location.text,
        sources: cite(...plantStatements(p).map((x) => x.sources)),
        keywords: [...p.aliases, p.country, p.region, ...p.keywords, ...plantStatements(p).map((x) => x.text)].join(
          ' ',
        ),
      });
    }
    for (const e of this.events) {
      docs.push({
        kind: 'event',
        id: e.id,
        title: e.title,
        sources: cite(e.sources),
        body: `${e.date.precision === 'undated' ? 'Undated' : formatFactDate(e.date)}: ${e.text}`,
        keywords: e.topics.join(' '),
      });
    }
    docs.push({
      kind: 'company',
      id: 'profile',
      title: c.name,
      body: c.summary.text,
      sources: cite(c.summary.sources, ...c.names.map((n) => n.sources), ...c.founding.map((f) => f.sources)),
      keywords: [
        ...c.names.map((n) => n.name),
        c.industry.text,
        c.headquarters.city,
        c.headquarters.country,
        c.footprint.text,
        ...c.products.map((p) => p.text),
        ...c.founding.map((f) => f.text),
        `capital ${c.capital.amount}`,
      ].join(' '),
    });
    for (const k of c.keyFigures) {
      docs.push({ kind: 'figure', id: k.id, title: k.label, body: k.value, sources: cite(k.sources) });
    }
    for (const k of c.claims) {
      docs.push({ kind: 'figure', id: k.id, title: 'Safety record (a claim)', body: k.text, sources: cite(k.sources) });
    }
    c.trivia.forEach((t, i) => {
      docs.push({ kind: 'company', id: `trivia-${i}`, title: 'About AESC', body: t.text, sources: cite(t.sources) });
    });
    for (const cu of this.customers) {
      docs.push({
        kind: 'customer',
        id: cu.id,
        sources: cite(...cu.statements.map((x) => x.sources)),
        title: this.organisation(cu.organisation).name,
        body: cu.statements.map((s) => s.text).join(' '),
      });
    }
    for (const p of this.products) {
      docs.push({
        kind: 'product',
        id: p.id,
        sources: cite(p.description.sources, ...p.specifications.map((x) => x.sources)),
        title: p.name,
        body: p.description.text,
        keywords: p.specifications.map((s) => `${s.label} ${s.value}`).join(' '),
      });
    }
    for (const o of this.organisations) {
      docs.push({
        kind: 'organisation',
        id: o.id,
        title: o.name,
        body: o.description,
        keywords: o.aliases.join(' '),
        sources: cite(o.sources),
      });
    }
    for (const p of this.people) {
      docs.push({ kind: 'person', id: p.id, title: p.name, body: p.role, sources: cite(p.sources) });
    }
    for (const s of this.sources) {
      docs.push({
        kind: 'source',
        id: s.id,
        sources: [s.id],
        title: s.title,
        body: s.contributes,
        keywords: `${s.publisher} ${s.kind} ${s.author ?? ''}`,
      });
    }
    return docs;
  }
}

/** The distinct source ids of some citations, in first-seen order. */
function cite(...groups: readonly (readonly { source: SourceId }[])[]): SourceId[] {
  const ids = new Set<SourceId>();
  for (const g of groups) for (const c of g) ids.add(c.source);
  return [...ids];
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
