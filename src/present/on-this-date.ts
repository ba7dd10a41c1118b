// The "on this date" embed: shared by /aesc today and the daily post, so both show the same entry in
// the same words. The wording is honest about precision: only a day-precision event is "on this day".
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { formatFactDate, type LocalDate, monthName } from '../facts/dates.js';
import type { OnThisDateEntry } from '../facts/on-this-date.js';
import type { FactStore } from '../facts/store.js';
import { continueSentence, EMBED_COLOR, footer, sourceIds, sourcesField } from './style.js';

function ago(entry: OnThisDateEntry): string {
  if (entry.yearsAgo === null) return '';
  return entry.yearsAgo === 1 ? ' (1 year ago)' : ` (${entry.yearsAgo} years ago)`;
}

/** Title and opening line for an entry, e.g. "This month in AESC history" / "In August 2018 (8 years ago), …". */
export function onThisDateWording(entry: OnThisDateEntry): { title: string; lead: string } {
  const { event } = entry;
  const when = formatFactDate(event.date);
  switch (entry.kind) {
    case 'day':
      return {
        title: `On this day in ${event.date.precision === 'undated' ? '' : event.date.year}${ago(entry)}`,
        lead: event.text,
      };
    case 'month':
      return {
        title: 'This month in AESC history',
        lead: `In ${when}${ago(entry)}, ${continueSentence(event.text)}`,
      };
    case 'timeline':
      return {
        title: 'From the AESC timeline',
        lead: `In ${when}${ago(entry)}, ${continueSentence(event.text)}`,
      };
  }
}

export function humanDate(date: LocalDate): string {
  return `${date.day} ${monthName(date.month)} ${date.year}`;
}

export function onThisDateEmbed(store: FactStore, entry: OnThisDateEntry): APIEmbed {
  const { title, lead } = onThisDateWording(entry);
  const plants = entry.event.plants.map((id) => store.plantWithId(id)?.name).filter((n) => n !== undefined);
  return {
    color: EMBED_COLOR,
    title,
    description: `**${entry.event.title}**\n${lead}`,
    fields: [
      ...(plants.length > 0 ? [{ name: 'Sites', value: plants.join(', '), inline: true }] : []),
      { name: 'Topics', value: entry.event.topics.join(', '), inline: true },
      sourcesField(store, sourceIds(entry.event.sources)),
    ],
    footer: footer(`entry for ${humanDate(entry.date)}`),
  };
}

/** The message the daily post sends (and /aesc-daily test), for a server's local date. */
export function buildOnThisDatePost(store: FactStore, date: LocalDate): RESTPostAPIChannelMessageJSONBody {
  const entry = store.onThisDate(date);
  const embed: APIEmbed =
    entry === null
      ? { color: EMBED_COLOR, title: 'AESC history', description: 'The fact data has no dated history to show.' }
      : onThisDateEmbed(store, entry);
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}
