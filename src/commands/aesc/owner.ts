// /aesc owner — current owners first, then every change of ownership in one line each (founding shareholding,
// each sale decided, reported, announced, cancelled or completed, stakes acquired), oldest first, undated last.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import type { OWNERSHIP_KINDS } from '../../facts/schema.js';
import { Citations } from '../../present/citations.js';
import { addNavigation, Card, cardReply } from '../../present/cv2.js';
import { navigation } from '../../present/nav.js';
import { dateLabel, EMBED_COLOR } from '../../present/style.js';

export const OWNERSHIP_LABEL: Record<(typeof OWNERSHIP_KINDS)[number], string> = {
  agreement: 'Founding agreement',
  shareholding: 'Shareholding',
  'sale-decided': 'Sale decided',
  'sale-reported': 'Sale reported',
  'sale-announced': 'Sale announced',
  'sale-cancelled': 'Sale cancelled',
  'ownership-changed': 'Ownership changed',
  'stake-acquired': 'Stake acquired',
};

export function ownerCard(ctx: HandlerContext, owner: string): Card {
  const { store } = ctx;
  const cites = new Citations(store);
  const card = new Card(EMBED_COLOR, cites);
  const owners = store
    .currentOwners()
    .map((o) => `**${o.organisation.name}**${o.stake ? ` · ${o.stake}` : ''}${cites.cite(o.sources)}`);
  card.text(`## Who owns AESC\n${owners.join('\n')}`);
  const envision = store.currentOwners().find((o) => o.stake === undefined);
  if (envision) card.text(`-# ${envision.text}${cites.cite(envision.sources)}`);
  const lines = store.ownershipTimeline().map((e) => {
    const kind = e.ownership ? OWNERSHIP_LABEL[e.ownership.kind] : 'Ownership';
    const stakes =
      e.ownership?.kind === 'shareholding' && e.ownership.stakes.length
        ? ` (${e.ownership.stakes.map((s) => `${store.organisation(s.organisation).name} ${s.stake}`).join(', ')})`
        : '';
    return `**${dateLabel(e.date)}** · ${kind}: ${e.title}${stakes}${cites.cite(e.sources)}`;
  });
  card.separator();
  card.text(`### Changes of ownership\n${lines.join('\n')}`);
  card.text('-# Oldest first; undated reports last. Each step as its source states it: announced is not completed.');
  return addNavigation(card, navigation(ctx.commandIds, ['history-ownership', 'company'], owner));
}

export function ownerCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(ownerCard(ctx, ctx.invoker.userId));
}
