// `/aesc-daily export`: the server's daily post settings as a JSON attachment (versioned schema, src/daily/export.ts).
import type { HandlerReply } from '../../core/command.js';
import { exportFileName, serializeExport, toExport } from '../../daily/export.js';
import { t } from '../../i18n/catalogue.js';
import { type HandlerContext, langOf, notConfigured, reply } from './shared.js';

export async function exportSettings(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const sub = await ctx.daily.store.getSubscription(guildId);
  const lang = langOf(ctx);
  if (!sub) return reply(notConfigured(lang));
  const description = t(lang, 'daily.export.description');
  const name = exportFileName(guildId);
  const data = serializeExport(toExport(sub));
  return {
    type: 'reply',
    ephemeral: true,
    data: {
      content: t(lang, 'daily.export.content'),
      allowed_mentions: { parse: [] },
      attachments: [{ id: '0', filename: name, description }],
    },
    files: [{ name, contentType: 'application/json', data, description }],
  };
}
