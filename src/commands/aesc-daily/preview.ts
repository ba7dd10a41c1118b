// `/aesc-daily preview` (ephemeral): the next post exactly as it will be sent, rendered by the real builder and
// delivery plan (role mention, forum title and tag), and the next 5 post times as Discord timestamps and in the
// server's zone.
import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { HandlerReply } from '../../core/command.js';
import { planDelivery } from '../../daily/delivery.js';
import { stampDailyMarker } from '../../daily/sender.js';
import { settingOf, upcomingPosts } from '../../daily/settings.js';
import { formatLocalDate, parseLocalDate, zonedParts } from '../../daily/time.js';
import { nextPostOf } from './apply.js';
import { type HandlerContext, NOT_CONFIGURED } from './shared.js';

const WEEKDAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function localWords(ms: number, zone: string): string {
  const p = zonedParts(ms, zone);
  const wd = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
  const hhmm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return `${WEEKDAY[wd]} ${p.day} ${MONTH[p.month - 1]} ${p.year}, ${hhmm} ${zone}`;
}

export async function preview(ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const { daily } = ctx;
  const sub = await daily.store.getSubscription(guildId);
  if (!sub) {
    return { type: 'reply', ephemeral: true, data: { content: NOT_CONFIGURED, allowed_mentions: { parse: [] } } };
  }
  const setting = settingOf(sub);
  const nowMs = ctx.clock.now().getTime();
  const next = await nextPostOf(daily.store, guildId, setting, nowMs);
  const lines: string[] = [];
  if (!sub.enabled) lines.push('The daily post is **off**; this is what it would post once turned back on.');
  else if (sub.pausedReason)
    lines.push('The daily post is **paused** (see `/aesc-daily status`); this is what it would post.');
  if (!next)
    return {
      type: 'reply',
      ephemeral: true,
      data: { content: 'The stored time is invalid; run `/aesc-daily set time:`.', allowed_mentions: { parse: [] } },
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
      `**Preview** of the post for ${formatLocalDate(localDate)}: a new post in <#${sub.channelId}> titled **${plan.body.name}**${plan.body.applied_tags?.length ? ' with its tag' : ''}.`,
    );
  } else {
    lines.push(
      `**Preview** of the post for ${formatLocalDate(localDate)} in <#${sub.channelId}>${sub.publish ? ', then published to following servers' : ''}.`,
    );
  }
  if (setting.roleId) lines.push(`It starts with <@&${setting.roleId}> and pings that role only (not here).`);
  const times = upcomingPosts(setting, localDate, next.dueMs - 1, 5);
  lines.push(
    '**Next 5 posts:**',
    ...times.map((t) => `- <t:${Math.floor(t.dueMs / 1000)}:F> · ${localWords(t.dueMs, sub.timezone)}`),
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
  if (message.content) lines.push('**Message text:**', `> ${message.content}`);
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
