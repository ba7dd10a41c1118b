// /aesc fact — one random fact with its source, and an "Another fact" button. "Random" is a hash of the
// interaction id: a fresh fact for every use, reproducible for a given interaction (tests, logs). The button's
// custom_id carries the fact shown (`aesc:fact:<index>:<owner>`), so the next one is never the same.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { formatFactDate } from '../../facts/dates.js';
import type { Citation } from '../../facts/schema.js';
import type { FactStore } from '../../facts/store.js';
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
export function factPool(store: FactStore): FactCard[] {
  const c = store.company;
  return [
    ...store.events.map((e) => ({
      title: e.date.precision === 'undated' ? e.title : `${formatFactDate(e.date)}: ${e.title}`,
      text: e.text,
      sources: e.sources,
    })),
    ...c.keyFigures.map((k) => {
      // A company's own figure is told as its words: "According to Knudt Flor (…), over one million."
      const who = accordingTo(store, k.attributedTo ? { person: k.attributedTo } : undefined, k.sources);
      return {
        title: k.label,
        text: `${who ? `${capitalise(who)}, ` : ''}${who ? k.label.toLowerCase() : k.label}: ${k.value}.`,
        sources: k.sources,
      };
    }),
    ...c.claims.map((k) => ({ title: "The company's claim", text: k.text, sources: k.sources })),
    ...c.attributed.map((a) => ({ title: 'What the sources report', text: a.text, sources: a.sources })),
    ...c.trivia.map((t) => ({ title: 'Did you know?', text: t.text, sources: t.sources })),
    ...store.projects.map((p) => ({
      title: p.name,
      text: [p.description.text, ...p.milestones.map((m) => m.text), ...p.goals.map((g) => g.text)].join(' '),
      sources: [
        ...p.description.sources,
        ...p.milestones.flatMap((m) => m.sources),
        ...p.goals.flatMap((g) => g.sources),
      ],
    })),
    ...store.plants.flatMap((p) => p.notes.map((n) => ({ title: p.name, text: n.text, sources: n.sources }))),
    ...store.products.flatMap((p) =>
      p.specifications.map((s) => ({ title: `${p.name}: ${s.label}`, text: `${s.value}.`, sources: s.sources })),
    ),
  ];
}

/** The fact after `index` for "Another fact": a hash-spread step, never the same fact again. */
export function nextFactIndex(index: number, size: number): number {
  if (size <= 1) return 0;
  return (index + 1 + (hash32(`next:${index}`) % (size - 1))) % size;
}

export function factCard(store: FactStore, index: number, owner: string): Card {
  const pool = factPool(store);
  const fact = pool[index % pool.length];
  if (fact === undefined) throw new Error('the fact pool is empty');
  const cites = new Citations(store);
  const card = new Card(EMBED_COLOR, cites);
  card.section([`## ${fact.title}\n${fact.text}${cites.cite(fact.sources)}`, `-# One of ${pool.length} facts.`], {
    label: 'Another fact',
    customId: `aesc:fact:${index % pool.length}:${ownerPart(owner)}`,
    emoji: '🎲',
  });
  return card;
}

export function factCommand(ctx: HandlerContext): HandlerReply {
  const size = factPool(ctx.store).length;
  return cardReply(factCard(ctx.store, hash32(ctx.invoker.interactionId) % size, ctx.invoker.userId));
}

const FACT_ID = /^aesc:fact:(\d{1,4}):(\d{1,20})$/;

export function factButton(customId: string, ctx: HandlerContext): HandlerReply {
  const m = FACT_ID.exec(customId);
  const size = factPool(ctx.store).length;
  if (m === null || Number(m[1]) >= size)
    return notice('This button is out of date', `Run ${commandRef(ctx.commandIds, 'fact')} again.`);
  const next = nextFactIndex(Number(m[1]), size);
  const owner = m[2] as string;
  return clickAnswer(mayChangeMessage(owner, ctx), owner, ctx.invoker.userId, (o) => factCard(ctx.store, next, o));
}
