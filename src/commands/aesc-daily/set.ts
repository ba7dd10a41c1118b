// `/aesc-daily set`: turn the daily post on or change it. On a server with a daily post every option is optional and
// what is not given is kept; the first `set` needs `channel` and `time`. The answer shows the whole resulting setting
// and what changed. Nothing is saved unless every check passes.
import type { ChannelOptionValue, HandlerReply, RawOptions } from '../../core/command.js';
import { type DailySetting, parseWeekdays, settingChanges, settingLines, settingOf } from '../../daily/settings.js';
import { EVERY_DAY } from '../../daily/store.js';
import { canonicalTimeZone, formatWallTime, parseWallTime } from '../../daily/time.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { knownLanguage } from '../../i18n/languages.js';
import { listOf } from '../../i18n/words.js';
import { applySetting } from './apply.js';
import { checkSetting } from './check.js';
import { code, failureReply, type HandlerContext, langOf, reply, ts } from './shared.js';

function isChannel(v: unknown): v is ChannelOptionValue {
  return typeof v === 'object' && v !== null && typeof (v as ChannelOptionValue).id === 'string';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export async function set(options: RawOptions, ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const store = ctx.daily.store;
  const existing = await store.getSubscription(guildId);
  const before = existing ? settingOf(existing) : null;
  const problems: string[] = [];
  const lang = langOf(ctx);
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
      const list =
        missing.length > 1
          ? `${listOf(lang, missing.slice(0, -1))}${t(lang, 'list.and')}${missing.at(-1)}`
          : missing[0];
      return reply(t(lang, 'daily.set.firstNeeds', { missing: list ?? '' }));
    }
  }
  const time = timeText === undefined ? null : parseWallTime(timeText);
  if (timeText !== undefined && !time) {
    problems.push(t(lang, 'daily.set.badTime', { value: code(timeText) }));
  }
  const zone = zoneText === undefined ? null : canonicalTimeZone(zoneText);
  if (zoneText !== undefined && !zone) {
    problems.push(t(lang, 'daily.set.badZone', { value: code(zoneText) }));
  }
  let weekdays: number | undefined;
  if (daysText !== undefined) {
    const parsed = parseWeekdays(daysText, lang);
    if (parsed.ok) weekdays = parsed.weekdays;
    else problems.push(parsed.message);
  }
  if (clear === 'role' && roleId !== undefined) {
    problems.push(t(lang, 'daily.set.roleConflict'));
  }
  if (clear === 'tag' && tagText !== undefined) {
    problems.push(t(lang, 'daily.set.tagConflict'));
  }
  if (problems.length > 0)
    return reply(`${t(lang, 'daily.nothingChanged')}\n${problems.map((p) => `- ${p}`).join('\n')}`);

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
    notes.push(t(lang, 'daily.set.publishOff'));
  }
  if (channelChanged && tagText === undefined && merged.tagId !== null) {
    merged.tagId = null;
    notes.push(t(lang, 'daily.set.tagRemoved'));
  }

  const check = await checkSetting(ctx, guildId, merged, {
    ...(channel ? { channel } : {}),
    ...(tagText !== undefined ? { tagText } : {}),
  });
  if (check.problems.length > 0) {
    return reply(`${t(lang, 'daily.nothingChanged')}\n${check.problems.map((p) => `- ${p}`).join('\n')}`);
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
  const changes = settingChanges(before, after, lang);
  if (existing && !existing.enabled) changes.unshift(t(lang, 'daily.offToOn'));
  if (existing?.pausedReason) changes.unshift(t(lang, 'daily.pausedToResumed'));
  const lines = [
    t(lang, 'daily.set.on'),
    ...(before
      ? changes.length > 0
        ? [t(lang, 'daily.changed'), ...changes.map((c) => `- ${c}`)]
        : [t(lang, 'daily.set.unchanged')]
      : []),
    t(lang, 'daily.settingHeader'),
    ...settingLines(after, check.tagName, lang).map((l) => `- ${l}`),
    t(lang, 'daily.nextPost', { when: ts(applied.nextPostAt) }),
    ...notes,
    check.unchecked ? t(lang, 'daily.set.unchecked', { why: check.unchecked }) : t(lang, 'daily.set.tryIt'),
  ];
  return reply(lines.join('\n'));
}
