// Dates keep the precision their source gives, from the data files to the store and into words;
// the history timeline, year counts, ownership and founding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDateAt } from '../../src/daily/time.js';
import { dayNumber, factYear, formatFactDate, isValidCalendarDate, sortKey } from '../../src/facts/dates.js';
import { loadFactStore } from '../../src/facts/load.js';
import type { FactDate, HistoryEvent } from '../../src/facts/schema.js';
import { DATA_DIR } from './helpers.js';

const store = loadFactStore();
const rawEvents = (JSON.parse(readFileSync(join(DATA_DIR, 'history.json'), 'utf8')) as { events: HistoryEvent[] })
  .events;
const event = (id: string): HistoryEvent => {
  const e = store.event(id);
  if (e === undefined) throw new Error(`no event "${id}" in the data`);
  return e;
};
const when = (id: string) => formatFactDate(event(id).date);

describe('date precision survives from data to store', () => {
  it('every event date in the store is exactly the one in history.json (nothing added, nothing lost)', () => {
    expect(store.events).toHaveLength(rawEvents.length);
    for (const raw of rawEvents) expect(event(raw.id).date, raw.id).toStrictEqual(raw.date);
  });

  it('Zama trial production is {precision: "part", part: "mid", year: 2009} and reads "mid-2009"', () => {
    expect(event('zama-trial-production').date).toStrictEqual({ precision: 'part', year: 2009, part: 'mid' });
    expect(when('zama-trial-production')).toBe('mid-2009');
    const trial = store.plantWithId('zama')?.production.find((p) => p.kind === 'trial');
    expect(trial && formatFactDate(trial.date)).toBe('mid-2009');
  });

  it('the Envision sale has month precision and reads "August 2018", never with a day', () => {
    const d = event('envision-sale-announced').date;
    expect(d).toStrictEqual({ precision: 'month', year: 2018, month: 8 });
    expect(d).not.toHaveProperty('day');
    expect(when('envision-sale-announced')).toBe('August 2018');
    expect(when('envision-sale-announced')).not.toMatch(/\d+ August|August \d{1,2},/);
  });

  it('"c. 2009" and "by 2030" / "by 2009" keep their qualifier', () => {
    expect(when('zama-facility-plan')).toBe('c. 2009');
    const douai = store.plantWithId('douai');
    expect(douai?.capacity.map((c) => formatFactDate(c.date))).toEqual(['by 2024', 'by 2030', 'undated', 'undated']);
    const zamaPlanned = store.plantWithId('zama')?.statuses.find((s) => s.status === 'planned');
    expect(zamaPlanned && formatFactDate(zamaPlanned.date)).toBe('by 2009');
  });

  it('no fact in the data claims day precision (the sources give none)', () => {
    const days: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          walk(n, `${path}[${i}]`);
        });
      } else if (node !== null && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.precision === 'day') days.push(path);
        for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
      }
    };
    for (const f of ['history', 'plants', 'company'])
      walk(JSON.parse(readFileSync(join(DATA_DIR, `${f}.json`), 'utf8')), f);
    expect(days).toEqual([]);
  });
});

describe('formatFactDate', () => {
  it.each([
    [{ precision: 'year', year: 2009 }, '2009'],
    [{ precision: 'part', year: 2009, part: 'mid' }, 'mid-2009'],
    [{ precision: 'part', year: 2014, part: 'late' }, 'late 2014'],
    [{ precision: 'part', year: 2008, part: 'early' }, 'early 2008'],
    [{ precision: 'part', year: 2017, part: 'mid', qualifier: 'circa' }, 'c. mid-2017'],
    [{ precision: 'month', year: 2018, month: 8 }, 'August 2018'],
    [{ precision: 'month', year: 2016, month: 12 }, 'December 2016'],
    [{ precision: 'day', year: 2018, month: 8, day: 3 }, '3 August 2018'],
    [{ precision: 'year', year: 2009, qualifier: 'circa' }, 'c. 2009'],
    [{ precision: 'year', year: 2030, qualifier: 'by' }, 'by 2030'],
    [{ precision: 'month', year: 2019, month: 4, qualifier: 'by' }, 'by April 2019'],
    [{ precision: 'undated', note: 'The interview is undated.' }, 'undated'],
  ] as [FactDate, string][])('%j -> %s', (date, text) => {
    expect(formatFactDate(date)).toBe(text);
  });

  it('factYear is the year, or null when undated', () => {
    expect(factYear({ precision: 'part', year: 2009, part: 'mid' })).toBe(2009);
    expect(factYear({ precision: 'undated', note: 'no date' })).toBeNull();
  });
});

