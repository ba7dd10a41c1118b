// /aesc customers — customers, current and expected, with the sites that serve them.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { Citations } from '../../present/citations.js';
import { addNavigation, Card, cardReply } from '../../present/cv2.js';
import { navigation } from '../../present/nav.js';
import { EMBED_COLOR } from '../../present/style.js';

export function customersCard(ctx: HandlerContext, owner: string): Card {
  const { store } = ctx;
  const cites = new Citations(store);
  const card = new Card(EMBED_COLOR, cites);
  const lines = store.customersWithPlants().map(({ customer, organisation, plants }) => {
    const said = customer.statements.map((s) => `${s.text}${cites.cite(s.sources)}`).join(' ');
    const served = plants.length > 0 ? ` · 🏭 ${plants.map((p) => p.name).join(', ')}` : '';
    return `**${organisation.name}**${customer.status === 'expected' ? ' (expected)' : ''} — ${said}${served}`;
  });
  card.text(`## AESC customers\n${lines.join('\n')}`);
  card.text('-# Customers named in the sources; 🏭 the sites that serve them, where the sources say so.');
  return addNavigation(card, navigation(ctx.commandIds, ['plants', 'company'], owner));
}

export function customersCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(customersCard(ctx, ctx.invoker.userId));
}
