// `/aesc-daily test`: post today's entry now, delivered exactly like the daily post (thread, forum post, role
// mention) but never published to followers and never counted as the day's post. Runs once per interaction id;
// the result is kept for `status` and logged.
import type { HandlerReply } from '../../core/command.js';
import { classifySendError } from '../../daily/sender.js';
import { settingOf } from '../../daily/settings.js';
import type { SendFailure } from '../../daily/store.js';
import { localDateAt } from '../../daily/time.js';
import { t } from '../../i18n/catalogue.js';
import {
  failureReply,
  failureWords,
  type HandlerContext,
  langOf,
  messageLink,
  notConfigured,
  reply,
} from './shared.js';

export async function test(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const { daily } = ctx;
  const store = daily.store;
  const lang = langOf(ctx);
  const sub = await store.getSubscription(guildId);
  if (!sub) return reply(notConfigured(lang));
  const now = ctx.clock.now();
  const nowMs = now.getTime();
  let first: boolean;
  try {
    first = await store.claimInteraction(ctx.invoker.interactionId, guildId, 'test', nowMs);
  } catch (err) {
    return failureReply(err, ctx, 'test');
  }
  if (!first) return reply(t(lang, 'daily.test.duplicate'));
  const localDate = localDateAt(nowMs, sub.timezone);
  const body = daily.buildPost(localDate, now, sub.language ?? null);
  const log = ctx.logger ?? daily.logger;
  let result: { ok: true; channelId: string; messageId: string } | { ok: false; error: SendFailure };
  try {
    const sent = await daily.sender.send(sub.channelId, body, AbortSignal.timeout(10_000), {
      target: { ...settingOf(sub), guildId, publish: false },
      localDate,
      attempts: 1,
      now: nowMs,
      timezone: sub.timezone,
      test: true,
    });
    result = { ok: true, channelId: sent.channelId ?? sub.channelId, messageId: sent.id };
  } catch (err) {
    result = { ok: false, error: classifySendError(err) };
    log?.warn(
      { guildId, channelId: sub.channelId, code: result.error.code, kind: result.error.kind, err },
      'daily test post failed',
    );
  }
  await store
    .recordTest(guildId, {
      at: nowMs,
      ok: result.ok,
      channelId: result.ok ? result.channelId : sub.channelId,
      messageId: result.ok ? result.messageId : null,
      error: result.ok ? null : result.error,
    })
    .catch((err: unknown) => log?.error({ err, guildId }, 'could not record the daily test result'));
  if (result.ok) {
    return reply(
      t(lang, 'daily.test.posted', {
        channel: result.channelId,
        link: messageLink(guildId, result.channelId, result.messageId),
      }),
    );
  }
  return reply(t(lang, 'daily.test.failed', { channel: sub.channelId, why: failureWords(lang, result.error) }));
}
