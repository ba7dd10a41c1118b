// The minute tick that posts the daily entries, exactly once per (guild, local date).
//
// Exactly-once, in layers:
// 1. Each tick reads only due subscriptions (`next_due_utc <= now`, partial index), so the cost follows the
//    posts due, not the number of subscriptions.
// 2. Before sending, a ledger row (guild, local date) is claimed in a transaction. A settled row (posted,
//    failed, skipped) is never sent again; a live claim of another process is left alone. A claim left by a
//    crashed process is taken over after the lease.
// 3. The send carries a nonce derived from (guild, local date) with `enforce_nonce: true`, so a resend after
//    a crash between "Discord created the message" and "ledger says posted" returns the existing message
//    instead of creating a second one, but only within Discord's dedupe window ("the past few minutes").
// 4. So every re-send (attempt 2 and later: a takeover after a crash, a retry after a timeout) first looks in
//    the channel for the day's post (the bot's latest messages, matched by the marker every daily post carries,
//    `stampDailyMarker`) and records it instead of sending when it is there. A passed day still claimed (the
//    bot died mid-send and came back the next day) is resolved by the same look-up: posted, or failed in words.
// 5. Several processes: each one only schedules the guilds `ownsGuild` says it owns; if two race anyway,
//    step 2 lets only one through.
//
// Independence: the minute tick only reads and claims; the sends run in the background, one at a time per
// subscription and many at once overall, each with a deadline that really ends it (`untilAborted`). A channel
// that hangs or is rate limited for an hour holds only its own post, never the tick or another server's post.
// A 401 from Discord is fatal: the scheduler stops claiming, `health()` says so, and `onFatal` runs once.
import { hostname } from 'node:os';
import { Cron } from 'croner';
import { ChannelType, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Clock } from '../core/command.js';
import { untilAborted } from './abort.js';
import { deliveryKind } from './delivery.js';
import type { DailyHealth, DailyProblem } from './health.js';
import { classifySendError, type DailySender, dailyNonce, stampDailyMarker, UNAUTHORIZED_CODE } from './sender.js';
import type { ClaimItem, DailyStore, DueSubscription, LedgerEntry, PostOutcome, SendFailure } from './store.js';
import {
  addDays,
  formatLocalDate,
  isWeekdayIn,
  type LocalDate,
  localDateAt,
  nextDueFrom,
  parseLocalDate,
  parseWallTime,
  postInstant,
} from './time.js';

/** Builds the message for a local date (the lead's `buildDailyPost`, shared with `/aesc today`). */
/** `language`: the subscription's post language (issue 13; null or absent: English). */
export type BuildDailyPost = (
  localDate: LocalDate,
  now: Date,
  language?: string | null,
) => RESTPostAPIChannelMessageJSONBody;

export interface SchedulerOptions {
  store: DailyStore;
  sender: DailySender;
  buildPost: BuildDailyPost;
  clock: Clock;
  /** Which guilds this process schedules (sharding); default: all. */
  ownsGuild?: (guildId: string) => boolean;
  logger?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** How long a claim protects a send in flight before another process may take it over. Default 2 min. */
  leaseMs?: number;
  /** Days in a row of permanent failures before the subscription pauses. Default 3. */
  pauseAfter?: number;
  /** Transient failures: first retry after this delay, doubling up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Subscriptions claimed per transaction (then sent before claiming more, so leases stay fresh). */
  batchSize?: number;
  /** Sends in flight at once (default 16). A hanging send holds one until its deadline (`sendTimeoutMs`). */
  concurrency?: number;
  /** Most due rows read per tick. */
  maxDuePerTick?: number;
  /** Keep ledger rows this many days. */
  ledgerRetentionDays?: number;
  /** Identifies this process's claims. */
  owner?: string;
  /** Told after every cron/catch-up tick (metrics): its result, or null when it threw. Must not throw. */
  onTick?: (result: TickResult | null, durationMs: number) => void;
  /** The longest one send (or look-up) may take; then it is abandoned and retried later the same day. Default 20 s. */
  sendTimeoutMs?: number;
  /** On `stop()`, how long sends in flight may still finish before they are aborted (and retried). Default 5 s. */
  stopGraceMs?: number;
  /**
   * Runs once when Discord rejects the bot's token (401). The process wiring exits with code 1 there, so that a
   * supervisor restarts the bot once the token is fixed (docs/daily.md). Posting stops either way.
   */
  onFatal?: (problem: DailyProblem) => void;
}

