// The playground's stand-in for Discord's REST API: the few routes the daily post and its permission look-up use
// (`POST /channels/{id}/messages` and its crosspost, `GET /channels/{id}/messages`, `GET /channels/{id}`,
// `GET /users/@me`, `GET /guilds/{id}/members/{user}`, `GET /guilds/{id}/roles`),
// answered in process from the sandbox guild. Posted messages are recorded so the page can show them "exactly as
// sent". It has the `get`/`post` shape of @discordjs/rest's REST and throws errors shaped like its DiscordAPIError,
// so the production sender and permission resolver run unchanged. Nothing here ever contacts Discord.
import {
  type APIMessage,
  ChannelType,
  MessageType,
  PermissionFlagsBits,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import {
  botMember,
  botPermissionsIn,
  channelObject,
  SANDBOX_BOT_USER,
  SANDBOX_GUILD_ID,
  SANDBOX_ROLES,
  sandboxChannel,
} from './sandbox.js';
import { snowflake } from './snowflake.js';

/** Shaped like @discordjs/rest's DiscordAPIError (the dispatcher's `isDiscordAPIError` duck-types it). */
export class SandboxAPIError extends Error {
  readonly rawError: { code: number; message: string };
  constructor(
    readonly code: number,
    readonly status: number,
    message: string,
    readonly method: string,
    readonly url: string,
  ) {
    super(message);
    this.name = `DiscordAPIError[${code}]`;
    this.rawError = { code, message };
  }
}

export interface SinkMessage {
  /** Order of arrival, for `GET /api/sandbox/messages?after=`. */
  seq: number;
  channelId: string;
  message: APIMessage;
  /** The request body exactly as the bot sent it (nonce included). */
  body: RESTPostAPIChannelMessageJSONBody;
}

interface RequestOptions {
  body?: unknown;
  query?: URLSearchParams;
  signal?: AbortSignal;
}

export interface RestSink {
  get(route: string, options?: RequestOptions): Promise<unknown>;
  post(route: string, options?: RequestOptions): Promise<unknown>;
  /** Messages posted so far, oldest first; only those after `seq` when given. */
  messages(afterSeq?: number): SinkMessage[];
  clear(): void;
}

const MAX_KEPT = 500;

export function createRestSink(clock: { now(): Date } = { now: () => new Date() }): RestSink {
  let seq = 0;
  let posted: SinkMessage[] = [];
  /** Nonces seen per channel: with `enforce_nonce`, Discord returns the first message again. */
  const byNonce = new Map<string, APIMessage>();

  const fail = (code: number, status: number, message: string, method: string, route: string): never => {
    throw new SandboxAPIError(code, status, message, method, route);
  };

  const channelFor = (id: string, method: string, route: string) => {
    const channel = sandboxChannel(id);
    if (!channel) return fail(10003, 404, 'Unknown Channel', method, route);
    if ((botPermissionsIn(channel) & PermissionFlagsBits.ViewChannel) === 0n) {
      return fail(50001, 403, 'Missing Access', method, route);
    }
    return channel;
  };

  return {
    async get(route, options = {}) {
      if (route === '/users/@me') return SANDBOX_BOT_USER;
      let m = /^\/channels\/(\d+)\/messages$/.exec(route);
      if (m?.[1]) {
        // Newest first, `limit` (default 50, at most 100) before the message id `before`, as Discord pages them.
        const channel = channelFor(m[1], 'GET', route);
        const limit = Math.min(100, Math.max(1, Number(options.query?.get('limit') ?? 50) || 50));
        const before = options.query?.get('before');
        return posted
          .filter((p) => p.channelId === channel.id && (!before || BigInt(p.message.id) < BigInt(before)))
          .map((p) => p.message)
          .reverse()
          .slice(0, limit);
      }
      m = /^\/channels\/(\d+)$/.exec(route);
      if (m?.[1]) return channelObject(channelFor(m[1], 'GET', route));
      m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(route);
      if (m?.[1] === SANDBOX_GUILD_ID && m[2] === SANDBOX_BOT_USER.id) return botMember();
      if (m) return fail(10007, 404, 'Unknown Member', 'GET', route);
      m = /^\/guilds\/(\d+)\/roles$/.exec(route);
      if (m?.[1] === SANDBOX_GUILD_ID) return SANDBOX_ROLES;
      return fail(0, 404, `404: Not Found (the playground does not fake GET ${route})`, 'GET', route);
    },

    async post(route, options = {}) {
      options.signal?.throwIfAborted();
      const cross = /^\/channels\/(\d+)\/messages\/(\d+)\/crosspost$/.exec(route);
      if (cross?.[1] && cross[2]) {
        const channel = channelFor(cross[1], 'POST', route);
        const found = posted.find((p) => p.channelId === channel.id && p.message.id === cross[2]);
        if (!found) return fail(10008, 404, 'Unknown Message', 'POST', route);
        if (channel.type !== ChannelType.GuildAnnouncement) {
          return fail(40033, 400, 'This message has already been crossposted or cannot be', 'POST', route);
        }
        return found.message;
      }
      const m = /^\/channels\/(\d+)\/messages$/.exec(route);
      if (!m?.[1]) return fail(0, 404, `404: Not Found (the playground does not fake POST ${route})`, 'POST', route);
      const channel = channelFor(m[1], 'POST', route);
      const perms = botPermissionsIn(channel);
      if (channel.type === ChannelType.GuildVoice || (perms & PermissionFlagsBits.SendMessages) === 0n) {
        return fail(50013, 403, 'Missing Permissions', 'POST', route);
      }
      const body = (options.body ?? {}) as RESTPostAPIChannelMessageJSONBody;
      const nonceKey = body.enforce_nonce && body.nonce !== undefined ? `${channel.id}:${body.nonce}` : null;
      const earlier = nonceKey ? byNonce.get(nonceKey) : undefined;
      if (earlier) return earlier;
      const message = {
        id: snowflake(clock.now().getTime()),
        channel_id: channel.id,
        guild_id: SANDBOX_GUILD_ID,
        author: SANDBOX_BOT_USER,
        content: body.content ?? '',
        timestamp: clock.now().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: body.embeds ?? [],
        components: body.components ?? [],
        pinned: false,
        type: MessageType.Default,
        flags: body.flags ?? 0,
        ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      } as APIMessage;
      if (nonceKey) byNonce.set(nonceKey, message);
      posted.push({ seq: ++seq, channelId: channel.id, message, body });
      if (posted.length > MAX_KEPT) posted = posted.slice(-MAX_KEPT);
      return message;
    },

    messages(afterSeq = 0) {
      return posted.filter((p) => p.seq > afterSeq);
    },

    clear() {
      posted = [];
      byNonce.clear();
    },
  };
}
