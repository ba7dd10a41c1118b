// What /aesc search understands: names, places, typos, plurals, stop words and questions, and the plant resolver
// and autocomplete that share the place index.
import { describe, expect, it } from 'vitest';
import { loadFactStore } from '../../src/facts/load.js';
import { stem, TextIndex } from '../../src/facts/text-search.js';

const store = loadFactStore();
const first = (q: string, n = 1) =>
  store
    .searchAnswer(q)
    .hits.slice(0, n)
    .map((h) => `${h.doc.kind}/${h.doc.id}`);
const entities = (q: string) =>
  store.searchAnswer(q).entities.map((e) => (e.kind === 'place' ? `place/${e.label}` : `${e.kind}/${e.id}`));

describe('questions route to their answer, never "No matches"', () => {
  it('"Sunderland capacity": both Sunderland records named, then every capacity figure of both', () => {
    const a = store.searchAnswer('Sunderland capacity');
    expect(a.intent).toBe('capacity');
    expect(entities('Sunderland capacity')).toEqual(['place/Sunderland']);
    const top = a.hits.slice(0, 5).map((h) => h.doc);
    expect(top.every((d) => d.field === 'capacity')).toBe(true);
    expect(new Set(top.map((d) => d.about[0]?.id))).toEqual(new Set(['sunderland', 'sunderland-giga-1']));
  });

  it.each([
    ['how big is Douai', 'capacity', 'douai'],
    ['Douai capacity', 'capacity', 'douai'],
    ['what is the capacity of the Kentucky plant', 'capacity', 'bowling-green'],
  ])("%j asks for capacity and answers with that site's figures", (q, intent, plant) => {
    const a = store.searchAnswer(q);
    expect(a.intent).toBe(intent);
    expect(a.hits[0]?.doc.field).toBe('capacity');
    expect(a.hits[0]?.doc.about).toContainEqual({ kind: 'plant', id: plant });
  });

  it.each(['who owns AESC', 'who owns aesc?', 'AESC owners', 'shareholders'])(
    '%j answers with the owners first',
    (q) => {
      expect(store.searchAnswer(q).intent).toBe('owner');
      expect(first(q)).toEqual(['company/owners']);
      expect(
        store
          .searchAnswer(q)
          .hits.slice(1, 4)
          .every((h) => h.doc.field === 'owners'),
      ).toBe(true);
    },
  );

  it.each(['when was AESC founded', 'When was the company established?', 'founding'])(
    '%j answers with the founding statements (2007 and 2008, each with its source)',
    (q) => {
      const hits = store.searchAnswer(q).hits.slice(0, 7);
      expect(hits.every((h) => h.doc.field === 'founding')).toBe(true);
      const titles = hits.map((h) => h.doc.title);
      expect(titles).toContain('Founded 2007');
      expect(titles).toContain('Founded 2008');
    },
  );

  it('a question with no match still says nothing false: "who owns zeppelins" has no entity, owners first', () => {
    expect(entities('who owns zeppelins')).toEqual([]);
    expect(first('who owns zeppelins')).toEqual(['company/owners']);
  });
});

describe('entity answers first: a query naming a plant, owner, product, project or person', () => {
  it.each([
    ['Giga 1', 'plant/sunderland-giga-1'],
    ['Envision AESC Giga 1 status', 'plant/sunderland-giga-1'],
    ['Panasonic', 'organisation/panasonic'],
    ['Envision', 'organisation/envision'],
    ['L3-10', 'product/l3-10'],
    ['Better Place', 'project/better-place-trials'],
    ['Kanagawa EV project', 'project/kanagawa-ev-project'],
    ['Knudt Flor', 'person/knudt-flor'],
    ['Ghosn', 'person/carlos-ghosn'],
    ['Spain', 'plant/extremadura'],
  ])('%j names %s first', (q, e) => {
    expect(entities(q)[0]).toBe(e);
  });

  it('a site named alone leads with where it stands: "Zama" shows its trial production on the first page', () => {
    const top = store.searchAnswer('Zama').hits.slice(0, 4);
    expect(top.map((h) => h.doc.field)).toContain('status');
    expect(top.some((h) => h.doc.body === 'Trial production began in mid-2009.')).toBe(true);
  });

  it("the entity's own document is not repeated among the facts", () => {
    const a = store.searchAnswer('Panasonic');
    expect(a.hits.some((h) => h.doc.kind === 'organisation' && h.doc.id === 'panasonic')).toBe(false);
    expect(a.hits[0]?.doc.id).toBe('nikkei-report-panasonic');
  });
});