describe('sortKey, calendar and local dates', () => {
  it('orders by year only, without inventing precision within a year; undated last', () => {
    const in2018: FactDate[] = [
      { precision: 'year', year: 2018 },
      { precision: 'part', year: 2018, part: 'early' },
      { precision: 'month', year: 2018, month: 8 },
      { precision: 'day', year: 2018, month: 8, day: 3 },
      { precision: 'year', year: 2018, qualifier: 'circa' },
    ];
    expect(new Set(in2018.map(sortKey)).size).toBe(1); // "2018" cannot be placed against "August 2018"
    expect(sortKey({ precision: 'part', year: 2017, part: 'late' })).toBeLessThan(
      sortKey({ precision: 'year', year: 2018 }),
    );
    expect(sortKey({ precision: 'year', year: 2100 })).toBeLessThan(sortKey({ precision: 'undated', note: 'no date' }));
  });

  it('within a year, the data keeps dates that can be compared in order (the store relies on data order)', () => {
    const PART = { early: 0, mid: 1, late: 2 } as const;
    // Month -> part of the year, and part -> comparable position; a bare year compares with nothing.
    const position = (d: FactDate): number | null =>
      d.precision === 'month' || d.precision === 'day'
        ? d.month * 100 + (d.precision === 'day' ? d.day : 0)
        : d.precision === 'part'
          ? ([200, 650, 1100][PART[d.part]] ?? null)
          : null;
    const dated = store.events.filter((e) => e.date.precision !== 'undated');
    let compared = 0;
    for (let i = 0; i < dated.length; i++) {
      for (let j = i + 1; j < dated.length; j++) {
        const a = dated[i];
        const b = dated[j];
        if (a === undefined || b === undefined || factYear(a.date) !== factYear(b.date)) continue;
        const pa = position(a.date);
        const pb = position(b.date);
        if (pa === null || pb === null) continue;
        expect(pa, `${a.id} should not come after ${b.id}`).toBeLessThanOrEqual(pb);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0); // e.g. July 2018 (GSR cancelled) before August 2018 (Envision)
  });

  it('the store keeps events chronological, undated last, and ties in data order', () => {
    const keys = store.events.map((e) => sortKey(e.date));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    const undated = store.events.filter((e) => e.date.precision === 'undated').map((e) => e.id);
    expect(undated).toEqual(['electrode-contracts', 'nikkei-report-panasonic']);
    expect(store.events.slice(-2).map((e) => e.id)).toEqual(undated);
    // Same key (2007): data order kept.
    expect(store.timeline({ year: 2007 }).map((e) => e.id)).toEqual(['founding-agreement', 'joint-venture-2007']);
  });

  it('isValidCalendarDate knows month lengths and leap years', () => {
    expect(isValidCalendarDate(2028, 2, 29)).toBe(true);
    expect(isValidCalendarDate(2027, 2, 29)).toBe(false);
    expect(isValidCalendarDate(2100, 2, 29)).toBe(false);
    expect(isValidCalendarDate(2000, 2, 29)).toBe(true);
    expect(isValidCalendarDate(2018, 2, 31)).toBe(false);
    expect(isValidCalendarDate(2018, 4, 31)).toBe(false);
    expect(isValidCalendarDate(2018, 12, 31)).toBe(true);
  });

  it('dayNumber counts whole days, across month, year and leap-day boundaries', () => {
    expect(dayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(dayNumber({ year: 2028, month: 3, day: 1 }) - dayNumber({ year: 2028, month: 2, day: 28 })).toBe(2);
    expect(dayNumber({ year: 2027, month: 3, day: 1 }) - dayNumber({ year: 2027, month: 2, day: 28 })).toBe(1);
    expect(dayNumber({ year: 2027, month: 1, day: 1 }) - dayNumber({ year: 2026, month: 12, day: 31 })).toBe(1);
  });

  it('localDateAt (shared by /aesc today and the daily post) gives the calendar date in a time zone', () => {
    const instant = new Date('2026-01-01T03:00:00Z').getTime();
    expect(localDateAt(instant, 'UTC')).toEqual({ year: 2026, month: 1, day: 1 });
    expect(localDateAt(instant, 'America/New_York')).toEqual({ year: 2025, month: 12, day: 31 });
    expect(localDateAt(instant, 'Asia/Tokyo')).toEqual({ year: 2026, month: 1, day: 1 });
    expect(localDateAt(Date.parse('2028-02-29T23:30:00Z'), 'Europe/Paris')).toEqual({ year: 2028, month: 3, day: 1 });
  });
});

describe('timeline', () => {
  it('by year: 2018 has the GSR cancellation, the Envision announcement and Envision becoming partner', () => {
    const r = store.timeline({ year: 2018 });
    expect(r.map((e) => e.id).sort()).toEqual(['envision-partner', 'envision-sale-announced', 'gsr-sale-cancelled']);
    expect(r.every((e) => e.date.precision !== 'undated' && e.date.year === 2018)).toBe(true);
  });

  it('by topic, with and without undated events', () => {
    const ownership = store.timeline({ topic: 'ownership' });
    expect(ownership.length).toBeGreaterThan(5);
    expect(ownership.every((e) => e.topics.includes('ownership'))).toBe(true);
    expect(ownership.some((e) => e.date.precision === 'undated')).toBe(false);
    const withUndated = store.timeline({ topic: 'ownership', includeUndated: true });
    expect(withUndated.map((e) => e.id)).toEqual([...ownership.map((e) => e.id), 'nikkei-report-panasonic']);
    expect(store.timeline({ topic: 'market', year: 2018 })).toEqual([]);
  });

  it('by inclusive year range', () => {
    const r = store.timeline({ from: 2021, to: 2022 });
    expect(r.map((e) => e.id)).toEqual(['shiyan-sop', 'douai-confirmed', 'ordos-sop', 'kentucky-presented']);
    expect(store.timeline({ from: 2025 }).map((e) => e.id)).toEqual(['south-carolina-halted']);
    expect(store.timeline({ to: 2007 }).map((e) => e.id)).toEqual(['founding-agreement', 'joint-venture-2007']);
    expect(store.timeline({ from: 2011, to: 2013 })).toEqual([]);
    // A year or range never brings undated events in.
    expect(store.timeline({ from: 2000, to: 2100, includeUndated: true }).length).toBe(store.events.length - 2);
  });

  it('newest first reverses the dated events and keeps undated ones last', () => {
    const oldest = store.timeline({ includeUndated: true });
    const newest = store.timeline({ includeUndated: true, order: 'newest' });
    expect(oldest).toHaveLength(store.events.length);
    expect(newest.slice(0, -2)).toEqual(oldest.slice(0, -2).reverse());
    expect(newest.slice(-2)).toEqual(oldest.slice(-2));
    expect(newest[0]?.id).toBe('south-carolina-halted');
  });

  it('years() counts the dated events of each year, oldest first', () => {
    const counts = new Map<number, number>();
    for (const e of rawEvents)
      if (e.date.precision !== 'undated') counts.set(e.date.year, (counts.get(e.date.year) ?? 0) + 1);
    const years = store.years();
    expect(years).toEqual([...counts].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count })));
    expect(years.find((y) => y.year === 2018)?.count).toBe(3);
    expect(years.find((y) => y.year === 2007)?.count).toBe(2);
    expect(years.reduce((n, y) => n + y.count, 0)).toBe(store.events.length - 2);
    for (const { year, count } of years) expect(store.timeline({ year })).toHaveLength(count);
  });
});

