// /aesc products — the products and the first cell's specifications.
import type { APIEmbedField } from 'discord-api-types/v10';
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { embedReply } from '../../present/replies.js';
import { cited, citeShort, EMBED_COLOR, footer, sourceIds, sourcesField } from '../../present/style.js';

export function productsCommand(ctx: HandlerContext): HandlerReply {
  const { store } = ctx;
  const fields: APIEmbedField[] = [];
  for (const p of store.products) {
    fields.push({ name: p.name, value: cited(p.description.text, p.description.sources) });
    for (const s of p.specifications) {
      fields.push({ name: s.label, value: `${s.value} · *${citeShort(s.sources)}*`, inline: true });
    }
  }
  fields.push(
    sourcesField(
      store,
      sourceIds(...store.products.flatMap((p) => [p.description.sources, ...p.specifications.map((s) => s.sources)])),
    ),
  );
  return embedReply([{ color: EMBED_COLOR, title: 'AESC products', fields, footer: footer() }]);
}
