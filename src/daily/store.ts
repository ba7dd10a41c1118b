import type { StoreHealth } from './health.js';

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

/**
 * How and where each day's post is delivered (issue 12). Stored with the subscription; `set` only changes what it
 * is given, so every field keeps its value until an admin changes it.
 */
export interface DeliverySettings {
  /**
   * Discord channel type of `channelId` when it was chosen: 0 text, 5 announcement (plain message); 10/11/12 thread
   * (the post goes into the thread); 15 forum, 16 media (each day starts a new post titled with the local date).
   */
  channelType: number;
  /** Role mentioned in each post (`allowed_mentions: { parse: [], roles: [roleId] }`), or null for none. */
  roleId: string | null;
  /** Days of the week that get a post: bit 0 Monday ... bit 6 Sunday. 127 (`EVERY_DAY`) is every day. */
  weekdays: number;
  /** Announcement channels only: crosspost each day's message to the following servers. */
  publish: boolean;
  /** Forum/media channels only: the id of a tag of that channel applied to each day's post, or null. */
  tagId: string | null;
  /**
   * The language the post is written in (a catalogue language: `en`, `ja`; issue 13), from the server's
   * `guild_locale` when `/aesc-daily set` ran or its `language` option; null (or absent) means English.
   */
  language?: string | null;
}

/** `weekdays` of a subscription that posts every day. */
export const EVERY_DAY = 0b111_1111;

/** The last `/aesc-daily test` and how it went. */
export interface TestRecord {
  at: number;
  ok: boolean;
  /** Where the test post went (the channel, or the thread a forum test post created). */
  channelId: string;
  messageId: string | null;
  error: SendFailure | null;
}

export interface Subscription extends DeliverySettings {
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
  /** The last `/aesc-daily test`, null before the first one. */
  lastTest: TestRecord | null;
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
  /** How to deliver (the scheduler hands these to `deliverDailyPost`, src/daily/delivery.ts). */
  channelType: number;
  roleId: string | null;
  weekdays: number;
  publish: boolean;
  tagId: string | null;
  /** The post's language (issue 13); null or absent: English. */
  language?: string | null;
}

/**
 * Publishing (crossposting) of a posted day in an announcement channel, tracked apart from the post itself so a
 * failed or rate-limited crosspost is retried later the same day without ever posting a second message.
 */
export interface CrosspostState {
  state: 'pending' | 'done' | 'failed';
  attempts: number;
  /** When to try again (`pending` only). */
  nextAttemptAt: number | null;
  lastError: SendFailure | null;
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
  /** Where the day's message is (the channel, or the thread a forum post created); null until posted. */
  postChannelId: string | null;
  /** Null when the day was not to be published. */
  crosspost: CrosspostState | null;
}

/**
 * The whole setting `set` writes. The delivery fields are optional: `undefined` keeps the stored value (defaults on
 * the first save: channel type 0, no role, every day, no publishing, no tag); `null` clears a role or tag.
 */
export interface SaveSubscriptionInput extends Partial<DeliverySettings> {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  nextDueUtc: number;
  nextLocalDate: string;
  /**
   * The interaction that asked for it (issue 8 item 15). Recorded in the same transaction as the change; when it
   * was recorded before (a duplicate delivery), nothing changes and `DuplicateInteractionError` is thrown.
   */
  interactionId?: string;
  /**
   * Optimistic concurrency: the subscription's `version` the caller read (null: there was none). When it changed in
   * the meantime (another admin saved first), nothing changes and `ConcurrentChangeError` is thrown. Checked in the
   * same transaction as the change. Undefined: no check.
   */
  expectedVersion?: number | null;
}

/** The subscription changed since the caller read it (`expectedVersion`); nothing was saved. */
export class ConcurrentChangeError extends Error {
  constructor(
    readonly guildId: string,
    readonly expected: number | null,
    readonly actual: number | null,
  ) {
    super(`subscription ${guildId} is at version ${actual}, not ${expected}`);
    this.name = 'ConcurrentChangeError';
  }
}

