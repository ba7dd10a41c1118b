// /aesc fact — one random fact with its source. "Random" is a hash of the interaction id: a fresh
// fact for every use, and reproducible for a given interaction (tests, logs).
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { formatFactDate } from '../../facts/dates.js';
import type { Citation } from '../../facts/schema.js';
import type { FactStore } from '../../facts/store.js';
import { embedReply } from '../../present/replies.js';
import { EMBED_COLOR, footer, hash32, sourceIds, sourcesField } from '../../present/style.js';

export interface FactCard {
  title: string;
  text: string;
  sources: readonly Citation[];
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
    ...c.keyFigures.map((k) => ({ title: k.label, text: `${k.value}.`, sources: k.sources })),
    ...c.claims.map((k) => ({ title: "The company's claim", text: k.text, sources: k.sources })),
    ...c.trivia.map((t) => ({ title: 'Did you know?', text: t.text, sources: t.sources })),
    ...store.plants.flatMap((p) => p.notes.map((n) => ({ title: p.name, text: n.text, sources: n.sources }))),
    ...store.products.flatMap((p) =>
      p.specifications.map((s) => ({ title: `${p.name}: ${s.label}`, text: s.value, sources: s.sources })),
    ),
  ];
}

export function factCommand(ctx: HandlerContext): HandlerReply {
  const pool = factPool(ctx.store);
  const fact = pool[hash32(ctx.invoker.interactionId) % pool.length];
  if (fact === undefined) throw new Error('the fact pool is empty');
  return embedReply([
    {
      color: EMBED_COLOR,
      title: fact.title,
      description: fact.text,
      fields: [sourcesField(ctx.store, sourceIds(fact.sources))],
      footer: footer(`one of ${pool.length} facts`),
    },
  ]);
}
