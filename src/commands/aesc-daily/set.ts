// `/aesc-daily set`: turn the daily post on or change it. On a server with a daily post every option is optional and
// what is not given is kept; the first `set` needs `channel` and `time`. The answer shows the whole resulting setting
// and what changed. Nothing is saved unless every check passes.
import type { ChannelOptionValue, HandlerReply, RawOptions } from '../../core/command.js';
import { type DailySetting, parseWeekdays, settingChanges, settingLines, settingOf } from '../../daily/settings.js';
import { EVERY_DAY } from '../../daily/store.js';
import { canonicalTimeZone, formatWallTime, parseWallTime } from '../../daily/time.js';
import { langFor } from '../../i18n/catalogue.js';
import { knownLanguage } from '../../i18n/languages.js';
import { applySetting } from './apply.js';
import { checkSetting } from './check.js';
import { code, failureReply, type HandlerContext, reply, ts } from './shared.js';

function isChannel(v: unknown): v is ChannelOptionValue {
  return typeof v === 'object' && v !== null && typeof (v as ChannelOptionValue).id === 'string';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export async function set(options: RawOptions, ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const store = ctx.daily.store;
  const existing = await store.getSubscription(guildId);
  const before = existing ? settingOf(existing) : null;
  const problems: string[] = [];
  const notes: string[] = [];

  const channel = isChannel(options.channel) ? options.channel : undefined;
  const timeText = str(options.time);
  const zoneText = str(options.timezone);
  const roleId = str(options.role);
  const daysText = str(options.days);
  const tagText = str(options.tag);
  const clear = str(options.clear);
  const publish = typeof options.publish === 'boolean' ? options.publish : undefined;
  // Issue 13: the post's language: the option, else the server's language now (guild_locale), else as before.
  const languageOption = knownLanguage(str(options.language));
  const language =
    languageOption ?? (ctx.guildLocale !== undefined ? langFor(ctx.guildLocale) : (before?.language ?? null));

  if (!before) {
    const missing = [!channel ? '`channel`' : null, !timeText ? '`time`' : null].filter((m) => m !== null);
    if (missing.length > 0) {
      return reply(
        `Nothing was changed. This server has no daily post yet, so the first \`set\` needs ${missing.join(' and ')}: for example \`/aesc-daily set channel:#history time:09:00 timezone:Europe/London\`.`,
      );
    }
  }
  const time = timeText === undefined ? null : parseWallTime(timeText);
  if (timeText !== undefined && !time) {
    problems.push(`${code(timeText)} is not a time. Use 24-hour HH:MM, for example \`09:00\` or \`18:30\`.`);
  }
  const zone = zoneText === undefined ? null : canonicalTimeZone(zoneText);
  if (zoneText !== undefined && !zone) {
    problems.push(
      `${code(zoneText)} is not a time zone I know. Pick one from the list, for example \`Europe/London\` or \`America/New_York\`.`,
    );
  }
  let weekdays: number | undefined;
  if (daysText !== undefined) {
    const parsed = parseWeekdays(daysText);
    if (parsed.ok) weekdays = parsed.weekdays;
    else problems.push(parsed.message);
  }
  if (clear === 'role' && roleId !== undefined) {
    problems.push('`role` and `clear:role` contradict each other: give one of them.');
  }
  if (clear === 'tag' && tagText !== undefined) {
    problems.push('`tag` and `clear:tag` contradict each other: give one of them.');
  }
  if (problems.length > 0) return reply(`Nothing was changed.\n${problems.map((p) => `- ${p}`).join('\n')}`);

  const channelChanged = channel !== undefined && channel.id !== before?.channelId;
  const merged: DailySetting = {
    channelId: channel?.id ?? before?.channelId ?? '',
    channelType: channel?.type ?? before?.channelType ?? 0,
    time: time ? formatWallTime(time) : (before?.time ?? '09:00'),
    timezone: zone ?? before?.timezone ?? 'UTC',
    roleId: clear === 'role' ? null : (roleId ?? before?.roleId ?? null),
    weekdays: weekdays ?? before?.weekdays ?? EVERY_DAY,
    publish: publish ?? before?.publish ?? false,
    tagId: clear === 'tag' ? null : (before?.tagId ?? null),
    language,
  };
  // A kept setting that the new channel cannot have is dropped, and the answer says so (never silently).
  if (channelChanged && publish === undefined && merged.publish && merged.channelType !== 5) {
    merged.publish = false;
    notes.push('Publishing was turned off: the new channel is not an announcement channel.');
  }
  if (channelChanged && tagText === undefined && merged.tagId !== null) {
    merged.tagId = null;
    notes.push('The forum tag was removed: it belonged to the previous channel.');
  }

  const check = await checkSetting(ctx, guildId, merged, {
    ...(channel ? { channel } : {}),
    ...(tagText !== undefined ? { tagText } : {}),
  });
  if (check.problems.length > 0) {
    return reply(`Nothing was changed.\n${check.problems.map((p) => `- ${p}`).join('\n')}`);
  }
  merged.channelType = check.channelType;
  merged.tagId = check.tagId;
  notes.push(...check.notes);

  const nowMs = ctx.clock.now().getTime();
  let applied: Awaited<ReturnType<typeof applySetting>>;
  try {
    applied = await applySetting(store, guildId, merged, nowMs, ctx.invoker.interactionId, existing?.version ?? null);
  } catch (err) {
    return failureReply(err, ctx, 'set');
  }
  ctx.logger?.info({ guildId, interactionId: ctx.invoker.interactionId, setting: merged }, 'daily post set');
  const after = settingOf(applied.subscription);
  const changes = settingChanges(before, after);
  if (existing && !existing.enabled) changes.unshift('Daily post: off → on');
  if (existing?.pausedReason) changes.unshift('Daily post: paused → resumed');
  const lines = [
    `The daily post is **on**.`,
    ...(before
      ? changes.length > 0
        ? ['**Changed:**', ...changes.map((c) => `- ${c}`)]
        : ['Nothing changed: the setting was already like this.']
      : []),
    '**Setting:**',
    ...settingLines(after, check.tagName).map((l) => `- ${l}`),
    `Next post: ${ts(applied.nextPostAt)}.`,
    ...notes,
    check.unchecked
      ? `${check.unchecked}: run \`/aesc-daily test\` to make sure the post works.`
      : 'Run `/aesc-daily preview` to see the next post, or `/aesc-daily test` to post one now.',
  ];
  return reply(lines.join('\n'));
}
