// /aesc search query:<words> — what the query names first (a site, the sites of a place, an owner, a product, a
// project, a person), then the facts ranked by relevance, each with a snippet around the match and the matched
// words in bold; 5 a page, with Previous/Next buttons whose custom_id carries the page, the owner and the query.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { cjkMatchRanges } from '../../facts/cjk.js';
import { fold } from '../../facts/normalize.js';
import type { EntityAnswer, SearchAnswer } from '../../facts/search-answer.js';
import { currentStatus, type FactStore } from '../../facts/store.js';
import { indexTerm, MAX_QUERY_CHARS, type SearchHit } from '../../facts/text-search.js';
import { type Lang, langFor, type MessageKey, t } from '../../i18n/catalogue.js';
import { dateLabel, formatDate } from '../../i18n/dates.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { listOf } from '../../i18n/words.js';
import { Citations } from '../../present/citations.js';
import { ButtonStyle, Card, cardReply, cardUpdate, visibleText } from '../../present/cv2.js';
import { mayChangeMessage, ownerPart, seeAlso } from '../../present/nav.js';
import { notice, quoteInput } from '../../present/replies.js';
import { EMBED_COLOR, STATUS_EMOJI, statusBadge } from '../../present/style.js';
import type { AescOptions } from './definition.js';
import { plantCustomId } from './plant.js';
import { placeIn, plantLocation } from './sites.js';

export const SEARCH_PAGE_SIZE = 5;
/** Entity answers shown before the facts (on the first page). */
const MAX_ENTITIES = 3;
const MAX_PAGES = 10;
/** Every /aesc reply stays within this many visible characters. */
export const SEARCH_VISIBLE_MAX = 1500;
const SNIPPET_LENGTHS = [170, 120, 80] as const;

// ---- state in the custom_id: aesc:search:<page>:<owner>:<folded query> ------------------------------

const PREFIX = 'aesc:search:';
const CUSTOM_ID_MAX = 100;
const CUSTOM_ID = /^aesc:search:(\d{1,2}):(\d{1,20}):([\p{Ll}\p{Lo}\p{N} ]{1,80})$/u;

export interface SearchState {
  page: number;
  owner: string;
  /** The query folded (case, accents, punctuation): searching it gives the same answer as the original. */
  query: string;
}

/** The custom_id of a page button, or null when the query is too long to carry (then no paging buttons). */
export function searchCustomId(s: SearchState): string | null {
  const id = `${PREFIX}${s.page}:${ownerPart(s.owner)}:${s.query}`;
  return id.length <= CUSTOM_ID_MAX && CUSTOM_ID.test(id) ? id : null;
}

export function parseSearchCustomId(customId: string): SearchState | null {
  const m = CUSTOM_ID.exec(customId);
  if (m === null) return null;
  const [, page, owner, query] = m as unknown as [string, string, string, string];
  if (query.trim() !== query || query.includes('  ')) return null;
  return { page: Number(page), owner, query };
}

// ---- text -----------------------------------------------------------------------------------------

