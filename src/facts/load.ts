// Reads data/*.json, validates every file with its zod schema, cross-checks the records against
// each other, and builds the in-memory FactStore. Any problem names the file, the record and the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { projectRoot } from '../util/project-root.js';
import { isValidCalendarDate } from './dates.js';
import { fold } from './normalize.js';
import { DATA_FILES, type DataFileName, type DataFiles, type FactDate } from './schema.js';
import { FactStore } from './store.js';

/** A data file is missing, unreadable, malformed, or inconsistent. `problems` has one line each. */
export class DataError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The fact data is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'DataError';
  }
}

export function defaultDataDir(): string {
  return join(projectRoot(), 'data');
}

/**
 * `plants[3] (id "douai").capacity[1].value` from a zod issue path and the parsed document: each array element is
 * named by its `idKey` field when it has one (the coordinates file names its records by `plant`).
 */
export function describePath(path: readonly PropertyKey[], doc: unknown, idKey = 'id'): string {
  let out = '';
  let node: unknown = doc;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const recordId = node && typeof node === 'object' ? (node as Record<string, unknown>)[idKey] : undefined;
      if (typeof recordId === 'string') out += ` (${idKey} "${recordId}")`;
    } else {
      out += out === '' ? String(key) : `.${String(key)}`;
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
  }
  return out === '' ? '(top level)' : out;
}

function readDataFile<K extends DataFileName>(dir: string, name: K, problems: string[]): DataFiles[K] | undefined {
  const path = join(dir, name);
  let raw: string;
  try {
    // A byte-order mark, as some editors save it, is not part of the JSON.
    raw = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push(
      `${name}: cannot read ${path}${code === 'ENOENT' ? ' (file not found)' : `: ${(e as Error).message}`}`,
    );
    return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    problems.push(`${name}: not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  const schema = DATA_FILES[name] as unknown as z.ZodType<DataFiles[K]>;
  // Each data file is validated once, at start: zod's JIT would compile a parser per schema (about 30 ms here,
  // never repaid), where the interpreter validates the same data in under 10 ms. Per parse, not z.config: a global
  // jitless would also slow the hot schemas (the interaction edge, HTTP bodies) that the JIT pays off for.
  const result = schema.safeParse(doc, { jitless: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${name}: ${describePath(issue.path, doc)}: ${issue.message}`);
    }
    return undefined;
  }
  return result.data;
}