export interface TickResult {
  due: number;
  claimed: number;
  posted: number;
  failed: number;
  retrying: number;
  skipped: number;
  busy: number;
  alreadyDone: number;
  notOwned: number;
  durationMs: number;
}

/** A tick's counters before it has done anything. */
export function emptyTickResult(): TickResult {
  return {
    due: 0,
    claimed: 0,
    posted: 0,
    failed: 0,
    retrying: 0,
    skipped: 0,
    busy: 0,
    alreadyDone: 0,
    notOwned: 0,
    durationMs: 0,
  };
}

/** A send must end this long before its claim's lease does. */
const LEASE_MARGIN_MS = 15_000;

/** Ticks in a row that must fail before `health()` reports it (one failed tick is retried a minute later). */
const FAILING_TICKS = 2;

/** What a still-claimed passed day records when no earlier post is found and no error was recorded. */
const INTERRUPTED: SendFailure = {
  kind: 'transient',
  code: 'interrupted',
  message: 'the bot stopped while posting and the day ended before it could try again',
};

/** At most `limit` tasks at once; the rest wait in order. A task that hangs holds one slot until its deadline. */
class TaskPool {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }
}

/** Cron for 1 tick a minute at second 0. */
const EVERY_MINUTE = '0 * * * * *';

/** A per-process claim owner id: host, pid and a random part (two schedulers in one process differ too). */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
}

/** `(BigInt(id) >> 22n) % shardCount === shardId`: the guilds a discord.js shard owns. */
export function shardOwnership(shardIds: readonly number[], shardCount: number): (guildId: string) => boolean {
  const ids = new Set(shardIds.map((s) => BigInt(s)));
  const count = BigInt(shardCount);
  return (guildId) => {
    try {
      return ids.has((BigInt(guildId) >> 22n) % count);
    } catch {
      return false;
    }
  };
}

const noopLogger = { info() {}, warn() {}, error() {}, debug() {} };

interface Work {
  sub: DueSubscription;
  localDate: string;
  /** Attempts so far for this date, this one included. */
  attempts: number;
  /** When the claim was taken (its lease runs from here). */
  claimedAt: number;
}

export class DailyScheduler {
  readonly owner: string;
  private readonly store: DailyStore;
  private readonly sender: DailySender;
  private readonly buildPost: BuildDailyPost;
  private readonly clock: Clock;
  private readonly ownsGuild: (guildId: string) => boolean;
  private readonly logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  readonly leaseMs: number;
  private readonly pauseAfter: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxDuePerTick: number;
  private readonly retentionDays: number;
  private readonly onTick: ((result: TickResult | null, durationMs: number) => void) | undefined;
  private readonly sendTimeoutMs: number;
  private readonly stopGraceMs: number;
  private onFatal: ((problem: DailyProblem) => void) | undefined;
  private readonly pool: TaskPool;
  /** Sends (and their recording) in flight, from every tick. */
  private readonly inflight = new Set<Promise<void>>();
  /** Aborted by `stop()` once the grace period is over. */
  private stopController = new AbortController();
  private cron: Cron | null = null;
  private running: Promise<unknown> | null = null;
  private lastPruneDay = '';
  private fatal: DailyProblem | null = null;
  private failedTicks: { count: number; since: number; error: string } | null = null;
  /** For health checks: when the last tick finished and how it went. */
  lastTick: { at: Date; result: TickResult | null; error: string | null } | null = null;

  constructor(opts: SchedulerOptions) {
    this.store = opts.store;
    this.sender = opts.sender;
    this.buildPost = opts.buildPost;
    this.clock = opts.clock;
    this.ownsGuild = opts.ownsGuild ?? (() => true);
    this.logger = opts.logger ?? noopLogger;
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.pauseAfter = opts.pauseAfter ?? 3;
    this.retryDelayMs = opts.retryDelayMs ?? 60_000;
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? 30 * 60_000;
    this.batchSize = opts.batchSize ?? 500;
    this.concurrency = opts.concurrency ?? 16;
    this.maxDuePerTick = opts.maxDuePerTick ?? 20_000;
    this.retentionDays = opts.ledgerRetentionDays ?? 60;
    this.owner = opts.owner ?? newOwnerId();
    this.onTick = opts.onTick;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 20_000;
    this.stopGraceMs = opts.stopGraceMs ?? 5_000;
    this.onFatal = opts.onFatal;
    this.pool = new TaskPool(this.concurrency);
  }

