// The documents full-text search indexes: one per entity (a plant, organisation, product, project, person) and
// one per cited fact (each capacity figure, status, event, founding statement...), so a hit shows the fact that
// matched and a question routes to the facts it asks about. Each document also says what it is made of (`said`),
// so that search-local.ts can index it in the other languages.
import type { MessageKey } from '../i18n/catalogue.js';
import { formatFactDate } from './dates.js';
import { placeNames } from './places.js';
import type {
  Citation,
  Company,
  Customer,
  HistoryEvent,
  Organisation,
  Person,
  Plant,
  Product,
  Project,
  SourceDoc,
  SourceId,
} from './schema.js';
import type { EntityRef, FactField, SaidPiece, SearchDocument } from './text-search.js';

export interface SearchableData {
  company: Company;
  plants: readonly Plant[];
  events: readonly HistoryEvent[];
  customers: readonly Customer[];
  products: readonly Product[];
  projects: readonly Project[];
  organisations: readonly Organisation[];
  people: readonly Person[];
  sources: readonly SourceDoc[];
}

/** The distinct source ids of some citations, in first-seen order. */
export function citedSources(...groups: readonly (readonly { source: SourceId }[])[]): SourceId[] {
  const ids = new Set<SourceId>();
  for (const g of groups) for (const c of g) ids.add(c.source);
  return [...ids];
}

/** "Electrek", or "The magazine interview" for a document whose publisher the text does not name. */
function sourceVoice(data: SearchableData, id: SourceId): string {
  const s = data.sources.find((x) => x.id === id);
  if (s === undefined) return id;
  return /^not named/i.test(s.publisher) ? `The ${s.kind}` : s.publisher;
}

const when = (date: Parameters<typeof formatFactDate>[0]) => (date.precision === 'undated' ? '' : formatFactDate(date));

const PLANT_FIELDS: readonly [keyof Plant & string, FactField, string][] = [
  ['statuses', 'status', 'Status'],
  ['production', 'production', 'Production'],
  ['capacity', 'capacity', 'Capacity'],
  ['makes', 'makes', 'Makes'],
  ['customers', 'customers', 'Customers'],
  ['investment', 'investment', 'Investment'],
  ['jobs', 'jobs', 'Jobs'],
  ['notes', 'notes', 'Note'],
];

type CitedText = { text: string; sources: readonly Citation[]; date?: Parameters<typeof formatFactDate>[0] };

const name = (n: string): SaidPiece => ({ name: n });
const message = (key: MessageKey): SaidPiece => ({ message: key });

