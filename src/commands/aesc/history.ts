// /aesc history [year] [topic] — the timeline, page by page. "Next" is the primary button with "2 / 5" beside it,
// a select menu picks a year, and the order switch appears only when there is more than one page. Every
// component's custom_id carries the whole state and the id of the user who ran the command:
//   `aesc:history:<page>:<o|n>:<year|->:<topic|->:<owner>`   page buttons
//   `aesc:history:y:<o|n>:<topic|->:<owner>`                 the year select (value: a year or "all")
import { ButtonStyle } from 'discord-api-types/v10';
import type { AutocompleteChoice, HandlerContext, HandlerReply } from '../../core/command.js';
import { TOPICS, type Topic } from '../../facts/schema.js';
import type { FactStore } from '../../facts/store.js';
import { type Lang, langFor, SOURCE_LANG, t } from '../../i18n/catalogue.js';
import { dateLabel } from '../../i18n/dates.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { listOf, topicWord } from '../../i18n/words.js';
import { Citations } from '../../present/citations.js';
import { type ButtonSpec, Card, cardReply, clickAnswer } from '../../present/cv2.js';
import { commandRef, mayChangeMessage, ownerPart } from '../../present/nav.js';
import { withoutRepeatedDate } from '../../present/on-this-date.js';
import { notice } from '../../present/replies.js';
import { EMBED_COLOR } from '../../present/style.js';
import type { AescOptions } from './definition.js';

export const HISTORY_PAGE_SIZE = 4;

export interface HistoryState {
  page: number;
  order: 'oldest' | 'newest';
  year: number | undefined;
  topic: Topic | undefined;
}

/** `aesc:history:<page>:<o|n>:<year|->:<topic|->:<owner>`, well under the 100-character custom_id limit. */
export function historyCustomId(s: HistoryState, owner = '0'): string {
  return `aesc:history:${s.page}:${s.order === 'oldest' ? 'o' : 'n'}:${s.year ?? '-'}:${s.topic ?? '-'}:${ownerPart(owner)}`;
}

export function historyYearSelectId(s: HistoryState, owner: string): string {
  return `aesc:history:y:${s.order === 'oldest' ? 'o' : 'n'}:${s.topic ?? '-'}:${ownerPart(owner)}`;
}

// The owner part is optional so that buttons of messages sent before it existed still parse (they change nothing
// for anyone: everyone gets their own view).
const CUSTOM_ID = /^aesc:history:(\d{1,3}):([on]):(-|\d{4}):(-|[a-z]{1,20})(?::(\d{1,20}))?$/;
const YEAR_SELECT_ID = /^aesc:history:y:([on]):(-|[a-z]{1,20}):(\d{1,20})$/;

function topicOf(raw: string): Topic | undefined | null {
  if (raw === '-') return undefined;
  return TOPICS.includes(raw as Topic) ? (raw as Topic) : null;
}

/** The state a history button carries (and its owner), or null when the id is malformed or forged. */
export function parseHistoryCustomId(customId: string): (HistoryState & { owner: string | undefined }) | null {
  const m = CUSTOM_ID.exec(customId);
  if (m === null) return null;
  const [, page, order, year, rawTopic, owner] = m;
  const topic = topicOf(rawTopic as string);
  if (topic === null) return null;
  return {
    page: Number(page),
    order: order === 'n' ? 'newest' : 'oldest',
    year: year === '-' || year === undefined ? undefined : Number(year),
    topic,
    owner,
  };
}

/** One page of the timeline as a card; null when the filters match nothing. Pages past the end clamp to the last. */
export function historyCard(
  store: FactStore,
  state: HistoryState,
  owner: string,
  lang: Lang = SOURCE_LANG,
): Card | null {
  const tr = (text: string) => factTranslator().text(lang, text);
  const events = store.timeline({ year: state.year, topic: state.topic, order: state.order, includeUndated: true });
  if (events.length === 0) return null;
  const pages = Math.ceil(events.length / HISTORY_PAGE_SIZE);
  const page = Math.min(Math.max(state.page, 0), pages - 1);
  const slice = events.slice(page * HISTORY_PAGE_SIZE, (page + 1) * HISTORY_PAGE_SIZE);
  const filters = [state.year, state.topic && topicWord(lang, state.topic)].filter((x) => x !== undefined).join(' · ');
  const cites = new Citations(store, lang);
  const card = new Card(EMBED_COLOR, cites);
  const head = [`## ${t(lang, 'history.title')}${filters ? ` · ${filters}` : ''}`];
  if (page === 0) {
    const order = t(lang, state.order === 'oldest' ? 'history.order.oldest' : 'history.order.newest');
    const count =
      events.length === 1
        ? t(lang, 'history.count.one', { order })
        : t(lang, 'history.count.other', { count: events.length, order });
    head.push(`-# ${count} ${t(lang, 'history.disclaimer')}`);
  }
  card.text(head.join('\n'));
  card.text(
    slice
      .map((e) => {
        const when = dateLabel(lang, e.date);
        const text = lang === SOURCE_LANG ? withoutRepeatedDate(e.text, e.date) : tr(e.text);
        return `**${when} · ${tr(e.title)}**\n${text}${cites.cite(e.sources)}`;
      })
      .join('\n\n'),
  );
  const at = (p: number, order = state.order) => historyCustomId({ ...state, page: p, order }, owner);
  if (pages > 1) {
    const buttons: ButtonSpec[] = [
      { label: t(lang, 'history.previous'), customId: at(Math.max(page - 1, 0)), disabled: page === 0 },
      { label: `${page + 1} / ${pages}`, customId: `aesc:history:at:${page}:${ownerPart(owner)}`, disabled: true },
      {
        label: t(lang, 'history.next'),
        customId: at(Math.min(page + 1, pages - 1)),
        style: ButtonStyle.Primary,
        disabled: page >= pages - 1,
      },
      {
        label: t(lang, state.order === 'oldest' ? 'history.newestFirst' : 'history.oldestFirst'),
        customId: at(0, state.order === 'oldest' ? 'newest' : 'oldest'),
      },
    ];
    card.buttons(buttons);
  }
  const years = store
    .years()
    .filter((y) => state.topic === undefined || store.timeline({ year: y.year, topic: state.topic }).length > 0);
  if (years.length > 1 || state.year !== undefined) {
    card.select({
      customId: historyYearSelectId(state, owner),
      placeholder:
        state.year === undefined ? t(lang, 'history.jumpYear') : t(lang, 'history.year', { year: state.year }),
      options: [
        { label: t(lang, 'history.allYears'), value: 'all', default: state.year === undefined },
        ...years.slice(-24).map((y) => ({
          label: String(y.year),
          value: String(y.year),
          description:
            y.count === 1 ? t(lang, 'history.events.one') : t(lang, 'history.events.other', { count: y.count }),
          default: y.year === state.year,
        })),
      ],
    });
  }
  return card;
}

