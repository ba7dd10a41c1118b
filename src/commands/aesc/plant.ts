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
import { Citations, sourceTitle } from '../../present/citations.js';
import { type ButtonSpec, Card, cardReply, clickAnswer } from '../../present/cv2.js';
import { commandRef, goCustomId, mayChangeMessage, ownerPart } from '../../present/nav.js';
import { notice, quoteInput } from '../../present/replies.js';
import {
  dateLabel,
  formatCapacity,
  STATUS_COLOR,
  STATUS_EMOJI,
  STATUS_LABEL,
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

const VIEW_LABEL: Record<PlantView, string> = {
  o: 'Overview',
  s: 'Status history',
  c: 'Capacity',
  m: 'Investment & jobs',
  r: 'Sources',
};

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
export function statusLine(store: FactStore, plant: Plant, cites: Citations): string {
  const s = latestStatus(plant);
  if (s === undefined) {
    const listed = plant.statuses[0];
    const mark = listed ? cites.cite(listed.sources) : '';
    return `**Status:** ${STATUS_EMOJI.listed} not stated — the sources only name it as a production site${mark}.`;
  }
  const asOf = s.date.precision === 'undated' ? s.date.asOf : undefined;
  const dating = asOf === undefined ? undefined : store.source(asOf).editorsDating;
  if (asOf !== undefined && dating !== undefined) {
    return `**Status now:** ${statusBadge(s.status)}${cites.cite(s.sources)} — as the ${sourceShort(asOf)} tells it: undated, it speaks from about ${dating.about} by its own words (editors' reading; see Status history).`;
  }
  // The statement itself when it is short ("Start of production planned for 2024."), else the status and its date.
  if (s.text.length <= SHORT_STATUS) {
    return `**Latest status in the sources:** ${statusBadge(s.status)} — ${s.text}${cites.cite(s.sources)}`;
  }
  const when = s.date.precision === 'undated' ? 'undated' : formatFactDate(s.date);
  return `**Latest status in the sources:** ${statusBadge(s.status)}, ${when}${cites.cite(s.sources)}`;
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
  const parts = shown.map((c) => `${formatCapacity(c, locale)}${cites.cite(c.sources)}`);
  const more = plant.capacity.length > shown.length ? ` · ${plant.capacity.length} figures in all` : '';
  return `**Capacity:** ${parts.join(' · ')}${more}`;
}

function overview(card: Card, store: FactStore, plant: Plant, cites: Citations, locale: string, owner: string): void {
  const lines = [
    `## ${STATUS_EMOJI[currentStatus(plant)]} ${plant.name}`,
    `📍 ${plant.location.text}${cites.cite(plant.location.sources)} · ${plant.region}`,
    statusLine(store, plant, cites),
  ];
  const capacity = capacityLine(plant, cites, locale);
  if (capacity) lines.push(capacity);
  if (plant.makes.length > 0) {
    lines.push(`**Makes:** ${plant.makes.map((m) => `${m.text}${cites.cite(m.sources)}`).join(' ')}`);
  }
  if (plant.customers.length > 0) {
    const names = plant.customers.map((c) => `${store.organisation(c.customer).name}${cites.cite(c.sources)}`);
    lines.push(`**Serves:** ${names.join(', ')}`);
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
    const label = start.kind === 'trial' ? 'Trial production' : start.kind === 'start' ? 'Production' : 'Planned start';
    lines.push(`**${label}:** ${formatFactDate(start.date)}${cites.cite(start.sources)}`);
  }
  // The heading with a way to every site beside it; the summary below.
  card.section(lines.slice(0, 2).join('\n'), { label: 'All sites', customId: goCustomId('plants', owner), emoji: '🗺️' });
  card.text(lines.slice(2).join('\n'));
  const missing = [
    plant.capacity.length === 0 ? 'capacity' : '',
    plant.makes.length === 0 ? 'what it makes' : '',
    plant.customers.length === 0 ? 'customers' : '',
    plant.investment.length === 0 ? 'investment' : '',
    plant.jobs.length === 0 ? 'jobs' : '',
  ].filter(Boolean);
  // Aliases that only repeat the place (a state, a country) say nothing a reader needs.
  const place = new Set([plant.city, plant.subdivision, plant.country, plant.region].map((x) => x?.toLowerCase()));
  const aliases = plant.aliases.filter((a) => !place.has(a.toLowerCase()) && !a.includes(','));
  const related = plant.related.map((id) => store.plantWithId(id)?.name).filter((n): n is string => n !== undefined);
  const small = [
    aliases.length > 0 ? `Also known as ${aliases.join(', ')}.` : '',
    related.length > 0 ? `At the same place: ${related.join(', ')} (editors' cross-reference).` : '',
    plant.disambiguation ? editorsNote(plant.disambiguation.note) : '',
    missing.length > 0 ? `Not in the sources: ${missing.join(', ')}.` : '',
  ].filter(Boolean);
  if (small.length > 0) card.text(`-# ${small.join(' ')}`);
}

/** An editors' note, marked as not from the sources (once, even when the note says so itself). */
function editorsNote(note: string): string {
  return /not from the sources/i.test(note) ? note : `Editors' note, not from the sources: ${note}`;
}

function statusHistory(card: Card, store: FactStore, plant: Plant, cites: Citations): void {
  const lines = plant.statuses.map(
    (s) =>
      `${STATUS_EMOJI[s.status]} **${dateLabel(s.date)}** · ${STATUS_LABEL[s.status]} — ${s.text}${cites.cite(s.sources)}`,
  );
  const production = plant.production.map((p) => {
    const label =
      p.kind === 'trial' ? 'Trial production' : p.kind === 'start' ? 'Start of production' : 'Planned start';
    return `**${label}:** ${formatFactDate(p.date)}${cites.cite(p.sources)}`;
  });
  card.text(`### ${plant.name}: status, as each source states it\n${lines.join('\n')}`);
  if (production.length > 0) card.text(production.join('\n'));
  const dated = new Set(
    plant.statuses.flatMap((s) => (s.date.precision === 'undated' && s.date.asOf ? [s.date.asOf] : [])),
  );
  for (const id of dated) {
    const dating = store.source(id).editorsDating;
    if (dating === undefined) continue;
    const words = dating.sources.map((q) => `"${q.quote}"`).join(' … ');
    card.text(
      `-# When the ${sourceShort(id)} speaks from: ${dating.reasoning} Its words: ${words}${cites.cite(dating.sources)}`,
    );
  }
  card.text('-# Oldest first as far as the sources tell; undated statements last.');
}

function capacityView(card: Card, plant: Plant, cites: Citations, locale: string): void {
  const lines = plant.capacity.map((c) => `• ${formatCapacity(c, locale)}${cites.cite(c.sources)} — ${c.text}`);
  card.text(`### ${plant.name}: every capacity figure\n${lines.join('\n')}`);
  card.text('-# Each figure as its source gives it; where sources differ, both are shown. Totals are never computed.');
}

function moneyView(card: Card, plant: Plant, cites: Citations): void {
  const lines = [
    ...plant.investment.map((i) => `💶 **Investment:** ${i.text}${cites.cite(i.sources)}`),
    ...plant.jobs.map((j) => `👷 **Jobs:** ${j.text}${cites.cite(j.sources)}`),
    ...plant.notes.map((n) => `📝 ${n.text}${cites.cite(n.sources)}`),
  ];
  card.text(
    `### ${plant.name}: investment, jobs and notes\n${lines.length > 0 ? lines.join('\n') : 'The sources give no investment or jobs figures for this site.'}`,
  );
  if (plant.geography) card.text(`-# ${editorsNote(plant.geography.note)}`);
}

function sourcesView(card: Card, store: FactStore, plant: Plant): void {
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
    const more =
      distinct.length > 3 ? `\n-# and ${distinct.length - 3} more quote${distinct.length - 3 === 1 ? '' : 's'}` : '';
    return `**${sourceTitle(store.source(id))}** — backs ${countOf(statements, id)} of this card's statements:\n${shown.join('\n')}${more}`;
  });
  card.text(`### ${plant.name}: sources\n${blocks.join('\n')}`);
}

