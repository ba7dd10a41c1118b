// /aesc plant name:<site> — one site's card — and the autocomplete on plant names.
//
// The first screen is a summary (status with what it rests on, location, capacity in one line, what the site makes,
// whom it serves); buttons open the details in place (status history, every capacity figure, investment and jobs,
// sources) and a select menu jumps to another site. The state lives in the custom_id:
// `aesc:plant:<view>:<plant id>:<owner id>` and `aesc:plant:jump:<owner id>` (value: a plant id).
import { ButtonStyle } from 'discord-api-types/v10';
import type { AutocompleteChoice, HandlerContext, HandlerReply } from '../../core/command.js';
import { CHOICE_NAME_MAX, truncateText } from '../../discord/limits.js';
import { factYear, formatFactDate } from '../../facts/dates.js';
import { type Capacity, type Plant, REGIONS, type Region } from '../../facts/schema.js';
import { currentStatus, type FactStore } from '../../facts/store.js';
import { type Lang, langFor, type MessageKey, SOURCE_LANG, t } from '../../i18n/catalogue.js';
import { formatDate } from '../../i18n/dates.js';
import { type FactTranslator, factTranslator } from '../../i18n/fact-translations.js';
import { listOf, regionWord, statusWord } from '../../i18n/words.js';
import { Citations, sourceTitle } from '../../present/citations.js';
import { type ButtonSpec, Card, cardReply, cardUpdate } from '../../present/cv2.js';
import { commandRef, goCustomId, mayChangeMessage, ownerPart } from '../../present/nav.js';
import { type OwnerTemplates, ownerTemplates } from '../../present/owner-templates.js';
import { notice, quoteInput } from '../../present/replies.js';
import {
  dateLabel,
  formatCapacity,
  STATUS_COLOR,
  STATUS_EMOJI,
  sourceIds,
  sourceShort,
  statusBadge,
} from '../../present/style.js';
import { capacityChart } from '../../render/index.js';
import type { AescOptions } from './definition.js';
import { plantsCard } from './plants.js';
import { JUMP_ID, jumpSelect, plantLocation } from './sites.js';

// ---- state in custom ids ----------------------------------------------------------------------

export const PLANT_VIEWS = ['o', 's', 'c', 'm', 'r'] as const;
export type PlantView = (typeof PLANT_VIEWS)[number];

const VIEW_LABEL: Record<PlantView, MessageKey> = {
  o: 'plant.view.o',
  s: 'plant.view.s',
  c: 'plant.view.c',
  m: 'plant.view.m',
  r: 'plant.view.r',
};

const tr = (lang: Lang, text: string): string => factTranslator().text(lang, text);

export function plantCustomId(view: PlantView, plantId: string, owner: string): string {
  return `aesc:plant:${view}:${plantId}:${ownerPart(owner)}`;
}

const VIEW_ID = /^aesc:plant:([oscmr]):([a-z0-9-]{1,60}):(\d{1,20})$/;

// ---- what a card says ---------------------------------------------------------------------------

type StatusEntry = Plant['statuses'][number];

/** The latest status statement that says more than "listed", if any. */
function latestStatus(plant: Plant): StatusEntry | undefined {
  for (let i = plant.statuses.length - 1; i >= 0; i--) {
    const s = plant.statuses[i];
    if (s !== undefined && s.status !== 'listed') return s;
  }
  return undefined;
}

/**
 * The status line with what it rests on. "Status now" only when the statement speaks of the time of an undated
 * source whose time the editors can tell from its own words (the interview: "Since 2007 … over the past 17
 * years"); otherwise the latest status the sources give, with its date.
 */
