// The storage contract of the daily post. The scheduler and the service only talk to this interface;
// src/daily/sqlite-store.ts implements it on SQLite, a PostgreSQL implementation can follow (every
// method is async for that reason, and each one is a single transaction).

export type LedgerStatus = 'claimed' | 'posted' | 'failed' | 'skipped';

/** Why a subscription stopped without the admin turning it off. */
export type PauseReason = 'permanent_failures' | 'guild_removed';

export type LastResult = 'posted' | 'failed' | 'skipped' | 'retrying';

/**
 * How a send failed:
 * - `permanent`: Discord refused for a reason only an admin can fix (50001, 50013, 10003); counts toward the pause;
 * - `rejected`: any other 4xx (a bug on our side or an odd channel); the day fails, no pause;
 * - `transient`: 5xx, 429, network, timeout; retried with backoff within the same local day.
 */
export interface SendFailure {
  kind: 'permanent' | 'rejected' | 'transient';
  /** Discord's JSON error code as a string (`50013`), or `http_503`, `network`, `timeout`, `rate_limited`, `unknown`. */
  code: string;
  message: string;
}

export interface Subscription {
  guildId: string;
  channelId: string;
  /** `HH:MM`, 24-hour. */
  time: string;
  timezone: string;
  enabled: boolean;
  pausedReason: PauseReason | null;
  /** When the scheduler should next look at this subscription (UTC ms). */
  nextDueUtc: number | null;
  /** The local date (`YYYY-MM-DD`, in `timezone`) the next post belongs to. */
  nextLocalDate: string | null;
  /** Days in a row that ended in a permanent failure. */
  consecutiveFailures: number;
  lastResult: LastResult | null;
  lastResultAt: number | null;
  lastError: SendFailure | null;
  lastPostedAt: number | null;
  lastMessageId: string | null;
  /** Bumped by every admin change; the scheduler only moves `nextDueUtc` of the version it read. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** The slice of a subscription the scheduler needs for a due row (kept small: a tick reads many). */
export interface DueSubscription {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  nextLocalDate: string | null;
  version: number;
}

export interface LedgerEntry {
  guildId: string;
  localDate: string;
  status: LedgerStatus;
  messageId: string | null;
  claimedAt: number | null;
  claimOwner: string | null;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: SendFailure | null;
  updatedAt: number;
}

export interface SaveSubscriptionInput {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  nextDueUtc: number;
  nextLocalDate: string;
}

/** One due subscription's work in a claim batch; all fields optional, applied in this order. */
export interface ClaimItem {
  guildId: string;
  /** A passed local date to close: `skipped` when nothing happened, `failed` when it was still being retried. */
  closeDate?: string;
  /** The local date to claim now. */
  claimDate?: string;
  /** Move the subscription (only if still at `version`) when nothing is claimed. */
  reschedule?: { dueMs: number; localDate: string; version: number };
}

export type ClaimOutcome =
  | { kind: 'claimed'; attempts: number }
  /** Already settled for that date (another process, or before a restart). */
  | { kind: 'done'; status: Exclude<LedgerStatus, 'claimed'> }
  /** Another owner holds a live lease, or a retry is scheduled later; `until` is when to look again. */
  | { kind: 'busy'; until: number }
  | { kind: 'none' };

export type PostOutcome =
  | { kind: 'posted'; messageId: string }
  | { kind: 'failed'; error: SendFailure }
  | { kind: 'retry'; error: SendFailure; nextAttemptAt: number };

export interface RecordOutcomeInput {
  guildId: string;
  localDate: string;
  owner: string;
  now: number;
  /** The subscription version the scheduler read; scheduling fields only move if it still matches. */
  version: number;
  outcome: PostOutcome;
  /** Where the subscription goes next once the day is settled (posted/failed). */
  next?: { dueMs: number; localDate: string };
  /** Pause after this many days in a row of permanent failures. */
  pauseAfter: number;
}

export interface DailyStore {
  getSubscription(guildId: string): Promise<Subscription | null>;
  /** Turn on or update; clears pause and the failure count, bumps the version. Durable when it resolves. */
  saveSubscription(input: SaveSubscriptionInput, now: number): Promise<Subscription>;
  /** Turn off, keeping the settings. False when there is no subscription. */
  disable(guildId: string, now: number): Promise<boolean>;
  /** Pause (kept, not deleted). False when there is no subscription. */
  pause(guildId: string, reason: PauseReason, now: number): Promise<boolean>;
  /** Enabled, unpaused subscriptions with `nextDueUtc <= now`, earliest first. Reads only due rows (index). */
  listDue(now: number, limit: number): Promise<DueSubscription[]>;
  getLedger(guildId: string, localDate: string): Promise<LedgerEntry | null>;
  /**
   * In one transaction, for each item: close a passed day, claim a date (insert the ledger row, or take over a
   * released/expired claim), or reschedule. A claimed subscription's `nextDueUtc` moves to `now + leaseMs`
   * so no process looks at it again before the lease ends.
   */
  claim(items: readonly ClaimItem[], owner: string, now: number, leaseMs: number): Promise<ClaimOutcome[]>;
  /** Settle a claimed day (or schedule its retry) and update the subscription, in one transaction. */
  recordOutcome(input: RecordOutcomeInput): Promise<void>;
  /** Move a subscription on without posting (its date was already settled). */
  advance(guildId: string, version: number, next: { dueMs: number; localDate: string }): Promise<void>;
  /** Delete ledger rows for local dates before `localDate`; returns how many. */
  pruneLedger(beforeLocalDate: string): Promise<number>;
  close(): Promise<void>;
}
