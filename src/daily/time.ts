// Wall-clock arithmetic in IANA time zones with nothing but Intl.
// A subscription says "HH:MM in zone Z"; the scheduler needs, for a local date D, the UTC instant at which
// that wall time happens. Daylight-saving rules:
// - gap (spring forward): the wall time does not exist that day; we use the next valid instant, i.e. the
//   moment the clocks jump (02:30 in a 02:00->03:00 gap becomes 03:00 local), once;
// - overlap (fall back): the wall time happens twice; we use the first one. The post happens once anyway,
//   because the ledger is keyed by (guild, local date), not by instant.

/** A calendar date in some zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface WallTime {
  hour: number;
  minute: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A least-recently-used map with a size cap: a Map iterates in insertion order, so a hit re-inserts its key at the
 * end and an insert past the cap drops the first (oldest) key. Every cache that input can grow uses one.
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly max: number) {}
  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }
}

/**
 * One formatter per zone (each holds ~24 KB of ICU memory). Stored zones are canonical (see `canonicalTimeZone`),
 * so the cache holds at most one entry per real zone; the cap bounds it even for names that bypass that.
 */
export const FORMATTER_CACHE_MAX = 700;
const formatters = new LruMap<string, Intl.DateTimeFormat>(FORMATTER_CACHE_MAX);

/** How many zone formatters are cached (for tests and health checks). */
export function formatterCacheSize(): number {
  return formatters.size;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface ZonedParts extends LocalDate, WallTime {
  second: number;
}

const FORMATTED = /^(\d{1,2})\/(\d{1,2})\/(\d{4,}), (\d{2}):(\d{2}):(\d{2})$/;

/** The wall clock reading in `timeZone` at `instantMs`. */
export function zonedParts(instantMs: number, timeZone: string): ZonedParts {
  const f = formatterFor(timeZone);
  // `format` + a regex is ~3x faster than `formatToParts`; fall back to parts for odd outputs.
  const m = FORMATTED.exec(f.format(instantMs));
  if (m) {
    return {
      month: Number(m[1]),
      day: Number(m[2]),
      year: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    };
  }
  const out: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(instantMs)) {
    if (p.type === 'literal' || !(p.type in out)) continue;
    out[p.type as keyof ZonedParts] = Number(p.value);
  }
  return out;
}

