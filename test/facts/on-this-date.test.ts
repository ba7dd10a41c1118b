// "On this date": one entry for every calendar date, stable per date, different from the day before,
// and honest about precision (a month event only in its month, a day event only on its anniversary,
// targets and undated events never).
import { describe, expect, it } from 'vitest';
import { calendarDates, type LocalDate } from '../../src/facts/dates.js';
import { crossCheck, loadDataFiles, loadFactStore } from '../../src/facts/load.js';
import type { OnThisDateEntry } from '../../src/facts/on-this-date.js';
import { type DataFiles, HistoryEvent } from '../../src/facts/schema.js';
import { FactStore } from '../../src/facts/store.js';

const YEARS = [2026, 2027, 2028];

const DATES = calendarDates(YEARS);
const key = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function entriesOf(store: FactStore, dates: readonly LocalDate[] = DATES): Map<string, OnThisDateEntry> {
  const out = new Map<string, OnThisDateEntry>();
  for (const d of dates) {
    const e = store.onThisDate(d);
    if (e === null) throw new Error(`no entry for ${key(d)}`);
    out.set(key(d), e);
  }
  return out;
}

/** The rules that hold for every entry, whatever the data. */
function expectHonest(entry: OnThisDateEntry, date: LocalDate): void {
  const where = `${key(date)}: ${entry.event.id}`;
  const d = entry.event.date;
  expect(entry.date, where).toEqual(date);
  expect(d.precision, `${where} (undated events never appear)`).not.toBe('undated');
  if (d.precision === 'undated') return;
  expect(d.qualifier, `${where} (targets never appear)`).not.toBe('by');
  expect(entry.yearsAgo, where).toBe(date.year - d.year);
  if (d.precision === 'day') {
    expect([entry.kind, d.month, d.day], where).toEqual(['day', date.month, date.day]);
  } else if (d.precision === 'month') {
    expect([entry.kind, d.month], where).toEqual(['month', date.month]);
  } else {
    expect(entry.kind, where).toBe('timeline');
  }
}

describe('onThisDate with the real data, every date of 2026, 2027 and 2028', () => {
  const store = loadFactStore();
  const entries = entriesOf(store);

  it('covers 1,096 dates, 29 February 2028 included, and has an entry for each', () => {
    expect(DATES).toHaveLength(365 + 365 + 366);
    expect(entries.has('2028-02-29')).toBe(true);
    expect(entries.size).toBe(DATES.length);
  });

  it('the same date always gives the same entry (twice, and from a second store)', () => {
    const other = loadFactStore();
    for (const d of DATES) {
      const first = entries.get(key(d));
      expect(store.onThisDate(d), key(d)).toEqual(first);
      expect(other.onThisDate({ ...d }), key(d)).toEqual(first);
    }
  });

  it("each entry differs from the previous day's, across months and years", () => {
    for (let i = 1; i < DATES.length; i++) {
      const prev = DATES[i - 1] as LocalDate;
      const cur = DATES[i] as LocalDate;
      expect(entries.get(key(cur))?.event.id, `${key(prev)} -> ${key(cur)}`).not.toBe(entries.get(key(prev))?.event.id);
    }
  });

  it('is honest about precision: month events in their month as "month", coarse ones as "timeline", yearsAgo right', () => {
    for (const d of DATES) expectHonest(entries.get(key(d)) as OnThisDateEntry, d);
  });

  it('has no day entries (the sources give no day) but uses both other kinds', () => {
    const kinds = new Set([...entries.values()].map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['month', 'timeline']);
  });

  it('the Envision sale (August 2018) appears in August only, as "This month", 8 years ago in 2026', () => {
    const shown = [...entries].filter(([, e]) => e.event.id === 'envision-sale-announced');
    expect(shown.length).toBeGreaterThan(0);
    for (const [date, e] of shown) {
      expect(date).toMatch(/^\d{4}-08-/);
      expect(e.kind).toBe('month');
    }
    expect(entries.get('2026-08-01')?.event.id).toBe('envision-sale-announced');
    expect(entries.get('2026-08-01')?.yearsAgo).toBe(8);
  });

  it('rotates through every candidate event within a year, and never shows undated ones', () => {
    const shown2026 = new Set([...entries].filter(([k]) => k.startsWith('2026-')).map(([, e]) => e.event.id));
    const candidates = store.events.filter((e) => e.date.precision !== 'undated' && e.date.qualifier !== 'by');
    expect(candidates.length).toBeGreaterThan(10);
    expect([...shown2026].sort()).toEqual(candidates.map((e) => e.id).sort());
    expect(shown2026.has('nikkei-report-panasonic')).toBe(false);
    expect(shown2026.has('electrode-contracts')).toBe(false);
  });
});

