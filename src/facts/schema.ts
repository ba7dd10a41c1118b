// The one definition of the fact data: zod schemas, from which the TypeScript types are inferred
// and the JSON Schema files in data/schema/ are generated (npm run schema).
import { z } from 'zod';

/** Source ids, as in ../shared/sources/index.json and data/sources.json. */
export const SOURCE_IDS = ['wikipedia', 'electrek', 'flor-interview', 'nec-jv-report'] as const;
export const SourceId = z.enum(SOURCE_IDS);
export type SourceId = z.infer<typeof SourceId>;

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug such as "zama" or "sale-to-envision"');
const text = z.string().trim().min(1, 'must not be empty');

/** A verbatim excerpt of a source document: checked against the text by ../shared/tools/check-quotes.mjs. */
export const Citation = z.strictObject({
  source: SourceId,
  quote: z.string().min(12, 'a quote must be at least 12 characters so it can be checked against the source'),
});
export type Citation = z.infer<typeof Citation>;
const sources = z.array(Citation).min(1, 'every fact needs at least one citation');

// ---- dates that keep the precision the source gives -------------------------------------------

export const YEAR_PARTS = ['early', 'mid', 'late'] as const;
const year = z.int().min(1990).max(2100);
const qualifier = z
  .enum(['circa', 'by'])
  .optional()
  .describe('"circa": the source says "c."; "by": a target or deadline ("by 2030")');

export const FactDate = z.discriminatedUnion('precision', [
  z.strictObject({
    precision: z.literal('day'),
    year,
    month: z.int().min(1).max(12),
    day: z.int().min(1).max(31),
    qualifier,
  }),
  z.strictObject({ precision: z.literal('month'), year, month: z.int().min(1).max(12), qualifier }),
  z.strictObject({ precision: z.literal('part'), year, part: z.enum(YEAR_PARTS), qualifier }),
  z.strictObject({ precision: z.literal('year'), year, qualifier }),
  z.strictObject({
    precision: z.literal('undated'),
    note: text.describe('why there is no date, e.g. "the article is undated"'),
    asOf: SourceId.optional().describe(
      'the statement speaks of the time of this (undated) source: "currently" in the interview means when the interview was given',
    ),
  }),
]);
export type FactDate = z.infer<typeof FactDate>;

/** A sentence in our words, backed by citations. */
export const Statement = z.strictObject({ text, sources });
export type Statement = z.infer<typeof Statement>;

// ---- sources ------------------------------------------------------------------------------------

/** Editors' reasoning about when an undated document speaks from: not from the sources, and marked so. */
export const EditorsDating = z.strictObject({
  editorial: z.literal(true).describe("always true: this is the editors' reasoning, not a statement of the sources"),
  about: year.describe('the year the document speaks from, roughly'),
  reasoning: text.describe("the editors' reasoning, in our words"),
  sources: sources.describe('the words of the document the reasoning rests on'),
});
export type EditorsDating = z.infer<typeof EditorsDating>;

export const SourceDoc = z.strictObject({
  id: SourceId,
  title: text,
  publisher: text,
  kind: text,
  author: text.optional(),
  url: z
    .url({ protocol: /^https$/ })
    .optional()
    .describe("the document's address, only where the source text itself makes it certain"),
  dated: text.describe('what the document says of its own date'),
  editorsDating: EditorsDating.optional(),
  contributes: text.describe('what the bot takes from it'),
  sources,
});
export type SourceDoc = z.infer<typeof SourceDoc>;

// ---- organisations and people -------------------------------------------------------------------

export const OrganisationRole = z.enum([
  'owner',
  'former-owner',
  'founding-partner',
  'prospective-buyer',
  'customer',
  'competitor',
  'partner',
]);
export const Organisation = z.strictObject({
  id,
  name: text,
  aliases: z.array(text).default([]),
  roles: z.array(OrganisationRole).min(1),
  description: text,
  sources,
});
export type Organisation = z.infer<typeof Organisation>;

export const Person = z.strictObject({
  id,
  name: text,
  role: text,
  organisation: id.describe('organisation id, or "aesc"'),
  sources,
});
export type Person = z.infer<typeof Person>;

// ---- the company --------------------------------------------------------------------------------