/** Offset of `timeZone` from UTC at `instantMs`, in ms (positive east of Greenwich). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const floored = Math.floor(instantMs / 1000) * 1000;
  const p = zonedParts(floored, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - floored;
}

/** The local calendar date in `timeZone` at `instantMs`. */
export function localDateAt(instantMs: number, timeZone: string): LocalDate {
  const p = zonedParts(instantMs, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** Wall-clock ms ("local time as if it were UTC") at an instant, for comparisons. */
function wallMs(instantMs: number, timeZone: string): number {
  return instantMs + offsetAt(instantMs, timeZone);
}

/**
 * The UTC instant (ms) at which the wall clock in `timeZone` reads `time` on `date`.
 * Overlap: the earlier instant. Gap: the first instant after the gap (the transition).
 */
export function zonedToUtc(date: LocalDate, time: WallTime, timeZone: string): number {
  const target = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const before = offsetAt(target - DAY, timeZone);
  const after = offsetAt(target + DAY, timeZone);
  // No transition within a day either side (almost always): one answer.
  if (before === after) return target - before;
  const candidates = [target - before, target - after].filter((t) => wallMs(t, timeZone) === target);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the wall clock jumps over `target`. Find the first instant whose wall time is past it.
  // `target - after` is before the transition, `target - before` after it (offset grew by the gap).
  let lo = Math.min(target - before, target - after);
  let hi = Math.max(target - before, target - after);
  // Invariant: wall(lo) < target <= wall(hi). Transitions fall on whole seconds; search to the second.
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid <= lo || mid >= hi) break;
    if (wallMs(mid, timeZone) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

function sameDate(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/**
 * The instant the post of local date `date` at wall time `time` goes out, or null when `date` does not exist in
 * the zone (a whole day skipped, as Samoa did in 2011). It is `zonedToUtc`, with one rule on top: the post instant
 * always falls on `date` itself, because the ledger date of a post is the local date of its post instant. When a
 * gap runs past midnight (America/Nuuk on 2026-03-28: at 23:00 the clocks jump to 00:00 of the 29th), "the moment
 * the clocks jump" is already the next day; the post then goes out in the last minute before the jump (22:59).
 */
export function postInstant(date: LocalDate, time: WallTime, timeZone: string): number | null {
  const t = zonedToUtc(date, time, timeZone);
  if (sameDate(localDateAt(t, timeZone), date)) return t;
  const lastMinute = Math.floor((t - 1) / MINUTE) * MINUTE;
  return sameDate(localDateAt(lastMinute, timeZone), date) ? lastMinute : null;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD`, sortable, as stored in the ledger. */
export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function parseLocalDate(text: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad local date ${text}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatWallTime(time: WallTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/**
 * `HH:MM` (24-hour; a one-digit hour like `7:05` is accepted too). Returns null for anything else:
 * `25:00`, `9am`, `7:5`, `12:60`.
 */
export function parseWallTime(text: string): WallTime | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

export interface NextDue {
  /** The local date the post belongs to. */
  localDate: LocalDate;
  /** When it is due, UTC ms. */
  dueMs: number;
}

/** Every day of the week (bit 0 Monday ... bit 6 Sunday), as `DeliverySettings.weekdays` counts them. */
const ALL_WEEKDAYS = 0b111_1111;

/** Is `date` one of `weekdays` (bit 0 Monday ... bit 6 Sunday)? */
export function isWeekdayIn(date: LocalDate, weekdays: number): boolean {
  const monday0 = (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
  return (weekdays & (1 << monday0)) !== 0;
}

/**
 * The first local date, from `fromDate` on (the day after the last handled one, or today), that is a post day
 * (`weekdays`, default every day) and whose post instant (`postInstant`) is strictly after `afterMs`. Used when
 * advancing a subscription.
 */
export function nextDueFrom(
  fromDate: LocalDate,
  time: WallTime,
  timeZone: string,
  afterMs: number,
  weekdays: number = ALL_WEEKDAYS,
): NextDue {
  const mask = (weekdays & ALL_WEEKDAYS) === 0 ? ALL_WEEKDAYS : weekdays & ALL_WEEKDAYS;
  let date = fromDate;
  for (let i = 0; i < 16; i++) {
    if (isWeekdayIn(date, mask)) {
      const dueMs = postInstant(date, time, timeZone);
      if (dueMs !== null && dueMs > afterMs) return { localDate: date, dueMs };
    }
    date = addDays(date, 1);
  }
  // Only when `fromDate` was far behind `afterMs`: start again from tomorrow.
  return nextDueFrom(addDays(localDateAt(afterMs, timeZone), 1), time, timeZone, afterMs, mask);
}

// ---- time zone names ---------------------------------------------------------------------------

let zoneList: readonly string[] | undefined;
let zoneByLower: Map<string, string> | undefined;
let modernByIcu: Map<string, string> | undefined;

/**
 * Current IANA names that some ICU versions (Node 20's among them) know only under an old spelling
 * (`Asia/Katmandu`, `Asia/Calcutta`, `Europe/Kiev`...): ICU's `resolvedOptions().timeZone` gives the old one.
 * We store and offer the current name when the runtime accepts it. (From Debian tzdata 2025b: every zone whose
 * ICU canonical name differs, except the legacy `CET`/`EST`-style names.)
 */
const MODERN_NAMES = [
  'Africa/Asmara',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Atikokan',
  'America/Ciudad_Juarez',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
];

/** ICU's canonical name for a zone (`US/Central` -> `America/Chicago`), or null when the runtime rejects it. */
function icuCanonical(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** ICU's old canonical spelling -> the current IANA name (`Asia/Calcutta` -> `Asia/Kolkata`). */
function modernNames(): Map<string, string> {
  if (!modernByIcu) {
    modernByIcu = new Map();
    for (const modern of MODERN_NAMES) {
      const icu = icuCanonical(modern);
      if (icu !== null && icu !== modern) modernByIcu.set(icu, modern);
    }
  }
  return modernByIcu;
}

/**
 * IANA zone names this runtime knows (`Intl.supportedValuesOf('timeZone')`), each under its current name
 * (`Asia/Kolkata`, not `Asia/Calcutta`), plus `UTC`, sorted. These are exactly the names `canonicalTimeZone`
 * returns.
 */
export function timeZoneNames(): readonly string[] {
  if (!zoneList) {
    const modern = modernNames();
    const names = new Set<string>();
    for (const z of Intl.supportedValuesOf('timeZone')) names.add(modern.get(z) ?? z);
    zoneList = ['UTC', ...[...names].filter((z) => z !== 'UTC').sort()];
  }
  return zoneList;
}

const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The canonical name of a zone, or null when unknown. Every spelling of one zone gives the same name: case does
 * not matter, and aliases resolve to the zone they stand for (`us/central` and `America/Chicago` ->
 * `America/Chicago`; `aMeRiCa/ArGeNtInA/cOmOdRiVaDaViA` -> `America/Argentina/Catamarca`; `Etc/UTC`, `GMT` ->
 * `UTC`), through ICU (`resolvedOptions().timeZone`) and then to the current IANA name. So what is stored, and
 * what the formatter cache is keyed by, is one of `timeZoneNames()` (or, on a runtime whose ICU canonicalises
 * to a name outside its own list, that ICU name).
 */
export function canonicalTimeZone(input: string): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > 64 || !ZONE_SHAPE.test(text)) return null;
  if (!zoneByLower) zoneByLower = new Map(timeZoneNames().map((z) => [z.toLowerCase(), z]));
  const listed = zoneByLower.get(text.toLowerCase());
  if (listed) return listed;
  const icu = icuCanonical(text);
  if (icu === null) return null;
  const canonical = modernNames().get(icu) ?? icu;
  return zoneByLower.get(canonical.toLowerCase()) ?? canonical;
}

function normaliseForSearch(s: string): string {
  return s.toLowerCase().replace(/[\s_]+/g, '_');
}

/** Autocomplete over zone names: prefix matches (of the name or of its last part) first, then substrings. */
export function searchTimeZones(query: string, limit = 25): string[] {
  const q = normaliseForSearch(query.trim());
  const names = timeZoneNames();
  if (q.length === 0) return names.slice(0, limit);
  const prefix: string[] = [];
  const partPrefix: string[] = [];
  const substring: string[] = [];
  for (const name of names) {
    const n = normaliseForSearch(name);
    if (n.startsWith(q)) prefix.push(name);
    else if (n.split('/').some((part) => part.startsWith(q))) partPrefix.push(name);
    else if (n.includes(q)) substring.push(name);
  }
  return [...prefix, ...partPrefix, ...substring].slice(0, limit);
}

export { DAY as DAY_MS, MINUTE as MINUTE_MS };
