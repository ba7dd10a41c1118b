// /aesc products — the products and the first cell's specifications.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { Citations } from '../../present/citations.js';
import { addNavigation, Card, cardReply } from '../../present/cv2.js';
import { navigation } from '../../present/nav.js';
import { EMBED_COLOR } from '../../present/style.js';

export function productsCard(ctx: HandlerContext, owner: string): Card {
  const { store } = ctx;
  const cites = new Citations(store);
  const card = new Card(EMBED_COLOR, cites);
  const blocks = store.products.map((p) => {
    const specs = p.specifications.map((s) => `• ${s.label}: **${s.value}**${cites.cite(s.sources)}`);
    return [`### ${p.name}`, `${p.description.text}${cites.cite(p.description.sources)}`, ...specs].join('\n');
  });
  card.text(`## AESC products\n${blocks.join('\n')}`);
  return addNavigation(card, navigation(ctx.commandIds, ['company', 'customers'], owner));
}

export function productsCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(productsCard(ctx, ctx.invoker.userId));
}
