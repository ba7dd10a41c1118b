// /aesc today — today's "on this date" entry: the same one the daily post uses for this server
// (the server's daily-post time zone when it has one, else UTC).
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { localDateAt } from '../../daily/time.js';
import { buildOnThisDatePost, humanDate } from '../../present/on-this-date.js';
import { embedReply } from '../../present/replies.js';

export async function todayZone(ctx: HandlerContext): Promise<string> {
  const guildId = ctx.invoker.guildId;
  if (guildId === null || ctx.daily === undefined) return 'UTC';
  const sub = await ctx.daily.get(guildId);
  return sub?.timezone ?? 'UTC';
}

export async function todayCommand(ctx: HandlerContext): Promise<HandlerReply> {
  const zone = await todayZone(ctx);
  const date = localDateAt(ctx.clock.now().getTime(), zone);
  const post = buildOnThisDatePost(ctx.store, date);
  return embedReply(post.embeds ?? [], { content: `AESC history for ${humanDate(date)} (${zone}):` });
}
