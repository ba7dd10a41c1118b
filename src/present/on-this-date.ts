// The "on this date" post: shared by /aesc today and the daily post, so both show the same entry in the same
// words and the same look as every other card (a Components V2 container, quiet citation markers, one sources
// line). The wording is honest about precision: only a day-precision event is "on this day"; a "c. 2009" event
// reads "Around 2009, about 17 years ago", and the date is said once.
import { MessageFlags, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { formatFactDate, type LocalDate, monthName } from '../facts/dates.js';
import type { OnThisDateEntry } from '../facts/on-this-date.js';
import type { FactDate } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { Citations } from './citations.js';
import { Card } from './cv2.js';
import { EMBED_COLOR } from './style.js';

function yearsAgo(entry: OnThisDateEntry, circa: boolean): string {
  if (entry.yearsAgo === null) return '';
  const n = entry.yearsAgo === 1 ? '1 year ago' : `${entry.yearsAgo} years ago`;
  return circa ? `about ${n}` : n;
}

/** "In August 2018", "Around 2009", "In mid-2009", "On 3 August 2018". */
function whenPhrase(date: FactDate): string {
  if (date.precision === 'undated') return 'Undated';
  const core = formatFactDate({ ...date, qualifier: undefined } as FactDate);
  if (date.qualifier === 'circa') return `Around ${core}`;
  if (date.qualifier === 'by') return `By ${core}`;
  return date.precision === 'day' ? `On ${core}` : `In ${core}`;
}

/** The event's text without a repeat of its own date in brackets ("… Zama, Kanagawa (c. 2009), …"). */
export function withoutRepeatedDate(text: string, date: FactDate): string {
  if (date.precision === 'undated') return text;
  const formatted = formatFactDate(date).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(` \\(${formatted}\\)`, 'g'), '');
}

/** Kicker, title and dateline for an entry, e.g. "This month in AESC history" / "In August 2018, 8 years ago". */
export function onThisDateWording(entry: OnThisDateEntry): {
  kicker: string;
  title: string;
  dateline: string;
  text: string;
} {
  const { event } = entry;
  const circa = event.date.precision !== 'undated' && event.date.qualifier === 'circa';
  const ago = yearsAgo(entry, circa);
  const dateline = `${whenPhrase(event.date)}${ago ? `, ${ago}` : ''}`;
  const kicker =
    entry.kind === 'day'
      ? 'On this day in AESC history'
      : entry.kind === 'month'
        ? 'This month in AESC history'
        : 'From the AESC timeline';
  return { kicker, title: event.title, dateline, text: withoutRepeatedDate(event.text, event.date) };
}

export function humanDate(date: LocalDate): string {
  return `${date.day} ${monthName(date.month)} ${date.year}`;
}

/** The entry as a card; `heading` (e.g. "AESC history for 1 August 2026 (UTC)") goes in small print on top. */
export function onThisDateCard(store: FactStore, entry: OnThisDateEntry | null, heading?: string): Card {
  const cites = new Citations(store);
  const card = new Card(EMBED_COLOR, cites);
  if (entry === null) {
    card.text(`${heading ? `-# ${heading}\n` : ''}## AESC history\nThe fact data has no dated history to show.`);
    return card;
  }
  const w = onThisDateWording(entry);
  card.text(
    [
      `-# ${heading ?? `${w.kicker} · ${humanDate(entry.date)}`}`,
      ...(heading ? [`-# ${w.kicker}`] : []),
      `## ${w.title}`,
      `**${w.dateline}**`,
      `${w.text}${cites.cite(entry.event.sources)}`,
    ].join('\n'),
  );
  const plants = entry.event.plants.map((id) => store.plantWithId(id)?.name).filter((n) => n !== undefined);
  const tags = [plants.length > 0 ? `🏭 ${plants.join(', ')}` : '', `Topics: ${entry.event.topics.join(', ')}`];
  card.text(`-# ${tags.filter(Boolean).join(' · ')}`);
  return card;
}

/** The message the daily post sends (and /aesc-daily test), for a server's local date. */
export function buildOnThisDatePost(store: FactStore, date: LocalDate): RESTPostAPIChannelMessageJSONBody {
  const { components } = onThisDateCard(store, store.onThisDate(date)).build();
  return { flags: MessageFlags.IsComponentsV2, components, allowed_mentions: { parse: [] } };
}