export const KeyFigure = z.strictObject({
  id,
  label: text,
  value: text.describe('the figure as the source gives it, e.g. "over one million"'),
  date: FactDate,
  attributedTo: id.optional().describe("person id when the figure is someone's statement"),
  sources,
});
export type KeyFigure = z.infer<typeof KeyFigure>;

/** Who made a statement we report but do not make ourselves: a person, or a source document in its own voice. */
export const SaidBy = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), id: id.describe('person id') }),
  z.strictObject({ kind: z.literal('source'), id: SourceId }),
]);
export type SaidBy = z.infer<typeof SaidBy>;

export const AttributedStatement = z.strictObject({
  id,
  text: text.describe('in our words, naming who says it: "According to Electrek, …", "Knudt Flor says …"'),
  saidBy: SaidBy,
  date: FactDate,
  sources,
});
export type AttributedStatement = z.infer<typeof AttributedStatement>;

export const Company = z.strictObject({
  id: z.literal('aesc'),
  name: text,
  names: z.array(z.strictObject({ name: text, kind: z.enum(['legal', 'short', 'group', 'brand']), sources })).min(1),
  founding: z.array(z.strictObject({ date: FactDate, text, sources })).min(1),
  headquarters: z.strictObject({ city: text, country: text, sources }),
  industry: Statement,
  summary: Statement,
  products: z.array(Statement).min(1),
  footprint: Statement.describe('where the company builds manufacturing capability'),
  capital: z.strictObject({ amount: text, date: FactDate, sources }),
  keyFigures: z.array(KeyFigure),
  claims: z.array(z.strictObject({ id, text, attributedTo: id, sources })),
  owners: z.array(
    z.strictObject({
      organisation: id,
      stake: text.optional().describe('as the source gives it'),
      text,
      sources,
    }),
  ),
  trivia: z.array(Statement),
  attributed: z
    .array(AttributedStatement)
    .default([])
    .describe('statements the sources attribute to someone (or make in their own voice), never stated as ours'),
});
export type Company = z.infer<typeof Company>;

// ---- plants and sites ---------------------------------------------------------------------------

export const REGIONS = ['Japan', 'China', 'Europe', 'USA'] as const;
export const Region = z.enum(REGIONS);
export type Region = z.infer<typeof Region>;

export const PLANT_STATUSES = [
  'operating',
  'production-started',
  'trial-production',
  'under-construction',
  'planned',
  'halted',
  'listed',
] as const;
export const PlantStatus = z.enum(PLANT_STATUSES);
export type PlantStatus = z.infer<typeof PlantStatus>;

export const CapacityUnit = z.enum(['GWh', 'GW', 'battery units per year', 'vehicles per year']);
export const Capacity = z.strictObject({
  value: z.number().positive().max(1_000_000),
  unit: CapacityUnit,
  kind: z
    .enum(['original', 'current', 'initial', 'planned', 'target', 'potential', 'option', 'expansion', 'unclear'])
    .describe(
      '"target": a total to be reached; "expansion": an addition; "unclear": the source\'s words do not say which (show them, never compute a total)',
    ),
  date: FactDate,
  text,
  sources,
});
export type Capacity = z.infer<typeof Capacity>;

export const Plant = z.strictObject({
  id,
  name: text.max(80),
  aliases: z.array(text.max(80)).describe('names people type that mean only this site (unique across plants)'),
  keywords: z
    .array(text.max(80))
    .default([])
    .describe('search words that may be shared by several sites, e.g. "Kanagawa"'),
  region: Region,
  country: text,
  subdivision: text.optional().describe('state, prefecture or province, as the sources name it'),
  city: text.optional(),
  location: Statement,
  geography: z
    .strictObject({ editorial: z.literal(true), note: text })
    .optional()
    .describe('plain geography added by the editors (not from the sources), marked as such'),
  disambiguation: z
    .strictObject({
      editorial: z.literal(true),
      note: text.describe("the editors' words"),
      context: z.array(Citation).default([]).describe('where the sources name the thing it is not to be confused with'),
    })
    .optional()
    .describe("an editors' note telling this site apart from something of a similar name (not from the sources)"),
  related: z
    .array(id)
    .default([])
    .describe("editors' cross-reference: ids of other records at the same place (e.g. Sunderland's plant and Giga 1)"),
  makes: z.array(Statement),
  statuses: z.array(z.strictObject({ status: PlantStatus, date: FactDate, text, sources })).min(1),
  production: z.array(
    z.strictObject({ kind: z.enum(['trial', 'start', 'planned-start']), date: FactDate, text, sources }),
  ),
  capacity: z.array(Capacity),
  customers: z.array(z.strictObject({ customer: id, text, sources })),
  investment: z.array(z.strictObject({ amount: text, date: FactDate, text, sources })),
  jobs: z.array(z.strictObject({ count: z.int().positive(), date: FactDate, text, sources })),
  notes: z.array(Statement),
});
export type Plant = z.infer<typeof Plant>;