export function statusLine(store: FactStore, plant: Plant, cites: Citations, lang: Lang = SOURCE_LANG): string {
  const s = latestStatus(plant);
  if (s === undefined) {
    const listed = plant.statuses[0];
    const mark = listed ? cites.cite(listed.sources) : '';
    return t(lang, 'plant.status.notStated', { emoji: STATUS_EMOJI.listed, mark });
  }
  const asOf = s.date.precision === 'undated' ? s.date.asOf : undefined;
  const dating = asOf === undefined ? undefined : store.source(asOf).editorsDating;
  if (asOf !== undefined && dating !== undefined) {
    return t(lang, 'plant.status.now', {
      badge: statusBadge(s.status, lang),
      mark: cites.cite(s.sources),
      source: sourceShort(asOf, lang),
      about: dating.about,
    });
  }
  // The statement itself when it is short ("Start of production planned for 2024."), else the status and its date.
  if (s.text.length <= SHORT_STATUS) {
    return t(lang, 'plant.status.latestShort', {
      badge: statusBadge(s.status, lang),
      text: tr(lang, s.text),
      mark: cites.cite(s.sources),
    });
  }
  const when = formatDate(lang, s.date);
  return t(lang, 'plant.status.latest', { badge: statusBadge(s.status, lang), when, mark: cites.cite(s.sources) });
}

/** Status statements up to this long are quoted in our words on the first screen. */
const SHORT_STATUS = 80;

const NOW_KINDS: readonly Capacity['kind'][] = ['current', 'original'];
const PLAN_KINDS: readonly Capacity['kind'][] = ['planned', 'target', 'initial', 'potential', 'option'];

/** Current and planned capacity in one line: at most one "now" and one "planned" figure, the rest one click away. */
export function capacityLine(plant: Plant, cites: Citations, locale: string): string | null {
  if (plant.capacity.length === 0) return null;
  const now = NOW_KINDS.map((k) => plant.capacity.find((c) => c.kind === k)).find((c) => c !== undefined);
  // The plan that reaches furthest ("24 GWh by 2030" rather than "9 GWh by 2024"); undated plans count as oldest.
  const planned = PLAN_KINDS.map((k) => plant.capacity.filter((c) => c.kind === k))
    .find((list) => list.length > 0)
    ?.reduce((a, b) => ((factYear(b.date) ?? 0) > (factYear(a.date) ?? 0) ? b : a));
  const shown = [now, planned].filter((c): c is Capacity => c !== undefined);
  if (shown.length === 0) {
    const first = plant.capacity[0] as Capacity;
    shown.push(first);
  }
  const lang = langFor(locale);
  const parts = shown.map((c) => `${formatCapacity(c, locale)}${cites.cite(c.sources)}`);
  const more =
    plant.capacity.length > shown.length ? t(lang, 'plant.capacity.more', { count: plant.capacity.length }) : '';
  return t(lang, 'plant.capacity.line', { parts: parts.join(' · '), more });
}

