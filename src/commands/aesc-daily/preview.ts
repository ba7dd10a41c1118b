// `/aesc-daily preview` (ephemeral): the next post exactly as it will be sent, rendered by the real builder and
// delivery plan (role mention, forum title and tag), and the next 5 post times as Discord timestamps and in the
// server's zone.
import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { HandlerReply } from '../../core/command.js';
import { planDelivery } from '../../daily/delivery.js';
import { stampDailyMarker } from '../../daily/sender.js';
import { settingOf, upcomingPosts } from '../../daily/settings.js';
import { formatLocalDate, parseLocalDate, zonedParts } from '../../daily/time.js';
import { type Lang, type MessageKey, SOURCE_LANG, t } from '../../i18n/catalogue.js';
import { nextPostOf } from './apply.js';
import { type HandlerContext, langOf, notConfigured } from './shared.js';

const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 1 Dec 2026, 09:00 Europe/London" / "2026年12月1日(火) 09:00 Asia/Tokyo". */
function localWords(ms: number, zone: string, lang: Lang): string {
  const p = zonedParts(ms, zone);
  const wd = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
  const hhmm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return t(lang, 'daily.preview.when', {
    weekday: t(lang, `daily.preview.weekday.${wd}` as MessageKey),
    day: p.day,
    // English abbreviates the month; other languages write its number (12月).
    month: lang === SOURCE_LANG ? (MONTH[p.month - 1] ?? '') : p.month,
    year: p.year,
    time: hhmm,
    zone,
  });
}

export async function preview(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const { daily } = ctx;
  const sub = await daily.store.getSubscription(guildId);
  const lang = langOf(ctx);
  if (!sub) {
    return {
      type: 'reply',
      ephemeral: true,
      data: { content: notConfigured(lang), allowed_mentions: { parse: [] } },
    };
  }
  const setting = settingOf(sub);
  const nowMs = ctx.clock.now().getTime();
  const next = await nextPostOf(daily.store, guildId, setting, nowMs);
  const lines: string[] = [];
  if (!sub.enabled) lines.push(t(lang, 'daily.preview.off'));
  else if (sub.pausedReason) lines.push(t(lang, 'daily.preview.paused'));
  if (!next)
    return {
      type: 'reply',
      ephemeral: true,
      data: { content: t(lang, 'daily.preview.badTime'), allowed_mentions: { parse: [] } },
    };
  const localDate = parseLocalDate(next.localDate);
  // Exactly what the scheduler sends: the builder's message with the day's marker (src/daily/sender.ts).
  const body = stampDailyMarker(
    daily.buildPost(localDate, new Date(next.dueMs), setting.language ?? null),
    next.localDate,
  );
  const plan = planDelivery({ ...setting }, localDate, body);
  const message = plan.kind === 'forum' ? plan.body.message : plan.body;
  if (plan.kind === 'forum') {
    lines.push(
      t(lang, 'daily.preview.forum', {
        date: formatLocalDate(localDate),
        channel: sub.channelId,
        title: plan.body.name,
        tag: plan.body.applied_tags?.length ? t(lang, 'daily.preview.withTag') : '',
      }),
    );
  } else {
    lines.push(
      t(lang, 'daily.preview.message', {
        date: formatLocalDate(localDate),
        channel: sub.channelId,
        publish: sub.publish ? t(lang, 'daily.preview.published') : '',
      }),
    );
  }
  if (setting.roleId) lines.push(t(lang, 'daily.preview.role', { role: setting.roleId }));
  const times = upcomingPosts(setting, localDate, next.dueMs - 1, 5);
  lines.push(
    t(lang, 'daily.preview.next5'),
    ...times.map((n) => `- <t:${Math.floor(n.dueMs / 1000)}:F> · ${localWords(n.dueMs, sub.timezone, lang)}`),
  );
  // The preview itself never pings: the role appears as text.
  if (((message.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0) {
    // A Components V2 post has no content: the explanation goes in a text display above the post's own components.
    return {
      type: 'reply',
      ephemeral: true,
      data: {
        flags: MessageFlags.IsComponentsV2,
        components: [
          { type: ComponentType.TextDisplay, content: lines.join('\n') },
          { type: ComponentType.Separator },
          ...(message.components ?? []),
        ],
        allowed_mentions: { parse: [] },
      },
    };
  }
  if (message.content) lines.push(t(lang, 'daily.preview.text'), `> ${message.content}`);
  return {
    type: 'reply',
    ephemeral: true,
    data: {
      content: lines.join('\n'),
      ...(message.embeds ? { embeds: message.embeds } : {}),
      ...(message.components ? { components: message.components } : {}),
      allowed_mentions: { parse: [] },
    },
  };
}