  /**
   * Not ok once Discord rejected the token (until a restart) or when the last ticks failed. The service adds the
   * store's own problems.
   */
  health(): DailyHealth {
    const problems: DailyProblem[] = [];
    if (this.fatal) problems.push(this.fatal);
    if (this.failedTicks && this.failedTicks.count >= FAILING_TICKS) {
      problems.push({
        code: 'ticks_failing',
        message: `The last ${this.failedTicks.count} daily ticks failed: ${this.failedTicks.error}`,
        since: this.failedTicks.since,
      });
    }
    return { ok: problems.length === 0, problems, warnings: [] };
  }

  /**
   * Who hears about a fatal problem (the process wiring: exit 1 for the supervisor); replaces the `onFatal` option.
   * Told at once when it already happened.
   */
  setFatalListener(listener: (problem: DailyProblem) => void): void {
    this.onFatal = listener;
    if (this.fatal) listener(this.fatal);
  }

  private markUnauthorized(error: SendFailure, guildId: string): void {
    if (this.fatal) return;
    this.fatal = {
      code: 'discord_unauthorized',
      message:
        'Discord rejected the bot token (401 Unauthorized) while sending a daily post: DISCORD_TOKEN was reset or is wrong. ' +
        'Daily posts are stopped. Set a valid DISCORD_TOKEN and restart the bot; the posts of today are retried then.',
      since: this.clock.now().getTime(),
    };
    this.logger.error({ guildId, code: error.code, err: error.message }, this.fatal.message);
    try {
      this.onFatal?.(this.fatal);
    } catch (err) {
      this.logger.error({ err }, 'daily onFatal handler threw');
    }
  }

  private notifyTick(result: TickResult | null, durationMs: number): void {
    try {
      this.onTick?.(result, durationMs);
    } catch {
      // an observer (metrics) that throws is ignored
    }
  }

  /** Tick once now (catch-up after a restart), then at second 0 of every minute; ticks never overlap. */
  start(): void {
    if (this.cron) return;
    if (this.stopController.signal.aborted) this.stopController = new AbortController();
    this.cron = new Cron(EVERY_MINUTE, { protect: true, name: `aesc-daily-${this.owner}` }, () =>
      this.safeTick(this.clock.now()),
    );
    void this.safeTick(this.clock.now());
  }

