// /aesc fact — one random fact with its source, and an "Another fact" button. "Random" is a hash of the
// interaction id: a fresh fact for every use, reproducible for a given interaction (tests, logs). The button's
// custom_id carries the fact shown (`aesc:fact:<index>:<owner>`), so the next one is never the same.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import type { Citation } from '../../facts/schema.js';
import type { FactStore } from '../../facts/store.js';
import { type Lang, langFor, SOURCE_LANG, t } from '../../i18n/catalogue.js';
import { formatDate } from '../../i18n/dates.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { accordingTo } from '../../present/attribution.js';
import { Citations } from '../../present/citations.js';
import { Card, cardReply, clickAnswer } from '../../present/cv2.js';
import { commandRef, mayChangeMessage, ownerPart } from '../../present/nav.js';
import { notice } from '../../present/replies.js';
import { EMBED_COLOR, hash32 } from '../../present/style.js';

export interface FactCard {
  title: string;
  text: string;
  sources: readonly Citation[];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Every self-contained fact the bot can tell on its own: events, figures, claims, plant notes, trivia. */
export function factPool(store: FactStore, lang: Lang = SOURCE_LANG): FactCard[] {
  const c = store.company;
  const tr = (text: string) => factTranslator().text(lang, text);
  const en = lang === SOURCE_LANG;
  return [
    ...store.events.map((e) => ({
      title:
        e.date.precision === 'undated'
          ? tr(e.title)
          : t(lang, 'fact.dated', { date: formatDate(lang, e.date), title: tr(e.title) }),
      text: tr(e.text),
      sources: e.sources,
    })),
    ...c.keyFigures.map((k) => {
      // A company's own figure is told as its words: "According to Knudt Flor (…), over one million."
      const who = accordingTo(store, k.attributedTo ? { person: k.attributedTo } : undefined, k.sources, lang);
      if (en) {
        return {
          title: k.label,
          text: `${who ? `${capitalise(who)}, ` : ''}${who ? k.label.toLowerCase() : k.label}: ${k.value}.`,
          sources: k.sources,
        };
      }
      const params = { who: who ?? '', label: tr(k.label), value: tr(k.value) };
      return {
        title: tr(k.label),
        text: who ? t(lang, 'fact.figure', params) : t(lang, 'fact.figurePlain', params),
        sources: k.sources,
      };
    }),
    ...c.claims.map((k) => ({ title: t(lang, 'fact.claim'), text: tr(k.text), sources: k.sources })),
    ...c.attributed.map((a) => ({ title: t(lang, 'fact.reported'), text: tr(a.text), sources: a.sources })),
    ...c.trivia.map((x) => ({ title: t(lang, 'fact.didYouKnow'), text: tr(x.text), sources: x.sources })),
    ...store.projects.map((p) => ({
      title: tr(p.name),
      text: [p.description.text, ...p.milestones.map((m) => m.text), ...p.goals.map((g) => g.text)]
        .map(tr)
        .join(en ? ' ' : ''),
      sources: [
        ...p.description.sources,
        ...p.milestones.flatMap((m) => m.sources),
        ...p.goals.flatMap((g) => g.sources),
      ],
    })),
    ...store.plants.flatMap((p) => p.notes.map((n) => ({ title: tr(p.name), text: tr(n.text), sources: n.sources }))),
    ...store.products.flatMap((p) =>
      p.specifications.map((s) => ({
        title: `${tr(p.name)}: ${tr(s.label)}`,
        text: `${tr(s.value)}${en ? '.' : '。'}`,
        sources: s.sources,
      })),
    ),
  ];
}

/** The fact after `index` for "Another fact": a hash-spread step, never the same fact again. */
export function nextFactIndex(index: number, size: number): number {
  if (size <= 1) return 0;
  return (index + 1 + (hash32(`next:${index}`) % (size - 1))) % size;
}

export function factCard(store: FactStore, index: number, owner: string, lang: Lang = SOURCE_LANG): Card {
  const pool = factPool(store, lang);
  const fact = pool[index % pool.length];
  if (fact === undefined) throw new Error('the fact pool is empty');
  const cites = new Citations(store, lang);
  const card = new Card(EMBED_COLOR, cites);
  const oneOf = `-# ${t(lang, 'fact.oneOf', { count: pool.length })}`;
  card.section([`## ${fact.title}\n${fact.text}${cites.cite(fact.sources)}`, oneOf], {
    label: t(lang, 'fact.another'),
    customId: `aesc:fact:${index % pool.length}:${ownerPart(owner)}`,
    emoji: '🎲',
  });
  return card;
}

export function factCommand(ctx: HandlerContext): HandlerReply {
  const size = factPool(ctx.store).length;
  const lang = langFor(ctx.locale);
  return cardReply(factCard(ctx.store, hash32(ctx.invoker.interactionId) % size, ctx.invoker.userId, lang));
}

const FACT_ID = /^aesc:fact:(\d{1,4}):(\d{1,20})$/;

export function factButton(customId: string, ctx: HandlerContext): HandlerReply {
  const m = FACT_ID.exec(customId);
  const size = factPool(ctx.store).length;
  const lang = langFor(ctx.locale);
  if (m === null || Number(m[1]) >= size)
    return notice(
      t(lang, 'plant.stale.title'),
      t(lang, 'fact.stale.body', { command: commandRef(ctx.commandIds, 'fact') }),
    );
  const next = nextFactIndex(Number(m[1]), size);
  const owner = m[2] as string;
  return clickAnswer(mayChangeMessage(owner, ctx), owner, ctx.invoker.userId, (o) =>
    factCard(ctx.store, next, o, lang),
  );
}
