// `/aesc-daily export`: the server's daily post settings as a JSON attachment (versioned schema, src/daily/export.ts).
import type { HandlerReply } from '../../core/command.js';
import { exportFileName, serializeExport, toExport } from '../../daily/export.js';
import { type HandlerContext, NOT_CONFIGURED, reply } from './shared.js';

export async function exportSettings(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const sub = await ctx.daily.store.getSubscription(guildId);
  if (!sub) return reply(NOT_CONFIGURED);
  const name = exportFileName(guildId);
  const data = serializeExport(toExport(sub));
  return {
    type: 'reply',
    ephemeral: true,
    data: {
      content:
        'The daily post settings of this server. Keep the file; `/aesc-daily import file:` loads it again (here or after a move), showing the changes before anything is saved.',
      allowed_mentions: { parse: [] },
      attachments: [{ id: '0', filename: name, description: 'Daily post settings (JSON)' }],
    },
    files: [{ name, contentType: 'application/json', data, description: 'Daily post settings (JSON)' }],
  };
}
