// /aesc company — the profile. The first screen: name, founding (both years, each with its sources), headquarters,
// owners and two key figures; buttons open the figures and claims, the products and people, and the sources.
// custom_id: `aesc:company:<view>:<owner>`.
import { ButtonStyle } from 'discord-api-types/v10';
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { formatFactDate } from '../../facts/dates.js';
import type { FactStore } from '../../facts/store.js';
import { accordingTo } from '../../present/attribution.js';
import { Citations } from '../../present/citations.js';
import { addNavigation, Card, cardReply, clickAnswer } from '../../present/cv2.js';
import { commandRef, mayChangeMessage, navigation, ownerPart } from '../../present/nav.js';
import { notice } from '../../present/replies.js';
import { EMBED_COLOR } from '../../present/style.js';

export const COMPANY_VIEWS = ['o', 'f', 'c', 'p'] as const;
export type CompanyView = (typeof COMPANY_VIEWS)[number];
const VIEW_LABEL: Record<CompanyView, string> = {
  o: 'Overview',
  f: 'Key figures',
  c: 'Claims & reports',
  p: 'Products & people',
};
const VIEW_ID = /^aesc:company:([ofcp]):(\d{1,20})$/;

export function companyCustomId(view: CompanyView, owner: string): string {
  return `aesc:company:${view}:${ownerPart(owner)}`;
}

function keyFigureLine(store: FactStore, k: FactStore['company']['keyFigures'][number], cites: Citations): string {
  const who = accordingTo(store, k.attributedTo ? { person: k.attributedTo } : undefined, k.sources);
  const date = k.date.precision === 'undated' ? '' : formatFactDate(k.date);
  const when = date === '' || k.label.includes(date) ? '' : ` (${date})`;
  return `**${k.label}:** ${k.value}${when}${who ? `, ${who}` : ''}${cites.cite(k.sources)}`;
}

function overview(card: Card, store: FactStore, cites: Citations): void {
  const c = store.company;
  const years = [...new Set(c.founding.map((f) => formatFactDate(f.date)))];
  const founded = years.map((y) => {
    const backing = c.founding.filter((f) => formatFactDate(f.date) === y);
    return `**${y}**${cites.cite(backing.flatMap((f) => f.sources))}`;
  });
  const differ = years.length > 1 ? ' — the sources differ, so both are shown' : '';
  const owners = store
    .currentOwners()
    .map((o) => `${o.organisation.name}${o.stake ? ` (${o.stake})` : ''}${cites.cite(o.sources)}`);
  const short = c.names.find((n) => n.kind === 'short')?.name ?? 'AESC';
  card.text(
    [
      `## ${c.name} (${short})`,
      `${c.summary.text}${cites.cite(c.summary.sources)}`,
      `**Founded:** ${founded.join(' or ')}${differ}`,
      `**Headquarters:** ${c.headquarters.city}, ${c.headquarters.country}${cites.cite(c.headquarters.sources)}`,
      `**Owners:** ${owners.join(', ')}`,
      ...c.keyFigures.slice(0, 2).map((k) => keyFigureLine(store, k, cites)),
    ].join('\n'),
  );
  const others = c.names.filter((n) => n.name !== c.name && n.name !== short);
  if (others.length > 0) {
    card.text(`-# Also known as ${others.map((n) => `${n.name}${cites.cite(n.sources)}`).join(', ')}.`);
  }
}

function figures(card: Card, store: FactStore, cites: Citations): void {
  const c = store.company;
  card.text(
    [
      '### Key figures',
      ...c.keyFigures.map((k) => `• ${keyFigureLine(store, k, cites)}`),
      `• **Capital at founding:** ${c.capital.amount}, ${formatFactDate(c.capital.date)}${cites.cite(c.capital.sources)}`,
    ].join('\n'),
  );
}

function claims(card: Card, store: FactStore, cites: Citations): void {
  const c = store.company;
  const own = c.claims.map((k) => {
    const name = store.person(k.attributedTo)?.name;
    const who =
      name !== undefined && k.text.includes(name) ? null : accordingTo(store, { person: k.attributedTo }, k.sources);
    return `• ${k.text}${who ? ` (${who})` : ''}${cites.cite(k.sources)}`;
  });
  const reported = c.attributed.map((a) => `• ${a.text}${cites.cite(a.sources)}`);
  card.text(['### Claims and what the sources report', ...own, ...reported].join('\n'));
  card.text('-# Claims are told as the words of whoever made them, not as facts the bot vouches for.');
}

function productsAndPeople(card: Card, store: FactStore, cites: Citations): void {
  const c = store.company;
  const people = store.people
    .filter((p) => p.organisation === 'aesc')
    .map((p) => `• ${p.name}, ${p.role}${cites.cite(p.sources)}`);
  card.text(
    [
      '### Products',
      ...c.products.map((p) => `• ${p.text}${cites.cite(p.sources)}`),
      `**Industry:** ${c.industry.text}${cites.cite(c.industry.sources)}`,
      `**Where it builds:** ${c.footprint.text}${cites.cite(c.footprint.sources)}`,
      ...(people.length > 0 ? ['### People', ...people] : []),
    ].join('\n'),
  );
}

export function companyCard(ctx: HandlerContext, view: CompanyView, owner: string): Card {
  const cites = new Citations(ctx.store);
  const card = new Card(EMBED_COLOR, cites);
  if (view === 'o') overview(card, ctx.store, cites);
  else if (view === 'f') figures(card, ctx.store, cites);
  else if (view === 'c') claims(card, ctx.store, cites);
  else productsAndPeople(card, ctx.store, cites);
  card.buttons(
    COMPANY_VIEWS.map((v) => ({
      label: VIEW_LABEL[v],
      customId: companyCustomId(v, owner),
      style: v === view ? ButtonStyle.Primary : ButtonStyle.Secondary,
      disabled: v === view,
    })),
  );
  return addNavigation(card, navigation(ctx.commandIds, ['owner', 'customers', 'history', 'sources'], owner));
}

export function companyCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(companyCard(ctx, 'o', ctx.invoker.userId));
}

export function companyButton(customId: string, ctx: HandlerContext): HandlerReply {
  const m = VIEW_ID.exec(customId);
  if (m === null) return notice('This button is out of date', `Run ${commandRef(ctx.commandIds, 'company')} again.`);
  const view = m[1] as CompanyView;
  const owner = m[2] as string;
  return clickAnswer(mayChangeMessage(owner, ctx), owner, ctx.invoker.userId, (o) => companyCard(ctx, view, o));
}
