// Autocomplete for `/aesc-daily set`: time zones (src/daily/zone-search.ts) and days of the week. Synchronous, from
// memory, never throws.
import type { AutocompleteChoice, Clock, RawOptions } from '../../core/command.js';
import { describeWeekdays, parseWeekdays } from '../../daily/settings.js';
import { zoneChoices } from '../../daily/zone-search.js';
import { type Lang, SOURCE_LANG, t } from '../../i18n/catalogue.js';

const DAY_SUGGESTIONS = ['every day', 'mon-fri', 'weekends', 'mon,wed,fri', 'tue,thu', 'mon', 'sun'];

export function autocomplete(
  _subcommand: string | null,
  focused: { name: string; value: string },
  _options: RawOptions,
  clock: Clock,
  lang: Lang = SOURCE_LANG,
): AutocompleteChoice[] {
  try {
    const value = String(focused.value ?? '').slice(0, 64);
    if (focused.name === 'timezone') return zoneChoices(value, clock.now().getTime());
    if (focused.name === 'days') {
      const q = value.trim().toLowerCase();
      const out: AutocompleteChoice[] = [];
      const typed = q === '' ? null : parseWeekdays(q);
      if (typed?.ok)
        out.push({
          name: t(lang, 'daily.autocomplete.day', {
            typed: value.trim(),
            days: describeWeekdays(typed.weekdays, lang),
          }).slice(0, 100),
          value: value.trim(),
        });
      for (const s of DAY_SUGGESTIONS) {
        if (s === value.trim() || (q !== '' && !s.startsWith(q))) continue;
        const p = parseWeekdays(s);
        if (p.ok)
          out.push({
            name: t(lang, 'daily.autocomplete.day', { typed: s, days: describeWeekdays(p.weekdays, lang) }),
            value: s,
          });
      }
      return out.slice(0, 25);
    }
    return [];
  } catch {
    return [];
  }
}
