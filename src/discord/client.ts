// The gateway client: discord.js with the one intent and the small caches this bot needs. The transport that wires
// it to the interaction core is src/transport/gateway.ts.
import { type CacheWithLimitsOptions, Client, type ClientOptions, GatewayIntentBits, Options } from 'discord.js';
import type { Config } from '../config/env.js';
import { rejectCrosspostRateLimits } from '../daily/delivery.js';

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
 * Limited to 0 although discord.js calls it "unsupported" (it emits an UnsupportedCacheOverwriteWarning once per
 * manager at startup; main.ts logs it once at debug level, see docs/transports.md):
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
    // A rate-limited crosspost of the daily post is retried later by the bot, never slept out (issue 12).
    rest: { api: config.DISCORD_API_URL, rejectOnRateLimit: rejectCrosspostRateLimits },
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
