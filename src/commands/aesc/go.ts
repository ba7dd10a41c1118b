// "Go" buttons (`aesc:go:<target>:<owner>`): open another /aesc card from a card, when command mentions cannot
// be used (the command ids are unknown). The owner's message changes in place; anyone else gets their own view.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { type Card, clickAnswer } from '../../present/cv2.js';
import { type GoTarget, mayChangeMessage, parseGoCustomId } from '../../present/nav.js';
import { notice } from '../../present/replies.js';
import { hash32 } from '../../present/style.js';
import { companyCard } from './company.js';
import { customersCard } from './customers.js';
import { factCard, factPool } from './fact.js';
import { historyCard } from './history.js';
import { ownerCard } from './owner.js';
import { plantsCard } from './plants.js';
import { productsCard } from './products.js';
import { sourcesCard } from './sources.js';

function cardFor(target: GoTarget, ctx: HandlerContext, owner: string): Card | null {
  switch (target) {
    case 'owner':
      return ownerCard(ctx, owner);
    case 'company':
      return companyCard(ctx, 'o', owner);
    case 'customers':
      return customersCard(ctx, owner);
    case 'products':
      return productsCard(ctx, owner);
    case 'sources':
      return sourcesCard(ctx, owner);
    case 'plants':
      return plantsCard(ctx, ctx.store.plants, t(langFor(ctx.locale), 'plants.title'), owner);
    case 'history':
      return historyCard(
        ctx.store,
        { page: 0, order: 'oldest', year: undefined, topic: undefined },
        owner,
        langFor(ctx.locale),
      );
    case 'history-ownership':
      return historyCard(
        ctx.store,
        { page: 0, order: 'oldest', year: undefined, topic: 'ownership' },
        owner,
        langFor(ctx.locale),
      );
    case 'fact':
      return factCard(
        ctx.store,
        hash32(ctx.invoker.interactionId) % factPool(ctx.store).length,
        owner,
        langFor(ctx.locale),
      );
  }
}

export function goButton(customId: string, ctx: HandlerContext): HandlerReply {
  const go = parseGoCustomId(customId);
  if (go === null || cardFor(go.target, ctx, go.owner) === null) {
    const lang = langFor(ctx.locale);
    return notice(t(lang, 'plant.stale.title'), t(lang, 'notice.expired.body'));
  }
  return clickAnswer(
    mayChangeMessage(go.owner, ctx),
    go.owner,
    ctx.invoker.userId,
    (o) => cardFor(go.target, ctx, o) as Card,
  );
}
