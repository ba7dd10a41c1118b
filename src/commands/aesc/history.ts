// /aesc history [year] [topic] — the timeline, paginated with Previous/Next buttons whose custom_id
// carries the whole state (page, order, filters), so they keep working after a restart.
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import type { AutocompleteChoice, HandlerContext, HandlerReply } from '../../core/command.js';
import { formatFactDate } from '../../facts/dates.js';
import { TOPICS, type Topic } from '../../facts/schema.js';
import type { FactStore } from '../../facts/store.js';
import { embedReply, notice, updateReply } from '../../present/replies.js';
import { cited, EMBED_COLOR, fieldValue, footer, sourceIds, sourcesField } from '../../present/style.js';
import type { AescOptions } from './definition.js';

export const HISTORY_PAGE_SIZE = 6;

export interface HistoryState {
  page: number;
  order: 'oldest' | 'newest';
  year: number | undefined;
  topic: Topic | undefined;
}

/** `aesc:history:<page>:<o|n>:<year|->:<topic|->`, well under the 100-character custom_id limit. */
export function historyCustomId(s: HistoryState): string {
  return `aesc:history:${s.page}:${s.order === 'oldest' ? 'o' : 'n'}:${s.year ?? '-'}:${s.topic ?? '-'}`;
}

const CUSTOM_ID = /^aesc:history:(\d{1,3}):([on]):(-|\d{4}):(-|[a-z]{1,20})$/;

/** The state a history button carries, or null when the id is malformed or forged. */
export function parseHistoryCustomId(customId: string): HistoryState | null {
  const m = CUSTOM_ID.exec(customId);
  if (m === null) return null;
  const [, page, order, year, topic] = m;
  if (topic !== '-' && !TOPICS.includes(topic as Topic)) return null;
  return {
    page: Number(page),
    order: order === 'n' ? 'newest' : 'oldest',
    year: year === '-' || year === undefined ? undefined : Number(year),
    topic: topic === '-' ? undefined : (topic as Topic),
  };
}

export interface HistoryView {
  embed: APIEmbed;
  components: APIActionRowComponent<APIButtonComponent>[];
  pages: number;
}

/** One page of the timeline; null when the filters match nothing. Page numbers past the end clamp to the last page. */
export function historyView(store: FactStore, state: HistoryState): HistoryView | null {
  const events = store.timeline({ year: state.year, topic: state.topic, order: state.order, includeUndated: true });
  if (events.length === 0) return null;
  const pages = Math.ceil(events.length / HISTORY_PAGE_SIZE);
  const page = Math.min(Math.max(state.page, 0), pages - 1);
  const slice = events.slice(page * HISTORY_PAGE_SIZE, (page + 1) * HISTORY_PAGE_SIZE);
  const filters = [state.year, state.topic].filter((x) => x !== undefined).join(', ');
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: `AESC history${filters ? `: ${filters}` : ''}`,
    description: `${events.length} event${events.length === 1 ? '' : 's'}, ${state.order} first. Dates are given as precisely as the sources give them.`,
    fields: [
      ...slice.map((e) => ({
        name: `${e.date.precision === 'undated' ? 'Undated' : formatFactDate(e.date)} · ${e.title}`,
        value: fieldValue([cited(e.text, e.sources)]),
      })),
      sourcesField(store, sourceIds(...slice.map((e) => e.sources))),
    ],
    footer: footer(`page ${page + 1} of ${pages}`),
  };
  const at = (p: number, order = state.order) => historyCustomId({ ...state, page: p, order });
  const buttons: APIButtonComponent[] = [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: 'Previous',
      custom_id: at(Math.max(page - 1, 0)),
      disabled: page === 0,
    },
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: 'Next',
      custom_id: at(Math.min(page + 1, pages - 1)),
      disabled: page >= pages - 1,
    },
    {
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: state.order === 'oldest' ? 'Newest first' : 'Oldest first',
      custom_id: at(0, state.order === 'oldest' ? 'newest' : 'oldest'),
    },
  ];
  // A single page needs no paging buttons, only the order switch.
  const shown = pages > 1 ? buttons : buttons.slice(2);
  return { embed, pages, components: [{ type: ComponentType.ActionRow, components: shown }] };
}

function noEvents(store: FactStore, year: number | undefined, topic: Topic | undefined): HandlerReply {
  const years = store
    .timeline({ topic })
    .map((e) => (e.date.precision === 'undated' ? null : e.date.year))
    .filter((y, i, a) => y !== null && a.indexOf(y) === i);
  const what = [year !== undefined ? `in ${year}` : '', topic !== undefined ? `on ${topic}` : '']
    .filter(Boolean)
    .join(' ');
  return notice(
    'No events',
    `The sources have no dated event ${what}. Years with events${topic ? ` on ${topic}` : ''}: ${years.join(', ')}.`,
  );
}

export function historyCommand(options: AescOptions<'history'>, ctx: HandlerContext): HandlerReply {
  const state: HistoryState = { page: 0, order: 'oldest', year: options.year, topic: options.topic };
  const view = historyView(ctx.store, state);
  if (view === null) return noEvents(ctx.store, options.year, options.topic);
  return embedReply([view.embed], { components: view.components });
}

export function historyButton(customId: string, ctx: HandlerContext): HandlerReply {
  const state = parseHistoryCustomId(customId);
  const view = state === null ? null : historyView(ctx.store, state);
  if (view === null) {
    return notice(
      'This button is out of date',
      'It no longer matches the timeline. Run `/aesc history` again for a fresh one.',
    );
  }
  return updateReply({ embeds: [view.embed], components: view.components });
}

/** Year suggestions: the years that have events, with counts; typed digits filter by prefix. */
export function yearAutocomplete(value: string, ctx: HandlerContext): AutocompleteChoice[] {
  const typed = value.trim();
  if (typed.length > 4 || !/^\d*$/.test(typed)) return [];
  return ctx.store
    .years()
    .filter((y) => String(y.year).startsWith(typed))
    .slice(-25)
    .map((y) => ({ name: `${y.year} (${y.count} event${y.count === 1 ? '' : 's'})`, value: y.year }));
}