/** Cross-checks that zod cannot express: uniqueness, references and calendar validity. */
export function crossCheck(files: DataFiles): string[] {
  const problems: string[] = [];
  const { plants } = files['plants.json'];
  const { events } = files['history.json'];
  const { organisations } = files['organisations.json'];
  const { people } = files['people.json'];
  const { customers } = files['customers.json'];
  const { products } = files['products.json'];
  const { company } = files['company.json'];
  const { sources } = files['sources.json'];
  const { projects } = files['projects.json'];

  const uniqueIds = (file: string, key: string, records: readonly { id: string }[]) => {
    const seen = new Set<string>();
    records.forEach((r, i) => {
      if (seen.has(r.id)) problems.push(`${file}: ${key}[${i}] (id "${r.id}").id: duplicate id "${r.id}"`);
      seen.add(r.id);
    });
    return seen;
  };
  const plantIds = uniqueIds('plants.json', 'plants', plants);
  uniqueIds('history.json', 'events', events);
  const orgIds = uniqueIds('organisations.json', 'organisations', organisations);
  const personIds = uniqueIds('people.json', 'people', people);
  const customerIds = uniqueIds('customers.json', 'customers', customers);
  uniqueIds('products.json', 'products', products);
  uniqueIds('projects.json', 'projects', projects);
  const sourceIds = uniqueIds('sources.json', 'sources', sources);
  for (const id of ['wikipedia', 'electrek', 'flor-interview', 'nec-jv-report']) {
    if (!sourceIds.has(id)) problems.push(`sources.json: sources: no record for source "${id}"`);
  }

  // Names, ids and aliases must each lead to one plant only (after folding case, accents, punctuation).
  // Ids and names are registered before any alias, so a clash is blamed on the alias, wherever it stands.
  const owner = new Map<string, string>();
  const own = new Map<string, Set<string>>();
  const keys = [
    ...plants.flatMap((p, i) => [[p, i, 'id', p.id] as const, [p, i, 'name', p.name] as const]),
    ...plants.flatMap((p, i) => p.aliases.map((a, j) => [p, i, `aliases[${j}]`, a] as const)),
  ];
  for (const [p, i, field, value] of keys) {
    const where = `plants.json: plants[${i}] (id "${p.id}").${field}`;
    const k = fold(value);
    if (k === '') {
      problems.push(`${where}: "${value}" has no letters or digits`);
      continue;
    }
    const mine = own.get(p.id) ?? new Set<string>();
    own.set(p.id, mine);
    const other = owner.get(k);
    if (other !== undefined && other !== p.id) {
      problems.push(`${where}: "${value}" already names plant "${other}"`);
    } else if (mine.has(k) && field !== 'id') {
      problems.push(`${where}: "${value}" repeats another name of this plant`);
    }
    mine.add(k);
    if (other === undefined) owner.set(k, p.id);
  }

  const orgOrAesc = new Set([...orgIds, 'aesc']);
  const ref = (ok: Set<string>, what: string, value: string, where: string) => {
    if (!ok.has(value)) problems.push(`${where}: unknown ${what} "${value}"`);
  };
  const checkDate = (date: FactDate, where: string) => {
    if (date.precision === 'day' && !isValidCalendarDate(date.year, date.month, date.day)) {
      problems.push(`${where}: ${date.year}-${date.month}-${date.day} is not a calendar date`);
    }
  };

  events.forEach((e, i) => {
    const where = `history.json: events[${i}] (id "${e.id}")`;
    checkDate(e.date, `${where}.date`);
    e.plants.forEach((p, j) => {
      ref(plantIds, 'plant', p, `${where}.plants[${j}]`);
    });
    e.organisations.forEach((o, j) => {
      ref(orgIds, 'organisation', o, `${where}.organisations[${j}]`);
    });
    e.ownership?.stakes.forEach((s, j) => {
      ref(orgIds, 'organisation', s.organisation, `${where}.ownership.stakes[${j}].organisation`);
    });
    if (e.ownership !== undefined && !e.topics.includes('ownership')) {
      problems.push(`${where}.topics: an event with ownership details must have the "ownership" topic`);
    }
  });
  plants.forEach((p, i) => {
    const where = `plants.json: plants[${i}] (id "${p.id}")`;
    p.customers.forEach((c, j) => {
      ref(customerIds, 'customer', c.customer, `${where}.customers[${j}].customer`);
    });
    const dated = [
      ...p.statuses.map((s, j) => [`statuses[${j}]`, s.date] as const),
      ...p.capacity.map((c, j) => [`capacity[${j}]`, c.date] as const),
      ...p.production.map((c, j) => [`production[${j}]`, c.date] as const),
    ];
    for (const [field, date] of dated) checkDate(date, `${where}.${field}.date`);
    p.related.forEach((r, j) => {
      if (r === p.id) problems.push(`${where}.related[${j}]: a plant cannot be related to itself`);
      else ref(plantIds, 'plant', r, `${where}.related[${j}]`);
    });
  });
  projects.forEach((p, i) => {
    const where = `projects.json: projects[${i}] (id "${p.id}")`;
    p.organisations.forEach((o, j) => {
      ref(orgIds, 'organisation', o, `${where}.organisations[${j}]`);
    });
    p.milestones.forEach((m, j) => {
      checkDate(m.date, `${where}.milestones[${j}].date`);
    });
  });
  customers.forEach((c, i) => {
    const where = `customers.json: customers[${i}] (id "${c.id}")`;
    ref(orgIds, 'organisation', c.organisation, `${where}.organisation`);
    c.plants.forEach((p, j) => {
      ref(plantIds, 'plant', p, `${where}.plants[${j}]`);
    });
  });
  people.forEach((p, i) => {
    ref(orgOrAesc, 'organisation', p.organisation, `people.json: people[${i}] (id "${p.id}").organisation`);
  });
  company.owners.forEach((o, i) => {
    ref(orgIds, 'organisation', o.organisation, `company.json: company.owners[${i}].organisation`);
  });
  company.claims.forEach((c, i) => {
    ref(personIds, 'person', c.attributedTo, `company.json: company.claims[${i}] (id "${c.id}").attributedTo`);
  });
  company.attributed.forEach((a, i) => {
    if (a.saidBy.kind === 'person') {
      ref(personIds, 'person', a.saidBy.id, `company.json: company.attributed[${i}] (id "${a.id}").saidBy.id`);
    }
  });
  company.keyFigures.forEach((k, i) => {
    if (k.attributedTo !== undefined) {
      ref(personIds, 'person', k.attributedTo, `company.json: company.keyFigures[${i}] (id "${k.id}").attributedTo`);
    }
  });
  return problems;
}

/** Reads and validates every data file; throws DataError listing every problem found. */
export function loadDataFiles(dir: string = defaultDataDir()): DataFiles {
  const problems: string[] = [];
  const names = Object.keys(DATA_FILES) as DataFileName[];
  const files: Partial<DataFiles> = {};
  for (const name of names) {
    const data = readDataFile(dir, name, problems);
    if (data !== undefined) (files as Record<string, unknown>)[name] = data;
  }
  if (problems.length > 0) throw new DataError(problems);
  const complete = files as DataFiles;
  const cross = crossCheck(complete);
  if (cross.length > 0) throw new DataError(cross);
  return complete;
}

/** Load, validate, cross-check and index the facts: the one way the bot gets a FactStore. */
export function loadFactStore(dir: string = defaultDataDir()): FactStore {
  return new FactStore(loadDataFiles(dir));
}
