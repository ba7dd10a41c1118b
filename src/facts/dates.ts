// Dates that keep the precision their source gives: formatting and ordering.
import type { FactDate } from './schema.js';

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A calendar date in some time zone, with no time of day. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? `month ${month}`;
}

/**
 * "2009", "mid-2009", "late 2008", "August 2018", "3 August 2018", "c. 2009", "by 2030", "undated".
 * Never shows more than the source said.
 */
export function formatFactDate(date: FactDate): string {
  let core: string;
  switch (date.precision) {
    case 'undated':
      return 'undated';
    case 'year':
      core = String(date.year);
      break;
    case 'part':
      core = date.part === 'mid' ? `mid-${date.year}` : `${date.part} ${date.year}`;
      break;
    case 'month':
      core = `${monthName(date.month)} ${date.year}`;
      break;
    case 'day':
      core = `${date.day} ${monthName(date.month)} ${date.year}`;
      break;
  }
  if (date.qualifier === 'circa') return `c. ${core}`;
  if (date.qualifier === 'by') return `by ${core}`;
  return core;
}

/** The year of a dated fact, or null when undated. */
export function factYear(date: FactDate): number | null {
  return date.precision === 'undated' ? null : date.year;
}

/**
 * A sort key that orders facts by year without inventing precision: within one year, facts keep the
 * order of the data file (written in the sources' narrative order), since "2018" cannot be placed
 * before or after "August 2018" from the date alone. Undated facts sort last.
 */
export function sortKey(date: FactDate): number {
  return date.precision === 'undated' ? Number.MAX_SAFE_INTEGER : date.year;
}

/** Is this a real calendar date (e.g. not 31 February)? */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Days since 1970-01-01 of a local calendar date: a stable, zone-free day number. */
export function dayNumber(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000);
}

/** Every calendar date of the given years, in order (29 February only in leap years). */
export function calendarDates(years: readonly number[]): LocalDate[] {
  const out: LocalDate[] = [];
  for (const year of years) {
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
      out.push({ year, month: d.getUTCMonth() + 1, day: d.getUTCDate() });
    }
  }
  return out;
}
