// The gateway client: discord.js with the one intent and the small caches this bot needs, wired to the dispatcher.
import {
  type CacheWithLimitsOptions,
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  type Guild,
  type Interaction,
  Options,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import { type Clock, type CommandModule, systemClock } from '../core/command.js';
import type { FactStore } from '../facts/store.js';
import { type ContextServices, createDispatcher, isDiscordAPIError } from './dispatcher.js';

/**
 * Cache sizes per discord.js manager. The bot only answers interactions and posts through REST, so it caches
 * (almost) nothing; memory then grows with the number of guilds only, not with their channels, roles, members,
 * emojis... With the Guilds intent, every GUILD_CREATE carries all channels, roles, emojis, stickers, threads,
 * stage instances and scheduled events of the guild: by default discord.js keeps all of them forever.
 *
 * Kept (unlimited):
 * - GuildManager: discord.js needs it (guildDelete is only emitted for cached guilds, resolved channel options are
 *   only built into channel objects for cached guilds) and the guild count is logged at ready. One small object
 *   per guild: this is the floor.
 * - PermissionOverwriteManager: lives inside channel objects; with channels not cached it goes away with them, and
 *   limiting it would break `permissionsFor` on channels fetched on purpose.
 *
 * Limited to 0 although discord.js calls it "unsupported" (it prints an UnsupportedCacheOverwriteWarning once per
 * manager at startup; that warning is expected):
 * - ChannelManager, GuildChannelManager: channel permission checks use the interaction payload (`app_permissions`
 *   of the interaction and of resolved channel options), never the cache; the daily post sends through REST by
 *   channel id. Consequences: `interaction.channel`, `guild.channels.cache` and `client.channels.cache` are empty,
 *   `client.channels.fetch(id)` always goes to the API, and `channel.permissionsFor()` cannot be used.
 *   Interactions are still emitted (discord.js only drops component interactions from *cached* non-text channels).
 * - RoleManager: nothing reads roles; member permissions come with the interaction (`member.permissions`).
 *
 * Limited to 0 (supported): everything else, listed below. The bot's own member and user are kept so that
 * `guild.members.me` and `client.users.cache.get(client.user.id)` keep working (one per guild).
 */
export const CACHE_LIMITS = {
  ApplicationCommandManager: 0,
  ApplicationEmojiManager: 0,
  AutoModerationRuleManager: 0,
  BaseGuildEmojiManager: 0,
  ChannelManager: 0,
  DMMessageManager: 0,
  EntitlementManager: 0,
  GuildBanManager: 0,
  GuildChannelManager: 0,
  GuildEmojiManager: 0,
  GuildForumThreadManager: 0,
  GuildInviteManager: 0,
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member: { id: string; client: Client }) => isSelf(member) },
  GuildMessageManager: 0,
  GuildScheduledEventManager: 0,
  GuildSoundboardSoundManager: 0,
  GuildStickerManager: 0,
  GuildTextThreadManager: 0,
  MessageManager: 0,
  PollAnswerVoterManager: 0,
  PresenceManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  RoleManager: 0,
  StageInstanceManager: 0,
  SubscriptionManager: 0,
  ThreadManager: 0,
  ThreadMemberManager: 0,
  UserManager: { maxSize: 0, keepOverLimit: (user: { id: string; client: Client }) => isSelf(user) },
  VoiceStateManager: 0,
} as const;

function isSelf(entity: { id: string; client: Client }): boolean {
  return entity.id === entity.client.user?.id;
}

/** The client options, separate so tests can inspect them. */
export function clientOptions(config: Pick<Config, 'DISCORD_API_URL'>): ClientOptions {
  return {
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.DISCORD_API_URL },
    allowedMentions: { parse: [] },
    // discord.js types only list the "supported" managers; ChannelManager/GuildChannelManager/RoleManager are
    // deliberate (see CACHE_LIMITS), hence the cast.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      ...(CACHE_LIMITS as unknown as CacheWithLimitsOptions),
    }),
    // Nearly nothing is cached, so sweeping is a safety net in case a limit above is raised later.
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 3_600, lifetime: 1_800 },
    },
  };
}

