import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  localDateAt,
  nextDueFrom,
  parseWallTime,
  searchTimeZones,
  timeZoneNames,
  zonedToUtc,
} from '../src/daily/time.js';

function utc(date: string, time: string, zone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(
    zonedToUtc({ year: y ?? 0, month: m ?? 0, day: d ?? 0 }, { hour: hh ?? 0, minute: mm ?? 0 }, zone),
  ).toISOString();
}

describe('zonedToUtc', () => {
  it('Asia/Tokyo (no DST, +09:00)', () => {
    expect(utc('2026-03-08', '09:00', 'Asia/Tokyo')).toBe('2026-03-08T00:00:00.000Z');
    expect(utc('2026-11-01', '00:30', 'Asia/Tokyo')).toBe('2026-10-31T15:30:00.000Z');
  });

  it('America/Chicago: ordinary days on both sides of DST', () => {
    expect(utc('2026-03-07', '09:00', 'America/Chicago')).toBe('2026-03-07T15:00:00.000Z'); // CST -6
    expect(utc('2026-03-09', '09:00', 'America/Chicago')).toBe('2026-03-09T14:00:00.000Z'); // CDT -5
    expect(utc('2026-11-02', '09:00', 'America/Chicago')).toBe('2026-11-02T15:00:00.000Z');
  });

  it('America/Chicago spring forward 2026-03-08: 02:00-02:59 do not exist, they map to 03:00 CDT', () => {
    expect(utc('2026-03-08', '01:59', 'America/Chicago')).toBe('2026-03-08T07:59:00.000Z');
    expect(utc('2026-03-08', '02:00', 'America/Chicago')).toBe('2026-03-08T08:00:00.000Z');
    expect(utc('2026-03-08', '02:30', 'America/Chicago')).toBe('2026-03-08T08:00:00.000Z');
    expect(utc('2026-03-08', '03:00', 'America/Chicago')).toBe('2026-03-08T08:00:00.000Z');
    expect(utc('2026-03-08', '03:30', 'America/Chicago')).toBe('2026-03-08T08:30:00.000Z');
  });

  it('America/Chicago fall back 2026-11-01: 01:30 happens twice, the first one is used', () => {
    expect(utc('2026-11-01', '01:30', 'America/Chicago')).toBe('2026-11-01T06:30:00.000Z'); // CDT, not 07:30Z
    expect(utc('2026-11-01', '02:00', 'America/Chicago')).toBe('2026-11-01T08:00:00.000Z'); // CST
    expect(utc('2026-11-01', '00:59', 'America/Chicago')).toBe('2026-11-01T05:59:00.000Z');
  });

  it('Europe/London across 2026-03-29 (01:00 GMT -> 02:00 BST) and 2026-10-25 (02:00 BST -> 01:00 GMT)', () => {
    expect(utc('2026-03-28', '09:00', 'Europe/London')).toBe('2026-03-28T09:00:00.000Z');
    expect(utc('2026-03-29', '00:59', 'Europe/London')).toBe('2026-03-29T00:59:00.000Z');
    expect(utc('2026-03-29', '01:30', 'Europe/London')).toBe('2026-03-29T01:00:00.000Z'); // gap -> 02:00 BST
    expect(utc('2026-03-29', '09:00', 'Europe/London')).toBe('2026-03-29T08:00:00.000Z');
    expect(utc('2026-10-25', '01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z'); // first (BST)
    expect(utc('2026-10-25', '09:00', 'Europe/London')).toBe('2026-10-25T09:00:00.000Z');
  });

  it(':45 offsets: Asia/Kathmandu (+05:45) and Australia/Eucla (+08:45)', () => {
    expect(utc('2026-06-01', '09:00', 'Asia/Kathmandu')).toBe('2026-06-01T03:15:00.000Z');
    expect(utc('2026-06-01', '00:10', 'Asia/Kathmandu')).toBe('2026-05-31T18:25:00.000Z');
    expect(utc('2026-06-01', '09:00', 'Australia/Eucla')).toBe('2026-06-01T00:15:00.000Z');
  });

  it('UTC', () => {
    expect(utc('2026-02-28', '23:59', 'UTC')).toBe('2026-02-28T23:59:00.000Z');
  });
});

describe('localDateAt / nextDueFrom', () => {
  it('the local date depends on the zone', () => {
    const t = Date.parse('2026-06-01T20:00:00Z');
    expect(localDateAt(t, 'Asia/Tokyo')).toEqual({ year: 2026, month: 6, day: 2 });
    expect(localDateAt(t, 'America/Chicago')).toEqual({ year: 2026, month: 6, day: 1 });
    expect(localDateAt(Date.parse('2026-06-01T18:14:00Z'), 'Asia/Kathmandu')).toEqual({ year: 2026, month: 6, day: 1 });
    expect(localDateAt(Date.parse('2026-06-01T18:15:00Z'), 'Asia/Kathmandu')).toEqual({ year: 2026, month: 6, day: 2 });
  });

  it('gives the first date from `from` due strictly after the instant', () => {
    const from = { year: 2026, month: 6, day: 1 };
    const n = nextDueFrom(from, { hour: 9, minute: 0 }, 'UTC', Date.parse('2026-06-01T09:00:00Z'));
    expect(n.localDate).toEqual({ year: 2026, month: 6, day: 2 });
    const m = nextDueFrom(from, { hour: 9, minute: 0 }, 'UTC', Date.parse('2026-06-01T08:59:59Z'));
    expect(new Date(m.dueMs).toISOString()).toBe('2026-06-01T09:00:00.000Z');
  });
});

describe('parseWallTime', () => {
  it.each(['09:00', '9:00', '00:00', '23:59', ' 18:30 '])('accepts %s', (t) => {
    expect(parseWallTime(t)).not.toBeNull();
  });
  it.each(['25:00', '24:00', '9am', '7:5', '12:60', '', '0900', '09:00:00', '-1:00', '１２:００'])(
    'rejects %s',
    (t) => {
      expect(parseWallTime(t)).toBeNull();
    },
  );
});

describe('time zone names', () => {
  it('lists IANA zones plus UTC', () => {
    expect(timeZoneNames()).toContain('UTC');
    expect(timeZoneNames()).toContain('Asia/Kathmandu');
    expect(timeZoneNames()).toContain('Australia/Eucla');
    expect(searchTimeZones('kathm')).toContain('Asia/Kathmandu');
  });

  it('canonicalises case, accepts aliases, rejects unknown names', () => {
    expect(canonicalTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
    expect(canonicalTimeZone('+05:00')).toBeNull();
    expect(canonicalTimeZone('Europe/London; DROP TABLE')).toBeNull();
  });

  it('autocomplete ranks prefix matches before substring matches, at most 25, never throws', () => {
    const r = searchTimeZones('america/');
    expect(r.length).toBe(25);
    expect(r.every((z) => z.startsWith('America/'))).toBe(true);
    const lon = searchTimeZones('lon');
    expect(lon).toContain('Europe/London');
    expect(lon.indexOf('Europe/London')).toBeLessThan(lon.indexOf('America/Blanc-Sablon'));
    expect(searchTimeZones('new york')).toEqual(['America/New_York']);
    expect(searchTimeZones('Asia/Tok')[0]).toBe('Asia/Tokyo');
    expect(searchTimeZones('')).toHaveLength(25);
    expect(searchTimeZones('zzzzzz')).toEqual([]);
    expect(searchTimeZones('(')).toEqual([]);
  });
});