describe('ownership', () => {
  const owned = store.ownershipTimeline();
  const find = (id: string) => owned.find((e) => e.id === id);

  it('holds only events with ownership details, all with the "ownership" topic', () => {
    expect(owned.length).toBeGreaterThanOrEqual(7);
    for (const e of owned) {
      expect(e.ownership, e.id).toBeDefined();
      expect(e.topics, e.id).toContain('ownership');
    }
  });

  it('has the founding shareholding 51:42:7 (Nissan, NEC, NEC Tokin)', () => {
    const e = find('established-2008');
    expect(e?.ownership?.kind).toBe('shareholding');
    expect(e?.ownership?.stakes).toEqual([
      { organisation: 'nissan', stake: '51%' },
      { organisation: 'nec', stake: '42%' },
      { organisation: 'nec-tokin', stake: '7%' },
    ]);
    expect(e?.title).toContain('51:42:7');
  });

  it('has the GSR sale announced (mid-2017) and cancelled (July 2018)', () => {
    expect(find('gsr-sale-announced')?.ownership?.kind).toBe('sale-announced');
    expect(when('gsr-sale-announced')).toBe('mid-2017');
    expect(find('gsr-sale-cancelled')?.ownership?.kind).toBe('sale-cancelled');
    expect(when('gsr-sale-cancelled')).toBe('July 2018');
    expect(find('gsr-sale-announced')?.organisations).toContain('gsr-capital');
  });

  it('has the Envision sale announced (August 2018, Nissan keeping 25%) and Envision a partner (2018)', () => {
    const announced = find('envision-sale-announced');
    expect(announced?.ownership?.kind).toBe('sale-announced');
    expect(when('envision-sale-announced')).toBe('August 2018');
    expect(announced?.ownership?.stakes).toContainEqual({ organisation: 'nissan', stake: '25% retained' });
    expect(announced?.ownership?.stakes).toContainEqual({ organisation: 'nec', stake: '49% sold to Envision' });
    const partner = find('envision-partner');
    expect(partner?.ownership?.kind).toBe('ownership-changed');
    expect(partner?.organisations).toEqual(['envision']);
    expect(when('envision-partner')).toBe('2018');
  });

  it("reads in order: founding, Nissan decides to sell, acquires NEC's stake, GSR announced then cancelled, Envision announced then partner", () => {
    expect(owned).toEqual(store.events.filter((e) => e.ownership !== undefined));
    expect(owned.map((e) => e.id)).toEqual([
      'founding-agreement',
      'established-2008',
      'nissan-decides-to-sell',
      'nissan-acquires-nec-stake',
      'gsr-sale-announced',
      'gsr-sale-cancelled',
      'envision-sale-announced',
      'envision-partner',
      'nikkei-report-panasonic', // undated: last
    ]);
  });

  it('current owners are Envision and Nissan (25%)', () => {
    const owners = store.currentOwners();
    expect(owners.map((o) => o.organisation.id)).toEqual(['envision', 'nissan']);
    expect(owners[0]?.stake).toBeUndefined(); // the sources give no percentage for Envision
    expect(owners[1]?.stake).toMatch(/^25%/);
    expect(owners[0]?.organisation.name).toBe('Envision');
    for (const o of owners) expect(o.sources.length).toBeGreaterThan(0);
  });
});

describe('founding', () => {
  it('keeps both the 2007 and the 2008 statements, each with its sources', () => {
    const founding = store.company.founding;
    const years = founding.map((f) => factYear(f.date));
    expect(years).toContain(2007);
    expect(years).toContain(2008);
    const of2008 = founding.filter((f) => factYear(f.date) === 2008);
    expect(of2008.flatMap((f) => f.sources.map((s) => s.quote)).join(' ')).toMatch(
      /In 2008, the company was established/,
    );
    const sources2007 = new Set(
      founding.filter((f) => factYear(f.date) === 2007).flatMap((f) => f.sources.map((s) => s.source)),
    );
    expect([...sources2007].sort()).toEqual(['electrek', 'flor-interview', 'wikipedia']);
    for (const f of founding) expect(f.sources.length).toBeGreaterThan(0);
  });

  it('has the 2007 agreement and the 2008 establishment in the timeline too', () => {
    expect(store.timeline({ topic: 'founding' }).map((e) => [e.id, when(e.id)])).toEqual([
      ['founding-agreement', '2007'],
      ['joint-venture-2007', '2007'],
      ['established-2008', '2008'],
    ]);
  });
});