function countOf(statements: readonly { sources: readonly { source: string }[] }[], id: string): number {
  return statements.filter((s) => s.sources.some((c) => c.source === id)).length;
}

function viewButtons(plant: Plant, view: PlantView, owner: string): ButtonSpec[] {
  const has: Record<PlantView, boolean> = {
    o: true,
    s: true,
    c: plant.capacity.length > 0,
    m: plant.investment.length + plant.jobs.length + plant.notes.length > 0 || plant.geography !== undefined,
    r: true,
  };
  return PLANT_VIEWS.filter((v) => has[v]).map((v) => ({
    label: v === 'c' ? `${VIEW_LABEL[v]} (${plant.capacity.length})` : VIEW_LABEL[v],
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
  const cites = new Citations(store);
  const card = new Card(STATUS_COLOR[currentStatus(plant)], cites);
  switch (view) {
    case 'o':
      overview(card, store, plant, cites, locale, owner);
      addChart(card, plant, locale);
      break;
    case 's':
      statusHistory(card, store, plant, cites);
      break;
    case 'c':
      capacityView(card, plant, cites, locale);
      addChart(card, plant, locale);
      break;
    case 'm':
      moneyView(card, plant, cites);
      break;
    case 'r':
      sourcesView(card, store, plant);
      break;
  }
  card.buttons(viewButtons(plant, view, owner));
  card.select(jumpSelect(store.plants, owner, plant.id));
  return card;
}

const MATCHED_LABEL: Partial<Record<string, string>> = {
  typo: 'the one close match',
  prefix: 'the one site starting so',
  word: 'the one site with that word',
  region: 'the one site in that region',
  country: 'the one site in that country',
  subdivision: 'the one site in that state or province',
  city: 'the one site in that city',
};

/** The map's zoom for a list of sites found by a region's name. */
function regionFilter(found: { by: string; label: string }): { region?: Region } {
  const region = REGIONS.find((r) => r === found.label);
  return found.by === 'region' && region !== undefined ? { region } : {};
}

export function plantCommand(options: AescOptions<'plant'>, ctx: HandlerContext): HandlerReply {
  const found = ctx.store.resolvePlant(options.name);
  switch (found.kind) {
    case 'plant': {
      const card = plantCard(ctx.store, found.plant, ctx.locale, 'o', ctx.invoker.userId);
      const how = MATCHED_LABEL[found.matched];
      // Say what matched when the name typed was not the site's own name or alias.
      if (how !== undefined) card.note(`-# Showing ${how} for ${quoteInput(options.name)}: ${found.matchedText}.`);
      return cardReply(card);
    }
    case 'list':
      return cardReply(
        plantsCard(ctx, found.plants, `AESC sites in ${found.label}`, ctx.invoker.userId, regionFilter(found)),
      );
    case 'none': {
      const hint =
        found.suggestions.length > 0
          ? `Closest matches: ${found.suggestions.map((p) => `**${p.name}**`).join(', ')}.`
          : 'Try a city, state or country, e.g. Sunderland, Tennessee or Wuxi, or pick one from the suggestions as you type.';
      return notice('Unknown site', `No site matches ${quoteInput(options.name)}. ${hint}`);
    }
  }
}

function stale(ctx: HandlerContext): HandlerReply {
  return notice(
    'This button is out of date',
    `It no longer matches a site. Run ${commandRef(ctx.commandIds, 'plant')} again.`,
  );
}

/** A click on a plant card's button: the owner's message changes; anyone else gets the view for themselves. */
export function plantButton(customId: string, ctx: HandlerContext): HandlerReply {
  const m = VIEW_ID.exec(customId);
  const plant = m ? ctx.store.plantWithId(m[2] as string) : undefined;
  if (m === null || plant === undefined) return stale(ctx);
  const view = m[1] as PlantView;
  const owner = m[3] as string;
  return clickAnswer(mayChangeMessage(owner, ctx), owner, ctx.invoker.userId, (o) =>
    plantCard(ctx.store, plant, ctx.locale, view, o),
  );
}

/** A choice in the "jump to a site" select. */
export function plantSelect(customId: string, values: readonly string[], ctx: HandlerContext): HandlerReply {
  const m = JUMP_ID.exec(customId);
  const plant = m && values.length === 1 ? ctx.store.plantWithId(values[0] as string) : undefined;
  if (m === null || plant === undefined) return stale(ctx);
  const owner = m[1] as string;
  return clickAnswer(mayChangeMessage(owner, ctx), owner, ctx.invoker.userId, (o) =>
    plantCard(ctx.store, plant, ctx.locale, 'o', o),
  );
}

/** Autocomplete choice label: "Sunderland plant — Sunderland, England, United Kingdom". */
export function plantChoiceName(plant: Plant, matched: string): string {
  const via = matched !== '' && matched !== plant.name && matched !== plant.id ? ` (${matched})` : '';
  return truncateText(`${plant.name}${via} — ${plantLocation(plant)}`, CHOICE_NAME_MAX);
}

export function plantAutocomplete(value: string, ctx: HandlerContext): AutocompleteChoice[] {
  return ctx.store
    .searchPlants(value, 25)
    .map((m) => ({ name: plantChoiceName(m.plant, m.matched), value: m.plant.id }));
}