describe('onThisDate with day-precision events and targets (a modified copy of the data)', () => {
  const base = loadDataFiles();
  const citation = [{ source: 'wikipedia' as const, quote: 'test fixture, not a quoted fact' }];
  const extra = [
    { id: 'test-day-event', date: { precision: 'day', year: 2019, month: 3, day: 14 } },
    { id: 'test-leap-day', date: { precision: 'day', year: 2020, month: 2, day: 29 } },
    { id: 'test-august-day', date: { precision: 'day', year: 2018, month: 8, day: 3 } },
    { id: 'test-target', date: { precision: 'year', year: 2030, qualifier: 'by' } },
    { id: 'test-month-target', date: { precision: 'month', year: 2027, month: 5, qualifier: 'by' } },
    { id: 'test-day-target', date: { precision: 'day', year: 2030, month: 6, day: 1, qualifier: 'by' } },
  ].map(({ id, date }) =>
    HistoryEvent.parse({
      id,
      date,
      title: `Test event ${id}`,
      text: 'A test event.',
      topics: ['plants'],
      sources: citation,
    }),
  );
  const files: DataFiles = structuredClone(base);
  files['history.json'].events.push(...extra);
  const store = new FactStore(files);
  const entries = entriesOf(store);
  const datesShowing = (id: string) => [...entries].filter(([, e]) => e.event.id === id).map(([k]) => k);

  it('the modified data passes the cross-check', () => {
    expect(crossCheck(files)).toEqual([]);
    expect(store.events).toHaveLength(base['history.json'].events.length + extra.length);
  });

  it('a day event appears exactly on its anniversary each year, as "day", with yearsAgo', () => {
    expect(datesShowing('test-day-event')).toEqual(['2026-03-14', '2027-03-14', '2028-03-14']);
    for (const y of YEARS) {
      const e = entries.get(`${y}-03-14`);
      expect(e?.kind).toBe('day');
      expect(e?.yearsAgo).toBe(y - 2019);
    }
  });

  it('a 29 February event appears only in the leap year', () => {
    expect(datesShowing('test-leap-day')).toEqual(['2028-02-29']);
  });

  it('a day event wins its date over the month event of the same month, which keeps the other days', () => {
    expect(datesShowing('test-august-day')).toEqual(['2026-08-03', '2027-08-03', '2028-08-03']);
    expect(entries.get('2026-08-01')?.event.id).toBe('envision-sale-announced');
    expect(entries.get('2026-08-05')?.event.id).toBe('envision-sale-announced');
    for (const [date] of [...entries].filter(([, e]) => e.event.id === 'envision-sale-announced')) {
      expect(date).toMatch(/^\d{4}-08-/);
    }
  });

  it('targets ("by" a date) never appear, whatever their precision', () => {
    for (const id of ['test-target', 'test-month-target', 'test-day-target']) expect(datesShowing(id), id).toEqual([]);
  });

  it('every entry is still honest, stable and different from the day before', () => {
    let prev: string | undefined;
    for (const d of DATES) {
      const e = entries.get(key(d)) as OnThisDateEntry;
      expectHonest(e, d);
      expect(store.onThisDate(d)).toEqual(e);
      expect(e.event.id, key(d)).not.toBe(prev);
      prev = e.event.id;
    }
  });
});

describe('onThisDate with few candidates', () => {
  it('with only month events, fills the other days from them as "timeline"', () => {
    const files = structuredClone(loadDataFiles());
    const events = files['history.json'].events;
    files['history.json'].events = events.filter(
      (e) => e.id === 'envision-sale-announced' || e.id === 'ghosn-explains',
    );
    const store = new FactStore(files);
    expect(store.onThisDate({ year: 2026, month: 8, day: 1 })).toMatchObject({
      kind: 'month',
      event: { id: 'envision-sale-announced' },
    });
    const march = store.onThisDate({ year: 2026, month: 3, day: 10 });
    expect(march?.kind).toBe('timeline');
    expect(['envision-sale-announced', 'ghosn-explains']).toContain(march?.event.id);
  });

  it('with only undated events and targets, gives null', () => {
    const files = structuredClone(loadDataFiles());
    const events = files['history.json'].events;
    files['history.json'].events = events.filter((e) => e.date.precision === 'undated');
    expect(files['history.json'].events.length).toBeGreaterThan(0);
    expect(new FactStore(files).onThisDate({ year: 2026, month: 8, day: 1 })).toBeNull();
  });
});
