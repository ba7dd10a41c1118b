// /aesc customers — customers, current and expected, with the sites that serve them.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { listOf } from '../../i18n/words.js';
import { Citations } from '../../present/citations.js';
import { addNavigation, Card, cardReply } from '../../present/cv2.js';
import { navigation } from '../../present/nav.js';
import { EMBED_COLOR } from '../../present/style.js';

export function customersCard(ctx: HandlerContext, owner: string): Card {
  const { store } = ctx;
  const lang = langFor(ctx.locale);
  const tr = (text: string) => factTranslator().text(lang, text);
  const cites = new Citations(store, lang);
  const card = new Card(EMBED_COLOR, cites);
  const lines = store.customersWithPlants().map(({ customer, organisation, plants }) => {
    const said = customer.statements.map((s) => `${tr(s.text)}${cites.cite(s.sources)}`).join(' ');
    const served =
      plants.length > 0
        ? ` · 🏭 ${listOf(
            lang,
            plants.map((p) => tr(p.name)),
          )}`
        : '';
    const expected = customer.status === 'expected' ? t(lang, 'customers.expected') : '';
    return `**${tr(organisation.name)}**${expected} — ${said}${served}`;
  });
  card.text(`## ${t(lang, 'customers.title')}\n${lines.join('\n')}`);
  card.text(`-# ${t(lang, 'customers.note')}`);
  return addNavigation(card, navigation(ctx.commandIds, ['plants', 'company'], owner, lang));
}

export function customersCommand(ctx: HandlerContext): HandlerReply {
  return cardReply(customersCard(ctx, ctx.invoker.userId));
}