const MARKDOWN = /[\\*_~`|<>[\]]/g;
/** Escapes what Discord's markdown would act on inside a line, and a heading, list or quote mark at its start. */
const escapeMarkdown = (text: string) => text.replace(MARKDOWN, (c) => `\\${c}`).replace(/^([#>-])/, (c) => `\\${c}`);

/**
 * A window of `body` of at most `max` characters around the first matched word, escaped for markdown, with every
 * matched word in bold ("…the **Sunderland** operation was originally 1.8…"). `ranges` are further matches as
 * [start, end) of `body`, e.g. the Japanese words of a query in a translated statement (cjkMatchRanges).
 */
export function snippet(
  body: string,
  terms: readonly string[],
  max: number,
  fromStart = false,
  ranges: readonly (readonly [number, number])[] = [],
): string {
  const wanted = new Set(terms);
  const words = [...body.matchAll(/[\p{L}\p{N}]+/gu)]
    .filter((m) => wanted.has(indexTerm(fold(m[0])) ?? ''))
    .map((m): [number, number] => [m.index, m.index + m[0].length]);
  // Every match in order, overlapping ones joined.
  const matches: [number, number][] = [];
  for (const [start, end] of [...words, ...ranges].sort((a, b) => a[0] - b[0])) {
    const last = matches[matches.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else matches.push([start, end]);
  }
  const first = matches[0];
  let from = 0;
  if (!fromStart && first !== undefined && first[1] > max - 20) {
    from = Math.max(0, first[0] - 40);
    const space = body.indexOf(' ', from);
    if (space >= 0 && space < first[0]) from = space + 1;
  }
  let to = Math.min(body.length, from + max);
  if (to < body.length) {
    const space = body.lastIndexOf(' ', to);
    if (space > from + max / 2) to = space;
  }
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const [start, end] of matches) {
    if (start < from || end > to) continue;
    out += `${escapeMarkdown(body.slice(at, start))}**${escapeMarkdown(body.slice(start, end))}**`;
    at = end;
  }
  out += escapeMarkdown(body.slice(at, to));
  out = out.replace(/\*\* \*\*/g, ' '); // "**Better** **Place**" -> "**Better Place**"
  return to < body.length ? `${out}…` : out;
}

const ENTITY_EMOJI = { organisation: '🏢', product: '🔋', project: '🧭', person: '👤', place: '📍' } as const;

const tr = (lang: Lang, text: string): string => factTranslator().text(lang, text);

const DOC_TITLE: Readonly<Record<string, MessageKey>> = {
  'Who owns AESC': 'search.doc.owners',
  Headquarters: 'search.doc.headquarters',
  'Capital at establishment': 'search.doc.capital',
  'Where AESC builds': 'search.doc.footprint',
  'Safety record (a claim)': 'search.doc.safety',
  'About AESC': 'search.doc.about',
};

/** A search document's title in `lang`: "Sunderland plant · Capacity", "Founded 2007", a fixed title or a statement. */
function docTitle(lang: Lang, title: string): string {
  if (lang === 'en') return title;
  const fixed = DOC_TITLE[title];
  if (fixed !== undefined) return t(lang, fixed);
  if (title.startsWith('Founded ')) return t(lang, 'search.doc.founded', { date: title.slice('Founded '.length) });
  if (title.startsWith('Customer: ')) {
    return `${tr(lang, title.slice('Customer: '.length))} · ${t(lang, 'search.field.Customers')}`;
  }
  const [name, label, ...rest] = title.split(' · ');
  if (name !== undefined && label !== undefined && rest.length === 0) {
    return `${tr(lang, name)} · ${t(lang, `search.field.${label}` as MessageKey)}`;
  }
  return tr(lang, title);
}

function entityLine(store: FactStore, e: EntityAnswer, cites: Citations, max: number, lang: Lang): string | null {
  // Say what matched only when it is not part of the name shown ("UK" for the sites in United Kingdom).
  const via = (name: string) =>
    [name, tr(lang, name), placeIn(lang, name)].some((n) => fold(n).includes(fold(e.matched)))
      ? ''
      : t(lang, 'search.matched', { text: `"${escapeMarkdown(e.matched)}"` });
  switch (e.kind) {
    case 'plant': {
      const p = store.plantWithId(e.id);
      if (p === undefined) return null;
      const where = plantLocation(p, lang);
      return `${statusBadge(currentStatus(p), lang)} **${escapeMarkdown(tr(lang, p.name))}**${via(p.name)} · ${escapeMarkdown(where)}`;
    }
    case 'place': {
      const names = listOf(
        lang,
        e.plants.map((id) => tr(lang, store.plantWithId(id)?.name ?? id)),
      );
      const heading = t(lang, 'search.sitesIn', { place: escapeMarkdown(placeIn(lang, e.label)) });
      return `${ENTITY_EMOJI.place} **${heading}**${via(e.label)}: ${escapeMarkdown(names)}`;
    }
    case 'organisation': {
      const o = store.organisation(e.id);
      return `${ENTITY_EMOJI.organisation} **${escapeMarkdown(tr(lang, o.name))}** — ${snippet(tr(lang, o.description), [], max)}${cites.cite(o.sources)}`;
    }
    case 'product': {
      const p = store.products.find((x) => x.id === e.id);
      if (p === undefined) return null;
      return `${ENTITY_EMOJI.product} **${escapeMarkdown(tr(lang, p.name))}** — ${snippet(tr(lang, p.description.text), [], max)}${cites.cite(p.description.sources)}`;
    }
    case 'project': {
      const p = store.project(e.id);
      if (p === undefined) return null;
      return `${ENTITY_EMOJI.project} **${escapeMarkdown(tr(lang, p.name))}** — ${snippet(tr(lang, p.description.text), [], max)}${cites.cite(p.description.sources)}`;
    }
    case 'person': {
      const p = store.person(e.id);
      if (p === undefined) return null;
      return `${ENTITY_EMOJI.person} **${escapeMarkdown(p.name)}** — ${escapeMarkdown(tr(lang, p.role))}${cites.cite(p.sources)}`;
    }
  }
}

/** A fact: its heading, and the snippet (from the start when the fact is what the question asks for). */
/** A search document's body in `lang`, rebuilt from the statements it was made of when it joins several. */
function docBody(store: FactStore, lang: Lang, doc: SearchHit['doc']): string {
  if (lang === 'en') return doc.body;
  if (doc.kind === 'event') {
    const e = store.events.find((x) => x.id === doc.id);
    if (e !== undefined) return `${dateLabel(lang, e.date)}: ${tr(lang, e.text)}`;
  }
  if (doc.kind === 'figure') {
    const k = store.company.keyFigures.find((x) => x.id === doc.id);
    if (k !== undefined) {
      const when = k.date.precision === 'undated' ? '' : ` (${formatDate(lang, k.date)})`;
      return `${tr(lang, k.value)}${when}。`;
    }
  }
  if (doc.kind === 'company' && doc.id === 'owners') {
    const owners = store.company.owners;
    const names = owners.map(
      (o) => `${tr(lang, store.organisation(o.organisation).name)}${o.stake ? ` (${o.stake})` : ''}`,
    );
    return `${listOf(lang, names)}。${owners.map((o) => tr(lang, o.text)).join('')}`;
  }
  return tr(lang, doc.body);
}

function hitLine(
  store: FactStore,
  query: string,
  hit: SearchHit,
  cites: Citations,
  max: number,
  answers: boolean,
  lang: Lang,
): string {
  const { doc } = hit;
  const body = docBody(store, lang, doc);
  // A translated body has none of the English words searched for, but may show the query's Japanese words.
  const terms = body === doc.body ? hit.terms : [];
  const ranges = body === doc.body ? [] : cjkMatchRanges(body, query);
  const fromStart = answers || (terms.length === 0 && ranges.length === 0);
  return `**${escapeMarkdown(docTitle(lang, doc.title))}**\n${snippet(body, terms, max, fromStart, ranges)}${cites.cite(doc.sources)}`;
}

const INTENT_FIELD = { owner: 'owners', founding: 'founding', capacity: 'capacity' } as const;

// ---- pages ----------------------------------------------------------------------------------------

/** Buttons that open a named site's card, at most. */
const OPEN_BUTTONS = 4;

function sitesOf(e: EntityAnswer): readonly string[] {
  return e.kind === 'plant' ? [e.id] : e.kind === 'place' ? e.plants : [];
}

type Item = { kind: 'entity'; entity: EntityAnswer } | { kind: 'hit'; hit: SearchHit };

function items(answer: SearchAnswer): Item[] {
  return [
    ...answer.entities.slice(0, MAX_ENTITIES).map((entity) => ({ kind: 'entity' as const, entity })),
    ...answer.hits.map((hit) => ({ kind: 'hit' as const, hit })),
  ].slice(0, SEARCH_PAGE_SIZE * MAX_PAGES);
}

const INTENT_LEAD: Record<NonNullable<SearchAnswer['intent']>, MessageKey> = {
  owner: 'search.intent.owner',
  founding: 'search.intent.founding',
  capacity: 'search.intent.capacity',
};

function pageCard(ctx: HandlerContext, answer: SearchAnswer, shown: string, state: SearchState, max: number): Card {
  const all = items(answer);
  const pages = Math.max(1, Math.ceil(all.length / SEARCH_PAGE_SIZE));
  const page = Math.min(Math.max(state.page, 0), pages - 1);
  const slice = all.slice(page * SEARCH_PAGE_SIZE, (page + 1) * SEARCH_PAGE_SIZE);
  const lang = langFor(ctx.locale);
  const cites = new Citations(ctx.store, lang);
  const card = new Card(EMBED_COLOR, cites);
  const lead = answer.intent !== null ? ` · ${t(lang, INTENT_LEAD[answer.intent])}` : '';
  const count =
    all.length === 1
      ? t(lang, 'search.count.one', { lead })
      : t(lang, 'search.count.other', { count: all.length, lead });
  card.text(`## ${t(lang, 'search.title', { query: shown })}\n-# ${count}`);
  const entities = slice.filter((i) => i.kind === 'entity');
  const hits = slice.filter((i) => i.kind === 'hit');
  const entityText = entities
    .map((i) => entityLine(ctx.store, i.entity, cites, max, lang))
    .filter((l): l is string => l !== null);
  if (entityText.length > 0) card.text(entityText.join('\n'));
  if (entityText.length > 0 && hits.length > 0) card.separator();
  const asked = answer.intent === null ? undefined : INTENT_FIELD[answer.intent];
  if (hits.length > 0) {
    card.text(
      hits.map((i) => hitLine(ctx.store, state.query, i.hit, cites, max, i.hit.doc.field === asked, lang)).join('\n'),
    );
  }
  // The named sites open their cards in place (the searcher's message; anyone else gets their own view).
  const sites = [...new Set(entities.flatMap((i) => sitesOf(i.entity)))].slice(0, OPEN_BUTTONS);
  card.buttons(
    sites.flatMap((id) => {
      const p = ctx.store.plantWithId(id);
      if (p === undefined) return [];
      return [
        {
          label: tr(lang, p.name),
          customId: plantCustomId('o', p.id, state.owner),
          emoji: STATUS_EMOJI[currentStatus(p)],
        },
      ];
    }),
  );
  const more = seeAlso(
    ctx.commandIds,
    answer.entities.some((e) => e.kind === 'plant' || e.kind === 'place') ? ['plant'] : [],
    lang,
  );
  if (more !== null) card.text(more);
  if (pages > 1) {
    // A disabled button still needs a valid, distinct id: the edges point at their own page.
    const prev = searchCustomId({ ...state, page: Math.max(0, page - 1) });
    const next = searchCustomId({ ...state, page: Math.min(pages - 1, page + 1) });
    if (prev !== null && next !== null) {
      card.buttons([
        { label: t(lang, 'history.previous'), customId: prev, disabled: page === 0 },
        { label: `${page + 1} / ${pages}`, customId: `${PREFIX}at`, disabled: true },
        { label: t(lang, 'history.next'), customId: next, disabled: page === pages - 1, style: ButtonStyle.Primary },
      ]);
    } else {
      card.text(`-# ${t(lang, 'search.bestOnly', { count: SEARCH_PAGE_SIZE })}`);
    }
  }
  return card;
}

