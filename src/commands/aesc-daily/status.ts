// `/aesc-daily status`: the whole setting, whether it is on, the next post (respecting the days of the week), the
// last 7 days' attempts in words with a link to each posted message, and the last `test` with its result.
import type { HandlerReply } from '../../core/command.js';
import { humanLocalDate } from '../../daily/delivery.js';
import { describeFailure } from '../../daily/sender.js';
import { settingLines, settingOf } from '../../daily/settings.js';
import type { LedgerEntry, Subscription } from '../../daily/store.js';
import { nextPostOf } from './apply.js';
import { type HandlerContext, messageLink, NOT_CONFIGURED, reply, ts } from './shared.js';

function pausedText(sub: Subscription): string {
  if (sub.pausedReason === 'guild_removed') {
    return '**Paused**: the bot was removed from this server. Run `/aesc-daily set` again to resume.';
  }
  const why = sub.lastError ? ` Last error: ${describeFailure(sub.lastError)}` : '';
  return `**Paused**: the bot could not post for ${sub.consecutiveFailures} days in a row.${why}\nFix the channel or the bot's permissions, then run \`/aesc-daily set\` again to resume (\`/aesc-daily test\` checks it).`;
}

function crosspostWords(e: LedgerEntry): string {
  const c = e.crosspost;
  if (!c) return '';
  if (c.state === 'done') return ', published';
  if (c.state === 'pending') {
    const at = c.nextAttemptAt ? ` <t:${Math.floor(c.nextAttemptAt / 1000)}:R>` : '';
    return `, publishing retried${at}${c.lastError ? ` (${describeFailure(c.lastError)})` : ''}`;
  }
  return `, **not published**${c.lastError ? ` (${describeFailure(c.lastError)})` : ''}`;
}

/** One ledger row in words: "1 December 2026: posted ([message](…)), published". */
export function attemptLine(e: LedgerEntry, sub: Subscription): string {
  const date = humanLocalDate(e.localDate);
  switch (e.status) {
    case 'posted': {
      const link = e.messageId
        ? ` ([message](${messageLink(sub.guildId, e.postChannelId ?? sub.channelId, e.messageId)}))`
        : '';
      return `${date}: posted${link}${crosspostWords(e)}`;
    }
    case 'failed':
      return `${date}: **failed**${e.attempts > 1 ? ` after ${e.attempts} attempts` : ''}. ${e.lastError ? describeFailure(e.lastError) : 'The day ended before a retry worked.'}`;
    case 'skipped':
      return `${date}: skipped (the bot was offline at post time; a passed day is never posted late)`;
    case 'claimed':
      return e.lastError
        ? `${date}: not posted yet, retrying (attempt ${e.attempts}). ${describeFailure(e.lastError)}`
        : `${date}: being posted now`;
  }
}

function lastTestLine(sub: Subscription): string {
  const t = sub.lastTest;
  if (!t) return 'Last test: none yet (`/aesc-daily test` posts one now).';
  const at = `<t:${Math.floor(t.at / 1000)}:R>`;
  if (t.ok) {
    const link = t.messageId ? ` ([message](${messageLink(sub.guildId, t.channelId, t.messageId)}))` : '';
    return `Last test: ${at}, posted${link}.`;
  }
  return `Last test: ${at}, **failed**. ${t.error ? describeFailure(t.error) : ''}`.trim();
}

/** Problems that stop every server's post (src/daily/health.ts), in an admin's words (no paths, no details). */
function healthLines(ctx: HandlerContext): string[] {
  const health = typeof ctx.daily.health === 'function' ? ctx.daily.health() : null;
  if (!health || health.ok) return [];
  return health.problems.map((p) => {
    switch (p.code) {
      case 'discord_unauthorized':
        return "**Not posting**: Discord rejected the bot's token. The bot's operator must set a valid token and restart it; today's post is retried then.";
      case 'database_unavailable':
        return "**Not posting**: the bot's database is unavailable. Tell the bot's operator.";
      default:
        return "**Delayed**: the bot's last checks for due posts failed; it keeps trying. If this lasts, tell the bot's operator.";
    }
  });
}

export async function status(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const store = ctx.daily.store;
  const sub = await store.getSubscription(guildId);
  if (!sub) return reply(NOT_CONFIGURED);
  const nowMs = ctx.clock.now().getTime();
  const state = !sub.enabled ? 'off' : sub.pausedReason ? 'paused' : 'on';
  const lines = [`Daily post: **${state}**`, ...healthLines(ctx), ...settingLines(settingOf(sub))];
  if (state === 'on') {
    const retrying = sub.lastResult === 'retrying' && sub.nextDueUtc !== null;
    if (retrying && sub.nextDueUtc !== null) {
      lines.push(`Next attempt (retrying today): ${ts(Math.max(sub.nextDueUtc, nowMs))}`);
    } else {
      const next = await nextPostOf(store, guildId, settingOf(sub), nowMs);
      if (next) lines.push(`Next post: ${ts(next.dueMs)}`);
    }
  } else if (state === 'off') {
    lines.push('Next post: none, the daily post is off. Run `/aesc-daily set` to turn it back on.');
  }
  const recent = await store.listLedger(guildId, 7);
  lines.push(
    recent.length === 0 ? 'Last 7 days: no attempts yet.' : '**Last 7 days:**',
    ...recent.map((e) => `- ${attemptLine(e, sub)}`),
  );
  lines.push(lastTestLine(sub));
  if (state === 'on' && sub.consecutiveFailures > 0) {
    lines.push(`Failed ${sub.consecutiveFailures} day(s) in a row; the post pauses after 3.`);
  }
  if (state === 'paused') lines.push(pausedText(sub));
  return reply(lines.join('\n'));
}
