// Prometheus metrics (prom-client) for an operator: what the bot answers, how fast, and what the daily post does.
// One registry per process. The ShardingManager parent aggregates its shards' registries (see ./shards-metrics.ts).
// Each metric's name and meaning is listed in docs/operations.md ("Metrics").
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the dispatcher reports per interaction (`InteractionObserver` of src/core/dispatcher.ts). */
export interface InteractionMetricsObserver {
  onInteraction(
    command: string | null,
    subcommand: string | null,
    kind: string,
    outcome: string,
    msToInitialResponse: number | null,
  ): void;
}

/** The slice of a scheduler tick result the metrics read (`TickResult` of src/daily/scheduler.ts). */
export interface TickCounts {
  posted: number;
  failed: number;
  retrying: number;
  skipped: number;
  durationMs: number;
}

/** Subscriptions by state, for the gauge (counted by the store on each scrape). */
export interface SubscriptionCounts {
  active: number;
  paused: number;
  off: number;
}

export interface BotMetricsOptions {
  /** Counts subscriptions on each scrape; omitted or failing → the gauge keeps its last value. */
  countSubscriptions?: () => Promise<SubscriptionCounts>;
  /** Labels on every metric (e.g. `{ shard: '0' }`); none by default. */
  defaultLabels?: Record<string, string>;
  /** Process metrics (CPU, memory, event loop lag, GC, handles). Default true. */
  processMetrics?: boolean;
}

/** Distinct label sets per counter before new ones are folded into `other` (labels come from payloads). */
const MAX_LABEL_SETS = 500;

/** Seconds; Discord's window for the initial response is 3 s. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const TICK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class BotMetrics {
  readonly registry = new Registry();
  readonly interactions: Counter<'command' | 'subcommand' | 'kind' | 'outcome'>;
  readonly latency: Histogram<'kind'>;
  readonly dailyPosts: Counter<'outcome' | 'code'>;
  readonly tickDuration: Histogram;
  readonly tickFailures: Counter;
  readonly subscriptions: Gauge<'state'>;
  private readonly labelSets = new Set<string>();
  private countSubscriptions: (() => Promise<SubscriptionCounts>) | undefined;

  constructor(options: BotMetricsOptions = {}) {
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.interactions = new Counter({
      name: 'aesc_interactions_total',
      help: 'Interactions handled, by command, subcommand, kind (command, autocomplete, button, select, modal, ping) and outcome (ok, deferred, error, unknown, invalid, unsupported, expired).',
      labelNames: ['command', 'subcommand', 'kind', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'aesc_interaction_response_seconds',
      help: 'Time from receiving an interaction to sending its initial response (reply, deferral, update or autocomplete choices).',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.dailyPosts = new Counter({
      name: 'aesc_daily_posts_total',
      help: 'Daily posts by outcome: posted; skipped (the day passed while the bot was down); retrying (transient failure, retried the same day); failed (by Discord error code, or http_5xx, network, timeout, rate_limited); paused (a subscription paused after 3 days of permanent failures).',
      labelNames: ['outcome', 'code'],
      registers,
    });
    this.tickDuration = new Histogram({
      name: 'aesc_daily_tick_duration_seconds',
      help: 'Duration of one daily-post tick: find the due subscriptions, claim them, send, record.',
      buckets: TICK_BUCKETS,
      registers,
    });
    this.tickFailures = new Counter({
      name: 'aesc_daily_tick_failures_total',
      help: 'Ticks that failed as a whole (e.g. the database unreachable); the next minute tries again.',
      registers,
    });
    this.countSubscriptions = options.countSubscriptions;
    const count = () => this.countSubscriptions?.();
    this.subscriptions = new Gauge({
      name: 'aesc_daily_subscriptions',
      help: 'Daily-post subscriptions by state: active, paused (permanent failures or bot removed), off.',
      labelNames: ['state'],
      registers,
      async collect() {
        try {
          const c = await count();
          if (!c) return;
          this.set({ state: 'active' }, c.active);
          this.set({ state: 'paused' }, c.paused);
          this.set({ state: 'off' }, c.off);
        } catch {
          // database unreachable: keep the last values (/healthz says why)
        }
      },
    });
  }

  /** Where the subscriptions gauge gets its counts (set once the database is open). */
  setSubscriptionCounter(count: () => Promise<SubscriptionCounts>): void {
    this.countSubscriptions = count;
  }

  /** Plug into the dispatcher: `createDispatcher({ ..., metrics: botMetrics.interactionObserver })`. */
  readonly interactionObserver: InteractionMetricsObserver = {
    onInteraction: (command, subcommand, kind, outcome, ms) => {
      let labels = { command: command ?? 'none', subcommand: subcommand ?? 'none', kind, outcome };
      const key = `${labels.command}\u0000${labels.subcommand}\u0000${kind}\u0000${outcome}`;
      if (!this.labelSets.has(key)) {
        if (this.labelSets.size >= MAX_LABEL_SETS) labels = { command: 'other', subcommand: 'other', kind, outcome };
        else this.labelSets.add(key);
      }
      this.interactions.inc(labels);
      if (ms !== null && Number.isFinite(ms) && ms >= 0) this.latency.observe({ kind }, ms / 1000);
    },
  };

  /** One finished tick. */
  recordTick(result: TickCounts): void {
    this.tickDuration.observe(result.durationMs / 1000);
    if (result.posted > 0) this.dailyPosts.inc({ outcome: 'posted', code: '' }, result.posted);
    if (result.skipped > 0) this.dailyPosts.inc({ outcome: 'skipped', code: '' }, result.skipped);
    if (result.retrying > 0) this.dailyPosts.inc({ outcome: 'retrying', code: '' }, result.retrying);
  }

  /** A tick that threw (counted apart from the posts). */
  recordTickFailure(durationMs: number): void {
    this.tickFailures.inc();
    this.tickDuration.observe(durationMs / 1000);
  }

  /** One failed post, with the code from `classifySendError` (`50013`, `http_503`, `network`...). */
  recordPostFailure(code: string): void {
    this.dailyPosts.inc({ outcome: 'failed', code: /^[a-z0-9_]{1,24}$/i.test(code) ? code : 'other' });
  }

  /** A subscription paused (3 days of permanent failures). */
  recordPaused(): void {
    this.dailyPosts.inc({ outcome: 'paused', code: '' });
  }

  /** Prometheus text exposition. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
