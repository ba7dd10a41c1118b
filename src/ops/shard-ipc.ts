// Health and metrics across discord.js shard processes. The ShardingManager parent serves /healthz and /metrics on
// PORT; it asks each shard over the IPC channel discord.js already opened (process.send / shard.send), and prom-client's
// AggregatorRegistry sums the shards' metrics (counters and histograms add up; each series keeps a `shard` label).
import type { Shard, ShardingManager } from 'discord.js';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** One registry's `getMetricsAsJSON()`, as sent over IPC. */
type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

import type { Health, HealthReport } from './health.js';
import type { BotMetrics } from './metrics.js';
import type { MetricsSource } from './routes.js';

const REQUEST = 'aesc:ops-request';
const REPLY = 'aesc:ops-reply';

interface OpsRequest {
  _aesc: typeof REQUEST;
  id: number;
  what: 'metrics' | 'health';
}

interface OpsReply {
  _aesc: typeof REPLY;
  id: number;
  metrics?: MetricsJson;
  health?: HealthReport['body'];
  error?: string;
}

function isRequest(m: unknown): m is OpsRequest {
  return typeof m === 'object' && m !== null && (m as { _aesc?: unknown })._aesc === REQUEST;
}

function isReply(m: unknown): m is OpsReply {
  return typeof m === 'object' && m !== null && (m as { _aesc?: unknown })._aesc === REPLY;
}

/** In a shard process: answer the parent's health and metrics questions. No-op outside a ShardingManager. */
export function answerShardOpsRequests(sources: { health: Health; metrics: BotMetrics }): () => void {
  if (!process.send || !process.env.SHARDING_MANAGER) return () => {};
  const onMessage = (m: unknown) => {
    if (!isRequest(m)) return;
    const reply = async (): Promise<OpsReply> => {
      try {
        if (m.what === 'metrics') {
          return { _aesc: REPLY, id: m.id, metrics: await sources.metrics.registry.getMetricsAsJSON() };
        }
        return { _aesc: REPLY, id: m.id, health: (await sources.health.report()).body };
      } catch (err) {
        return { _aesc: REPLY, id: m.id, error: (err as Error).message };
      }
    };
    void reply().then((r) => process.send?.(r));
  };
  process.on('message', onMessage);
  return () => process.off('message', onMessage);
}

let nextId = 1;

/** In the parent: ask one shard; rejects after `timeoutMs` or when the shard process is not running. */
function ask(shard: Shard, what: OpsRequest['what'], timeoutMs: number): Promise<OpsReply> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      shard.off('message', onMessage);
      reject(new Error(`shard ${shard.id} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: unknown) => {
      if (!isReply(m) || m.id !== id) return;
      clearTimeout(timer);
      shard.off('message', onMessage);
      if (m.error) reject(new Error(`shard ${shard.id}: ${m.error}`));
      else resolve(m);
    };
    shard.on('message', onMessage);
    shard.send({ _aesc: REQUEST, id, what } satisfies OpsRequest).catch((err: unknown) => {
      clearTimeout(timer);
      shard.off('message', onMessage);
      reject(new Error(`shard ${shard.id} is not running (${(err as Error).message})`));
    });
  });
}

/** The parent's /metrics: every shard's registry summed by AggregatorRegistry, plus the parent's own process metrics. */
export function aggregatedShardMetrics(manager: ShardingManager, parent?: Registry, timeoutMs = 2_000): MetricsSource {
  return {
    contentType: AggregatorRegistry.PROMETHEUS_CONTENT_TYPE,
    async metrics() {
      const replies = await Promise.allSettled([...manager.shards.values()].map((s) => ask(s, 'metrics', timeoutMs)));
      const perShard: MetricsJson[] = [];
      for (const r of replies) if (r.status === 'fulfilled' && r.value.metrics) perShard.push(r.value.metrics);
      const reporting = perShard.length;
      // The parent's own process metrics (label shard="manager") join the same families: one TYPE line per name.
      if (parent) perShard.push(await parent.getMetricsAsJSON());
      const text = await AggregatorRegistry.aggregate(perShard).metrics();
      const missing = replies.length - reporting;
      return (
        `${text}\n# HELP aesc_shards_reporting Shard processes whose metrics are included in this scrape.\n` +
        `# TYPE aesc_shards_reporting gauge\naesc_shards_reporting ${reporting}\n` +
        '# HELP aesc_shards_missing Shard processes that did not answer this scrape.\n' +
        `# TYPE aesc_shards_missing gauge\naesc_shards_missing ${missing}\n`
      );
    },
  };
}

/** The parent's readiness: every shard process is up, its gateway ready and its database reachable. */
export function shardsHealthCheck(manager: ShardingManager, expected: () => number, timeoutMs = 1_500) {
  return async () => {
    const shards = [...manager.shards.values()];
    if (shards.length < expected()) return { ok: false, detail: `${shards.length} of ${expected()} shards spawned` };
    const replies = await Promise.allSettled(shards.map((s) => ask(s, 'health', timeoutMs)));
    const problems: string[] = [];
    replies.forEach((r, i) => {
      const id = shards[i]?.id;
      if (r.status === 'rejected') problems.push((r.reason as Error).message);
      else if (!r.value.health?.ok) {
        const failing = Object.entries(r.value.health?.checks ?? {})
          .filter(([, c]) => !c.ok)
          .map(([name, c]) => `${name}: ${c.detail ?? 'not ok'}`);
        problems.push(`shard ${id}: ${failing.join('; ') || 'not ready'}`);
      }
    });
    return problems.length === 0
      ? { ok: true, detail: `${shards.length} shards ready` }
      : { ok: false, detail: problems.join(' | ') };
  };
}