/** The card for one page, shortening snippets until the reply fits the visible-text budget. */
function fittingCard(ctx: HandlerContext, answer: SearchAnswer, shown: string, state: SearchState): Card {
  let card: Card | undefined;
  for (const max of SNIPPET_LENGTHS) {
    card = pageCard(ctx, answer, shown, state, max);
    const { components } = card.build();
    if (visibleText({ components }).length <= SEARCH_VISIBLE_MAX) return card;
  }
  return card as Card;
}

export function searchCommand(options: AescOptions<'search'>, ctx: HandlerContext): HandlerReply {
  const { query } = options;
  const lang = langFor(ctx.locale);
  const examples = t(lang, 'search.examples');
  if (query.length > MAX_QUERY_CHARS) {
    return notice(
      t(lang, 'search.tooLong.title'),
      t(lang, 'search.tooLong.body', {
        length: query.length.toLocaleString(lang === 'en' ? 'en-US' : ctx.locale),
        max: MAX_QUERY_CHARS,
        examples,
      }),
    );
  }
  const answer = ctx.store.searchAnswer(query, undefined, lang);
  if (answer.terms.length === 0 && answer.entities.length === 0) {
    return notice(t(lang, 'search.empty.title'), t(lang, 'search.empty.body', { input: quoteInput(query), examples }));
  }
  if (answer.hits.length === 0 && answer.entities.length === 0) {
    return notice(t(lang, 'search.none.title'), t(lang, 'search.none.body', { input: quoteInput(query), examples }));
  }
  const state = { page: 0, owner: ctx.invoker.userId, query: fold(query) };
  return cardReply(fittingCard(ctx, answer, quoteInput(query, 80), state));
}

/** A Previous/Next click: the same search, another page. Someone else's click gets the page for themselves. */
export function searchButton(customId: string, ctx: HandlerContext): HandlerReply {
  const state = parseSearchCustomId(customId);
  const lang = langFor(ctx.locale);
  if (state === null) {
    return notice(t(lang, 'notice.buttonExpired'), t(lang, 'search.expired.body', { command: '`/aesc search`' }));
  }
  const answer = ctx.store.searchAnswer(state.query, undefined, lang);
  if (answer.hits.length === 0 && answer.entities.length === 0) {
    return notice(t(lang, 'search.gone.title'), t(lang, 'search.gone.body', { command: '`/aesc search`' }));
  }
  const card = fittingCard(ctx, answer, quoteInput(state.query, 80), state);
  if (!mayChangeMessage(state.owner, ctx)) {
    // Only the person who searched pages their message; anyone else sees the page for themselves.
    const own = fittingCard(ctx, answer, quoteInput(state.query, 80), { ...state, owner: ctx.invoker.userId });
    return cardReply(own, true);
  }
  return cardUpdate(card);
}
