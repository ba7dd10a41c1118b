// /aesc owner — current owners first, then every change of ownership in one line each (founding shareholding,
// each sale decided, reported, announced, cancelled or completed, stakes acquired), oldest first, undated last.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import type { OWNERSHIP_KINDS } from '../../facts/schema.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { listOf, ownershipKindWord } from '../../i18n/words.js';
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
  const lang = langFor(ctx.locale);
  const tr = (text: string) => factTranslator().text(lang, text);
  const cites = new Citations(store, lang);
  const card = new Card(EMBED_COLOR, cites);
  const owners = store
    .currentOwners()
    .map((o) => `**${tr(o.organisation.name)}**${o.stake ? ` · ${o.stake}` : ''}${cites.cite(o.sources)}`);
  card.text(`## ${t(lang, 'owner.title')}\n${owners.join('\n')}`);
  const envision = store.currentOwners().find((o) => o.stake === undefined);
  if (envision) card.text(`-# ${tr(envision.text)}${cites.cite(envision.sources)}`);
  const lines = store.ownershipTimeline().map((e) => {
    const kind = ownershipKindWord(lang, e.ownership?.kind);
    const stakes =
      e.ownership?.kind === 'shareholding' && e.ownership.stakes.length
        ? ` (${listOf(
            lang,
            e.ownership.stakes.map((s) => `${tr(store.organisation(s.organisation).name)} ${s.stake}`),
          )})`
        : '';
    return `**${dateLabel(e.date, lang)}** · ${kind}: ${tr(e.title)}${stakes}${cites.cite(e.sources)}`;
  });
  card.separator();
  card.text(`### ${t(lang, 'owner.changes')}\n${lines.join('\n')}`);
  card.text(`-# ${t(lang, 'owner.note')}`);
  return addNavigation(card, navigation(ctx.commandIds, ['history-ownership', 'company'], owner, lang));
}

export function ownerCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(ownerCard(ctx, ctx.invoker.userId));
}
