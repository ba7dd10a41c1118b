// Fact dates in the reader's language, at the precision the source gave: "mid-2009" / "2009年半ば",
// "August 2018" / "2018年8月", "c. 2009" / "2009年頃". Never more precise than the data.
import type { FactDate } from '../facts/schema.js';
import { type Lang, type MessageKey, t } from './catalogue.js';

function monthName(lang: Lang, month: number): string {
  return t(lang, `date.month.${month}` as MessageKey);
}

/** A fact's date in `lang`; "undated" (lower case, for running text) when it has none. */
export function formatDate(lang: Lang, date: FactDate): string {
  let core: string;
  switch (date.precision) {
    case 'undated':
      return t(lang, 'date.undated');
    case 'year':
      core = t(lang, 'date.year', { year: date.year });
      break;
    case 'part':
      core = t(lang, `date.part.${date.part}` as MessageKey, { year: date.year });
      break;
    case 'month':
      core = t(lang, 'date.month', { month: monthName(lang, date.month), year: date.year });
      break;
    case 'day':
      core = t(lang, 'date.day', { day: date.day, month: monthName(lang, date.month), year: date.year });
      break;
  }
  if (date.qualifier === 'circa') return t(lang, 'date.circa', { date: core });
  if (date.qualifier === 'by') return t(lang, 'date.by', { date: core });
  return core;
}

/** A date as a label: "Undated" / "日付不明" when there is none. */
export function dateLabel(lang: Lang, date: FactDate): string {
  return date.precision === 'undated' ? t(lang, 'date.undatedLabel') : formatDate(lang, date);
}

/** "8 years ago" / "8年前". */
export function yearsAgo(lang: Lang, count: number): string {
  return count === 1 ? t(lang, 'date.yearsAgo.one') : t(lang, 'date.yearsAgo.other', { count });
}