function overview(card: Card, store: FactStore, plant: Plant, cites: Citations, locale: string, owner: string): void {
  const lang = langFor(locale);
  const lines = [
    `## ${STATUS_EMOJI[currentStatus(plant)]} ${tr(lang, plant.name)}`,
    `📍 ${tr(lang, plant.location.text)}${cites.cite(plant.location.sources)} · ${regionWord(lang, plant.region)}`,
    statusLine(store, plant, cites, lang),
  ];
  const capacity = capacityLine(plant, cites, locale);
  if (capacity) lines.push(capacity);
  if (plant.makes.length > 0) {
    lines.push(
      t(lang, 'plant.makes', { list: plant.makes.map((m) => `${tr(lang, m.text)}${cites.cite(m.sources)}`).join(' ') }),
    );
  }
  if (plant.customers.length > 0) {
    const names = plant.customers.map(
      (c) => `${tr(lang, store.organisation(c.customer).name)}${cites.cite(c.sources)}`,
    );
    lines.push(t(lang, 'plant.serves', { list: listOf(lang, names) }));
  }
  const start = plant.production.find((p) => p.kind !== 'planned-start') ?? plant.production[0];
  // Not when the status line already says it ("Trial production, mid-2009").
  const latest = latestStatus(plant);
  const said =
    start !== undefined &&
    latest !== undefined &&
    formatFactDate(latest.date) === formatFactDate(start.date) &&
    (start.kind === 'trial') === (latest.status === 'trial-production');
  if (start && !said) {
    const label = t(
      lang,
      start.kind === 'trial'
        ? 'plant.production.trial'
        : start.kind === 'start'
          ? 'plant.production.start'
          : 'plant.production.planned',
    );
    lines.push(`**${label}:** ${formatDate(lang, start.date)}${cites.cite(start.sources)}`);
  }
  // The heading with a way to every site beside it; the summary below.
  card.section(lines.slice(0, 2).join('\n'), {
    label: t(lang, 'plant.allSites'),
    customId: goCustomId('plants', owner),
    emoji: '🗺️',
  });
  card.text(lines.slice(2).join('\n'));
  const missing = [
    plant.capacity.length === 0 ? t(lang, 'plant.missing.capacity') : '',
    plant.makes.length === 0 ? t(lang, 'plant.missing.makes') : '',
    plant.customers.length === 0 ? t(lang, 'plant.missing.customers') : '',
    plant.investment.length === 0 ? t(lang, 'plant.missing.investment') : '',
    plant.jobs.length === 0 ? t(lang, 'plant.missing.jobs') : '',
  ].filter(Boolean);
  // Aliases that only repeat the place (a state, a country) say nothing a reader needs.
  const place = new Set([plant.city, plant.subdivision, plant.country, plant.region].map((x) => x?.toLowerCase()));
  const aliases = plant.aliases.filter((a) => !place.has(a.toLowerCase()) && !a.includes(','));
  const related = plant.related
    .map((id) => store.plantWithId(id)?.name)
    .filter((n): n is string => n !== undefined)
    .map((n) => tr(lang, n));
  const small = [
    aliases.length > 0 ? t(lang, 'plant.aliases', { list: listOf(lang, aliases) }) : '',
    related.length > 0 ? t(lang, 'plant.related', { list: listOf(lang, related) }) : '',
    plant.disambiguation ? editorsNote(plant.disambiguation.note, lang) : '',
    missing.length > 0 ? t(lang, 'plant.missing', { list: listOf(lang, missing) }) : '',
  ].filter(Boolean);
  if (small.length > 0) card.text(`-# ${small.join(' ')}`);
}

/** An editors' note, marked as not from the sources (once, even when the note says so itself). */
function editorsNote(note: string, lang: Lang): string {
  return /not from the sources/i.test(note) ? tr(lang, note) : t(lang, 'plant.editorsNote', { note: tr(lang, note) });
}

function statusHistory(card: Card, store: FactStore, plant: Plant, cites: Citations, lang: Lang): void {
  const lines = plant.statuses.map(
    (s) =>
      `${STATUS_EMOJI[s.status]} **${dateLabel(s.date, lang)}** · ${statusWord(lang, s.status)} — ${tr(lang, s.text)}${cites.cite(s.sources)}`,
  );
  const production = plant.production.map((p) => {
    const label = t(
      lang,
      p.kind === 'trial'
        ? 'plant.production.trial'
        : p.kind === 'start'
          ? 'plant.production.startOf'
          : 'plant.production.planned',
    );
    return `**${label}:** ${formatDate(lang, p.date)}${cites.cite(p.sources)}`;
  });
  card.text(`### ${t(lang, 'plant.history.title', { name: tr(lang, plant.name) })}\n${lines.join('\n')}`);
  if (production.length > 0) card.text(production.join('\n'));
  const dated = new Set(
    plant.statuses.flatMap((s) => (s.date.precision === 'undated' && s.date.asOf ? [s.date.asOf] : [])),
  );
  for (const id of dated) {
    const dating = store.source(id).editorsDating;
    if (dating === undefined) continue;
    const words = dating.sources.map((q) => `"${q.quote}"`).join(' … ');
    card.text(
      `-# ${t(lang, 'plant.history.dating', { source: sourceShort(id, lang), reasoning: tr(lang, dating.reasoning), words, mark: cites.cite(dating.sources) })}`,
    );
  }
  card.text(`-# ${t(lang, 'plant.history.order')}`);
}