/** A side effect was already applied for this interaction id (a gateway replay, or two processes on one shard). */
export class DuplicateInteractionError extends Error {
  constructor(readonly interactionId: string) {
    super(`interaction ${interactionId} was already handled`);
    this.name = 'DuplicateInteractionError';
  }
}

/** An import waiting for its admin's Confirm (issue 12 section 4). */
export interface PendingImport {
  /** Random id carried by the Confirm/Cancel buttons. */
  id: string;
  guildId: string;
  /** Only this user may confirm. */
  userId: string;
  /** The validated settings, as JSON (src/daily/export.ts). */
  payload: string;
  createdAt: number;
}

/** What is done to a pending crosspost. */
export type CrosspostUpdate =
  | { state: 'done' }
  | { state: 'failed'; error: SendFailure }
  | { state: 'pending'; error: SendFailure; nextAttemptAt: number };

/** A day whose message is posted but not yet published. */
export interface DueCrosspost {
  guildId: string;
  localDate: string;
  channelId: string;
  messageId: string;
  timezone: string;
  attempts: number;
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
  | {
      kind: 'posted';
      messageId: string;
      /** Where the message is when not the subscription's channel (a forum post's thread). */
      channelId?: string;
      /** Publishing after the post (announcement channels with `publish`); absent when not asked for. */
      crosspost?: CrosspostUpdate;
    }
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
  /**
   * Turn off, keeping the settings. False when there is no subscription. With `interactionId`, recorded in the same
   * transaction; a duplicate throws `DuplicateInteractionError` and changes nothing.
   */
  disable(guildId: string, now: number, interactionId?: string): Promise<boolean>;
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

  // ---- issue 12 / issue 8 item 15 -------------------------------------------------------------------------

  /** The guild's ledger rows, newest local date first, at most `limit` (`status` shows the last 7 attempts). */
  listLedger(guildId: string, limit: number): Promise<LedgerEntry[]>;
  /**
   * Record that `interactionId` is being handled (for side effects that cannot share a transaction with the
   * database, like `test`'s post). True the first time, false for a duplicate. Ids older than a day are pruned.
   */
  claimInteraction(interactionId: string, guildId: string, kind: string, now: number): Promise<boolean>;
  /** Store the last `test` result on the subscription (no version bump; scheduling untouched). */
  recordTest(guildId: string, test: TestRecord): Promise<void>;
  /** Keep an import until its admin confirms or cancels it; drops imports older than 15 minutes. */
  savePendingImport(pending: PendingImport): Promise<void>;
  /**
   * Remove and return a pending import of `userId` if it exists and is not older than `maxAgeMs`. `'wrong_user'`
   * (and the import is kept) when it belongs to someone else; null when there is none or it expired (then removed).
   */
  takePendingImport(
    id: string,
    userId: string,
    now: number,
    maxAgeMs: number,
  ): Promise<PendingImport | 'wrong_user' | null>;
  /** Posted days whose crosspost is pending and due (`nextAttemptAt <= now`), earliest first. */
  listDueCrossposts(now: number, limit: number): Promise<DueCrosspost[]>;
  /** Settle or reschedule a pending crosspost. Only changes rows still `pending`. */
  recordCrosspost(guildId: string, localDate: string, update: CrosspostUpdate, now: number): Promise<void>;

  // ---- issue 8 (hardening) ----------------------------------------------------------------------------------

  /**
   * Optional: what the store knows about its own health, merged into `DailyService.health()` (`/healthz`). A problem
   * (the database file deleted or replaced, unwritable) means writes are refused until an operator acts; a warning
   * (a damaged write-ahead log found at start, and what it lost) is reported but writes go on. Every write that is
   * refused or fails throws; no write is acknowledged unless it is in the database.
   */
  health?(): StoreHealth;
  close(): Promise<void>;
}
