// Every production site the sources name, found by the names people use; regions, statuses, and
// capacity figures kept side by side where the sources differ.
import { describe, expect, it } from 'vitest';
import { formatFactDate } from '../../src/facts/dates.js';
import { loadFactStore } from '../../src/facts/load.js';
import { PLANT_STATUSES, REGIONS } from '../../src/facts/schema.js';
import { currentStatus } from '../../src/facts/store.js';

const store = loadFactStore();

const NAMES: [string, string][] = [
  ['Sunderland', 'sunderland'],
  ['Giga 1', 'sunderland'],
  ['Smyrna', 'smyrna'],
  ['Tennessee', 'smyrna'],
  ['Wuxi', 'jiangyin'],
  ['Jiangyin', 'jiangyin'],
  ['Kentucky', 'bowling-green'],
  ['Bowling Green', 'bowling-green'],
  ['Douai', 'douai'],
  ['France', 'douai'],
  ['Inner Mongolia', 'ordos'],
  ['Ordos', 'ordos'],
  ['Shiyan', 'shiyan'],
  ['Hubei', 'shiyan'],
  ['Cangzhou', 'cangzhou'],
  ['Hebei', 'cangzhou'],
  ['Zama', 'zama'],
  ['Ibaraki', 'ibaraki'],
  ['Sagamihara', 'sagamihara'],
  ['Extremadura', 'extremadura'],
  ['Spain', 'extremadura'],
  ['Florence', 'florence'],
  ['South Carolina', 'florence'],
];

describe('plant(nameOrId): every site resolves by the names people use', () => {
  it.each(NAMES)('"%s" -> %s', (name, id) => {
    expect(store.plant(name)?.id).toBe(id);
  });

  it.each([
    ['SUNDERLAND', 'sunderland'],
    ['  sunderland!! ', 'sunderland'],
    ['Dóuai', 'douai'],
    ['İBARAKI', 'ibaraki'],
    ['Zāma', 'zama'],
    ['giga-1', 'sunderland'],
    ['GIGA 1', 'sunderland'],
    ['bowling_green', 'bowling-green'],
    ['Smyrna, Tennessee', 'smyrna'],
    ['smyrna tennessee', 'smyrna'],
    ['Sagamihara electrod plant', 'sagamihara'],
    ['ＳＵＮＤＥＲＬＡＮＤ', 'sunderland'], // full-width letters fold too (NFKD)
  ])('ignores case, accents and punctuation: %j -> %s', (name, id) => {
    expect(store.plant(name)?.id).toBe(id);
  });

  it('finds each plant by its own id, name and every alias (so none is shared with another plant)', () => {
    for (const p of store.plants) {
      expect(store.plant(p.id)).toBe(p);
      expect(store.plant(p.name)).toBe(p);
      for (const a of p.aliases) expect(store.plant(a), a).toBe(p);
      expect(store.plantWithId(p.id)).toBe(p);
    }
  });

  it('does not resolve partial names, shared keywords, typos or garbage (that is what searchPlants is for)', () => {
    for (const q of ['Sunder', 'sundreland', 'China', 'Kanagawa', 'gigafactory', 'USA', '', '!!!', 'x'.repeat(500)]) {
      expect(store.plant(q), q).toBeUndefined();
    }
  });
});

describe('the 13 sites and their regions', () => {
  it('has 13 plants, in region order (Japan, China, Europe, USA)', () => {
    expect(store.plants).toHaveLength(13);
    const regions = store.plants.map((p) => REGIONS.indexOf(p.region));
    expect(regions).toEqual([...regions].sort((a, b) => a - b));
  });

  it.each([
    ['Japan', ['zama', 'ibaraki', 'sagamihara']],
    ['China', ['jiangyin', 'ordos', 'shiyan', 'cangzhou']],
    ['Europe', ['douai', 'extremadura', 'sunderland']],
    ['USA', ['smyrna', 'florence', 'bowling-green']],
  ] as const)('%s: %j', (region, ids) => {
    expect(store.plantsBy({ region }).map((p) => p.id)).toEqual(ids);
  });

  it('filters by country, ignoring case', () => {
    expect(store.plantsBy({ country: 'united states' }).map((p) => p.id)).toEqual([
      'smyrna',
      'florence',
      'bowling-green',
    ]);
    expect(store.plantsBy({ country: 'France' }).map((p) => p.id)).toEqual(['douai']);
    expect(store.plantsBy({ country: 'Atlantis' })).toEqual([]);
  });

  it('with no filter gives every plant', () => {
    expect(store.plantsBy()).toEqual(store.plants);
  });
});

