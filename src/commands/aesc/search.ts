// /aesc search query:<words> — the best-matching facts of any kind.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { truncateText } from '../../discord/limits.js';
import type { DocumentKind, SearchHit } from '../../facts/text-search.js';
import { TextIndex } from '../../facts/text-search.js';
import { embedReply, notice, quoteInput } from '../../present/replies.js';
import { EMBED_COLOR, footer, sourceShort, sourcesField } from '../../present/style.js';
import type { AescOptions } from './definition.js';

const KIND_LABEL: Record<DocumentKind, string> = {
  plant: 'Site',
  event: 'History',
  company: 'Company',
  figure: 'Key figure',
  statement: 'Statement',
  project: 'Project',
  customer: 'Customer',
  product: 'Product',
  organisation: 'Organisation',
  person: 'Person',
  source: 'Source',
};

/** Where to read more about a hit. */
function nextStep(hit: SearchHit, ctx: HandlerContext): string {
  const { doc } = hit;
  switch (doc.kind) {
    case 'plant':
      return `\`/aesc plant name:${ctx.store.plantWithId(doc.id)?.name ?? doc.id}\``;
    case 'event': {
      const e = ctx.store.event(doc.id);
      return e && e.date.precision !== 'undated' ? `\`/aesc history year:${e.date.year}\`` : '`/aesc history`';
    }
    case 'customer':
      return '`/aesc customers`';
    case 'product':
      return '`/aesc products`';
    case 'organisation':
      return '`/aesc owner`';
    case 'source':
      return '`/aesc sources`';
    default:
      return '`/aesc company`';
  }
}

export function searchCommand(options: AescOptions<'search'>, ctx: HandlerContext): HandlerReply {
  if (TextIndex.terms(options.query).length === 0) {
    return notice(
      'Nothing to search for',
      `${quoteInput(options.query)} has no words to look up. Try a name, a place or a year, e.g. Panasonic, Sunderland or 2018.`,
    );
  }
  const hits = ctx.store.search(options.query, 8);
  if (hits.length === 0) {
    return notice(
      'No matches',
      `Nothing in the facts matches ${quoteInput(options.query)}. Try fewer or other words, e.g. Panasonic, tariffs or Leaf.`,
    );
  }
  return embedReply([
    {
      color: EMBED_COLOR,
      title: `Search: ${quoteInput(options.query, 100)}`,
      description: `${hits.length} best match${hits.length === 1 ? '' : 'es'}, best first.`,
      fields: [
        ...hits.map((h) => ({
          name: truncateText(`${KIND_LABEL[h.doc.kind]} · ${h.doc.title}`, 256),
          value: truncateText(
            `${h.doc.body} · *${h.doc.sources.map(sourceShort).join(', ')}*\nMore: ${nextStep(h, ctx)}`,
            1024,
          ),
        })),
        sourcesField(ctx.store, [...new Set(hits.flatMap((h) => h.doc.sources))]),
      ],
      footer: footer(),
    },
  ]);
}