function noEvents(store: FactStore, year: number | undefined, topic: Topic | undefined, lang: Lang): HandlerReply {
  const years = store
    .timeline({ topic })
    .map((e) => (e.date.precision === 'undated' ? null : e.date.year))
    .filter((y, i, a) => y !== null && a.indexOf(y) === i);
  const on = topic !== undefined ? t(lang, 'history.none.on', { topic: topicWord(lang, topic) }) : '';
  const what = [year !== undefined ? t(lang, 'history.none.in', { year }) : '', on].filter(Boolean).join(' ');
  return notice(
    t(lang, 'history.none.title'),
    t(lang, 'history.none.body', {
      what,
      on: on ? ` ${on}` : '',
      years: listOf(
        lang,
        years.map((y) => String(y)),
      ),
    }),
  );
}

export function historyCommand(options: AescOptions<'history'>, ctx: HandlerContext): HandlerReply {
  const state: HistoryState = { page: 0, order: 'oldest', year: options.year, topic: options.topic };
  const lang = langFor(ctx.locale);
  const card = historyCard(ctx.store, state, ctx.invoker.userId, lang);
  if (card === null) return noEvents(ctx.store, options.year, options.topic, lang);
  return cardReply(card);
}

function outOfDate(ctx: HandlerContext): HandlerReply {
  const lang = langFor(ctx.locale);
  return notice(
    t(lang, 'plant.stale.title'),
    t(lang, 'history.stale.body', { command: commandRef(ctx.commandIds, 'history') }),
  );
}

function answer(ctx: HandlerContext, state: HistoryState, owner: string | undefined): HandlerReply {
  const lang = langFor(ctx.locale);
  if (historyCard(ctx.store, state, ctx.invoker.userId, lang) === null) return outOfDate(ctx);
  return clickAnswer(
    mayChangeMessage(owner, ctx),
    owner ?? '0',
    ctx.invoker.userId,
    (o) => historyCard(ctx.store, state, o, lang) as Card,
  );
}

export function historyButton(customId: string, ctx: HandlerContext): HandlerReply {
  const parsed = parseHistoryCustomId(customId);
  if (parsed === null) return outOfDate(ctx);
  const { owner, ...state } = parsed;
  return answer(ctx, state, owner);
}

export function historySelect(customId: string, values: readonly string[], ctx: HandlerContext): HandlerReply {
  const m = YEAR_SELECT_ID.exec(customId);
  const value = values.length === 1 ? values[0] : undefined;
  const topic = m ? topicOf(m[2] as string) : null;
  if (m === null || topic === null || value === undefined || !/^(all|\d{4})$/.test(value)) return outOfDate(ctx);
  const state: HistoryState = {
    page: 0,
    order: m[1] === 'n' ? 'newest' : 'oldest',
    year: value === 'all' ? undefined : Number(value),
    topic,
  };
  return answer(ctx, state, m[3]);
}

/** Year suggestions: the years that have events, with counts; typed digits filter by prefix. */
export function yearAutocomplete(value: string, ctx: HandlerContext): AutocompleteChoice[] {
  const typed = value.trim();
  if (typed.length > 4 || !/^\d*$/.test(typed)) return [];
  return ctx.store
    .years()
    .filter((y) => String(y.year).startsWith(typed))
    .slice(-25)
    .map((y) => {
      const lang = langFor(ctx.locale);
      const count = y.count === 1 ? t(lang, 'history.events.one') : t(lang, 'history.events.other', { count: y.count });
      return { name: `${y.year} (${count})`, value: y.year };
    });
}
