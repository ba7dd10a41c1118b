// /aesc today — today's "on this date" entry: the same one the daily post uses for this server
// (the server's daily-post time zone when it has one, else UTC), in the same look.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { localDateAt } from '../../daily/time.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { cardReply } from '../../present/cv2.js';
import { humanDate, onThisDateCard } from '../../present/on-this-date.js';

export async function todayZone(ctx: HandlerContext): Promise<string> {
  const guildId = ctx.invoker.guildId;
  if (guildId === null || ctx.daily === undefined) return 'UTC';
  const sub = await ctx.daily.get(guildId);
  return sub?.timezone ?? 'UTC';
}

export async function todayCommand(ctx: HandlerContext): Promise<HandlerReply> {
  const zone = await todayZone(ctx);
  const date = localDateAt(ctx.clock.now().getTime(), zone);
  const lang = langFor(ctx.locale);
  const heading = t(lang, 'today.title', { date: humanDate(date, lang), zone });
  return cardReply(onThisDateCard(ctx.store, ctx.store.onThisDate(date), heading, lang));
}
