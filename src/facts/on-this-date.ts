// "On this date": which history entry belongs to a local calendar date, honest about precision.
//
// - A day-precision event matches its anniversary ("On this day in 2018").
// - A month-precision event belongs to its month: it is shown on the odd days of that month, never as
//   a day ("This month in AESC history: in August 2018, ...").
// - Coarser events (a year, or part of one such as "mid-2009") rotate through the other days
//   ("From the AESC timeline: in mid-2009, ...").
// The choice depends on the date only, so the same date always gives the same entry, and two
// consecutive dates never give the same entry unless only one candidate exists.
import { dayNumber, type LocalDate } from './dates.js';
import type { HistoryEvent } from './schema.js';

export type OnThisDateKind = 'day' | 'month' | 'timeline';

export interface OnThisDateEntry {
  kind: OnThisDateKind;
  event: HistoryEvent;
  /** The local date the entry was chosen for. */
  date: LocalDate;
  /** Whole years between the event's year and the date's year; null when not positive. */
  yearsAgo: number | null;
}

export class OnThisDateIndex {
  private readonly byDay = new Map<string, HistoryEvent[]>();
  private readonly byMonth = new Map<number, HistoryEvent[]>();
  private readonly coarse: HistoryEvent[];

  /** `events` in chronological order. */
  constructor(events: readonly HistoryEvent[]) {
    const coarse: HistoryEvent[] = [];
    for (const e of events) {
      const d = e.date;
      if (d.precision === 'undated' || d.qualifier === 'by') continue; // targets are not history
      if (d.precision === 'day') push(this.byDay, `${d.month}-${d.day}`, e);
      else if (d.precision === 'month') push(this.byMonth, d.month, e);
      else coarse.push(e);
    }
    this.coarse = coarse;
  }

  select(date: LocalDate): OnThisDateEntry | null {
    const dn = dayNumber(date);
    const onDay = this.byDay.get(`${date.month}-${date.day}`);
    if (onDay !== undefined) return entry('day', pick(onDay, date.year), date);
    const inMonth = this.byMonth.get(date.month);
    if (inMonth !== undefined && (date.day % 2 === 1 || this.coarse.length === 0)) {
      return entry('month', pick(inMonth, (date.day - 1) >> 1), date);
    }
    if (this.coarse.length > 0) return entry('timeline', pick(this.coarse, dn), date);
    const anyMonth = [...this.byMonth.values()].flat();
    if (anyMonth.length > 0) return entry('timeline', pick(anyMonth, dn), date);
    return null;
  }
}

function push<K>(map: Map<K, HistoryEvent[]>, key: K, e: HistoryEvent): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [e]);
  else list.push(e);
}

function pick(list: readonly HistoryEvent[], n: number): HistoryEvent {
  const e = list[((n % list.length) + list.length) % list.length];
  if (e === undefined) throw new Error('pick from an empty list');
  return e;
}

function entry(kind: OnThisDateKind, event: HistoryEvent, date: LocalDate): OnThisDateEntry {
  const year = event.date.precision === 'undated' ? null : event.date.year;
  const yearsAgo = year === null ? null : date.year - year;
  return { kind, event, date, yearsAgo: yearsAgo !== null && yearsAgo > 0 ? yearsAgo : null };
}
