// /aesc owner — current owners, then the ownership timeline (founding shareholding, each sale
// decided, reported, announced, cancelled or completed).
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import type { OWNERSHIP_KINDS } from '../../facts/schema.js';
import { embedReply } from '../../present/replies.js';
import { cited, dateLabel, EMBED_COLOR, fieldValue, footer, sourceIds, sourcesField } from '../../present/style.js';

export const OWNERSHIP_LABEL: Record<(typeof OWNERSHIP_KINDS)[number], string> = {
  agreement: 'Founding agreement',
  shareholding: 'Shareholding',
  'sale-decided': 'Sale decided',
  'sale-reported': 'Sale reported',
  'sale-announced': 'Sale announced',
  'sale-cancelled': 'Sale cancelled',
  'ownership-changed': 'Ownership changed',
};

export function ownerCommand(ctx: HandlerContext): HandlerReply {
  const { store } = ctx;
  const owners = store.currentOwners();
  const timeline = store.ownershipTimeline();
  const fields = timeline.map((e) => {
    const kind = e.ownership ? OWNERSHIP_LABEL[e.ownership.kind] : 'Ownership';
    const stakes = e.ownership?.stakes.length
      ? `\nStakes: ${e.ownership.stakes.map((s) => `${store.organisation(s.organisation).name} ${s.stake}`).join(', ')}`
      : '';
    return { name: `${dateLabel(e.date)} · ${kind}`, value: fieldValue([`${cited(e.text, e.sources)}${stakes}`]) };
  });
  return embedReply([
    {
      color: EMBED_COLOR,
      title: 'Who owns AESC',
      description: owners
        .map((o) => cited(`**${o.organisation.name}**${o.stake ? ` — ${o.stake}` : ''}: ${o.text}`, o.sources))
        .join('\n'),
      fields: [
        ...fields,
        sourcesField(store, sourceIds(...owners.map((o) => o.sources), ...timeline.map((e) => e.sources))),
      ],
      footer: footer('ownership timeline, oldest first; undated reports last'),
    },
  ]);
}
