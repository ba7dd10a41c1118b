// `/aesc-daily off`: turn the daily post off, keeping every setting. Idempotent per interaction id.
import type { HandlerReply } from '../../core/command.js';
import { failureReply, type HandlerContext, NOT_CONFIGURED, reply } from './shared.js';

export async function off(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const store = ctx.daily.store;
  let changed: boolean;
  try {
    changed = await store.disable(guildId, ctx.clock.now().getTime(), ctx.invoker.interactionId);
  } catch (err) {
    return failureReply(err, ctx, 'off');
  }
  if (!changed) return reply(NOT_CONFIGURED);
  ctx.logger?.info({ guildId, interactionId: ctx.invoker.interactionId }, 'daily post off');
  const sub = await store.getSubscription(guildId);
  return reply(
    `The daily post is **off**. Every setting is kept${sub ? ` (<#${sub.channelId}> at ${sub.time}, ${sub.timezone})` : ''}; run \`/aesc-daily set\` with no options to turn it back on as it was.`,
  );
}