function capacityView(card: Card, plant: Plant, cites: Citations, locale: string): void {
  const lang = langFor(locale);
  const lines = plant.capacity.map(
    (c) => `• ${formatCapacity(c, locale)}${cites.cite(c.sources)} — ${tr(lang, c.text)}`,
  );
  card.text(`### ${t(lang, 'plant.capacity.title', { name: tr(lang, plant.name) })}\n${lines.join('\n')}`);
  card.text(`-# ${t(lang, 'plant.capacity.note')}`);
}

function moneyView(card: Card, plant: Plant, cites: Citations, lang: Lang): void {
  const investment = t(lang, 'plant.money.investment');
  const jobs = t(lang, 'plant.money.jobs');
  const lines = [
    ...plant.investment.map((i) => `💶 **${investment}:** ${tr(lang, i.text)}${cites.cite(i.sources)}`),
    ...plant.jobs.map((j) => `👷 **${jobs}:** ${tr(lang, j.text)}${cites.cite(j.sources)}`),
    ...plant.notes.map((n) => `📝 ${tr(lang, n.text)}${cites.cite(n.sources)}`),
  ];
  card.text(
    `### ${t(lang, 'plant.money.title', { name: tr(lang, plant.name) })}\n${lines.length > 0 ? lines.join('\n') : t(lang, 'plant.money.none')}`,
  );
  if (plant.geography) card.text(`-# ${editorsNote(plant.geography.note, lang)}`);
}

function sourcesView(card: Card, store: FactStore, plant: Plant, lang: Lang): void {
  const statements = [
    plant.location,
    ...plant.makes,
    ...plant.statuses,
    ...plant.production,
    ...plant.capacity,
    ...plant.customers,
    ...plant.investment,
    ...plant.jobs,
    ...plant.notes,
  ];
  const blocks = sourceIds(...statements.map((s) => s.sources)).map((id) => {
    const quotes = statements.flatMap((s) => s.sources.filter((c) => c.source === id).map((c) => c.quote));
    const distinct = [...new Set(quotes)];
    const shown = distinct.slice(0, 3).map((q) => `> ${truncateText(q, 110)}`);
    const rest = distinct.length - 3;
    const more =
      rest > 0
        ? `\n-# ${rest === 1 ? t(lang, 'plant.sources.more.one') : t(lang, 'plant.sources.more.other', { count: rest })}`
        : '';
    const backs = t(lang, 'plant.sources.backs', {
      title: `**${sourceTitle(store.source(id), lang)}**`,
      count: countOf(statements, id),
    });
    return `${backs}\n${shown.join('\n')}${more}`;
  });
  card.text(`### ${t(lang, 'plant.sources.title', { name: tr(lang, plant.name) })}\n${blocks.join('\n')}`);
}

function countOf(statements: readonly { sources: readonly { source: string }[] }[], id: string): number {
  return statements.filter((s) => s.sources.some((c) => c.source === id)).length;
}

function viewButtons(plant: Plant, view: PlantView, owner: string, lang: Lang): ButtonSpec[] {
  const has: Record<PlantView, boolean> = {
    o: true,
    s: true,
    c: plant.capacity.length > 0,
    m: plant.investment.length + plant.jobs.length + plant.notes.length > 0 || plant.geography !== undefined,
    r: true,
  };
  return PLANT_VIEWS.filter((v) => has[v]).map((v) => ({
    label: v === 'c' ? `${t(lang, VIEW_LABEL[v])} (${plant.capacity.length})` : t(lang, VIEW_LABEL[v]),
    customId: plantCustomId(v, plant.id, owner),
    style: v === view ? ButtonStyle.Primary : ButtonStyle.Secondary,
    disabled: v === view,
  }));
}

/** The capacity chart (src/render) when the site has two or more figures and a font is usable. */
function addChart(card: Card, plant: Plant, locale: string): void {
  const chart = capacityChart(plant, locale);
  if (chart !== null) card.picture(chart);
}

