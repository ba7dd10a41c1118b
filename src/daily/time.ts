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

const formatters = new Map<string, Intl.DateTimeFormat>();

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

/**
 * The first local date whose post is due strictly after `afterMs`, starting from `fromDate`
 * (the day after the last handled one, or today). Used when advancing a subscription.
 */
export function nextDueFrom(fromDate: LocalDate, time: WallTime, timeZone: string, afterMs: number): NextDue {
  let date = fromDate;
  for (let i = 0; i < 4; i++) {
    const dueMs = zonedToUtc(date, time, timeZone);
    if (dueMs > afterMs) return { localDate: date, dueMs };
    date = addDays(date, 1);
  }
  // Unreachable for sane inputs (fromDate is at most a day behind afterMs).
  const today = localDateAt(afterMs, timeZone);
  return nextDueFrom(addDays(today, 1), time, timeZone, afterMs);
}

// ---- time zone names ---------------------------------------------------------------------------

let zoneList: readonly string[] | undefined;
let zoneByLower: Map<string, string> | undefined;

/**
 * Current IANA names that some ICU versions (Node 20's among them) list only under their old spelling
 * (`Asia/Katmandu`, `Asia/Calcutta`, `Europe/Kiev`...). Offered too, when the runtime accepts them.
 */
const MODERN_NAMES = [
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Europe/Kyiv',
  'Asia/Yangon',
  'Asia/Ho_Chi_Minh',
  'America/Nuuk',
  'Atlantic/Faroe',
  'Pacific/Kanton',
  'Pacific/Chuuk',
  'Pacific/Pohnpei',
  'America/Argentina/Buenos_Aires',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Ciudad_Juarez',
];

function runtimeAccepts(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** IANA zone names this runtime knows (`Intl.supportedValuesOf('timeZone')`), plus `UTC`, sorted. */
export function timeZoneNames(): readonly string[] {
  if (!zoneList) {
    const names = new Set<string>(Intl.supportedValuesOf('timeZone'));
    for (const z of MODERN_NAMES) if (runtimeAccepts(z)) names.add(z);
    zoneList = ['UTC', ...[...names].filter((z) => z !== 'UTC').sort()];
  }
  return zoneList;
}

const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The canonical spelling of a zone name, or null when unknown. Case-insensitive; accepts the
 * names in `timeZoneNames()` and other names Intl understands (aliases like `US/Central`).
 */
export function canonicalTimeZone(input: string): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > 64 || !ZONE_SHAPE.test(text)) return null;
  if (!zoneByLower) {
    zoneByLower = new Map(timeZoneNames().map((z) => [z.toLowerCase(), z]));
  }
  const listed = zoneByLower.get(text.toLowerCase());
  if (listed) return listed;
  // Other aliases Intl understands (`US/Central`): keep what the user typed, ICU versions canonicalise differently.
  return runtimeAccepts(text) ? text : null;
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
