// Time zone autocomplete for `/aesc-daily set timezone:` (issue 12): common zones first, abbreviations and common
// names ("EST", "Eastern", "JST", "Tokyo", "CET"), and each choice with its current UTC offset and local time
// ("Europe/London, UTC+0, 14:05 now"). Synchronous and from memory; labels are cached for the current minute
// and query results in a bounded map, so input cannot grow memory.
import type { AutocompleteChoice } from '../core/command.js';
import { offsetAt, searchTimeZones, timeZoneNames, zonedParts } from './time.js';

/** Shown for an empty query, and ranked first among matches. */
export const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Seoul',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'America/Toronto',
  'America/Mexico_City',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Hong_Kong',
  'Asia/Jakarta',
  'Africa/Johannesburg',
  'Pacific/Auckland',
] as const;

const EASTERN = ['America/New_York', 'America/Toronto', 'America/Detroit'];
const CENTRAL = ['America/Chicago', 'America/Winnipeg', 'America/Mexico_City'];
const MOUNTAIN = ['America/Denver', 'America/Phoenix', 'America/Edmonton'];
const PACIFIC = ['America/Los_Angeles', 'America/Vancouver', 'America/Tijuana'];
const CET = [
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Brussels',
  'Europe/Vienna',
  'Europe/Zurich',
  'Europe/Stockholm',
  'Europe/Oslo',
  'Europe/Copenhagen',
  'Europe/Warsaw',
  'Europe/Prague',
  'Europe/Budapest',
];
const EET = ['Europe/Athens', 'Europe/Helsinki', 'Europe/Kyiv', 'Europe/Bucharest', 'Europe/Sofia'];
const JAPAN = ['Asia/Tokyo'];

/** Abbreviations and common names (lower case) → zones, most likely first. Editors' list, not exhaustive. */
export const ZONE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  est: EASTERN,
  edt: EASTERN,
  et: EASTERN,
  eastern: EASTERN,
  'us eastern': EASTERN,
  cst: CENTRAL,
  cdt: CENTRAL,
  central: CENTRAL,
  mst: MOUNTAIN,
  mdt: MOUNTAIN,
  mountain: MOUNTAIN,
  pst: PACIFIC,
  pdt: PACIFIC,
  pt: PACIFIC,
  pacific: PACIFIC,
  akst: ['America/Anchorage'],
  alaska: ['America/Anchorage'],
  hst: ['Pacific/Honolulu'],
  hawaii: ['Pacific/Honolulu'],
  gmt: ['UTC', 'Europe/London'],
  bst: ['Europe/London'],
  uk: ['Europe/London'],
  british: ['Europe/London'],
  wet: ['Europe/Lisbon', 'Atlantic/Canary'],
  cet: CET,
  cest: CET,
  'central european': CET,
  eet: EET,
  eest: EET,
  msk: ['Europe/Moscow'],
  ist: ['Asia/Kolkata'],
  india: ['Asia/Kolkata'],
  jst: JAPAN,
  japan: JAPAN,
  tokyo: JAPAN,
  yokohama: JAPAN,
  kst: ['Asia/Seoul'],
  korea: ['Asia/Seoul'],
  china: ['Asia/Shanghai'],
  beijing: ['Asia/Shanghai'],
  hkt: ['Asia/Hong_Kong'],
  sgt: ['Asia/Singapore'],
  aest: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane'],
  aedt: ['Australia/Sydney', 'Australia/Melbourne'],
  acst: ['Australia/Adelaide', 'Australia/Darwin'],
  awst: ['Australia/Perth'],
  nzst: ['Pacific/Auckland'],
  nzdt: ['Pacific/Auckland'],
  brt: ['America/Sao_Paulo'],
};

const known = (): ReadonlySet<string> => (knownZones ??= new Set(timeZoneNames()));
let knownZones: ReadonlySet<string> | undefined;

/** `UTC+0`, `UTC-5`, `UTC+5:45`. */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}`;
}

/** "Europe/London, UTC+0, 14:05 now". */
export function zoneLabel(zone: string, nowMs: number): string {
  const p = zonedParts(nowMs, zone);
  const hhmm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return `${zone}, ${formatOffset(offsetAt(nowMs, zone))}, ${hhmm} now`;
}

const MAX_RESULT_CACHE = 512;
const MAX_LABEL_CACHE = 2048;
let cacheMinute = -1;
const labels = new Map<string, string>();
const results = new Map<string, readonly string[]>();

function cachedLabel(zone: string, nowMs: number): string {
  const minute = Math.floor(nowMs / 60_000);
  if (minute !== cacheMinute) {
    cacheMinute = minute;
    labels.clear();
  }
  let label = labels.get(zone);
  if (label === undefined) {
    label = zoneLabel(zone, minute * 60_000);
    if (labels.size < MAX_LABEL_CACHE) labels.set(zone, label);
  }
  return label;
}

/** Zones for a query, aliases first, then common zones, then the rest of the name matches. */
export function matchZones(query: string, limit = 25): readonly string[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 64);
  const hit = results.get(q);
  if (hit) return hit;
  const out = new Set<string>();
  const zones = known();
  const add = (z: string) => {
    if (zones.has(z)) out.add(z);
  };
  if (q === '') {
    for (const z of COMMON_ZONES) add(z);
  } else {
    for (const z of ZONE_ALIASES[q] ?? []) add(z);
    // Aliases the query is a prefix of ("centr" → central), once the query is long enough to mean something.
    if (q.length >= 3) {
      for (const [alias, list] of Object.entries(ZONE_ALIASES)) if (alias.startsWith(q)) for (const z of list) add(z);
    }
    const matches = searchTimeZones(q, 200);
    const common = new Set<string>(COMMON_ZONES);
    for (const z of matches) if (common.has(z)) add(z);
    for (const z of matches) add(z);
  }
  const list = [...out].slice(0, limit);
  if (results.size >= MAX_RESULT_CACHE) results.clear();
  results.set(q, list);
  return list;
}

/** The autocomplete answer: never throws, never awaits. */
export function zoneChoices(query: string, nowMs: number, limit = 25): AutocompleteChoice[] {
  try {
    return matchZones(String(query ?? ''), limit).map((z) => ({ name: cachedLabel(z, nowMs).slice(0, 100), value: z }));
  } catch {
    return [];
  }
}
