// `/aesc-daily status`: the whole setting, whether it is on, the next post (respecting the days of the week), the
// last 7 days' attempts in words with a link to each posted message, and the last `test` with its result.
import type { HandlerReply } from '../../core/command.js';
import { humanLocalDate } from '../../daily/delivery.js';
import { settingLines, settingOf } from '../../daily/settings.js';
import type { LedgerEntry, Subscription } from '../../daily/store.js';
import { parseLocalDate } from '../../daily/time.js';
import type { FactDate } from '../../facts/schema.js';
import { type Lang, SOURCE_LANG, t } from '../../i18n/catalogue.js';
import { formatDate } from '../../i18n/dates.js';
import { nextPostOf } from './apply.js';
import { failureWords, type HandlerContext, langOf, messageLink, notConfigured, reply, ts } from './shared.js';

/** A ledger day in words: "1 December 2026" / "2026年12月1日". */
function dayWords(localDate: string, lang: Lang): string {
  if (lang === SOURCE_LANG) return humanLocalDate(localDate);
  const d = parseLocalDate(localDate);
  return formatDate(lang, { precision: 'day', year: d.year, month: d.month, day: d.day } as FactDate);
}

function pausedText(sub: Subscription, lang: Lang): string {
  if (sub.pausedReason === 'guild_removed') return t(lang, 'daily.status.pausedRemoved');
  const why = sub.lastError ? t(lang, 'daily.status.lastError', { why: failureWords(lang, sub.lastError) }) : '';
  return t(lang, 'daily.status.pausedFailures', { count: sub.consecutiveFailures, why });
}

function crosspostWords(e: LedgerEntry, lang: Lang): string {
  const c = e.crosspost;
  if (!c) return '';
  if (c.state === 'done') return t(lang, 'daily.crosspost.done');
  const why = c.lastError ? ` (${failureWords(lang, c.lastError)})` : '';
  if (c.state === 'pending') {
    const at = c.nextAttemptAt ? ` <t:${Math.floor(c.nextAttemptAt / 1000)}:R>` : '';
    return t(lang, 'daily.crosspost.pending', { at, why });
  }
  return t(lang, 'daily.crosspost.failed', { why });
}

/** One ledger row in words: "1 December 2026: posted ([message](…)), published". */
export function attemptLine(e: LedgerEntry, sub: Subscription, lang: Lang = SOURCE_LANG): string {
  const date = dayWords(e.localDate, lang);
  switch (e.status) {
    case 'posted': {
      const link = e.messageId
        ? ` ([${t(lang, 'daily.message')}](${messageLink(sub.guildId, e.postChannelId ?? sub.channelId, e.messageId)}))`
        : '';
      return t(lang, 'daily.attempt.posted', { date, link, crosspost: crosspostWords(e, lang) });
    }
    case 'failed':
      return t(lang, 'daily.attempt.failed', {
        date,
        after: e.attempts > 1 ? t(lang, 'daily.attempt.after', { count: e.attempts }) : '',
        why: e.lastError ? failureWords(lang, e.lastError) : t(lang, 'daily.attempt.dayEnded'),
      });
    case 'skipped':
      return t(lang, 'daily.attempt.skipped', { date });
    case 'claimed':
      return e.lastError
        ? t(lang, 'daily.attempt.retrying', { date, count: e.attempts, why: failureWords(lang, e.lastError) })
        : t(lang, 'daily.attempt.now', { date });
  }
}

function lastTestLine(sub: Subscription, lang: Lang): string {
  const last = sub.lastTest;
  if (!last) return t(lang, 'daily.lastTest.none');
  const at = `<t:${Math.floor(last.at / 1000)}:R>`;
  if (last.ok) {
    const link = last.messageId
      ? ` ([${t(lang, 'daily.message')}](${messageLink(sub.guildId, last.channelId, last.messageId)}))`
      : '';
    return t(lang, 'daily.lastTest.ok', { at, link });
  }
  return t(lang, 'daily.lastTest.failed', { at, why: last.error ? failureWords(lang, last.error) : '' }).trim();
}

/** Problems that stop every server's post (src/daily/health.ts), in an admin's words (no paths, no details). */
function healthLines(ctx: HandlerContext, lang: Lang): string[] {
  const health = typeof ctx.daily.health === 'function' ? ctx.daily.health() : null;
  if (!health || health.ok) return [];
  return health.problems.map((p) => {
    switch (p.code) {
      case 'discord_unauthorized':
        return t(lang, 'daily.status.unauthorized');
      case 'database_unavailable':
        return t(lang, 'daily.status.dbDown');
      default:
        return t(lang, 'daily.status.delayed');
    }
  });
}

export async function status(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const store = ctx.daily.store;
  const sub = await store.getSubscription(guildId);
  const lang = langOf(ctx);
  if (!sub) return reply(notConfigured(lang));
  const nowMs = ctx.clock.now().getTime();
  const state = !sub.enabled ? 'off' : sub.pausedReason ? 'paused' : 'on';
  const lines = [
    t(lang, 'daily.status.state', { state: t(lang, `daily.value.${state}`) }),
    ...healthLines(ctx, lang),
    ...settingLines(settingOf(sub), undefined, lang),
  ];
  if (state === 'on') {
    const retrying = sub.lastResult === 'retrying' && sub.nextDueUtc !== null;
    if (retrying && sub.nextDueUtc !== null) {
      lines.push(t(lang, 'daily.status.retrying', { when: ts(Math.max(sub.nextDueUtc, nowMs)) }));
    } else {
      const next = await nextPostOf(store, guildId, settingOf(sub), nowMs);
      if (next) lines.push(t(lang, 'daily.status.next', { when: ts(next.dueMs) }));
    }
  } else if (state === 'off') {
    lines.push(t(lang, 'daily.status.offNext'));
  }
  const recent = await store.listLedger(guildId, 7);
  lines.push(
    t(lang, recent.length === 0 ? 'daily.status.noAttempts' : 'daily.status.last7'),
    ...recent.map((e) => `- ${attemptLine(e, sub, lang)}`),
  );
  lines.push(lastTestLine(sub, lang));
  if (state === 'on' && sub.consecutiveFailures > 0) {
    lines.push(t(lang, 'daily.status.failedInRow', { count: sub.consecutiveFailures }));
  }
  if (state === 'paused') lines.push(pausedText(sub, lang));
  return reply(lines.join('\n'));
}
