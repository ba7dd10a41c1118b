// The gateway transport: discord.js keeps the WebSocket connection (Guilds intent, small caches, guild join and
// leave events for the daily post, sharding later). Interactions enter the core as the raw gateway dispatch (the
// API payload as Discord sent it, no discord.js object), and answers go out through the client's REST manager.
//
// Fatal gateway closes (4004 authentication failed, 4010-4014) end in `onFatal` with one clear message: discord.js
// would otherwise keep the process alive without a connection, forever.
import { type Client, Events, type Guild } from 'discord.js';
import { type APIInteraction, GatewayDispatchEvents } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import type { CommandModule } from '../core/command.js';
import { createDispatcher, type InteractionObserver } from '../core/dispatcher.js';
import { createClient } from '../discord/client.js';
import { describeFatalClose, describeStartupError, StartupError } from '../discord/errors.js';
import { restResponder } from '../discord/rest-responder.js';

export interface StartGatewayOptions {
  config: Pick<Config, 'DISCORD_API_URL'> & { DISCORD_TOKEN: string | undefined };
  logger: Logger;
  commands: readonly CommandModule[];
  /** Called once when the client is ready (all guilds received). Errors are logged. */
  onReady?: (client: Client<true>) => void | Promise<void>;
  /** Called when the bot is removed from a guild (not for outages). The daily post pauses the guild here. */
  onGuildDelete?: (guildId: string) => void | Promise<void>;
  /**
   * A fatal gateway close (bad token, disallowed intents...): the message says what to do. main.ts logs it and
   * exits 1. Default: log at fatal and destroy the client.
   */
  onFatal?: (message: string) => void;
  /** See DispatcherOptions.deferAfterMs. */
  deferAfterMs?: number;
  metrics?: InteractionObserver;
  /** The client to use (tests, main.ts); default `createClient(config)`. */
  client?: Client;
  /** How long after arrival a reset initial callback is still retried (default 2,500 ms; tests shorten it). */
  callbackRetryWithinMs?: number;
}

/**
 * discord.js would also build its own Interaction object from every INTERACTION_CREATE and emit it. We never use
 * it (the core reads the raw dispatch), it costs time on every interaction, and on a malformed payload
 * (`member.permissions: "abc"`, `data: null`) its constructor throws where nothing can catch it: an unhandled
 * rejection. So the client's packet handler skips that one event (the queue of packets that arrive before ready
 * keeps draining as before). Relies on discord.js 14's WebSocketManager#handlePacket(packet, shard).
 */
function skipDiscordJsInteractions(client: Client): void {
  const ws = client.ws as unknown as { handlePacket?: (packet: { t?: string } | null, shard: unknown) => boolean };
  const original = ws.handlePacket;
  if (typeof original !== 'function') throw new Error('discord.js changed: WebSocketManager#handlePacket is gone');
  ws.handlePacket = function handlePacket(packet, shard) {
    return original.call(this, packet?.t === GatewayDispatchEvents.InteractionCreate ? null : packet, shard);
  };
}

export interface RunningGateway {
  client: Client;
  /** Resolves on `clientReady` (after all guilds arrived, or discord.js gave up waiting for them). */
  ready: Promise<void>;
  /** Whether the gateway is connected and ready (for /healthz). */
  isReady(): boolean;
  /** Destroys the client; safe to call more than once. */
  stop(): Promise<void>;
}

/** Logs in and answers interactions. Rejects with a StartupError when login fails (bad token, unreachable API). */
export async function startGateway(opts: StartGatewayOptions): Promise<RunningGateway> {
  const { logger, config } = opts;
  const client = opts.client ?? createClient(config);
  const dispatch = createDispatcher({
    commands: opts.commands,
    logger,
    ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
  });
  let stopped = false;
  skipDiscordJsInteractions(client);

  client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    // Not even an object (null, a string): nothing to read or answer, and restResponder would throw here, outside
    // the dispatcher's error policy (an unhandled rejection). Anything else goes to the core, which checks the shape.
    if (typeof packet.d !== 'object' || packet.d === null) {
      logger.warn(
        { type: packet.d === null ? 'null' : typeof packet.d },
        'INTERACTION_CREATE without an object: ignored',
      );
      return;
    }
    const interaction = packet.d as APIInteraction;
    const receivedAt = Date.now();
    const responder = restResponder(client.rest, interaction, {
      receivedAt,
      onRetry: (err) => logger.warn({ err, interactionId: interaction.id }, 'callback connection reset: retrying once'),
      ...(opts.callbackRetryWithinMs !== undefined ? { retryWithinMs: opts.callbackRetryWithinMs } : {}),
    });
    void dispatch(interaction, responder);
  });
  client.on(Events.GuildDelete, (guild: Guild) => {
    logger.info({ guildId: guild.id }, 'removed from a guild');
    if (!opts.onGuildDelete) return;
    Promise.resolve()
      .then(() => opts.onGuildDelete?.(guild.id))
      .catch((err: unknown) => logger.error({ err, guildId: guild.id }, 'guildDelete hook failed'));
  });
  client.on(Events.GuildCreate, (guild: Guild) => {
    if (client.isReady()) logger.info({ guildId: guild.id }, 'added to a guild');
  });
  client.on(Events.Error, (err: Error) => logger.error({ err }, 'discord.js client error'));
  client.on(Events.Warn, (message: string) => logger.warn({ discordjs: message }, 'discord.js warning'));
  // Gateway state changes are logged while running; during stop() they are just the shutdown itself.
  client.on(Events.ShardDisconnect, (event, shardId) => {
    if (stopped) return;
    const fatal = describeFatalClose(event.code);
    if (fatal) {
      if (opts.onFatal) opts.onFatal(fatal);
      else {
        logger.fatal({ shardId, code: event.code }, fatal);
        void stop();
      }
      return;
    }
    logger.warn({ shardId, code: event.code }, 'gateway disconnected');
  });
  client.on(Events.ShardReconnecting, (shardId) => {
    if (!stopped) logger.info({ shardId }, 'gateway reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.on(Events.ShardError, (err, shardId) => logger.error({ err, shardId }, 'gateway error'));

  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, (readyClient) => {
      logger.info(
        { tag: readyClient.user.tag, userId: readyClient.user.id, guilds: readyClient.guilds.cache.size },
        'ready',
      );
      resolve();
      if (opts.onReady) {
        Promise.resolve()
          .then(() => opts.onReady?.(readyClient))
          .catch((err: unknown) => logger.error({ err }, 'onReady hook failed'));
      }
    });
  });

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    await client.destroy();
  }

  const token = config.DISCORD_TOKEN;
  if (!token) {
    await stop();
    throw new StartupError('DISCORD_TOKEN is not set: the gateway cannot log in without it.');
  }
  try {
    await client.login(token);
  } catch (err) {
    await stop().catch(() => undefined);
    throw describeStartupError(err, config.DISCORD_API_URL);
  }
  return { client, ready, isReady: () => !stopped && client.isReady(), stop };
}
