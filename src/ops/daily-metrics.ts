// Daily-post metrics without touching the scheduler's logic: the store is wrapped so every recorded outcome is
// counted (failed by code; paused when the store paused the subscription), and the tick hook times each tick.
import type { DailyStore, RecordOutcomeInput } from '../daily/store.js';
import type { BotMetrics, TickCounts } from './metrics.js';

/**
 * The same store, counting `recordOutcome` calls into `metrics`: a failed day by its code, and `paused` when that
 * failure paused the subscription (one extra read, only after a permanent failure). Everything else passes through.
 */
export function observeDailyStore<T extends DailyStore>(store: T, metrics: BotMetrics): T {
  const recordOutcome = async (input: RecordOutcomeInput): Promise<void> => {
    await store.recordOutcome(input);
    const { outcome } = input;
    if (outcome.kind !== 'failed') return;
    metrics.recordPostFailure(outcome.error.code);
    if (outcome.error.kind !== 'permanent') return;
    try {
      const sub = await store.getSubscription(input.guildId);
      if (sub?.pausedReason === 'permanent_failures' && sub.consecutiveFailures === input.pauseAfter) {
        metrics.recordPaused();
      }
    } catch {
      // only a metric
    }
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'recordOutcome') return recordOutcome;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** For the scheduler's tick hook: a finished tick's counts, or a failed tick. */
export function tickObserver(metrics: BotMetrics) {
  return (result: TickCounts | null, durationMs: number): void => {
    if (result) metrics.recordTick(result);
    else metrics.recordTickFailure(durationMs);
  };
}
