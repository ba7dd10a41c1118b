// The daily post's facade: what `/aesc-daily` handlers call, plus the scheduler's start/stop and guild removal.
import type { REST } from '@discordjs/rest';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../core/command.js';
import type { DailyHealth, DailyProblem } from './health.js';
import { type BuildDailyPost, DailyScheduler, type SchedulerOptions, type TickResult } from './scheduler.js';
import { classifySendError, type DailySender, restSender } from './sender.js';
import { SqliteDailyStore } from './sqlite-store.js';
import type { DailyStore, LedgerEntry, SendFailure, Subscription } from './store.js';
import {
  addDays,
  canonicalTimeZone,
  formatLocalDate,
  formatWallTime,
  type LocalDate,
  localDateAt,
  nextDueFrom,
  parseLocalDate,
  parseWallTime,
  postInstant,
} from './time.js';

export interface DailySettings {
  channelId: string;
  /** `HH:MM`, 24-hour. */
  time: string;
  /** IANA zone name or `UTC`. */
  timezone: string;
}

export type SetResult =
  | { ok: true; subscription: Subscription; nextPostAt: Date }
  | { ok: false; error: 'bad_time' | 'bad_timezone' };

export interface DailyStatus {
  subscription: Subscription;
  state: 'active' | 'off' | 'paused';
  /** When the next post goes out (null when off or paused). */
  nextPostAt: Date | null;
  /** Today's post is waiting for a retry after a transient failure. */
  retrying: boolean;
  /** The ledger entry of the subscription's current local date, if any. */
  today: LedgerEntry | null;
  /** The zone's current local date. */
  localDate: LocalDate;
  /**
   * The daily post's health for every server (issue 8 item 3): not ok after Discord rejected the token, or while the
   * database cannot be written. `status` shows it so that a bot that looks fine is not silently not posting.
   */
  health: DailyHealth;
}

export type TestResult =
  | { ok: true; channelId: string; messageId: string }
  | { ok: false; reason: 'not_configured' }
  | { ok: false; reason: 'send_failed'; channelId: string; error: SendFailure };

export interface DailyServiceOptions {
  store: DailyStore;
  sender: DailySender;
  buildPost: BuildDailyPost;
  clock?: Clock;
  ownsGuild?: (guildId: string) => boolean;
  logger?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Fine-tuning of the scheduler (lease, retries, batch size...). */
  scheduler?: Partial<Omit<SchedulerOptions, 'store' | 'sender' | 'buildPost' | 'clock' | 'ownsGuild' | 'logger'>>;
}

export class DailyService {
  readonly store: DailyStore;
  readonly scheduler: DailyScheduler;
  /** Public for /aesc-daily test and preview (issue 12), which deliver and render like the scheduler. */
  readonly sender: DailySender;
  readonly buildPost: BuildDailyPost;
  private readonly clock: Clock;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'> | undefined;