  /**
   * Stop ticking, wait for a tick's claims to finish, give sends in flight `stopGraceMs` to finish, then abort the
   * rest (each records a retry, so the post goes out after the restart, found by the look-up if it was created).
   */
  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = null;
    await this.running;
    if (this.inflight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.stopGraceMs);
      });
      await Promise.race([Promise.allSettled([...this.inflight]), grace]);
      clearTimeout(timer);
      this.stopController.abort(new Error('the bot is shutting down'));
      await Promise.allSettled([...this.inflight]);
    }
  }

  /** The cron path: claim now, let the sends run in the background (the next tick never waits for them). */
  private async safeTick(now: Date): Promise<void> {
    if (this.running) return; // the catch-up tick and a cron tick must not overlap either
    const begun = performance.now();
    const p = this.claimPhase(now).then(
      ({ result, sends, started }) => {
        this.failedTicks = null;
        this.lastTick = { at: now, result, error: null };
        const settled = Promise.allSettled(sends).then(() => {
          result.durationMs = performance.now() - started;
          if (result.claimed + result.skipped + result.retrying > 0) this.logger.info({ daily: result }, 'daily tick');
          this.notifyTick(result, result.durationMs);
        });
        this.track(settled);
      },
      (err: unknown) => {
        this.lastTick = { at: now, result: null, error: String(err) };
        this.failedTicks = {
          count: (this.failedTicks?.count ?? 0) + 1,
          since: this.failedTicks?.since ?? now.getTime(),
          error: err instanceof Error ? err.message : String(err),
        };
        this.logger.error({ err }, 'daily tick failed; the next tick tries again');
        this.notifyTick(null, performance.now() - begun);
      },
    );
    this.running = p;
    try {
      await p;
    } finally {
      this.running = null;
    }
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /**
   * One pass: find due subscriptions, settle passed days, claim, send, record; resolves once this tick's sends are
   * recorded. Tests and benchmarks call it directly; the minute cron does not wait for the sends.
   */
  async tick(now: Date = this.clock.now()): Promise<TickResult> {
    const { result, sends, started } = await this.claimPhase(now);
    await Promise.all(sends);
    result.durationMs = performance.now() - started;
    return result;
  }

  /** Claim what is due and start its sends; returns without waiting for them. */
  private async claimPhase(now: Date): Promise<{ result: TickResult; sends: Promise<void>[]; started: number }> {
    const started = performance.now();
    const result = emptyTickResult();
    const sends: Promise<void>[] = [];
    // The token was rejected: nothing is claimed (so nothing is marked failed) until a restart with a valid one.
    if (this.fatal) return { result, sends, started };
    const nowMs = now.getTime();
    const due = await this.store.listDue(nowMs, this.maxDuePerTick);
    result.due = due.length;
    for (let i = 0; i < due.length; i += this.batchSize) {
      // Claim the next batch only once this one's sends have started (leases stay fresh); a send that hangs has
      // started, so it never holds the next batch up.
      while (this.pool.waiting > 0) await new Promise((r) => setTimeout(r, 5));
      const batch = due.slice(i, i + this.batchSize);
      const work = await this.claimBatch(batch, nowMs, result);
      for (const w of work) {
        const p = this.pool
          .run(() => this.sendOne(w, now, result))
          .catch((err: unknown) => {
            // Only the store can throw here (recording the outcome). The claim's lease runs out and the look-up of
            // the next attempt finds the post if it was made.
            this.logger.error({ err, guildId: w.sub.guildId, localDate: w.localDate }, 'daily post: recording failed');
          });
        this.track(p);
        sends.push(p);
      }
    }
    await this.maybePrune(nowMs);
    // Issue 12: publishing (crossposting) that failed for now is retried here, later the same day; the post itself is
    // never sent again from this step.
    if (this.sender.retryCrossposts) {
      const p = this.sender.retryCrossposts(this.store, nowMs).then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err }, 'daily crosspost retries failed; the next tick tries again'),
      );
      this.track(p);
      sends.push(p);
    }
    return { result, sends, started };
  }

  /** Decide what each due subscription needs and claim in one transaction. Returns what to send. */
  async claimBatch(batch: readonly DueSubscription[], nowMs: number, result: TickResult): Promise<Work[]> {
    const items: ClaimItem[] = [];
    const claimFor: (DueSubscription | null)[] = [];
    const passed: { sub: DueSubscription; date: string }[] = [];
    // Many subscriptions share a zone: compute each zone's local date once per batch.
    const todayByZone = new Map<string, string>();
    for (const sub of batch) {
      if (!this.ownsGuild(sub.guildId)) {
        result.notOwned++;
        continue;
      }
      const time = parseWallTime(sub.time);
      if (!time || !sub.nextLocalDate) continue;
      let today = todayByZone.get(sub.timezone);
      if (today === undefined) {
        today = formatLocalDate(localDateAt(nowMs, sub.timezone));
        todayByZone.set(sub.timezone, today);
      }
      const item: ClaimItem = { guildId: sub.guildId };
      if (sub.nextLocalDate < today) {
        // Downtime (or retries) ran past the end of that day: close it, never post it late.
        item.closeDate = sub.nextLocalDate;
        passed.push({ sub, date: sub.nextLocalDate });
        result.skipped++;
        const todayDate = parseLocalDate(today);
        const dueToday = isWeekdayIn(todayDate, sub.weekdays) ? postInstant(todayDate, time, sub.timezone) : null;
        if (dueToday !== null && dueToday <= nowMs) item.claimDate = today;
        else {
          const next = nextDueFrom(todayDate, time, sub.timezone, nowMs, sub.weekdays);
          item.reschedule = { dueMs: next.dueMs, localDate: formatLocalDate(next.localDate), version: sub.version };
        }
      } else if (sub.nextLocalDate === today) {
        item.claimDate = today;
      } else {
        // Due early for a future date (clock moved back): look again when it is really due.
        const date = parseLocalDate(sub.nextLocalDate);
        const dueMs = postInstant(date, time, sub.timezone) ?? nextDueFrom(date, time, sub.timezone, nowMs).dueMs;
        item.reschedule = { dueMs, localDate: sub.nextLocalDate, version: sub.version };
      }
      items.push(item);
      claimFor.push(item.claimDate !== undefined ? sub : null);
    }
    if (passed.length > 0) await Promise.all(passed.map((p) => this.resolvePassedClaim(p.sub, p.date, nowMs)));
    const outcomes = await this.store.claim(items, this.owner, nowMs, this.leaseMs);
    const work: Work[] = [];
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i];
      const sub = claimFor[i];
      const item = items[i];
      if (!outcome || !sub || !item?.claimDate) continue;
      switch (outcome.kind) {
        case 'claimed':
          result.claimed++;
          work.push({ sub, localDate: item.claimDate, attempts: outcome.attempts, claimedAt: nowMs });
          break;
        case 'busy':
          result.busy++;
          break;
        case 'done': {
          result.alreadyDone++;
          const next = this.nextAfter(sub, item.claimDate, nowMs);
          if (next) await this.store.advance(sub.guildId, sub.version, next);
          break;
        }
        case 'none':
          break;
      }
    }
    return work;
  }

  private nextAfter(
    sub: DueSubscription,
    localDate: string,
    nowMs: number,
  ): { dueMs: number; localDate: string } | null {
    const time = parseWallTime(sub.time);
    if (!time) return null;
    const n = nextDueFrom(addDays(parseLocalDate(localDate), 1), time, sub.timezone, nowMs, sub.weekdays);
    return { dueMs: n.dueMs, localDate: formatLocalDate(n.localDate) };
  }

  /**
   * A passed day that is still claimed (the bot died mid-send and came back after the day ended): look for the
   * post in the channel. Found: record it as posted. Not found: failed, with the last error in words (never
   * "unknown"). It is never sent any more. A look-up or store failure leaves it to the claim's close (failed).
   */
  private async resolvePassedClaim(sub: DueSubscription, localDate: string, nowMs: number): Promise<void> {
    let entry: LedgerEntry | null;
    try {
      entry = await this.store.getLedger(sub.guildId, localDate);
    } catch {
      return;
    }
    if (entry?.status !== 'claimed') return;
    const found = await this.lookUp(sub, localDate, AbortSignal.timeout(Math.min(this.sendTimeoutMs, 10_000))).catch(
      () => null,
    );
    const outcome: PostOutcome = found
      ? { kind: 'posted', messageId: found.id }
      : { kind: 'failed', error: entry.lastError ?? INTERRUPTED };
    if (found) {
      this.logger.info(
        { guildId: sub.guildId, localDate, messageId: found.id },
        'daily post: a passed day left claimed was posted after all; recorded',
      );
    }
    await this.store
      .recordOutcome({
        guildId: sub.guildId,
        localDate,
        owner: this.owner,
        now: nowMs,
        version: sub.version,
        outcome,
        pauseAfter: this.pauseAfter,
      })
      .catch((err: unknown) => this.logger.warn({ err, guildId: sub.guildId }, 'daily: could not settle a passed day'));
  }

  /** The day's post an earlier attempt made, if the sender can look and the delivery kind is a message. */
  private async lookUp(sub: DueSubscription, localDate: string, signal: AbortSignal): Promise<{ id: string } | null> {
    if (!this.sender.findPost || deliveryKind(sub.channelType) === 'forum') return null; // forums: delivery.ts looks
    return untilAborted(this.sender.findPost(sub.channelId, localDate, signal), signal);
  }

  private async sendOne({ sub, localDate, attempts, claimedAt }: Work, now: Date, result: TickResult): Promise<void> {
    const nowMs = now.getTime();
    let outcome: PostOutcome;
    // Never send once the lease is nearly over: another process may take the claim over after it.
    const margin = Math.min(LEASE_MARGIN_MS, this.leaseMs / 4);
    const remaining = claimedAt + this.leaseMs - margin - this.clock.now().getTime();
    if (remaining <= 0) {
      await this.store.recordOutcome({
        guildId: sub.guildId,
        localDate,
        owner: this.owner,
        now: nowMs,
        version: sub.version,
        outcome: {
          kind: 'retry',
          error: { kind: 'transient', code: 'timeout', message: 'lease ran out before the send' },
          nextAttemptAt: this.clock.now().getTime(),
        },
        pauseAfter: this.pauseAfter,
      });
      result.retrying++;
      return;
    }
    // A deadline that really ends the send (and the look-up): a 429's retry_after or a hanging response hold only
    // this post, and never past the lease. `stop()` aborts it too.
    const signal = AbortSignal.any([
      AbortSignal.timeout(Math.min(this.sendTimeoutMs, remaining)),
      this.stopController.signal,
    ]);
    try {
      // A re-send: the nonce only helps within Discord's few minutes, so look for the post first. A look-up that
      // fails for a passing reason means "try again later" (never send blind); any other failure (no access to the
      // channel's history...) leaves it to the send, which gets the same answer if the channel is unusable.
      let earlier: { id: string } | null = null;
      if (attempts > 1) {
        try {
          earlier = await this.lookUp(sub, localDate, signal);
        } catch (err) {
          if (classifySendError(err).kind === 'transient') throw err;
          this.logger.warn(
            { guildId: sub.guildId, channelId: sub.channelId, localDate, err },
            'daily post: could not look for an earlier attempt; sending with the nonce alone',
          );
        }
      }
      if (earlier) {
        this.logger.info(
          { guildId: sub.guildId, channelId: sub.channelId, localDate, messageId: earlier.id, attempts },
          'daily post: an earlier attempt had posted it; recorded, not sent again',
        );
        outcome = {
          kind: 'posted',
          messageId: earlier.id,
          // It may not have been published yet: the crosspost step retries it ("already crossposted" is done).
          ...(sub.publish && sub.channelType === ChannelType.GuildAnnouncement
            ? { crosspost: { state: 'pending', error: INTERRUPTED, nextAttemptAt: nowMs } as const }
            : {}),
        };
      } else {
        const date = parseLocalDate(localDate);
        const body = stampDailyMarker(
          {
            ...this.buildPost(date, now, sub.language ?? null),
            nonce: dailyNonce(sub.guildId, localDate),
            enforce_nonce: true,
          },
          localDate,
        );
        const { guildId, channelId, channelType, roleId, weekdays, publish, tagId } = sub;
        const sent = await untilAborted(
          this.sender.send(sub.channelId, body, signal, {
            target: { guildId, channelId, channelType, roleId, weekdays, publish, tagId },
            localDate: date,
            attempts,
            now: nowMs,
            timezone: sub.timezone,
          }),
          signal,
        );
        outcome = {
          kind: 'posted',
          messageId: sent.id,
          ...(sent.channelId ? { channelId: sent.channelId } : {}),
          ...(sent.crosspost ? { crosspost: sent.crosspost } : {}),
        };
      }
    } catch (err) {
      const error = classifySendError(err);
      if (error.code === UNAUTHORIZED_CODE) this.markUnauthorized(error, sub.guildId);
      if (error.kind === 'transient') {
        const delay = Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** Math.max(0, attempts - 1));
        const nextAttemptAt = nowMs + delay;
        const stillToday = formatLocalDate(localDateAt(nextAttemptAt, sub.timezone)) === localDate;
        outcome = stillToday ? { kind: 'retry', error, nextAttemptAt } : { kind: 'failed', error };
      } else {
        outcome = { kind: 'failed', error };
      }
      this.logger.warn(
        { guildId: sub.guildId, channelId: sub.channelId, localDate, code: error.code, kind: error.kind },
        'daily post failed',
      );
    }
    // Stamp the outcome with the clock at completion: a slow send must not settle in the past.
    const doneMs = Math.max(nowMs, this.clock.now().getTime());
    const next = outcome.kind === 'retry' ? undefined : (this.nextAfter(sub, localDate, doneMs) ?? undefined);
    await this.store.recordOutcome({
      guildId: sub.guildId,
      localDate,
      owner: this.owner,
      now: doneMs,
      version: sub.version,
      outcome,
      ...(next ? { next } : {}),
      pauseAfter: this.pauseAfter,
    });
    if (outcome.kind === 'posted') result.posted++;
    else if (outcome.kind === 'retry') result.retrying++;
    else result.failed++;
  }

  private async maybePrune(nowMs: number): Promise<void> {
    const today = formatLocalDate(localDateAt(nowMs, 'UTC'));
    if (today === this.lastPruneDay) return;
    this.lastPruneDay = today;
    const before = formatLocalDate(addDays(parseLocalDate(today), -this.retentionDays));
    const removed = await this.store.pruneLedger(before);
    if (removed > 0) this.logger.info({ removed, before }, 'pruned old daily ledger rows');
  }
}
