// /aesc company — the profile. The first screen: name, founding (both years, each with its sources), headquarters,
// owners and two key figures; buttons open the figures and claims, the products and people, and the sources.
// custom_id: `aesc:company:<view>:<owner>`.
import { ButtonStyle } from 'discord-api-types/v10';
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { formatFactDate } from '../../facts/dates.js';
import type { FactStore } from '../../facts/store.js';
import { type Lang, langFor, type MessageKey, t } from '../../i18n/catalogue.js';
import { formatDate } from '../../i18n/dates.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { listOf } from '../../i18n/words.js';
import { accordingTo } from '../../present/attribution.js';
import { Citations } from '../../present/citations.js';
import { addNavigation, Card, cardReply, clickAnswer } from '../../present/cv2.js';
import { commandRef, mayChangeMessage, navigation, ownerPart } from '../../present/nav.js';
import { notice } from '../../present/replies.js';
import { EMBED_COLOR } from '../../present/style.js';

export const COMPANY_VIEWS = ['o', 'f', 'c', 'p'] as const;
export type CompanyView = (typeof COMPANY_VIEWS)[number];
const VIEW_LABEL: Record<CompanyView, MessageKey> = {
  o: 'company.view.o',
  f: 'company.view.f',
  c: 'company.view.c',
  p: 'company.view.p',
};

const tr = (lang: Lang, text: string): string => factTranslator().text(lang, text);
const VIEW_ID = /^aesc:company:([ofcp]):(\d{1,20})$/;

export function companyCustomId(view: CompanyView, owner: string): string {
  return `aesc:company:${view}:${ownerPart(owner)}`;
}

function keyFigureLine(
  store: FactStore,
  k: FactStore['company']['keyFigures'][number],
  cites: Citations,
  lang: Lang,
): string {
  const who = accordingTo(store, k.attributedTo ? { person: k.attributedTo } : undefined, k.sources, lang);
  const en = k.date.precision === 'undated' ? '' : formatFactDate(k.date);
  const date = k.date.precision === 'undated' ? '' : formatDate(lang, k.date);
  const when = date === '' || k.label.includes(en) ? '' : ` (${date})`;
  const params = { label: tr(lang, k.label), value: tr(lang, k.value), when, who: who ? `, ${who}` : '' };
  return `${t(lang, 'company.figure', params)}${cites.cite(k.sources)}`;
}

function overview(card: Card, store: FactStore, cites: Citations, lang: Lang): void {
  const c = store.company;
  const years = [...new Set(c.founding.map((f) => formatFactDate(f.date)))];
  const founded = years.map((y) => {
    const backing = c.founding.filter((f) => formatFactDate(f.date) === y);
    const shown = backing[0] ? formatDate(lang, backing[0].date) : y;
    return `**${shown}**${cites.cite(backing.flatMap((f) => f.sources))}`;
  });
  const differ = years.length > 1 ? t(lang, 'company.differ') : '';
  const owners = store
    .currentOwners()
    .map((o) => `${tr(lang, o.organisation.name)}${o.stake ? ` (${o.stake})` : ''}${cites.cite(o.sources)}`);
  const short = c.names.find((n) => n.kind === 'short')?.name ?? 'AESC';
  const place = `${c.headquarters.city}, ${c.headquarters.country}${cites.cite(c.headquarters.sources)}`;
  card.text(
    [
      `## ${tr(lang, c.name)} (${short})`,
      `${tr(lang, c.summary.text)}${cites.cite(c.summary.sources)}`,
      t(lang, 'company.founded', { years: founded.join(t(lang, 'company.or')), differ }),
      t(lang, 'company.headquarters', { place }),
      t(lang, 'company.owners', { list: listOf(lang, owners) }),
      ...c.keyFigures.slice(0, 2).map((k) => keyFigureLine(store, k, cites, lang)),
    ].join('\n'),
  );
  const others = c.names.filter((n) => n.name !== c.name && n.name !== short);
  if (others.length > 0) {
    const list = listOf(
      lang,
      others.map((n) => `${tr(lang, n.name)}${cites.cite(n.sources)}`),
    );
    card.text(`-# ${t(lang, 'company.aka', { list })}`);
  }
}

