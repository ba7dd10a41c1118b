// `/aesc-daily off`: turn the daily post off, keeping every setting. Idempotent per interaction id.
import type { HandlerReply } from '../../core/command.js';
import { t } from '../../i18n/catalogue.js';
import { failureReply, type HandlerContext, langOf, notConfigured, reply } from './shared.js';

export async function off(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const store = ctx.daily.store;
  const lang = langOf(ctx);
  let changed: boolean;
  try {
    changed = await store.disable(guildId, ctx.clock.now().getTime(), ctx.invoker.interactionId);
  } catch (err) {
    return failureReply(err, ctx, 'off');
  }
  if (!changed) return reply(notConfigured(lang));
  ctx.logger?.info({ guildId, interactionId: ctx.invoker.interactionId }, 'daily post off');
  const sub = await store.getSubscription(guildId);
  const where = sub ? t(lang, 'daily.off.where', { channel: sub.channelId, time: sub.time, zone: sub.timezone }) : '';
  return reply(t(lang, 'daily.off', { where }));
}
