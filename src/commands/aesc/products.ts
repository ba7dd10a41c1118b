// /aesc products — the products and the first cell's specifications.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { Citations } from '../../present/citations.js';
import { addNavigation, Card, cardReply } from '../../present/cv2.js';
import { navigation } from '../../present/nav.js';
import { EMBED_COLOR } from '../../present/style.js';

export function productsCard(ctx: HandlerContext, owner: string): Card {
  const { store } = ctx;
  const lang = langFor(ctx.locale);
  const tr = (text: string) => factTranslator().text(lang, text);
  const cites = new Citations(store, lang);
  const card = new Card(EMBED_COLOR, cites);
  const blocks = store.products.map((p) => {
    const specs = p.specifications.map((s) => `• ${tr(s.label)}: **${tr(s.value)}**${cites.cite(s.sources)}`);
    return [`### ${tr(p.name)}`, `${tr(p.description.text)}${cites.cite(p.description.sources)}`, ...specs].join('\n');
  });
  card.text(`## ${t(lang, 'products.title')}\n${blocks.join('\n')}`);
  return addNavigation(card, navigation(ctx.commandIds, ['company', 'customers'], owner, lang));
}

export function productsCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(productsCard(ctx, ctx.invoker.userId));
}