/** One view of a plant's card, with its buttons (their custom ids carry `owner`). */
export function plantCard(store: FactStore, plant: Plant, locale: string, view: PlantView, owner: string): Card {
  const lang = langFor(locale);
  const cites = new Citations(store, lang);
  const card = new Card(STATUS_COLOR[currentStatus(plant)], cites);
  switch (view) {
    case 'o':
      overview(card, store, plant, cites, locale, owner);
      addChart(card, plant, locale);
      break;
    case 's':
      statusHistory(card, store, plant, cites, lang);
      break;
    case 'c':
      capacityView(card, plant, cites, locale);
      addChart(card, plant, locale);
      break;
    case 'm':
      moneyView(card, plant, cites, lang);
      break;
    case 'r':
      sourcesView(card, store, plant, lang);
      break;
  }
  card.buttons(viewButtons(plant, view, owner, lang));
  card.select(jumpSelect(store.plants, owner, plant.id, lang));
  return card;
}

// ---- built once per site, view and locale -------------------------------------------------------------

/** What is kept for one fact store and one set of translations (tests swap both), made on first use. */
function keptFor<T>(by: WeakMap<FactStore, WeakMap<FactTranslator, T>>, store: FactStore, make: () => T): T {
  const translator = factTranslator();
  let byTranslator = by.get(store);
  if (byTranslator === undefined) {
    byTranslator = new WeakMap();
    by.set(store, byTranslator);
  }
  let value = byTranslator.get(translator);
  if (value === undefined) {
    value = make();
    byTranslator.set(translator, value);
  }
  return value;
}

/** Kept cards, per fact store and translations, so a kept card is never from other data. */
const kept = new WeakMap<FactStore, WeakMap<FactTranslator, OwnerTemplates>>();

/**
 * A plant card as a reply (public or ephemeral) or as an update, for `owner`: built once per site, view, locale
 * and kind, then copied with the owner's id (src/present/owner-templates.ts). A card is a function of those alone.
 */
function plantCardFor(
  store: FactStore,
  plant: Plant,
  locale: string,
  view: PlantView,
  kind: 'reply' | 'ephemeral' | 'update',
  owner: string,
  /** A note under the card (what a typed name matched), with what it depends on beyond the site and locale. */
  note?: { key: string; text: string },
): HandlerReply {
  const templates = keptFor(kept, store, () => ownerTemplates());
  const key = `${plant.id}\u0000${locale}\u0000${view}\u0000${kind}${note ? `\u0000${note.key}` : ''}`;
  return templates.get(key, owner, (o) => {
    const card = plantCard(store, plant, locale, view, o);
    if (note) card.note(note.text);
    return kind === 'update' ? cardUpdate(card) : cardReply(card, kind === 'ephemeral');
  });
}

/** A click's answer: the owner's message changes in place; anyone else gets the view for themselves. */
function plantClick(ctx: HandlerContext, owner: string, plant: Plant, view: PlantView): HandlerReply {
  return mayChangeMessage(owner, ctx)
    ? plantCardFor(ctx.store, plant, ctx.locale, view, 'update', owner)
    : plantCardFor(ctx.store, plant, ctx.locale, view, 'ephemeral', ctx.invoker.userId);
}

const MATCHED_LABEL: Partial<Record<string, MessageKey>> = {
  typo: 'plant.matched.typo',
  prefix: 'plant.matched.prefix',
  word: 'plant.matched.word',
  region: 'plant.matched.region',
  country: 'plant.matched.country',
  subdivision: 'plant.matched.subdivision',
  city: 'plant.matched.city',
};

/** The map's zoom for a list of sites found by a region's name. */
function regionFilter(found: { by: string; label: string }): { region?: Region } {
  const region = REGIONS.find((r) => r === found.label);
  return found.by === 'region' && region !== undefined ? { region } : {};
}