export function searchDocuments(data: SearchableData): SearchDocument[] {
  const docs: SearchDocument[] = [];
  const orgName = new Map(data.organisations.map((o) => [o.id, o.name]));
  const personName = new Map(data.people.map((p) => [p.id, p.name]));

  for (const p of data.plants) {
    const self: EntityRef = { kind: 'plant', id: p.id };
    const places = [...new Set(placeNames(p).map((x) => x.name))].join(' ');
    docs.push({
      kind: 'plant',
      id: p.id,
      title: p.name,
      body: p.location.text,
      keywords: [...p.aliases, ...p.keywords, places].join(' '),
      sources: citedSources(p.location.sources),
      about: [self],
      entity: self,
      field: 'location',
      said: {
        title: [p.name],
        body: [p.location.text],
        keywords: [...new Set([...p.aliases, ...p.keywords, ...placeNames(p).map((x) => x.name)])].map(name),
      },
    });
    for (const [key, field, label] of PLANT_FIELDS) {
      (p[key] as readonly CitedText[]).forEach((x, i) => {
        const extra =
          key === 'customers'
            ? orgName.get((x as unknown as { customer: string }).customer)
            : key === 'capacity'
              ? 'capacity GWh size'
              : '';
        docs.push({
          kind: 'plant',
          id: `${p.id}/${key}/${i}`,
          title: `${p.name} · ${label}`,
          body: x.text,
          keywords: [p.city ?? '', x.date ? when(x.date) : '', extra ?? ''].join(' '),
          sources: citedSources(x.sources),
          about: [self],
          field,
          said: {
            title: [p.name, message(`search.field.${label}` as MessageKey)],
            body: [x.text, ...(x.date ? [{ date: x.date }] : [])],
            keywords: [
              ...(p.city === undefined ? [] : [name(p.city)]),
              ...(key === 'customers' && extra ? [extra] : []),
            ],
          },
        });
      });
    }
  }

  for (const e of data.events) {
    const field: FactField | undefined = e.topics.includes('founding')
      ? 'founding'
      : e.ownership !== undefined
        ? 'owners'
        : undefined;
    docs.push({
      kind: 'event',
      id: e.id,
      title: e.title,
      body: `${e.date.precision === 'undated' ? 'Undated' : formatFactDate(e.date)}: ${e.text}`,
      keywords: e.topics.join(' '),
      said: {
        title: [e.title],
        body: [{ date: e.date }, e.text],
        keywords: e.topics.map((topic) => message(`topic.${topic}` as MessageKey)),
      },
      sources: citedSources(e.sources),
      about: [
        ...e.plants.map((id) => ({ kind: 'plant' as const, id })),
        ...e.organisations.map((id) => ({ kind: 'organisation' as const, id })),
      ],
      field,
    });
  }

  const c = data.company;
  docs.push({
    kind: 'company',
    id: 'profile',
    title: c.name,
    body: c.summary.text,
    keywords: [...c.names.map((n) => n.name), c.industry.text, ...c.products.map((p) => p.text)].join(' '),
    sources: citedSources(c.summary.sources, ...c.names.map((n) => n.sources)),
    about: [],
    said: {
      title: [c.name],
      body: [c.summary.text],
      keywords: [...c.names.map((n) => name(n.name)), c.industry.text, ...c.products.map((p) => p.text)],
    },
  });
  c.founding.forEach((f, i) => {
    docs.push({
      kind: 'company',
      id: `founding-${i}`,
      title: `Founded ${formatFactDate(f.date)}`,
      body: f.text,
      keywords: 'founded founding established created',
      sources: citedSources(f.sources),
      about: [],
      field: 'founding',
      said: { title: [{ message: 'search.doc.founded', date: f.date }], body: [f.text] },
    });
  });
  docs.push({
    kind: 'company',
    id: 'owners',
    title: 'Who owns AESC',
    body: `${c.owners.map((o) => `${orgName.get(o.organisation) ?? o.organisation}${o.stake ? ` (${o.stake})` : ''}`).join(' and ')}. ${c.owners.map((o) => o.text).join(' ')}`,
    keywords: `owners owned ownership shareholders stake ${c.owners.map((o) => orgName.get(o.organisation)).join(' ')}`,
    sources: citedSources(...c.owners.map((o) => o.sources)),
    about: c.owners.map((o) => ({ kind: 'organisation' as const, id: o.organisation })),
    field: 'owners',
    said: {
      title: [message('search.doc.owners')],
      body: [
        ...c.owners.map((o) => name(orgName.get(o.organisation) ?? o.organisation)),
        ...c.owners.map((o) => o.text),
      ],
    },
  });
  docs.push({
    kind: 'company',
    id: 'headquarters',
    title: 'Headquarters',
    body: `${c.headquarters.city}, ${c.headquarters.country}.`,
    keywords: 'headquarters based head office located',
    sources: citedSources(c.headquarters.sources),
    about: [],
    field: 'headquarters',
    said: {
      title: [message('search.doc.headquarters')],
      body: [name(c.headquarters.city), name(c.headquarters.country)],
    },
  });
  docs.push({
    kind: 'company',
    id: 'capital',
    title: 'Capital at establishment',
    body: `${c.capital.amount}, ${formatFactDate(c.capital.date)}.`,
    keywords: 'capital founded established',
    sources: citedSources(c.capital.sources),
    about: [],
    field: 'founding',
    said: { title: [message('search.doc.capital')], body: [c.capital.amount, { date: c.capital.date }] },
  });
  docs.push({
    kind: 'company',
    id: 'footprint',
    title: 'Where AESC builds',
    body: c.footprint.text,
    sources: citedSources(c.footprint.sources),
    about: [],
    said: { title: [message('search.doc.footprint')], body: [c.footprint.text] },
  });
  for (const k of c.keyFigures) {
    docs.push({
      kind: 'figure',
      id: k.id,
      title: k.label,
      body: `${k.value}${k.date.precision === 'undated' ? '' : ` (${formatFactDate(k.date)})`}.`,
      keywords: /capacity|gwh/i.test(`${k.label} ${k.value}`) ? 'capacity' : '',
      sources: citedSources(k.sources),
      about: [],
      field: /capacity/i.test(k.label) ? 'capacity' : 'figures',
      said: { title: [k.label], body: [k.value, { date: k.date }] },
    });
  }
  for (const k of c.claims) {
    docs.push({
      kind: 'figure',
      id: k.id,
      title: 'Safety record (a claim)',
      body: k.text,
      said: { title: [message('search.doc.safety')], body: [k.text] },
      sources: citedSources(k.sources),
      about: [{ kind: 'person', id: k.attributedTo }],
      field: 'figures',
    });
  }
  for (const a of c.attributed) {
    docs.push({
      kind: 'statement',
      id: a.id,
      title:
        a.saidBy.kind === 'person'
          ? `${personName.get(a.saidBy.id) ?? 'Someone'} says`
          : `${sourceVoice(data, a.saidBy.id)} says`,
      body: a.text,
      said: {
        title: a.saidBy.kind === 'person' ? [name(personName.get(a.saidBy.id) ?? a.saidBy.id)] : [],
        body: [a.text],
      },
      sources: citedSources(a.sources),
      about: a.saidBy.kind === 'person' ? [{ kind: 'person', id: a.saidBy.id }] : [],
    });
  }
  c.trivia.forEach((t, i) => {
    docs.push({
      kind: 'company',
      id: `trivia-${i}`,
      title: 'About AESC',
      body: t.text,
      said: { title: [message('search.doc.about')], body: [t.text] },
      sources: citedSources(t.sources),
      about: [],
    });
  });

  for (const cu of data.customers) {
    const org: EntityRef = { kind: 'organisation', id: cu.organisation };
    cu.statements.forEach((s, i) => {
      docs.push({
        kind: 'customer',
        id: `${cu.id}/${i}`,
        title: `Customer: ${orgName.get(cu.organisation) ?? cu.organisation}`,
        body: s.text,
        keywords: 'customer customers supplies',
        said: {
          title: [message('search.field.Customers'), name(orgName.get(cu.organisation) ?? cu.organisation)],
          body: [s.text],
        },
        sources: citedSources(s.sources),
        about: [org],
        field: 'customers',
      });
    });
  }
  for (const p of data.products) {
    const self: EntityRef = { kind: 'product', id: p.id };
    docs.push({
      kind: 'product',
      id: p.id,
      title: p.name,
      body: p.description.text,
      keywords: p.specifications.map((s) => `${s.label} ${s.value}`).join(' '),
      said: {
        title: [p.name],
        body: [p.description.text],
        keywords: p.specifications.flatMap((s) => [s.label, s.value]),
      },
      sources: citedSources(p.description.sources, ...p.specifications.map((x) => x.sources)),
      about: [self],
      entity: self,
    });
  }
  for (const p of data.projects) {
    const self: EntityRef = { kind: 'project', id: p.id };
    const about = [self, ...p.organisations.map((id) => ({ kind: 'organisation' as const, id }))];
    docs.push({
      kind: 'project',
      id: p.id,
      title: p.name,
      body: p.description.text,
      keywords: [...p.aliases, p.place ?? ''].join(' '),
      said: {
        title: [p.name],
        body: [p.description.text],
        keywords: [...p.aliases.map(name), ...(p.place === undefined ? [] : [p.place])],
      },
      sources: citedSources(p.description.sources),
      about,
      entity: self,
    });
    [...p.milestones, ...p.goals].forEach((m, i) => {
      docs.push({
        kind: 'project',
        id: `${p.id}/${i}`,
        title: p.name,
        body: m.text,
        keywords: p.aliases.join(' '),
        said: { title: [p.name], body: [m.text], keywords: p.aliases.map(name) },
        sources: citedSources(m.sources),
        about,
      });
    });
  }
  for (const o of data.organisations) {
    const self: EntityRef = { kind: 'organisation', id: o.id };
    docs.push({
      kind: 'organisation',
      id: o.id,
      title: o.name,
      body: o.description,
      keywords: [...o.aliases, ...o.roles].join(' '),
      said: { title: [name(o.name)], body: [o.description], keywords: o.aliases.map(name) },
      sources: citedSources(o.sources),
      about: [self],
      entity: self,
    });
  }
  for (const p of data.people) {
    const self: EntityRef = { kind: 'person', id: p.id };
    docs.push({
      kind: 'person',
      id: p.id,
      title: p.name,
      body: p.role,
      said: { title: [name(p.name)], body: [p.role] },
      sources: citedSources(p.sources),
      about: [self],
      entity: self,
    });
  }
  for (const s of data.sources) {
    docs.push({
      kind: 'source',
      id: s.id,
      title: s.title,
      body: s.contributes,
      keywords: `${s.publisher} ${s.kind} ${s.author ?? ''}`,
      said: { title: [s.title], body: [s.contributes], keywords: [s.kind] },
      sources: [s.id],
      about: [],
    });
  }
  return docs;
}
