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
  ['Giga 1', 'sunderland-giga-1'],
  ['Envision AESC Giga 1', 'sunderland-giga-1'],
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
    ['giga-1', 'sunderland-giga-1'],
    ['GIGA 1', 'sunderland-giga-1'],
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

describe('the 14 sites and their regions', () => {
  it('has 14 plants, in region order (Japan, China, Europe, USA)', () => {
    expect(store.plants).toHaveLength(14);
    const regions = store.plants.map((p) => REGIONS.indexOf(p.region));
    expect(regions).toEqual([...regions].sort((a, b) => a - b));
  });

  it.each([
    ['Japan', ['zama', 'ibaraki', 'sagamihara']],
    ['China', ['jiangyin', 'ordos', 'shiyan', 'cangzhou']],
    ['Europe', ['douai', 'extremadura', 'sunderland', 'sunderland-giga-1']],
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
    ['zama', 'trial-production'],
    ['douai', 'operating'],
    ['sunderland', 'operating'],
    ['sunderland-giga-1', 'under-construction'],
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
    expect(total).toBe(14);
  });

  it('a later "listed" entry does not hide a real status (Zama: trial production, then listed undated)', () => {
    const zama = store.plantWithId('zama');
    expect(zama?.statuses.at(-1)?.status).toBe('listed');
    if (zama) expect(currentStatus(zama)).toBe('trial-production');
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
      ['target', 'flor-interview'], // "will also increase to 24 gigawatt hours": a total, not +24
    ]);
  });

  it('Sunderland: the existing plant keeps Flor (1.8 GWh originally, his unclear "15.8 extra" words), never a total', () => {
    const cap = store.plantWithId('sunderland')?.capacity ?? [];
    expect(cap.map((c) => `${c.value} ${c.unit} ${c.kind} ${c.sources[0]?.source}`)).toEqual([
      '1.8 GWh original flor-interview',
      '15.8 GWh unclear flor-interview',
    ]);
    const unclear = cap.find((c) => c.kind === 'unclear');
    expect(unclear?.text).toContain('"is now growing to 15.8 extra gigawatt hours"');
    expect(unclear?.text).not.toMatch(/17\.6|total of/);
  });

  it('Sunderland: the new Giga 1 factory keeps Wikipedia (9 GWh initial, 25 GWh by 2030, 35 GWh option)', () => {
    const cap = store.plantWithId('sunderland-giga-1')?.capacity ?? [];
    expect(cap.map((c) => `${c.value} ${c.unit} ${c.kind} ${c.sources[0]?.source}`)).toEqual([
      '9 GWh initial wikipedia',
      '25 GWh potential wikipedia',
      '35 GWh option wikipedia',
    ]);
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

describe('Sunderland: the existing plant and the new Giga 1 factory are two records', () => {
  const plant = store.plantWithId('sunderland');
  const giga = store.plantWithId('sunderland-giga-1');

  it('each has its own status: the plant operating (Flor), Giga 1 planned then under construction (Wikipedia)', () => {
    expect(plant && currentStatus(plant)).toBe('operating');
    expect(giga && currentStatus(giga)).toBe('under-construction');
    expect(giga?.statuses.map((s) => s.status)).toEqual(['planned', 'under-construction']);
    expect(giga?.statuses.flatMap((s) => s.sources.map((c) => c.source))).toEqual(['wikipedia', 'wikipedia']);
    expect(giga?.statuses[0]?.sources[0]?.quote).toContain('will be built');
    expect(giga?.statuses[1]?.sources[0]?.quote).toContain('Construction is underway');
  });

  it('the 2018 sale and the Nissan supply belong to the existing plant; £1.8bn and 4,500 jobs to Giga 1', () => {
    expect(plant?.statuses[0]?.sources[0]?.quote).toContain('England (Sunderland)');
    expect(plant?.customers.map((c) => c.customer)).toEqual(['nissan']);
    expect(giga?.customers).toEqual([]);
    expect(giga?.investment.map((i) => i.amount)).toEqual(['£1.8bn (potential, future phases)']);
    expect(giga?.jobs.map((j) => j.count)).toEqual([4500]);
    expect(plant?.investment).toEqual([]);
    expect(plant?.jobs).toEqual([]);
  });

  it('"Giga 1" resolves to the new factory; each record points at the other', () => {
    expect(store.plant('Giga 1')?.id).toBe('sunderland-giga-1');
    expect(plant?.related).toEqual(['sunderland-giga-1']);
    expect(giga?.related).toEqual(['sunderland']);
  });
});

describe('corrections from the audit against the sources', () => {
  it('Zama: trial production in mid-2009, never "production started"', () => {
    const zama = store.plantWithId('zama');
    expect(zama?.statuses.map((s) => s.status)).not.toContain('production-started');
    const trial = zama?.statuses.find((s) => s.status === 'trial-production');
    expect(trial && formatFactDate(trial.date)).toBe('mid-2009');
    expect(trial?.sources[0]?.quote).toBe('Trial production at Zama began in mid-2009.');
  });

  it('no status says "the sources give no current status" where the interview gives one', () => {
    for (const p of store.plants) {
      for (const s of p.statuses) expect(s.text, p.id).not.toMatch(/no current status/i);
    }
    for (const id of ['douai', 'extremadura']) {
      const p = store.plantWithId(id);
      const flor = p?.statuses.filter((s) => s.sources.some((c) => c.source === 'flor-interview')) ?? [];
      expect(flor.length, id).toBeGreaterThan(0);
      for (const s of flor) expect(s.date).toMatchObject({ precision: 'undated', asOf: 'flor-interview' });
    }
  });

  it("the interview's dating (about 2024) is the editors' reasoning, marked so, resting on its own words", () => {
    const dating = store.source('flor-interview').editorsDating;
    expect(dating?.editorial).toBe(true);
    expect(dating?.about).toBe(2024);
    expect(dating?.reasoning).toMatch(/^Editors' reasoning, not from the sources/);
    expect(dating?.sources.map((c) => c.quote).join(' ')).toMatch(/Since 2007.*17 years/);
  });

  it("the Smyrna disambiguation is marked as the editors' words, not a Wikipedia statement", () => {
    const smyrna = store.plantWithId('smyrna');
    expect(smyrna?.notes.some((n) => /confused/i.test(n.text))).toBe(false);
    expect(smyrna?.disambiguation?.editorial).toBe(true);
    expect(smyrna?.disambiguation?.note).toMatch(/Nissan Smyrna Assembly Plant/);
  });

  it('no source record has a url: none is certain from the source texts', () => {
    for (const s of store.sources) expect(s.url, s.id).toBeUndefined();
  });
});

describe('records added from the sources', () => {
  it('the Kanagawa EV project: due to start in 2010, the hope of 3,000 EVs by 2014, its goal', () => {
    const p = store.project('kanagawa-ev-project');
    expect(p?.milestones.map((m) => [m.kind, formatFactDate(m.date)])).toEqual([
      ['planned-start', '2010'],
      ['target', 'by 2014'],
    ]);
    expect(p?.milestones[1]?.text).toContain('3,000 EVs');
    expect(p?.goals[0]?.text).toMatch(/infrastructure and sustainability of an EV-based economy/);
  });

  it("Project Better Place's trials in Israel and Denmark (2011 and 2012) as the JV report states them, unpaired", () => {
    const p = store.project('better-place-trials');
    expect(p?.milestones[0]?.text).toContain('Israel and Denmark in 2011 and 2012');
    expect(p?.milestones[0]?.date.precision).toBe('undated'); // the report does not pair a year with a country
    expect(p?.milestones[0]?.sources[0]?.source).toBe('nec-jv-report');
  });

  it('statements only inside quotes before are attributed, never our own claims', () => {
    const byId = new Map(store.company.attributed.map((a) => [a.id, a]));
    expect([...byId.keys()].sort()).toEqual([
      'electrek-lg-chem',
      'electrek-lost-market-share',
      'flor-expanding-us-europe',
      'interview-global-leader',
    ]);
    for (const a of byId.values())
      expect(a.text, a.id).toMatch(/^(According to Electrek|Knudt Flor says|The interview)/);
    expect(byId.get('flor-expanding-us-europe')?.saidBy).toEqual({ kind: 'person', id: 'knudt-flor' });
    expect(byId.get('electrek-lost-market-share')?.saidBy).toEqual({ kind: 'source', id: 'electrek' });
  });
});

describe('customers with plants', () => {
  it('links Nissan to Sunderland and Smyrna, Renault to Douai', () => {
    const byId = new Map(store.customersWithPlants().map((c) => [c.customer.id, c.plants.map((p) => p.id)]));
    expect(byId.get('nissan')).toEqual(expect.arrayContaining(['sunderland', 'smyrna']));
    expect(byId.get('renault')).toEqual(['douai']);
  });
});