  constructor(opts: DailyServiceOptions) {
    this.store = opts.store;
    this.sender = opts.sender;
    this.buildPost = opts.buildPost;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger;
    this.scheduler = new DailyScheduler({
      ...opts.scheduler,
      store: opts.store,
      sender: opts.sender,
      buildPost: opts.buildPost,
      clock: this.clock,
      ...(opts.ownsGuild ? { ownsGuild: opts.ownsGuild } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
  }

  /**
   * Turn the daily post on (or update it). Written durably before it resolves.
   * If today's post already went out (or was settled), the next one is tomorrow; if the time is still ahead
   * today, it is today.
   */
  async set(guildId: string, settings: DailySettings): Promise<SetResult> {
    const time = parseWallTime(settings.time);
    if (!time) return { ok: false, error: 'bad_time' };
    const timezone = canonicalTimeZone(settings.timezone);
    if (!timezone) return { ok: false, error: 'bad_timezone' };
    const nowMs = this.clock.now().getTime();
    const today = localDateAt(nowMs, timezone);
    const ledger = await this.store.getLedger(guildId, formatLocalDate(today));
    const start = ledger && ledger.status !== 'claimed' ? addDays(today, 1) : today;
    const next = nextDueFrom(start, time, timezone, nowMs);
    const subscription = await this.store.saveSubscription(
      {
        guildId,
        channelId: settings.channelId,
        time: formatWallTime(time),
        timezone,
        nextDueUtc: next.dueMs,
        nextLocalDate: formatLocalDate(next.localDate),
      },
      nowMs,
    );
    this.logger?.info({ guildId, channelId: settings.channelId, time: subscription.time, timezone }, 'daily post set');
    return { ok: true, subscription, nextPostAt: new Date(next.dueMs) };
  }

  /** Turn it off, keeping the settings. Null when nothing is configured. */
  async off(guildId: string): Promise<Subscription | null> {
    const changed = await this.store.disable(guildId, this.clock.now().getTime());
    if (!changed) return null;
    this.logger?.info({ guildId }, 'daily post off');
    return this.store.getSubscription(guildId);
  }

  async get(guildId: string): Promise<Subscription | null> {
    return this.store.getSubscription(guildId);
  }

  /** Everything `/aesc-daily status` shows; null when nothing is configured. */
  async status(guildId: string): Promise<DailyStatus | null> {
    const sub = await this.store.getSubscription(guildId);
    if (!sub) return null;
    const nowMs = this.clock.now().getTime();
    const state = !sub.enabled ? 'off' : sub.pausedReason ? 'paused' : 'active';
    const localDate = localDateAt(nowMs, sub.timezone);
    const today = await this.store.getLedger(guildId, formatLocalDate(localDate));
    const { nextPostAt, retrying } =
      state === 'active' ? this.nextPost(sub, nowMs) : { nextPostAt: null, retrying: false };
    return { subscription: sub, state, nextPostAt, retrying, today, localDate, health: this.health() };
  }

  /** When the next post of an active subscription goes out. */
  nextPost(sub: Subscription, nowMs: number): { nextPostAt: Date | null; retrying: boolean } {
    const time = parseWallTime(sub.time);
    if (!time || !sub.nextLocalDate) return { nextPostAt: null, retrying: false };
    const date = parseLocalDate(sub.nextLocalDate);
    const scheduled =
      postInstant(date, time, sub.timezone) ?? nextDueFrom(date, time, sub.timezone, nowMs, sub.weekdays).dueMs;
    if (sub.lastResult === 'retrying' && sub.nextDueUtc !== null && sub.nextDueUtc > scheduled) {
      return { nextPostAt: new Date(Math.max(sub.nextDueUtc, nowMs)), retrying: true };
    }
    if (scheduled > nowMs) return { nextPostAt: new Date(scheduled), retrying: false };
    // Due now (the next tick sends it), or the day is over and the next one is tomorrow.
    const today = formatLocalDate(localDateAt(nowMs, sub.timezone));
    if (sub.nextLocalDate >= today) return { nextPostAt: new Date(nowMs), retrying: false };
    return {
      nextPostAt: new Date(nextDueFrom(parseLocalDate(today), time, sub.timezone, nowMs).dueMs),
      retrying: false,
    };
  }

  /**
   * Post today's entry to the configured channel now, to prove the permissions. Does not count as the day's
   * post: no ledger row, no daily nonce, the subscription is not touched.
   */
  async test(guildId: string): Promise<TestResult> {
    const sub = await this.store.getSubscription(guildId);
    if (!sub) return { ok: false, reason: 'not_configured' };
    const now = this.clock.now();
    const body = this.buildPost(localDateAt(now.getTime(), sub.timezone), now, sub.language ?? null);
    try {
      const message = await this.sender.send(sub.channelId, body, AbortSignal.timeout(10_000));
      return { ok: true, channelId: sub.channelId, messageId: message.id };
    } catch (err) {
      return { ok: false, reason: 'send_failed', channelId: sub.channelId, error: classifySendError(err) };
    }
  }

  /** The bot left (or was removed from) a server: pause its subscription, keeping the settings. */
  async onGuildDelete(guildId: string): Promise<void> {
    if (await this.store.pause(guildId, 'guild_removed', this.clock.now().getTime())) {
      this.logger?.info({ guildId }, 'daily post paused: bot removed from the server');
    }
  }

  start(): void {
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
  }

  /** Stop the scheduler and close the store. */
  async close(): Promise<void> {
    await this.scheduler.stop();
    await this.store.close();
  }

  tick(now?: Date): Promise<TickResult> {
    return this.scheduler.tick(now ?? this.clock.now());
  }

  /**
   * Run `listener` once when Discord rejects the bot's token (401) for a daily post. The process exits with code 1
   * there (src/main.ts), so that a supervisor restarts the bot once DISCORD_TOKEN is fixed (docs/daily.md).
   */
  onFatal(listener: (problem: DailyProblem) => void): void {
    this.scheduler.setFatalListener(listener);
  }

  /**
   * Whether the daily post works, for `/healthz` (answer 503 when `ok` is false) and `/aesc-daily status`: not ok
   * after Discord rejected the token (401), while the database is gone or unwritable, or when ticks keep failing.
   * Warnings (changes a damaged write-ahead log lost at start) do not make it unhealthy.
   */
  health(): DailyHealth {
    const own = this.scheduler.health();
    const store = this.store.health?.() ?? { problems: [], warnings: [] };
    const problems = [...own.problems, ...store.problems];
    return { ok: problems.length === 0, problems, warnings: [...own.warnings, ...store.warnings] };
  }
}

export interface CreateDailyServiceOptions extends Omit<DailyServiceOptions, 'store' | 'sender'> {
  /** `DATABASE_URL`; default `process.env.DATABASE_URL ?? 'file:./var/aesc-bot.sqlite'`. */
  databaseUrl?: string;
  /** The REST client that posts (`client.rest` of discord.js works). */
  rest: Pick<REST, 'post' | 'get'>;
}

/** The production wiring: SQLite store from `DATABASE_URL`, sending through `@discordjs/rest`. */
export function createDailyService(opts: CreateDailyServiceOptions): DailyService {
  const { databaseUrl, rest, ...rest_ } = opts;
  const store = new SqliteDailyStore(databaseUrl ?? process.env.DATABASE_URL ?? 'file:./var/aesc-bot.sqlite');
  return new DailyService({ ...rest_, store, sender: restSender(rest) });
}