function figures(card: Card, store: FactStore, cites: Citations, lang: Lang): void {
  const c = store.company;
  const capital = t(lang, 'company.capital', {
    amount: c.capital.amount,
    date: formatDate(lang, c.capital.date),
    mark: cites.cite(c.capital.sources),
  });
  card.text(
    [
      `### ${t(lang, 'company.figures.title')}`,
      ...c.keyFigures.map((k) => `• ${keyFigureLine(store, k, cites, lang)}`),
      `• ${capital}`,
    ].join('\n'),
  );
}

function claims(card: Card, store: FactStore, cites: Citations, lang: Lang): void {
  const c = store.company;
  const own = c.claims.map((k) => {
    const name = store.person(k.attributedTo)?.name;
    const who =
      name !== undefined && k.text.includes(name)
        ? null
        : accordingTo(store, { person: k.attributedTo }, k.sources, lang);
    return `• ${tr(lang, k.text)}${who ? ` (${who})` : ''}${cites.cite(k.sources)}`;
  });
  const reported = c.attributed.map((a) => `• ${tr(lang, a.text)}${cites.cite(a.sources)}`);
  card.text([`### ${t(lang, 'company.claims.title')}`, ...own, ...reported].join('\n'));
  card.text(`-# ${t(lang, 'company.claims.note')}`);
}

function productsAndPeople(card: Card, store: FactStore, cites: Citations, lang: Lang): void {
  const c = store.company;
  const people = store.people
    .filter((p) => p.organisation === 'aesc')
    .map((p) => `• ${p.name}, ${tr(lang, p.role)}${cites.cite(p.sources)}`);
  card.text(
    [
      `### ${t(lang, 'company.products.title')}`,
      ...c.products.map((p) => `• ${tr(lang, p.text)}${cites.cite(p.sources)}`),
      t(lang, 'company.industry', { text: `${tr(lang, c.industry.text)}${cites.cite(c.industry.sources)}` }),
      t(lang, 'company.footprint', { text: `${tr(lang, c.footprint.text)}${cites.cite(c.footprint.sources)}` }),
      ...(people.length > 0 ? [`### ${t(lang, 'company.people.title')}`, ...people] : []),
    ].join('\n'),
  );
}

export function companyCard(ctx: HandlerContext, view: CompanyView, owner: string): Card {
  const lang = langFor(ctx.locale);
  const cites = new Citations(ctx.store, lang);
  const card = new Card(EMBED_COLOR, cites);
  if (view === 'o') overview(card, ctx.store, cites, lang);
  else if (view === 'f') figures(card, ctx.store, cites, lang);
  else if (view === 'c') claims(card, ctx.store, cites, lang);
  else productsAndPeople(card, ctx.store, cites, lang);
  card.buttons(
    COMPANY_VIEWS.map((v) => ({
      label: t(lang, VIEW_LABEL[v]),
      customId: companyCustomId(v, owner),
      style: v === view ? ButtonStyle.Primary : ButtonStyle.Secondary,
      disabled: v === view,
    })),
  );
  return addNavigation(card, navigation(ctx.commandIds, ['owner', 'customers', 'history', 'sources'], owner, lang));
}

export function companyCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(companyCard(ctx, 'o', ctx.invoker.userId));
}

export function companyButton(customId: string, ctx: HandlerContext): HandlerReply {
  const m = VIEW_ID.exec(customId);
  if (m === null) {
    const lang = langFor(ctx.locale);
    return notice(
      t(lang, 'plant.stale.title'),
      t(lang, 'company.stale.body', { command: commandRef(ctx.commandIds, 'company') }),
    );
  }
  const view = m[1] as CompanyView;
  const owner = m[2] as string;
  return clickAnswer(mayChangeMessage(owner, ctx), owner, ctx.invoker.userId, (o) => companyCard(ctx, view, o));
}