export function plantCommand(options: AescOptions<'plant'>, ctx: HandlerContext): HandlerReply {
  const found = ctx.store.resolvePlant(options.name);
  const lang = langFor(ctx.locale);
  switch (found.kind) {
    case 'plant': {
      const how = MATCHED_LABEL[found.matched];
      if (how === undefined) return plantCardFor(ctx.store, found.plant, ctx.locale, 'o', 'reply', ctx.invoker.userId);
      // Say what matched when the name typed was not the site's own name or alias ("tenness", "douia").
      const params = { how: t(lang, how), input: quoteInput(options.name), matched: found.matchedText };
      return plantCardFor(ctx.store, found.plant, ctx.locale, 'o', 'reply', ctx.invoker.userId, {
        key: `${found.matched}\u0000${options.name}`,
        text: `-# ${t(lang, 'plant.showing', params)}`,
      });
    }
    case 'list':
      return cardReply(
        plantsCard(
          ctx,
          found.plants,
          t(lang, 'plant.listTitle', { label: regionWord(lang, found.label) }),
          ctx.invoker.userId,
          regionFilter(found),
        ),
      );
    case 'none': {
      const hint =
        found.suggestions.length > 0
          ? t(lang, 'plant.unknown.closest', {
              list: listOf(
                lang,
                found.suggestions.map((p) => `**${tr(lang, p.name)}**`),
              ),
            })
          : t(lang, 'plant.unknown.try');
      return notice(
        t(lang, 'plant.unknown.title'),
        t(lang, 'plant.unknown.body', { input: quoteInput(options.name), hint }),
      );
    }
  }
}

function stale(ctx: HandlerContext): HandlerReply {
  const lang = langFor(ctx.locale);
  return notice(
    t(lang, 'plant.stale.title'),
    t(lang, 'plant.stale.body', { command: commandRef(ctx.commandIds, 'plant') }),
  );
}

/** A click on a plant card's button: the owner's message changes; anyone else gets the view for themselves. */
export function plantButton(customId: string, ctx: HandlerContext): HandlerReply {
  const m = VIEW_ID.exec(customId);
  const plant = m ? ctx.store.plantWithId(m[2] as string) : undefined;
  if (m === null || plant === undefined) return stale(ctx);
  return plantClick(ctx, m[3] as string, plant, m[1] as PlantView);
}

/** A choice in the "jump to a site" select. */
export function plantSelect(customId: string, values: readonly string[], ctx: HandlerContext): HandlerReply {
  const m = JUMP_ID.exec(customId);
  const plant = m && values.length === 1 ? ctx.store.plantWithId(values[0] as string) : undefined;
  if (m === null || plant === undefined) return stale(ctx);
  return plantClick(ctx, m[1] as string, plant, 'o');
}

/** Autocomplete choice label: "Sunderland plant — Sunderland, England, United Kingdom" (the name in `lang`). */
export function plantChoiceName(plant: Plant, matched: string, lang: Lang = SOURCE_LANG): string {
  const name = tr(lang, plant.name);
  const via =
    matched !== '' && matched !== plant.name && matched !== name && matched !== plant.id ? ` (${matched})` : '';
  return truncateText(`${name}${via} — ${plantLocation(plant, lang)}`, CHOICE_NAME_MAX);
}

/** Typed values longer than this are searched each time rather than kept (nobody types them twice). */
const KEPT_VALUE_MAX = 40;
const KEPT_ANSWERS_MAX = 2_000;
/** The answers to what people typed, per fact store and translations: the same prefixes come back all day. */
const keptAnswers = new WeakMap<FactStore, WeakMap<FactTranslator, Map<string, AutocompleteChoice[]>>>();

function answersFor(store: FactStore): Map<string, AutocompleteChoice[]> {
  return keptFor(keptAnswers, store, () => new Map());
}

export function plantAutocomplete(value: string, ctx: HandlerContext): AutocompleteChoice[] {
  const lang = langFor(ctx.locale);
  const search = () =>
    ctx.store
      .searchPlants(value, 25)
      .map((m) => ({ name: plantChoiceName(m.plant, m.matched, lang), value: m.plant.id }));
  if (value.length > KEPT_VALUE_MAX) return search();
  const answers = answersFor(ctx.store);
  const key = `${lang}\u0000${value}`;
  let choices = answers.get(key);
  if (choices === undefined) {
    // Frozen: every later keystroke with this value gets these same objects.
    choices = Object.freeze(search().map((c) => Object.freeze(c))) as AutocompleteChoice[];
    if (answers.size >= KEPT_ANSWERS_MAX) answers.delete(answers.keys().next().value as string);
    answers.set(key, choices);
  }
  return choices;
}
