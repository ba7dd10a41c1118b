// /aesc sources — the four documents, and for each what it contributes to the answers: which sites it speaks
// of, which years, and how often the data quotes it. Computed from the data, never written by hand.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import type { Citation, FactDate, SourceId } from '../../facts/schema.js';
import { type FactStore, plantStatements } from '../../facts/store.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { listOf } from '../../i18n/words.js';
import { sourceTitle } from '../../present/citations.js';
import { addNavigation, Card, cardReply } from '../../present/cv2.js';
import { navigation } from '../../present/nav.js';
import { EMBED_COLOR } from '../../present/style.js';

export interface SourceContribution {
  id: SourceId;
  /** Names of the sites the document backs a statement about, in display order. */
  sites: string[];
  /** Years of the dated statements it backs, ascending. */
  years: number[];
  quotes: number;
}

const cites = (sources: readonly Citation[], id: SourceId) => sources.some((c) => c.source === id);

/** What each document contributes: sites and years of the statements that cite it. */
export function sourceContributions(store: FactStore): SourceContribution[] {
  return store.sources.map(({ id }) => {
    const sites = store.plants.filter((p) => plantStatements(p).some((s) => cites(s.sources, id))).map((p) => p.name);
    const dated: { date: FactDate; sources: readonly Citation[] }[] = [
      ...store.events,
      ...store.plants.flatMap((p) => [...p.statuses, ...p.production, ...p.capacity, ...p.investment, ...p.jobs]),
      ...store.company.founding,
      ...store.company.keyFigures,
      store.company.capital,
      ...store.projects.flatMap((p) => p.milestones),
    ];
    const years = new Set<number>();
    for (const d of dated) if (d.date.precision !== 'undated' && cites(d.sources, id)) years.add(d.date.year);
    return { id, sites, years: [...years].sort((a, b) => a - b), quotes: store.citationCount(id) };
  });
}

/** 2007, 2008, 2009, 2014 -> "2007–2009, 2014". */
export function yearRanges(years: readonly number[]): string {
  const out: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const y of [...years, Number.NaN]) {
    if (prev !== undefined && y === prev + 1) {
      prev = y;
      continue;
    }
    if (start !== undefined && prev !== undefined) out.push(start === prev ? String(start) : `${start}–${prev}`);
    start = y;
    prev = y;
  }
  return out.join(', ');
}

export function sourcesCard(ctx: HandlerContext, owner: string): Card {
  const { store } = ctx;
  const lang = langFor(ctx.locale);
  const tr = (text: string) => factTranslator().text(lang, text);
  const card = new Card(EMBED_COLOR);
  card.text(`## ${t(lang, 'sources.title')}\n${t(lang, 'sources.intro')}`);
  for (const c of sourceContributions(store)) {
    const doc = store.source(c.id);
    const by = doc.author ? t(lang, 'sources.by', { author: doc.author }) : '';
    const sites =
      c.sites.length > 0
        ? t(lang, 'sources.sites', { list: listOf(lang, c.sites.map(tr)) })
        : t(lang, 'sources.sitesNone');
    const years =
      c.years.length > 0 ? t(lang, 'sources.years', { list: yearRanges(c.years) }) : t(lang, 'sources.yearsNone');
    const quoted = t(lang, 'sources.quoted', { count: c.quotes });
    card.text(`**${sourceTitle(doc, lang)}**${by}\n-# ${tr(doc.dated)}\n${sites}\n${years} · ${quoted}`);
  }
  return addNavigation(card, navigation(ctx.commandIds, ['company', 'plants', 'history'], owner, lang));
}

export function sourcesCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(sourcesCard(ctx, ctx.invoker.userId));
}