describe('statuses', () => {
  it.each([
    ['florence', 'halted'],
    ['bowling-green', 'under-construction'],
    ['ordos', 'production-started'],
    ['shiyan', 'production-started'],
    ['cangzhou', 'planned'],
    ['jiangyin', 'planned'],
    ['zama', 'production-started'],
    ['douai', 'operating'],
    ['sunderland', 'operating'],
    ['smyrna', 'operating'],
    ['extremadura', 'under-construction'],
    ['ibaraki', 'listed'],
    ['sagamihara', 'listed'],
  ] as const)('%s is %s now', (id, status) => {
    const plant = store.plantWithId(id);
    expect(plant).toBeDefined();
    if (plant) expect(currentStatus(plant)).toBe(status);
  });

  it('plantsBy({status}) partitions the plants by their current status', () => {
    expect(store.plantsBy({ status: 'halted' }).map((p) => p.id)).toEqual(['florence']);
    expect(store.plantsBy({ status: 'under-construction' }).map((p) => p.id)).toContain('bowling-green');
    expect(store.plantsBy({ status: 'production-started' }).map((p) => p.id)).toEqual(
      expect.arrayContaining(['ordos', 'shiyan']),
    );
    expect(store.plantsBy({ status: 'planned' }).map((p) => p.id)).toContain('cangzhou');
    const total = PLANT_STATUSES.reduce((n, status) => n + store.plantsBy({ status }).length, 0);
    expect(total).toBe(13);
  });

  it('a later "listed" entry does not hide a real status (Zama: production started, then listed undated)', () => {
    const zama = store.plantWithId('zama');
    expect(zama?.statuses.at(-1)?.status).toBe('listed');
    if (zama) expect(currentStatus(zama)).toBe('production-started');
  });

  it('Florence: under construction in 2024, halted in 2025', () => {
    const florence = store.plantWithId('florence');
    expect(florence?.statuses.map((s) => [s.status, formatFactDate(s.date)])).toEqual([
      ['under-construction', '2024'],
      ['halted', '2025'],
    ]);
  });
});

describe('capacity figures are kept where sources differ', () => {
  it('Douai keeps both the Wikipedia 9 GWh by 2024 and the Flor "nine gigawatt" current figure', () => {
    const douai = store.plantWithId('douai');
    const cap = douai?.capacity ?? [];
    const wiki = cap.find((c) => c.value === 9 && c.unit === 'GWh' && c.kind === 'planned');
    const flor = cap.find((c) => c.value === 9 && c.kind === 'current');
    expect(wiki).toBeDefined();
    expect(flor).toBeDefined();
    expect(wiki && formatFactDate(wiki.date)).toBe('by 2024');
    expect(wiki?.sources.map((s) => s.source)).toEqual(['wikipedia']);
    expect(flor?.unit).toBe('GW'); // as Flor says it: "nine gigawatt", not converted to GWh
    expect(flor?.date.precision).toBe('undated');
    expect(flor?.sources.map((s) => s.source)).toEqual(['flor-interview']);
    expect(flor?.sources[0]?.quote).toContain('nine gigawatt');
  });

  it('Douai keeps the 24 GWh figure from both sources, as separate statements', () => {
    const cap = store.plantWithId('douai')?.capacity.filter((c) => c.value === 24) ?? [];
    expect(cap.map((c) => [c.kind, c.sources[0]?.source])).toEqual([
      ['planned', 'wikipedia'],
      ['expansion', 'flor-interview'],
    ]);
  });

  it('Sunderland keeps Flor (1.8 GWh originally, 15.8 extra) beside Wikipedia (9 GWh initial, 25 by 2030, 35 option)', () => {
    const cap = store.plantWithId('sunderland')?.capacity ?? [];
    const summary = cap.map((c) => `${c.value} ${c.unit} ${c.kind} ${c.sources[0]?.source}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        '1.8 GWh original flor-interview',
        '15.8 GWh expansion flor-interview',
        '9 GWh initial wikipedia',
        '25 GWh potential wikipedia',
        '35 GWh option wikipedia',
      ]),
    );
  });

  it('Bowling Green keeps the 30 GWh plan from each source', () => {
    const thirty = store.plantWithId('bowling-green')?.capacity.filter((c) => c.value === 30) ?? [];
    expect(thirty.flatMap((c) => c.sources.map((s) => s.source)).sort()).toEqual(['flor-interview', 'wikipedia']);
  });

  it('every capacity figure has a unit, a kind, a date and a citation', () => {
    for (const p of store.plants) {
      for (const c of p.capacity) {
        expect(c.value, p.id).toBeGreaterThan(0);
        expect(c.sources.length, p.id).toBeGreaterThan(0);
        expect(formatFactDate(c.date), p.id).not.toBe('');
      }
    }
  });
});

describe('customers with plants', () => {
  it('links Nissan to Sunderland and Smyrna, Renault to Douai', () => {
    const byId = new Map(store.customersWithPlants().map((c) => [c.customer.id, c.plants.map((p) => p.id)]));
    expect(byId.get('nissan')).toEqual(expect.arrayContaining(['sunderland', 'smyrna']));
    expect(byId.get('renault')).toEqual(['douai']);
  });
});
