// The daily post's settings as an admin sees them (issue 12): days of the week, the next post times that respect
// them, the whole setting in words, and what a change changed. Pure functions, no I/O.

import { type Lang, type MessageKey, SOURCE_LANG, t } from '../i18n/catalogue.js';
import { languageName } from '../i18n/languages.js';
import { listOf } from '../i18n/words.js';
import { type DeliverySettings, EVERY_DAY, type Subscription } from './store.js';
import {
  addDays,
  formatLocalDate,
  isWeekdayIn,
  type LocalDate,
  localDateAt,
  type NextDue,
  nextDueFrom,
  parseWallTime,
  type WallTime,
} from './time.js';

/** Everything `set` decides; what is saved. */
export interface DailySetting extends DeliverySettings {
  channelId: string;
  /** `HH:MM`. */
  time: string;
  timezone: string;
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** 0 Monday ... 6 Sunday. */
export function weekdayOf(date: LocalDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

export const isPostDay = isWeekdayIn;

const DAY_WORDS: Record<string, number> = {};
DAY_NAMES.forEach((name, i) => {
  const lower = name.toLowerCase();
  DAY_WORDS[lower] = i;
  DAY_WORDS[lower.slice(0, 3)] = i;
  DAY_WORDS[lower.slice(0, 2)] = i;
});
Object.assign(DAY_WORDS, { tues: 1, weds: 2, thur: 3, thurs: 3 });

const NAMED_SETS: Record<string, number> = {
  'every day': EVERY_DAY,
  everyday: EVERY_DAY,
  daily: EVERY_DAY,
  all: EVERY_DAY,
  weekdays: 0b001_1111,
  workdays: 0b001_1111,
  weekends: 0b110_0000,
  weekend: 0b110_0000,
};

export type WeekdaysParse = { ok: true; weekdays: number } | { ok: false; message: string };

/**
 * Days of the week from what an admin types: `every day`, `weekdays`, `weekends`, `mon-fri`, `mon,wed,fri`,
 * `Saturday Sunday`, `fri-mon` (wraps). Case and spacing do not matter.
 */
export function parseWeekdays(text: string, lang: Lang = SOURCE_LANG): WeekdaysParse {
  const typed = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const example = t(lang, 'daily.days.example');
  if (typed === '') return { ok: false, message: t(lang, 'daily.days.noneGiven', { example }) };
  const named = NAMED_SETS[typed];
  if (named !== undefined) return { ok: true, weekdays: named };
  let mask = 0;
  for (const part of typed.split(/[\s,;/+&]+|\band\b/).filter(Boolean)) {
    const range = /^([a-z]+)\s*(?:-|–|to|\.\.)\s*([a-z]+)$/.exec(part);
    if (range) {
      const from = DAY_WORDS[range[1] ?? ''];
      const to = DAY_WORDS[range[2] ?? ''];
      if (from === undefined || to === undefined)
        return { ok: false, message: t(lang, 'daily.days.badRange', { part, example }) };
      for (let d = from; ; d = (d + 1) % 7) {
        mask |= 1 << d;
        if (d === to) break;
      }
      continue;
    }
    const set = NAMED_SETS[part];
    if (set !== undefined) {
      mask |= set;
      continue;
    }
    const day = DAY_WORDS[part];
    if (day === undefined)
      return { ok: false, message: t(lang, 'daily.days.badDay', { part: part.slice(0, 20), example }) };
    mask |= 1 << day;
  }
  return mask === 0
    ? { ok: false, message: t(lang, 'daily.days.noneGiven', { example }) }
    : { ok: true, weekdays: mask };
}

/** "every day", "Monday to Friday", "Saturday and Sunday", "Monday, Wednesday and Friday". */
export function describeWeekdays(weekdays: number, lang: Lang = SOURCE_LANG): string {
  const mask = weekdays & EVERY_DAY;
  if (mask === EVERY_DAY) return t(lang, 'daily.days.every');
  if (mask === 0b001_1111) return t(lang, 'daily.days.monFri');
  const days = DAY_NAMES.map((_, i) => t(lang, `daily.day.${i}` as MessageKey)).filter(
    (_, i) => (mask & (1 << i)) !== 0,
  );
  // A run of 3+ consecutive days (no wrap) reads as a range.
  const first = DAY_NAMES.findIndex((_, i) => (mask & (1 << i)) !== 0);
  const contiguous = days.length >= 3 && mask === ((1 << days.length) - 1) << first;
  if (contiguous) return t(lang, 'daily.days.range', { from: days[0] ?? '', to: days[days.length - 1] ?? '' });
  if (days.length <= 1) return days[0] ? t(lang, 'daily.days.only', { day: days[0] }) : t(lang, 'daily.days.none');
  return t(lang, 'daily.days.and', { list: listOf(lang, days.slice(0, -1)), last: days[days.length - 1] ?? '' });
}

/**
 * The first post day on or after `fromDate` whose post time is strictly after `afterMs`: the scheduler's own
 * `nextDueFrom` (time.ts), so `set`, `status` and `preview` always agree with when the post really goes out.
 */
export function nextPostDue(
  fromDate: LocalDate,
  time: WallTime,
  timeZone: string,
  afterMs: number,
  weekdays: number,
): NextDue {
  return nextDueFrom(fromDate, time, timeZone, afterMs, weekdays);
}

/** The next `count` post instants (UTC ms) from `nowMs`, starting at `fromDate` (today, or tomorrow if settled). */
export function upcomingPosts(
  setting: Pick<DailySetting, 'time' | 'timezone' | 'weekdays'>,
  fromDate: LocalDate,
  nowMs: number,
  count: number,
): NextDue[] {
  const time = parseWallTime(setting.time);
  if (!time) return [];
  const out: NextDue[] = [];
  let from = fromDate;
  let after = nowMs;
  for (let i = 0; i < count; i++) {
    const next = nextPostDue(from, time, setting.timezone, after, setting.weekdays);
    out.push(next);
    from = addDays(next.localDate, 1);
    after = next.dueMs;
  }
  return out;
}

export function settingOf(sub: Subscription): DailySetting {
  return {
    channelId: sub.channelId,
    channelType: sub.channelType,
    time: sub.time,
    timezone: sub.timezone,
    roleId: sub.roleId,
    weekdays: sub.weekdays,
    publish: sub.publish,
    tagId: sub.tagId,
    language: sub.language ?? null,
  };
}

/** The setting's lines in words, one per field, for `set`, `status`, `preview` and the import diff. */
export function describeSetting(
  s: DailySetting,
  tagName?: string | null,
  lang: Lang = SOURCE_LANG,
): Record<keyof DailySetting, string> {
  const none = t(lang, 'daily.value.none');
  return {
    channelId: `<#${s.channelId}>`,
    channelType: channelKindWords(s.channelType, lang),
    time: `**${s.time}**`,
    timezone: s.timezone,
    roleId: s.roleId ? `<@&${s.roleId}>` : none,
    weekdays: describeWeekdays(s.weekdays, lang),
    publish: t(lang, s.publish ? 'daily.value.publishOn' : 'daily.value.off'),
    tagId: s.tagId ? (tagName ? `${tagName}` : t(lang, 'daily.value.tagId', { id: s.tagId })) : none,
    // Issue 13: the post's language, by its own name ("日本語"); English when none was recorded.
    language: languageName(s.language ?? null),
  };
}

const LABELS: Record<keyof DailySetting, MessageKey> = {
  channelId: 'daily.field.channelId',
  channelType: 'daily.field.channelType',
  time: 'daily.field.time',
  timezone: 'daily.field.timezone',
  roleId: 'daily.field.roleId',
  weekdays: 'daily.field.weekdays',
  publish: 'daily.field.publish',
  tagId: 'daily.field.tagId',
  language: 'daily.field.language',
};

export const SETTING_FIELDS = Object.keys(LABELS) as (keyof DailySetting)[];

export function channelKindWords(channelType: number, lang: Lang = SOURCE_LANG): string {
  switch (channelType) {
    case 5:
      return t(lang, 'daily.kind.announcement');
    case 10:
    case 11:
    case 12:
      return t(lang, 'daily.kind.thread');
    case 15:
      return t(lang, 'daily.kind.forum');
    case 16:
      return t(lang, 'daily.kind.media');
    default:
      return t(lang, 'daily.kind.message');
  }
}

/** The whole setting as lines "Label: value". */
export function settingLines(s: DailySetting, tagName?: string | null, lang: Lang = SOURCE_LANG): string[] {
  const words = describeSetting(s, tagName, lang);
  return SETTING_FIELDS.map((k) => `${t(lang, LABELS[k])}: ${words[k]}`);
}

/** What differs between two settings, as "Label: before → after" lines (empty when nothing changed). */
export function settingChanges(before: DailySetting | null, after: DailySetting, lang: Lang = SOURCE_LANG): string[] {
  if (!before) return [];
  const a = describeSetting(before, undefined, lang);
  const b = describeSetting(after, undefined, lang);
  return SETTING_FIELDS.filter((k) => before[k] !== after[k] && a[k] !== b[k]).map(
    (k) => `${t(lang, LABELS[k])}: ${a[k]} → ${b[k]}`,
  );
}

/** `YYYY-MM-DD` of today in the zone. */
export function todayIn(nowMs: number, timeZone: string): string {
  return formatLocalDate(localDateAt(nowMs, timeZone));
}