// ---- history ------------------------------------------------------------------------------------

export const TOPICS = ['founding', 'ownership', 'production', 'plants', 'investment', 'customers', 'market'] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

export const OWNERSHIP_KINDS = [
  'agreement',
  'shareholding',
  'sale-decided',
  'sale-reported',
  'sale-announced',
  'sale-cancelled',
  'ownership-changed',
  'stake-acquired',
] as const;

export const HistoryEvent = z.strictObject({
  id,
  date: FactDate,
  title: text.max(120),
  text,
  topics: z.array(Topic).min(1),
  plants: z.array(id).default([]),
  organisations: z.array(id).default([]),
  ownership: z
    .strictObject({
      kind: z.enum(OWNERSHIP_KINDS),
      stakes: z.array(z.strictObject({ organisation: id, stake: text })).default([]),
    })
    .optional(),
  sources,
});
export type HistoryEvent = z.infer<typeof HistoryEvent>;

// ---- customers and products ---------------------------------------------------------------------

export const Customer = z.strictObject({
  id,
  organisation: id,
  status: z.enum(['current', 'expected']),
  statements: z.array(Statement).min(1),
  plants: z.array(id).default([]),
});
export type Customer = z.infer<typeof Customer>;

export const Product = z.strictObject({
  id,
  name: text,
  description: Statement,
  specifications: z.array(z.strictObject({ label: text, value: text, sources })).default([]),
});
export type Product = z.infer<typeof Product>;

// ---- projects -----------------------------------------------------------------------------------

export const Project = z.strictObject({
  id,
  name: text.max(80),
  aliases: z.array(text.max(80)).default([]),
  kind: z.enum(['ev-project', 'trial-programme']),
  organisations: z.array(id).default([]).describe('organisation ids involved, as the source names them'),
  place: text.optional().describe('where, as the source names it'),
  description: Statement,
  milestones: z.array(
    z.strictObject({ kind: z.enum(['planned-start', 'trial', 'target']), date: FactDate, text, sources }),
  ),
  goals: z.array(Statement).default([]),
});
export type Project = z.infer<typeof Project>;

// ---- the data files -----------------------------------------------------------------------------

const schemaRef = z.string().optional().describe('path to the JSON Schema of this file');

export const DATA_FILES = {
  'company.json': z.strictObject({ $schema: schemaRef, company: Company }),
  'organisations.json': z.strictObject({ $schema: schemaRef, organisations: z.array(Organisation).min(1) }),
  'people.json': z.strictObject({ $schema: schemaRef, people: z.array(Person) }),
  'plants.json': z.strictObject({ $schema: schemaRef, plants: z.array(Plant).min(1) }),
  'history.json': z.strictObject({ $schema: schemaRef, events: z.array(HistoryEvent).min(1) }),
  'customers.json': z.strictObject({ $schema: schemaRef, customers: z.array(Customer) }),
  'products.json': z.strictObject({ $schema: schemaRef, products: z.array(Product) }),
  'projects.json': z.strictObject({ $schema: schemaRef, projects: z.array(Project) }),
  'sources.json': z.strictObject({ $schema: schemaRef, sources: z.array(SourceDoc).length(SOURCE_IDS.length) }),
} as const;
export type DataFileName = keyof typeof DATA_FILES;
export type DataFiles = { [K in DataFileName]: z.infer<(typeof DATA_FILES)[K]> };
