// Issue 8 items 6 and 7. (6) Every zone, every DST transition of 2026-2027, checked against an independent oracle:
// Debian's tzdata through `zdump -v` (not Intl). The ledger date of a post is the local date of its post instant,
// including where a gap runs past midnight (America/Nuuk on 2026-03-28). (7) Zone names are stored canonical and
// the formatter cache cannot be grown by input.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDailyStore } from '../src/daily/sqlite-store.js';
import {
  canonicalTimeZone,
  FORMATTER_CACHE_MAX,
  formatLocalDate,
  formatterCacheSize,
  type LocalDate,
  localDateAt,
  offsetAt,
  postInstant,
  timeZoneNames,
} from '../src/daily/time.js';
import { harness, tickEveryMinute } from './daily/helpers.js';

// ---- the oracle ----------------------------------------------------------------------------------------------------

interface Transition {
  zone: string;
  /** First instant of the new offset, UTC ms. */
  at: number;
  /** Offsets in seconds east of UTC, before and after. */
  before: number;
  after: number;
}

/** zdump and the tzdata it reads (Europe/London must show its 2026 transitions). */
function hasZdump(): boolean {
  try {
    const out = execFileSync('zdump', ['-v', '-c', '2026,2027', 'Europe/London'], { encoding: 'utf8' });
    return out.includes('2026 UT') && out.includes('BST');
  } catch {
    return false;
  }
}

const ZDUMP = hasZdump();
if (!ZDUMP)
  console.warn(
    'daily-zones: zdump or tzdata not found, the DST oracle test is skipped (apt-get install tzdata libc-bin)',
  );

