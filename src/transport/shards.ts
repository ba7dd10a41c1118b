// `SHARD_COUNT=auto|N`: discord.js's ShardingManager runs one process per gateway shard, each the same entry point
// in gateway mode (discord.js tells it its shard through SHARDING_MANAGER, SHARDS and SHARD_COUNT). Each shard answers
// the interactions it receives and schedules only the daily posts of the guilds it owns ((guild_id >> 22) % count,
// see shardOwnership in src/daily/scheduler.ts). This parent holds no Discord connection and no database: it spawns
// the shards, respawns one that dies, and serves /healthz and /metrics on PORT for all of them (src/ops/shard-ipc.ts).
import { REST } from '@discordjs/rest';
import { ShardingManager } from 'discord.js';
import { type RESTGetAPIGatewayBotResult, Routes } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createHealth } from '../ops/health.js';
import { opsRoutes } from '../ops/routes.js';
import { type OpsServer, startOpsServer } from '../ops/server.js';
import { aggregatedShardMetrics, shardsHealthCheck } from '../ops/shard-ipc.js';

/** Whether this process is a shard spawned by a ShardingManager (then it runs the gateway for its shard). */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER === 'true' && typeof process.send === 'function';
}

export interface StartShardsOptions {
  token: string;
  /** REST base without version (DISCORD_API_URL). */
  apiUrl: string;
  shardCount: 'auto' | number;
  host: string;
  port: number;
  logger: Logger;
  /** The entry point each shard runs; default this process's (`process.argv[1]`), with the same `execArgv`. */
  script?: string;
  execArgv?: string[];
  /** How long each shard may take to become ready. Default 60 s. */
  readyTimeoutMs?: number;
}

export interface RunningShards {
  manager: ShardingManager;
  totalShards: number;
  ops: OpsServer;
  /** Stops every shard (SIGTERM: each shuts down cleanly) and the ops server. */
  stop(): Promise<void>;
}

export class ShardStartError extends Error {}

/** `GET /gateway/bot` through DISCORD_API_URL (discord.js's own helper only knows discord.com). */
async function gatewayBot(token: string, apiUrl: string): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST({ api: apiUrl, retries: 1, timeout: 10_000 }).setToken(token);
  try {
    return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    throw new ShardStartError(
      status === 401
        ? 'Discord rejected the token (DISCORD_TOKEN) when asking how many shards to run: reset it in the Developer Portal.'
        : `Cannot ask Discord (DISCORD_API_URL=${apiUrl}) how many shards to run: ${(err as Error).message}`,
    );
  }
}

export async function startShards(opts: StartShardsOptions): Promise<RunningShards> {
  const { logger } = opts;
  const info = await gatewayBot(opts.token, opts.apiUrl);
  const totalShards = opts.shardCount === 'auto' ? Math.max(1, info.shards) : opts.shardCount;
  // Discord lets `max_concurrency` shards identify per 5 s: spawn them that fast and no faster.
  const concurrency = Math.max(1, info.session_start_limit?.max_concurrency ?? 1);
  const delay = concurrency >= totalShards ? 0 : Math.ceil(5_500 / concurrency);

  const script = opts.script ?? process.argv[1];
  if (!script) throw new ShardStartError('cannot tell which script the shards should run (process.argv[1] is empty)');
  const manager = new ShardingManager(script, {
    totalShards,
    token: opts.token,
    mode: 'process',
    respawn: true,
    execArgv: opts.execArgv ?? process.execArgv,
    shardArgs: process.argv.slice(2),
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, totalShards }, 'shard process started');
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      logger.warn({ shard: shard.id, exitCode: code }, 'shard process exited; the manager respawns it');
    });
    shard.on('ready', () => logger.info({ shard: shard.id }, 'shard ready'));
  });

  const own = new Registry();
  own.setDefaultLabels({ shard: 'manager' });
  collectDefaultMetrics({ register: own });
  const health = createHealth({ shards: shardsHealthCheck(manager, () => totalShards) });
  const ops = await startOpsServer({
    host: opts.host,
    port: opts.port,
    routes: opsRoutes(health, aggregatedShardMetrics(manager, own)),
  });

  try {
    await manager.spawn({ amount: totalShards, delay, timeout: opts.readyTimeoutMs ?? 60_000 });
  } catch (err) {
    for (const shard of manager.shards.values()) shard.kill();
    await ops.close();
    throw new ShardStartError(`A shard did not start: ${(err as Error).message ?? String(err)}`);
  }
  return {
    manager,
    totalShards,
    ops,
    async stop() {
      // kill() sends SIGTERM without respawning; wait for each child to exit (they stop their scheduler first).
      await Promise.all(
        [...manager.shards.values()].map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process;
              if (!child || child.exitCode !== null) return resolve();
              const timer = setTimeout(() => {
                child.kill('SIGKILL');
                resolve();
              }, 10_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              shard.kill();
            }),
        ),
      );
      await ops.close();
    },
  };
}
