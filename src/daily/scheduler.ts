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
//    instead of creating a second one (within Discord's dedupe window, a few minutes; the lease is shorter).
// 4. Several processes: each one only schedules the guilds `ownsGuild` says it owns; if two race anyway,
//    step 2 lets only one through.
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Clock } from '../core/command.js';
import { classifySendError, type DailySender, dailyNonce } from './sender.js';
import type { ClaimItem, DailyStore, DueSubscription, PostOutcome } from './store.js';
import {
  addDays,
  formatLocalDate,
  type LocalDate,
  localDateAt,
  nextDueFrom,
  parseLocalDate,
  parseWallTime,
  zonedToUtc,
} from './time.js';

/** Builds the message for a local date (the lead's `buildDailyPost`, shared with `/aesc today`). */
export type BuildDailyPost = (localDate: LocalDate, now: Date) => RESTPostAPIChannelMessageJSONBody;

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
  /** Sends in flight at once. */
  concurrency?: number;
  /** Most due rows read per tick. */
  maxDuePerTick?: number;
  /** Keep ledger rows this many days. */
  ledgerRetentionDays?: number;
  /** Identifies this process's claims. */
  owner?: string;
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
  private cron: Cron | null = null;
  private running: Promise<unknown> | null = null;
  private lastPruneDay = '';
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
    this.concurrency = opts.concurrency ?? 8;
    this.maxDuePerTick = opts.maxDuePerTick ?? 20_000;
    this.retentionDays = opts.ledgerRetentionDays ?? 60;
    this.owner = opts.owner ?? newOwnerId();
  }

  /** Tick once now (catch-up after a restart), then at second 0 of every minute; ticks never overlap. */
  start(): void {
    if (this.cron) return;
    this.cron = new Cron(EVERY_MINUTE, { protect: true, name: `aesc-daily-${this.owner}` }, () =>
      this.safeTick(this.clock.now()),
    );
    void this.safeTick(this.clock.now());
  }

  /** Stop ticking and wait for a tick in progress to finish. */
  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = null;
    await this.running;
  }

  private async safeTick(now: Date): Promise<void> {
    if (this.running) return; // the catch-up tick and a cron tick must not overlap either
    const p = this.tick(now).then(
      (result) => {
        this.lastTick = { at: now, result, error: null };
        if (result.claimed + result.skipped + result.retrying > 0) this.logger.info({ daily: result }, 'daily tick');
      },
      (err: unknown) => {
        this.lastTick = { at: now, result: null, error: String(err) };
        this.logger.error({ err }, 'daily tick failed; the next tick tries again');
      },
    );
    this.running = p;
    try {
      await p;
    } finally {
      this.running = null;
    }
  }

  /** One pass: find due subscriptions, settle passed days, claim, send, record. Tests call it directly. */
  async tick(now: Date = this.clock.now()): Promise<TickResult> {
    const started = performance.now();
    const nowMs = now.getTime();
    const result = emptyTickResult();
    const due = await this.store.listDue(nowMs, this.maxDuePerTick);
    result.due = due.length;
    for (let i = 0; i < due.length; i += this.batchSize) {
      const batch = due.slice(i, i + this.batchSize);
      const work = await this.claimBatch(batch, nowMs, result);
      await this.sendAll(work, now, result);
    }
    await this.maybePrune(nowMs);
    result.durationMs = performance.now() - started;
    return result;
  }

  /** Decide what each due subscription needs and claim in one transaction. Returns what to send. */
  async claimBatch(batch: readonly DueSubscription[], nowMs: number, result: TickResult): Promise<Work[]> {
    const items: ClaimItem[] = [];
    const claimFor: (DueSubscription | null)[] = [];
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
        result.skipped++;
        const todayDate = parseLocalDate(today);
        const dueToday = zonedToUtc(todayDate, time, sub.timezone);
        if (dueToday <= nowMs) item.claimDate = today;
        else item.reschedule = { dueMs: dueToday, localDate: today, version: sub.version };
      } else if (sub.nextLocalDate === today) {
        item.claimDate = today;
      } else {
        // Due early for a future date (clock moved back): look again when it is really due.
        const dueMs = zonedToUtc(parseLocalDate(sub.nextLocalDate), time, sub.timezone);
        item.reschedule = { dueMs, localDate: sub.nextLocalDate, version: sub.version };
      }
      items.push(item);
      claimFor.push(item.claimDate !== undefined ? sub : null);
    }
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
    const n = nextDueFrom(addDays(parseLocalDate(localDate), 1), time, sub.timezone, nowMs);
    return { dueMs: n.dueMs, localDate: formatLocalDate(n.localDate) };
  }

  private async sendAll(work: readonly Work[], now: Date, result: TickResult): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const w = work[next++];
        if (w) await this.sendOne(w, now, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, work.length) }, worker));
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
    try {
      const body: RESTPostAPIChannelMessageJSONBody = {
        ...this.buildPost(parseLocalDate(localDate), now),
        nonce: dailyNonce(sub.guildId, localDate),
        enforce_nonce: true,
      };
      // Give up before the lease ends so no other process can be sending the same post at the same time.
      const signal = AbortSignal.timeout(remaining);
      const message = await this.sender.send(sub.channelId, body, signal);
      outcome = { kind: 'posted', messageId: message.id };
    } catch (err) {
      const error = classifySendError(err);
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
