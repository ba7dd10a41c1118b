// The bot's one look: colour, source labels, citation lines and small formatting helpers shared by
// every embed builder. Pure functions of facts; no Discord client here.
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { EMBED_FIELD_VALUE_MAX, truncateText } from '../discord/limits.js';
import type { formatFactDate } from '../facts/dates.js';
import type { Capacity, Citation, PlantStatus, SourceId } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Lang, langFor, type MessageKey, SOURCE_LANG, t } from '../i18n/catalogue.js';
import { formatDate, dateLabel as i18nDateLabel } from '../i18n/dates.js';
import { factTranslator } from '../i18n/fact-translations.js';
import { capacityKindWord, statusWord } from '../i18n/words.js';

/** AESC blue. */
export const EMBED_COLOR = 0x0a6ebd;
/** Replies that only tell the user something went wrong or matched nothing. */
export const NOTICE_COLOR = 0x8a8f98;

export const BOT_NAME = 'AESC Facts';

const SHORT_SOURCE: Record<SourceId, string> = {
  wikipedia: 'Wikipedia',
  electrek: 'Electrek',
  'flor-interview': 'Flor interview',
  'nec-jv-report': 'NEC JV report',
};

const SOURCE_KEY: Record<SourceId, MessageKey> = {
  wikipedia: 'source.wikipedia',
  electrek: 'source.electrek',
  'flor-interview': 'source.florInterview',
  'nec-jv-report': 'source.necJvReport',
};

/** "Flor interview" / "フロア氏インタビュー". */
export function sourceShort(id: SourceId, lang: Lang = SOURCE_LANG): string {
  return lang === SOURCE_LANG ? SHORT_SOURCE[id] : t(lang, SOURCE_KEY[id]);
}

/** Distinct source ids of some citations, in first-seen order. */
export function sourceIds(...groups: readonly (readonly Citation[])[]): SourceId[] {
  const seen = new Set<SourceId>();
  for (const g of groups) for (const c of g) seen.add(c.source);
  return [...seen];
}

/** "Wikipedia, Flor interview": which sources back one line. */
export function citeShort(sources: readonly Citation[]): string {
  return sourceIds(sources)
    .map((id) => sourceShort(id))
    .join(', ');
}

/** A line with its sources in italics: "9 GWh planned, by 2024 · *Wikipedia*". */
export function cited(text: string, sources: readonly Citation[]): string {
  return `${text} · *${citeShort(sources)}*`;
}

/** The "Sources" field: each cited document by title and publisher. */
export function sourcesField(store: FactStore, ids: readonly SourceId[]): APIEmbedField {
  const lines = ids.map((id) => {
    const s = store.source(id);
    return `• *${s.title}* (${s.publisher.startsWith('Not named') ? s.kind : s.publisher})`;
  });
  return { name: 'Sources', value: truncateText(lines.join('\n'), EMBED_FIELD_VALUE_MAX) };
}

export function footer(extra?: string): APIEmbed['footer'] {
  return { text: extra ? `${BOT_NAME} · ${extra}` : `${BOT_NAME} · every fact is quoted from its source` };
}

/** A field value that always fits (lines joined, cut with "…" only past 1024 characters). */
export function fieldValue(lines: readonly string[], empty = 'Not stated in the sources.'): string {
  return truncateText(lines.length > 0 ? lines.join('\n') : empty, EMBED_FIELD_VALUE_MAX);
}

export const STATUS_LABEL: Record<PlantStatus, string> = {
  operating: 'Operating',
  'production-started': 'Production started',
  'trial-production': 'Trial production',
  'under-construction': 'Under construction',
  planned: 'Planned',
  halted: 'Halted',
  listed: 'Listed (status not stated)',
};

/** One emoji per status, shown before its label everywhere (cards, lists, select menus). */
export const STATUS_EMOJI: Record<PlantStatus, string> = {
  operating: '🟢',
  'production-started': '🟢',
  'trial-production': '🟡',
  'under-construction': '🟠',
  planned: '🔵',
  halted: '🔴',
  listed: '⚪',
};

/** The accent colour of a card about a site in this status (the same hue as its emoji). */
export const STATUS_COLOR: Record<PlantStatus, number> = {
  operating: 0x2ea043,
  'production-started': 0x2ea043,
  'trial-production': 0xd4a72c,
  'under-construction': 0xe8772e,
  planned: 0x3b82f6,
  halted: 0xd73a49,
  listed: 0x8a8f98,
};

/** "🟢 Operating" / "🟢 稼働中". */
export function statusBadge(status: PlantStatus, lang: Lang = SOURCE_LANG): string {
  return `${STATUS_EMOJI[status]} ${statusWord(lang, status)}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the user's locale (Discord's locale names are BCP 47 tags); en-US for anything unknown. */
export function formatNumber(n: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    } catch {
      f = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
    }
    // Bounded: Discord has about 30 locales, but the value arrives from outside.
    if (numberFormats.size < 64) numberFormats.set(locale, f);
  }
  return f.format(n);
}

/** "**9 GWh** planned, by 2024" — the figure, its kind and its date at the source's precision. */
export function formatCapacity(c: Capacity, locale: string): string {
  const lang = langFor(locale);
  const unit = factTranslator().text(lang, c.unit);
  const params = { value: formatNumber(c.value, locale), unit, kind: capacityKindWord(lang, c.kind) };
  if (c.date.precision === 'undated') return t(lang, 'capacity.figure', params);
  return t(lang, 'capacity.figureDated', { ...params, date: formatDate(lang, c.date) });
}

/** "mid-2009" in bold, or "Undated" for undated facts. */
export function dateLabel(date: Parameters<typeof formatFactDate>[0], lang: Lang = SOURCE_LANG): string {
  return i18nDateLabel(lang, date);
}

/** Sentence start in lower case when the sentence opens with a common word ("The company…" -> "the company…"). */
export function continueSentence(text: string): string {
  const first = text.split(' ', 1)[0] ?? '';
  return /^(The|A|An|Trial|Start|Production|Construction)$/.test(first)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

/** Stable 32-bit hash (FNV-1a) for deterministic picks, e.g. a "random" fact per interaction id. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