export function createClient(config: Pick<Config, 'DISCORD_API_URL'>): Client {
  return new Client(clientOptions(config));
}

/** Startup failed for a reason the operator must fix; the message says how. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The network error code inside `err` (undici wraps it as `cause`), if any. */
/** "Could not reach the Discord API at …" when `err` is a network failure (not an answer from Discord), else null. */
export function describeUnreachable(err: unknown, apiUrl: string): string | null {
  const network = networkErrorCode(err);
  if (network || (err instanceof Error && (err.name === 'AbortError' || err.message === 'fetch failed'))) {
    return (
      `Could not reach the Discord API at ${apiUrl} (${network ?? (err as Error).message}). Check the network ` +
      'connection, proxies and DISCORD_API_URL.'
    );
  }
  return null;
}

export function networkErrorCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Turns a login failure into a StartupError that tells the operator what to do. */
export function describeLoginError(err: unknown, apiUrl: string): StartupError {
  const code = (err as { code?: unknown } | null)?.code;
  const status = isDiscordAPIError(err) ? err.status : (err as { status?: unknown } | null)?.status;
  if (code === 'TokenInvalid' || status === 401) {
    return new StartupError(
      'Discord rejected the token (DISCORD_TOKEN). Reset it in the Developer Portal (your application > Bot > ' +
        'Reset Token), put the new token in DISCORD_TOKEN and start again.',
      { cause: err },
    );
  }
  if (code === 'DisallowedIntents') {
    return new StartupError(
      'Discord refused the gateway intents. This bot only needs the Guilds intent, which is not privileged: check ' +
        'that DISCORD_TOKEN belongs to the right application.',
      { cause: err },
    );
  }
  const unreachable = describeUnreachable(err, apiUrl);
  if (unreachable) return new StartupError(unreachable, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new StartupError(`Could not log in to Discord: ${message}`, { cause: err });
}

export interface StartBotOptions {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL'>;
  store: FactStore;
  logger: Logger;
  clock?: Clock;
  commands: readonly CommandModule[];
  /** Extra HandlerContext services (e.g. `daily`). */
  services?: Partial<ContextServices>;
  /** Called once when the client is ready (all guilds received). Errors are logged. */
  onReady?: (client: Client<true>) => void | Promise<void>;
  /** Called when the bot is removed from a guild (not for outages). The daily post pauses the guild here. */
  onGuildDelete?: (guildId: string) => void | Promise<void>;
  /** See DispatcherOptions.deferAfterMs. */
  deferAfterMs?: number;
  /** The client to use (tests); default `createClient(config)`. */
  client?: Client;
}

export interface RunningBot {
  client: Client;
  /** Resolves on `clientReady` (after all guilds arrived, or discord.js gave up waiting for them). */
  ready: Promise<void>;
  /** Destroys the client; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Logs in and answers interactions. Rejects with a StartupError when login fails (bad token, unreachable API).
 */
export async function startBot(opts: StartBotOptions): Promise<RunningBot> {
  const { logger, config } = opts;
  const client = opts.client ?? createClient(config);
  const dispatch = createDispatcher({
    commands: opts.commands,
    store: opts.store,
    clock: opts.clock ?? systemClock,
    logger,
    ...(opts.services ? { services: opts.services } : {}),
    ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}),
  });

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    void dispatch(interaction);
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
  let stopped = false;
  client.on(Events.ShardDisconnect, (event, shardId) => {
    if (!stopped) logger.warn({ shardId, code: event.code }, 'gateway disconnected');
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

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await client.destroy();
  };

  const token = config.DISCORD_TOKEN;
  if (!token) {
    await stop();
    throw new StartupError('DISCORD_TOKEN is not set: the bot cannot log in without it.');
  }
  try {
    await client.login(token);
  } catch (err) {
    await stop().catch(() => undefined);
    throw describeLoginError(err, config.DISCORD_API_URL);
  }
  return { client, ready, stop };
}