const LINE = /^(\S+)\s+\w{3} (\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (\d{4}) UT = .* gmtoff=(-?\d+)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every transition in 2026-2027 of every zone, from one `zdump -v` run (about 0.1 s). */
function oracleTransitions(zones: readonly string[]): Transition[] {
  const out = execFileSync('zdump', ['-v', '-c', '2026,2028', ...zones], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const rows: { zone: string; at: number; off: number }[] = [];
  for (const line of out.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, zone, mon, d, hh, mm, ss, y, off] = m;
    const at = Date.UTC(Number(y), MONTHS.indexOf(mon ?? ''), Number(d), Number(hh), Number(mm), Number(ss));
    rows.push({ zone: zone ?? '', at, off: Number(off) });
  }
  const transitions: Transition[] = [];
  // zdump prints each transition as a pair of lines: the last second before it, then its first second.
  for (let i = 0; i + 1 < rows.length; i += 2) {
    const a = rows[i];
    const b = rows[i + 1];
    if (!a || !b || a.zone !== b.zone || b.at - a.at !== 1000) throw new Error(`unexpected zdump output near ${i}`);
    transitions.push({ zone: a.zone, at: b.at, before: a.off, after: b.off });
  }
  return transitions;
}

/** The oracle's wall clock: a date of the zone at `u`, given the transition (valid within a day of it). */
function oracleDate(tr: Transition, u: number): LocalDate {
  const off = u < tr.at ? tr.before : tr.after;
  const d = new Date(u + off * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const sameDate = (a: LocalDate, b: LocalDate) => a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The expected post instant of (date, hh:mm), from the oracle's offsets only: the earliest instant whose wall clock
 * reads it; in a gap the moment of the jump; and when that moment is already the next day, the last minute before.
 */
function oraclePost(tr: Transition, date: LocalDate, hour: number, minute: number): number | null {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const candidates = [wall - tr.before * 1000, wall - tr.after * 1000].filter(
    (u, i) => (i === 0 ? u < tr.at : u >= tr.at) && u + (u < tr.at ? tr.before : tr.after) * 1000 === wall,
  );
  let u = candidates.length > 0 ? Math.min(...candidates) : tr.at;
  if (!sameDate(oracleDate(tr, u), date)) {
    u = Math.floor((tr.at - 1) / 60_000) * 60_000;
    if (!sameDate(oracleDate(tr, u), date)) return null;
  }
  return u;
}

describe.skipIf(!ZDUMP)('DST against the zoneinfo oracle (zdump), every zone, 2026-2027', () => {
  const zones = timeZoneNames();
  const all = ZDUMP ? oracleTransitions(zones) : [];
  // Pairs of transitions less than 3 days apart would need a richer oracle; there are none in 2026-2027 today.
  const transitions = all.filter((t, i) => {
    const prev = all[i - 1];
    const next = all[i + 1];
    const near = (o: Transition | undefined) => o?.zone === t.zone && Math.abs(o.at - t.at) < 3 * 86_400_000;
    return !near(prev) && !near(next);
  });

  it('the oracle covers the zones that change their clocks', () => {
    expect(transitions.length).toBeGreaterThan(200);
    expect(new Set(transitions.map((t) => t.zone)).size).toBeGreaterThan(60);
    expect(transitions.filter((t) => t.zone === 'America/Nuuk').map((t) => new Date(t.at).toISOString())).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-10-31T01:00:00.000Z',
    ]);
  });

  it('offsets either side of every transition match', () => {
    const wrong: string[] = [];
    for (const t of transitions) {
      const before = offsetAt(t.at - 1000, t.zone) / 1000;
      const after = offsetAt(t.at, t.zone) / 1000;
      if (before !== t.before || after !== t.after) {
        wrong.push(`${t.zone} ${new Date(t.at).toISOString()}: ${before}/${after}, oracle ${t.before}/${t.after}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every post time on both local dates of every transition: the oracle instant, on its own local date', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const t of transitions) {
      const dates = [oracleDate(t, t.at - 1000), oracleDate(t, t.at)];
      // Every quarter hour, plus the minutes around both wall readings of the transition.
      const minutes = new Set<number>();
      for (let m = 0; m < 1440; m += 15) minutes.add(m);
      for (const off of [t.before, t.after]) {
        const wall = new Date(t.at + off * 1000);
        const m = wall.getUTCHours() * 60 + wall.getUTCMinutes();
        for (const d of [-61, -60, -1, 0, 1, 59, 60]) minutes.add((((m + d) % 1440) + 1440) % 1440);
      }
      for (const date of dates) {
        if (dates.indexOf(date) === 1 && sameDate(dates[0] as LocalDate, date)) continue;
        for (const m of minutes) {
          const hour = Math.floor(m / 60);
          const minute = m % 60;
          const expected = oraclePost(t, date, hour, minute);
          const got = postInstant(date, { hour, minute }, t.zone);
          checked++;
          const onItsDate = got === null || sameDate(oracleDate(t, got), date);
          if (got !== expected || !onItsDate) {
            wrong.push(
              `${t.zone} ${formatLocalDate(date)} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}: ` +
                `${got === null ? 'null' : new Date(got).toISOString()}, oracle ${expected === null ? 'null' : new Date(expected).toISOString()}`,
            );
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50_000);
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});

describe('Greenland, 28 March 2026: the DST gap runs past midnight (item 6)', () => {
  it.each(['America/Nuuk', 'America/Godthab', 'America/Scoresbysund'])(
    '%s at 23:30 posts every day, the 28th in the last minute before the jump (22:59)',
    async (zone) => {
      const h = harness('2026-03-27T12:00:00Z');
      await h.service.set('111111111111111111', { channelId: 'c', time: '23:30', timezone: zone });
      await tickEveryMinute(h.service, h.clock, '2026-03-27T12:00:00Z', '2026-03-30T03:00:00Z');
      expect(h.sender.created.map((m) => m.body.embeds?.[0]?.title)).toEqual([
        'AESC on 2026-03-27',
        'AESC on 2026-03-28',
        'AESC on 2026-03-29',
      ]);
      expect(h.sender.created.map((m) => String(m.body.embeds?.[0]?.description).slice(9))).toEqual([
        '2026-03-28T01:30:00.000Z', // 23:30 -02
        '2026-03-29T00:59:00.000Z', // 22:59 -02: 23:00-23:59 do not exist that night
        '2026-03-30T00:30:00.000Z', // 23:30 -01
      ]);
      for (const date of ['2026-03-27', '2026-03-28', '2026-03-29']) {
        expect((await h.store.getLedger('111111111111111111', date))?.status).toBe('posted');
      }
      // The ledger date is the local date of the post instant.
      expect(formatLocalDate(localDateAt(Date.parse('2026-03-29T00:59:00Z'), zone))).toBe('2026-03-28');
    },
  );
});

describe('zone names are canonical; no cache grows with input (item 7)', () => {
  it('every spelling of a zone gives one name', () => {
    expect(canonicalTimeZone('aMeRiCa/ArGeNtInA/cOmOdRiVaDaViA')).toBe('America/Argentina/Catamarca');
    expect(canonicalTimeZone('us/central')).toBe('America/Chicago');
    expect(canonicalTimeZone('ASIA/CALCUTTA')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('america/godthab')).toBe('America/Nuuk');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    expect(canonicalTimeZone('europe/kiev')).toBe('Europe/Kyiv');
    // What is stored is what is offered.
    for (const z of ['Asia/Kolkata', 'America/Nuuk', 'Europe/Kyiv']) expect(timeZoneNames()).toContain(z);
    for (const z of ['Asia/Calcutta', 'America/Godthab', 'Europe/Kiev']) expect(timeZoneNames()).not.toContain(z);
  });

  it('zones saved under other spellings before are stored canonical when the database opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-daily-zones-'));
    try {
      const url = `file:${join(dir, 'db.sqlite')}`;
      const h = harness('2026-06-01T08:00:00Z', { url });
      await h.service.set('111111111111111111', { channelId: 'c', time: '09:00', timezone: 'America/Chicago' });
      h.store.db.prepare("UPDATE subscriptions SET timezone = 'us/central'").run(); // as an old version saved it
      await h.store.close();
      const again = new SqliteDailyStore(url);
      expect((await again.getSubscription('111111111111111111'))?.timezone).toBe('America/Chicago');
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('3,000 spellings: one stored name, and the formatter cache stays within its cap', () => {
    const base = 'America/Argentina/ComodRivadavia';
    const letters = [...base].map((_c, i) => i).filter((i) => /[a-z]/i.test(base[i] ?? ''));
    const names = new Set<string>();
    for (let n = 0; n < 3000; n++) {
      const chars = [...base];
      letters.forEach((pos, bit) => {
        if ((n >> bit) & 1) chars[pos] = (chars[pos] ?? '').toUpperCase();
        else chars[pos] = (chars[pos] ?? '').toLowerCase();
      });
      names.add(chars.join(''));
    }
    expect(names.size).toBe(3000);
    const now = Date.parse('2026-06-01T12:00:00Z');
    const canonical = new Set<string>();
    for (const name of names) {
      const z = canonicalTimeZone(name);
      if (z) canonical.add(z);
      localDateAt(now, z ?? 'UTC');
    }
    expect([...canonical]).toEqual(['America/Argentina/Catamarca']);
    // Even names that bypass canonicalisation (read from an old database row) cannot grow it past the cap.
    for (const name of names) localDateAt(now, name);
    expect(formatterCacheSize()).toBeLessThanOrEqual(FORMATTER_CACHE_MAX);
    expect(FORMATTER_CACHE_MAX).toBeLessThan(1000);
  });
});
