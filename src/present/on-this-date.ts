// The "on this date" post: shared by /aesc today and the daily post, so both show the same entry in the same
// words and the same look as every other card (a Components V2 container, quiet citation markers, one sources
// line). The wording is honest about precision: only a day-precision event is "on this day"; a "c. 2009" event
// reads "Around 2009, about 17 years ago", and the date is said once.
import { MessageFlags, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { formatFactDate, type LocalDate, monthName } from '../facts/dates.js';
import type { OnThisDateEntry } from '../facts/on-this-date.js';
import type { FactDate } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Lang, SOURCE_LANG, t } from '../i18n/catalogue.js';
import { formatDate, yearsAgo as yearsAgoWords } from '../i18n/dates.js';
import { factTranslator } from '../i18n/fact-translations.js';
import { listOf, topicWord } from '../i18n/words.js';
import { Citations } from './citations.js';
import { Card } from './cv2.js';
import { EMBED_COLOR } from './style.js';

function yearsAgo(entry: OnThisDateEntry, circa: boolean, lang: Lang): string {
  if (entry.yearsAgo === null) return '';
  const n = yearsAgoWords(lang, entry.yearsAgo);
  return circa ? t(lang, 'otd.about', { ago: n }) : n;
}

/** "In August 2018", "Around 2009", "In mid-2009", "On 3 August 2018". */
function whenPhrase(date: FactDate, lang: Lang): string {
  if (date.precision === 'undated') return t(lang, 'date.undatedLabel');
  const core = formatDate(lang, { ...date, qualifier: undefined } as FactDate);
  if (date.qualifier === 'circa') return t(lang, 'otd.when.around', { date: core });
  if (date.qualifier === 'by') return t(lang, 'otd.when.by', { date: core });
  return t(lang, date.precision === 'day' ? 'otd.when.on' : 'otd.when.in', { date: core });
}

/** The event's text without a repeat of its own date in brackets ("… Zama, Kanagawa (c. 2009), …"). */
export function withoutRepeatedDate(text: string, date: FactDate): string {
  if (date.precision === 'undated') return text;
  const formatted = formatFactDate(date).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(` \\(${formatted}\\)`, 'g'), '');
}

/** Kicker, title and dateline for an entry, e.g. "This month in AESC history" / "In August 2018, 8 years ago". */
export function onThisDateWording(
  entry: OnThisDateEntry,
  lang: Lang = SOURCE_LANG,
): {
  kicker: string;
  title: string;
  dateline: string;
  text: string;
} {
  const { event } = entry;
  const circa = event.date.precision !== 'undated' && event.date.qualifier === 'circa';
  const ago = yearsAgo(entry, circa, lang);
  const when = whenPhrase(event.date, lang);
  const dateline = ago ? t(lang, 'otd.dateline', { when, ago }) : when;
  const kicker = t(
    lang,
    entry.kind === 'day' ? 'otd.kicker.day' : entry.kind === 'month' ? 'otd.kicker.month' : 'otd.kicker.timeline',
  );
  const tr = factTranslator();
  return {
    kicker,
    title: tr.text(lang, event.title),
    dateline,
    // The translation is of the whole statement; the repeat of the date is dropped from the English only.
    text: lang === SOURCE_LANG ? withoutRepeatedDate(event.text, event.date) : tr.text(lang, event.text),
  };
}

export function humanDate(date: LocalDate, lang: Lang = SOURCE_LANG): string {
  if (lang === SOURCE_LANG) return `${date.day} ${monthName(date.month)} ${date.year}`;
  return formatDate(lang, { precision: 'day', year: date.year, month: date.month, day: date.day } as FactDate);
}

/** The entry as a card; `heading` (e.g. "AESC history for 1 August 2026 (UTC)") goes in small print on top. */
export function onThisDateCard(
  store: FactStore,
  entry: OnThisDateEntry | null,
  heading?: string,
  lang: Lang = SOURCE_LANG,
): Card {
  const cites = new Citations(store, lang);
  const card = new Card(EMBED_COLOR, cites);
  if (entry === null) {
    card.text(`${heading ? `-# ${heading}\n` : ''}## ${t(lang, 'otd.empty.title')}\n${t(lang, 'otd.empty.body')}`);
    return card;
  }
  const w = onThisDateWording(entry, lang);
  card.text(
    [
      `-# ${heading ?? `${w.kicker} · ${humanDate(entry.date, lang)}`}`,
      ...(heading ? [`-# ${w.kicker}`] : []),
      `## ${w.title}`,
      `**${w.dateline}**`,
      `${w.text}${cites.cite(entry.event.sources)}`,
    ].join('\n'),
  );
  const plants = entry.event.plants
    .map((id) => store.plantWithId(id)?.name)
    .filter((n) => n !== undefined)
    .map((n) => factTranslator().text(lang, n));
  const topics = entry.event.topics.map((topic) => (lang === SOURCE_LANG ? topic : topicWord(lang, topic)));
  const tags = [
    plants.length > 0 ? `🏭 ${listOf(lang, plants)}` : '',
    t(lang, 'otd.topics', { list: listOf(lang, topics) }),
  ];
  card.text(`-# ${tags.filter(Boolean).join(' · ')}`);
  return card;
}

/** The message the daily post sends (and /aesc-daily test), for a server's local date. */
export function buildOnThisDatePost(
  store: FactStore,
  date: LocalDate,
  lang: Lang = SOURCE_LANG,
): RESTPostAPIChannelMessageJSONBody {
  const { components } = onThisDateCard(store, store.onThisDate(date), undefined, lang).build();
  return { flags: MessageFlags.IsComponentsV2, components, allowed_mentions: { parse: [] } };
}
