// Saving a whole setting (`set`, `import` Confirm): the next post respects the days of the week and never repeats a
// day already settled; the interaction id goes into the same transaction (issue 8 item 15).
import { type DailySetting, nextPostDue } from '../../daily/settings.js';
import type { DailyStore, Subscription } from '../../daily/store.js';
import { addDays, formatLocalDate, localDateAt, parseWallTime } from '../../daily/time.js';

export interface Applied {
  subscription: Subscription;
  nextPostAt: number;
}

/** The next post of `setting` from `nowMs`: today if its time is ahead and today is not settled, else later. */
export async function nextPostOf(
  store: Pick<DailyStore, 'getLedger'>,
  guildId: string,
  setting: Pick<DailySetting, 'time' | 'timezone' | 'weekdays'>,
  nowMs: number,
): Promise<{ dueMs: number; localDate: string } | null> {
  const time = parseWallTime(setting.time);
  if (!time) return null;
  const today = localDateAt(nowMs, setting.timezone);
  const ledger = await store.getLedger(guildId, formatLocalDate(today));
  const start = ledger && ledger.status !== 'claimed' ? addDays(today, 1) : today;
  const next = nextPostDue(start, time, setting.timezone, nowMs, setting.weekdays);
  return { dueMs: next.dueMs, localDate: formatLocalDate(next.localDate) };
}

/** Save (turn on) `setting`. Throws what the store throws (DuplicateInteractionError, disk errors). */
export async function applySetting(
  store: Pick<DailyStore, 'getLedger' | 'saveSubscription'>,
  guildId: string,
  setting: DailySetting,
  nowMs: number,
  interactionId?: string,
  /** The version the admin's change is based on (null: there was no daily post); see SaveSubscriptionInput. */
  expectedVersion?: number | null,
): Promise<Applied> {
  const next = await nextPostOf(store, guildId, setting, nowMs);
  if (!next) throw new Error(`invalid time ${setting.time}`);
  const subscription = await store.saveSubscription(
    {
      guildId,
      channelId: setting.channelId,
      time: setting.time,
      timezone: setting.timezone,
      nextDueUtc: next.dueMs,
      nextLocalDate: next.localDate,
      channelType: setting.channelType,
      roleId: setting.roleId,
      weekdays: setting.weekdays,
      publish: setting.publish,
      tagId: setting.tagId,
      ...(setting.language !== undefined ? { language: setting.language } : {}),
      ...(interactionId !== undefined ? { interactionId } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    },
    nowMs,
  );
  return { subscription, nextPostAt: next.dueMs };
}
