// /aesc sources — the source documents, with what each contributes.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { embedReply } from '../../present/replies.js';
import { EMBED_COLOR, footer } from '../../present/style.js';

export function sourcesCommand(ctx: HandlerContext): HandlerReply {
  const { store } = ctx;
  return embedReply([
    {
      color: EMBED_COLOR,
      title: 'Where the facts come from',
      description:
        'Every fact the bot tells is backed by a verbatim quote from one of these documents. Nothing else is used.',
      fields: store.sources.map((s) => ({
        name: s.title,
        value: [
          `${s.kind[0]?.toUpperCase()}${s.kind.slice(1)} · ${s.publisher}${s.author ? ` · by ${s.author}` : ''}`,
          `Date: ${s.dated}`,
          `Contributes: ${s.contributes}`,
          `Quoted ${store.citationCount(s.id)} times in the data.`,
        ].join('\n'),
      })),
      footer: footer(),
    },
  ]);
}