describe('countries and regions list their sites', () => {
  it.each([
    ['UK', 'place/United Kingdom'],
    ['United Kingdom', 'place/United Kingdom'],
    ['Europe', 'place/Europe'],
    ['China', 'place/China'],
    ['USA', 'place/USA'],
    ['Japan', 'place/Japan'],
    ['Kanagawa', 'place/Kanagawa'],
  ])('search %j names %s', (q, e) => {
    expect(entities(q)[0]).toBe(e);
  });

  it("resolvePlant: a country or region with several sites lists them, from the data's own fields", () => {
    expect(store.resolvePlant('Europe')).toMatchObject({ kind: 'list', by: 'region', label: 'Europe' });
    const uk = store.resolvePlant('uk');
    expect(uk).toMatchObject({ kind: 'list', by: 'country', label: 'United Kingdom' });
    if (uk.kind === 'list') expect(uk.plants.map((p) => p.id)).toEqual(['sunderland', 'sunderland-giga-1']);
    const us = store.resolvePlant('United States');
    if (us.kind !== 'list') throw new Error('expected a list');
    expect(us.plants.map((p) => p.id)).toEqual(['smyrna', 'florence', 'bowling-green']);
    expect(store.resolvePlant('Japan')).toMatchObject({ kind: 'list', by: 'region' });
    // "sunderland" is the existing plant's id (what autocomplete submits), so it names that plant; its card
    // points at Giga 1 through `related`.
    expect(store.resolvePlant('Sunderland')).toMatchObject({
      kind: 'plant',
      plant: { id: 'sunderland' },
      matched: 'id',
    });
    expect(store.resolvePlant('Kanagawa')).toMatchObject({ kind: 'list', by: 'subdivision', label: 'Kanagawa' });
  });

  it('resolvePlant: one site, saying what matched (name, alias, place, prefix, typo)', () => {
    expect(store.resolvePlant('Zama plant')).toMatchObject({
      kind: 'plant',
      matched: 'name',
      matchedText: 'Zama plant',
    });
    expect(store.resolvePlant('giga 1')).toMatchObject({
      kind: 'plant',
      plant: { id: 'sunderland-giga-1' },
      matched: 'alias',
      matchedText: 'Giga 1',
    });
    expect(store.resolvePlant('Shiyan')).toMatchObject({ kind: 'plant', plant: { id: 'shiyan' }, matched: 'id' });
    expect(store.resolvePlant('Spain')).toMatchObject({
      kind: 'plant',
      plant: { id: 'extremadura' },
      matched: 'alias',
    });
    expect(store.resolvePlant('Bowling')).toMatchObject({ kind: 'plant', plant: { id: 'bowling-green' } });
    expect(store.resolvePlant('flornce')).toMatchObject({ kind: 'plant', plant: { id: 'florence' }, matched: 'typo' });
  });

  it('resolvePlant: short typos (3 letters, 1 edit) are found; nothing gives suggestions or none', () => {
    expect(store.resolvePlant('zma')).toMatchObject({ kind: 'plant', plant: { id: 'zama' }, matched: 'typo' });
    expect(store.searchPlants('zma')[0]?.plant.id).toBe('zama');
    expect(store.searchPlants('sua').map((m) => m.plant.id)).toEqual(['smyrna', 'florence', 'bowling-green']); // "usa"
    const sun = store.resolvePlant('sun');
    expect(sun.kind).toBe('none');
    if (sun.kind === 'none') expect(sun.suggestions.map((p) => p.id)).toEqual(['sunderland', 'sunderland-giga-1']);
    expect(store.resolvePlant('xyzzy qwerty')).toEqual({ kind: 'none', suggestions: [] });
    expect(store.resolvePlant('x'.repeat(6000))).toEqual({ kind: 'none', suggestions: [] });
  });

  it('autocomplete understands countries and regions too', () => {
    expect(store.searchPlants('uk').map((m) => m.plant.id)).toEqual(['sunderland', 'sunderland-giga-1']);
    expect(store.searchPlants('europe').map((m) => m.plant.id)).toEqual([
      'douai',
      'extremadura',
      'sunderland',
      'sunderland-giga-1',
    ]);
    expect(
      store
        .searchPlants('united st')
        .slice(0, 3)
        .map((m) => m.plant.id),
    ).toEqual(['smyrna', 'florence', 'bowling-green']);
    expect(store.searchPlants('china').length).toBe(4);
  });
});

describe('words: typos, plurals, stop words, OR', () => {
  it.each([
    ['sundreland', 'sunderland'],
    ['Panasonc', 'panasonic'],
    ['tarifs', 'florence'],
  ])('a typo %j still finds %s', (q, id) => {
    const a = store.searchAnswer(q);
    const ids = [
      ...a.entities.map((e) => ('id' in e ? e.id : '')),
      ...a.hits.slice(0, 3).flatMap((h) => h.doc.about.map((x) => x.id)),
    ];
    expect(ids).toContain(id);
  });

  it('simple plurals are stemmed, both ways', () => {
    expect(stem('batteries')).toBe('battery');
    expect(stem('plants')).toBe('plant');
    expect(stem('sales')).toBe('sale');
    expect(stem('process')).toBe('process');
    expect(stem('gas')).toBe('gas');
    expect(first('tariff')).toEqual(first('tariffs'));
    expect(store.search('gigafactories').length).toBeGreaterThan(0);
  });

  it('stop words are ignored, and a query of only stop words has nothing to search', () => {
    expect(TextIndex.terms('what is the capacity of the plant')).toEqual(['capacity', 'plant']);
    expect(TextIndex.terms('the of and is')).toEqual([]);
    expect(store.searchAnswer('the of and is').hits).toEqual([]);
  });

  it('not every word is required: an unknown word does not hide the matches of the others', () => {
    expect(first('Leaf zeppelin')).toEqual(first('Leaf'));
  });

  it('a query over 200 characters is refused at once, never searched', () => {
    const a = store.searchAnswer('sunderland '.repeat(546).slice(0, 6000));
    expect(a).toEqual({ terms: [], tooLong: true, intent: null, entities: [], hits: [] });
  });

  it('is deterministic across stores', () => {
    const other = loadFactStore();
    for (const q of ['Sunderland capacity', 'who owns AESC', 'Envision', 'UK']) {
      expect(other.searchAnswer(q)).toEqual(store.searchAnswer(q));
    }
  });
});
