/**
 * A local Discord API + gateway emulator that the real discord.js Client can log into.
 *
 * One HTTP server on 127.0.0.1 (random port) serves the REST API under `/api/v10/...` and accepts the gateway
 * WebSocket upgrade on any other path. Nothing ever leaves 127.0.0.1.
 *
 *   const emu = await startEmulator({ guilds: 2 });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } });
 *   await client.login(emu.token);
 *   const reply = await emu.dispatchInteraction(emu.chatInput({ name: 'ping' }));
 *   expect(reply.type).toBe(4);
 *   await client.destroy(); await emu.close();
 *
 * REST routes (under /api/v10; anything else is 404 `{ message: '404: Not Found', code: 0 }`, and recorded):
 *   GET  /gateway, /gateway/bot (401 for a wrong token, so `client.login()` rejects with TokenInvalid)
 *   GET  /users/@me, /users/:id, /applications/@me
 *   GET|PUT|POST /applications/:app[/guilds/:guild]/commands, GET|PATCH|DELETE .../commands/:id
 *   POST /interactions/:id/:token/callback (204, or 200 with `?with_response=true`; 10062 when late/unknown,
 *        40060 when already acknowledged)
 *   POST /webhooks/:app/:token (follow-ups), GET|PATCH|DELETE /webhooks/:app/:token/messages/:id|@original
 *   GET  /channels/:id, GET|POST /channels/:id/messages (nonce + enforce_nonce dedupe),
 *   GET|PATCH|DELETE /channels/:id/messages/:id, POST /channels/:id/typing
 *   GET  /guilds/:id, /guilds/:id/channels, /guilds/:id/roles, /guilds/:id/members/:user
 * Gateway: HELLO, heartbeat ACKs, IDENTIFY (4004 on a wrong token, 4014 for `disallowedIntents`, sharding by
 * guild id), READY then one GUILD_CREATE per guild, RESUME with replay, op 8 member requests, op 7/op 9 on demand.
 */
import { type KeyObject, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIAttachment,
  type APIChannel,
  type APIEmbed,
  type APIGuildMember,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  EmbedType,
  type GatewayGuildCreateDispatchData,
  InteractionType,
  type Locale,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
// contract.js (and the ~10 MB of zod schemas it loads) is imported lazily, only when `contract` is not 'off',
// so memory benchmarks can leave it out of the heap.
import type * as ContractModule from './contract.js';
import type { ContractIssue } from './contract.js';

type ContractChecks = Pick<
  typeof ContractModule,
  | 'checkCommandDefinition'
  | 'checkCommandDefinitions'
  | 'checkCreateMessage'
  | 'checkEditMessage'
  | 'checkInteractionCallback'
  | 'checkWebhookEdit'
  | 'checkWebhookExecute'
  | 'checkCreateForumThread'
>;

// ---------------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------------

/** Channel types the emulator generates: text 0, voice 2, category 4, announcement 5. */
export type EmulatedChannelType =
  | ChannelType.GuildText
  | ChannelType.GuildVoice
  | ChannelType.GuildCategory
  | ChannelType.GuildAnnouncement;

export interface ChannelSpec {
  id?: string;
  name?: string;
  /** Default 0 (text). */
  type?: EmulatedChannelType;
  parentId?: string | null;
  topic?: string | null;
  nsfw?: boolean;
  permissionOverwrites?: APIOverwrite[];
}

export interface RoleSpec {
  id?: string;
  name?: string;
  permissions?: bigint | string;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

export interface GuildSpec {
  id?: string;
  name?: string;
  /** Explicit channels, or how many to generate (cycling text, voice, announcement; the first is text). */
  channels?: ChannelSpec[] | number;
  /** Extra roles (besides @everyone and the bot's managed role), or how many to generate. */
  roles?: RoleSpec[] | number;
  memberCount?: number;
  ownerId?: string;
  features?: string[];
  preferredLocale?: string;
  /** Permissions of the bot's managed role in this guild. Defaults to the emulator's `botPermissions`. */
  botPermissions?: bigint | string;
}

export type ContractMode = 'off' | 'record' | 'reject';

export interface EmulatorOptions {
  /** Bot token the emulator accepts. Default `emulator-token`. */
  token?: string;
  /** Defaults to a fresh snowflake. */
  applicationId?: string;
  /** Defaults to `applicationId` (as for any bot created after 2019). */
  botUserId?: string;
  botUsername?: string;
  /** Guild count or explicit guild specs. Default 1. */
  guilds?: number | GuildSpec[];
  /** Channels per generated guild when a spec doesn't list them. Default 3 (text, voice, announcement). */
  channelsPerGuild?: number;
  /** Total roles per generated guild, including @everyone and the bot's role. Default 3. */
  rolesPerGuild?: number;
  /** Default permissions of the bot (its managed role, and `app_permissions` of interactions). */
  botPermissions?: bigint | string;
  /** Gateway HELLO heartbeat interval. Default 41250 ms, like Discord. */
  heartbeatIntervalMs?: number;
  /** How long after INTERACTION_CREATE the initial callback is accepted (Discord: 3 s). Default 3000. */
  interactionCallbackWindowMs?: number;
  /** How long interaction tokens work for webhooks (Discord: 15 min). Default 15 min. */
  interactionTokenTtlMs?: number;
  /** How long `nonce` + `enforce_nonce` deduplicate message creation. Default 5 min. */
  nonceWindowMs?: number;
  /**
   * Validate bodies the bot sends (interaction callbacks, messages, webhook edits/follow-ups, command definitions)
   * against Discord's OpenAPI schemas (see contract.ts). 'record' (default) stores issues in
   * `request.contractIssues` and `emu.contractViolations`; 'reject' also answers 400 50035 Invalid Form Body.
   * Use 'off' for memory benchmarks: the schemas are then never loaded (they take ~10 MB of heap).
   */
  contract?: ContractMode;
  /** Gateway closes with 4014 (Disallowed intents) if IDENTIFY asks for any of these bits. Default 0. */
  disallowedIntents?: number;
  /** `session_start_limit.max_concurrency`. Default 1. */
  maxConcurrency?: number;
  /** `shards` recommended by GET /gateway/bot. Default 1. */
  recommendedShards?: number;
  /** Dispatches kept per session for RESUME. Default 1000. */
  resumeBufferSize?: number;
  /** Optional debug logger. */
  log?: (message: string) => void;
}

export interface RecordedFile {
  field: string;
  name: string;
  size: number;
  contentType: string;
}

export interface RecordedRequest {
  /** 0-based index into `emu.requests`. */
  index: number;
  method: string;
  /** Raw request target, e.g. `/api/v10/webhooks/1/tok/messages/%40original?wait=true`. */
  url: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** Matched route template, e.g. `/webhooks/:webhookId/:token/messages/:messageId`, or null if unknown. */
  route: string | null;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of a multipart body); undefined if none. */
  body: unknown;
  files: RecordedFile[];
  receivedAt: number;
  /** Response status and body (filled in before listeners and waiters run). */
  status: number;
  response: unknown;
  /** Contract issues found in the body (contract mode 'record' or 'reject'). */
  contractIssues?: ContractIssue[];
}

export interface FailureSpec {
  status: number;
  /** Discord JSON error code, e.g. 50013. */
  code?: number;
  message?: string;
  /** Full response body (overrides code/message). */
  body?: unknown;
  /** For 429: seconds (fractions allowed, @discordjs/rest honours them). Default 0.05. */
  retryAfter?: number;
  /** For 429: global rate limit. */
  global?: boolean;
  headers?: Record<string, string>;
  /** How many requests to fail. Default: always. */
  times?: number;
}

export type FailurePreset =
  | 'missingPermissions'
  | 'missingAccess'
  | 'unknownChannel'
  | 'unknownMessage'
  | 'unknownInteraction'
  | 'serverError'
  | 'rateLimited'
  | 'unauthorized';

export const FAILURES: Readonly<Record<FailurePreset, FailureSpec>> = Object.freeze({
  missingPermissions: { status: 403, code: 50013, message: 'Missing Permissions' },
  missingAccess: { status: 403, code: 50001, message: 'Missing Access' },
  unknownChannel: { status: 404, code: 10003, message: 'Unknown Channel' },
  unknownMessage: { status: 404, code: 10008, message: 'Unknown Message' },
  unknownInteraction: { status: 404, code: 10062, message: 'Unknown interaction' },
  serverError: { status: 500, code: 0, message: '500: Internal Server Error' },
  rateLimited: { status: 429, retryAfter: 0.05 },
  unauthorized: { status: 401, code: 0, message: '401: Unauthorized' },
});

export type RouteMatcher =
  | { method?: string; path: string | RegExp }
  | ((request: { method: string; path: string }) => boolean);

/** Whether a request is the one a fault rule (failRoute, resetConnections, delayResponses) names. */
function routeMatches(m: RouteMatcher, method: string, path: string): boolean {
  if (typeof m === 'function') return m({ method, path });
  return (
    (m.method === undefined || m.method.toUpperCase() === method) &&
    (typeof m.path === 'string' ? m.path === path : m.path.test(path))
  );
}

export interface InteractionCallback {
  interactionId: string;
  /** Interaction callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type: number;
  data: Record<string, unknown> | undefined;
  body: Record<string, unknown>;
  /** HTTP status the emulator answered (204/200 normally; 400/404 if late, repeated or invalid). */
  status: number;
  /** Date.now() when the callback arrived. */
  receivedAt: number;
  /** Milliseconds between sending INTERACTION_CREATE and receiving the callback. */
  latencyMs: number;
  request: RecordedRequest;
}

export interface InteractionRecord {
  id: string;
  token: string;
  payload: APIInteraction;
  dispatchedAt: number;
  callback?: InteractionCallback;
  /** All callback attempts, including rejected ones. */
  callbackAttempts: InteractionCallback[];
  /** Current state of the original response message (after reply/defer/update/editReply). */
  original?: APIMessage;
  /** True after a deferral (type 5 or 6) until the first edit of @original. */
  awaitingEdit: boolean;
  followups: APIMessage[];
}

export interface InteractionContextOptions {
  /** Guild the interaction happens in. Default: the first guild. `null` for a DM. */
  guildId?: string | null;
  /** Default: the first text channel of the guild (or a DM channel). */
  channelId?: string;
  /** Default: `emu.userId`. */
  userId?: string;
  user?: Partial<APIUser>;
  /** Member permissions in the channel. Default: an ordinary member's (no admin/manage). */
  memberPermissions?: bigint | string;
  memberRoles?: string[];
  /** Bot permissions in the channel (`app_permissions`). Default: the emulator's `botPermissions`. */
  appPermissions?: bigint | string;
  locale?: string;
  guildLocale?: string;
  /** Override the generated interaction id/token. */
  id?: string;
  token?: string;
}

export type OptionInput =
  | string
  | number
  | boolean
  | { type: ApplicationCommandOptionType; value: string | number | boolean };

export interface ChatInputOptions extends InteractionContextOptions {
  name: string;
  subcommand?: string;
  subcommandGroup?: string;
  /**
   * Option values by name. Types come from the registered command definition (bulk PUT) when there is one,
   * else are inferred (string 3, integer 4, other number 10, boolean 5); `{ type, value }` forces a type.
   * Raw API options are accepted too.
   */
  options?: Record<string, OptionInput> | APIApplicationCommandInteractionDataBasicOption[];
  /** Merged into the auto-built `data.resolved` (users/members/roles/channels for user/role/channel options). */
  resolved?: APIInteractionDataResolved;
  commandId?: string;
}

export interface AutocompleteOptions extends InteractionContextOptions {
  name: string;
  subcommand?: string;
  subcommandGroup?: string;
  focused: { name: string; value: string | number };
  options?: Record<string, OptionInput>;
  commandId?: string;
}

export interface ComponentOptions extends InteractionContextOptions {
  customId: string;
  /** The message the component is on. A message the emulator knows (e.g. a reply) is used as is. */
  messageId?: string;
  /** Extra/overriding fields for the synthesized message. */
  message?: Partial<APIMessage>;
}

export interface StringSelectOptions extends ComponentOptions {
  values: string[];
}

export interface ModalSubmitOptions extends InteractionContextOptions {
  customId: string;
  /** Text input values by custom_id. */
  fields: Record<string, string>;
  /** Submissions mirror the modal: Label components (default, current builders) or legacy action rows. */
  layout?: 'label' | 'actionRow';
  /** For modals opened from a component: the message it was on. */
  messageId?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider requests with `index >= since` (e.g. `emu.requests.length` taken earlier). Default 0. */
  since?: number;
}

export interface GatewayPayloadRecord {
  op: number;
  d: unknown;
  t?: string | null;
  s?: number | null;
  receivedAt: number;
}

export interface Emulator {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly port: number;
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUser: APIUser;
  /** A default human user for interactions. */
  readonly userId: string;
  /** Full guild objects (as sent in GUILD_CREATE). Mutating them before login changes what the bot sees. */
  readonly guilds: GatewayGuildCreateDispatchData[];
  readonly requests: RecordedRequest[];
  readonly interactions: Map<string, InteractionRecord>;
  readonly contractViolations: { request: RecordedRequest; issues: ContractIssue[] }[];
  /** Every gateway payload received from clients except heartbeats. */
  readonly gatewayReceived: GatewayPayloadRecord[];
  readonly stats: { heartbeats: number; identifies: number; resumes: number; connections: number };

  // data helpers
  guild(guildId?: string): GatewayGuildCreateDispatchData;
  channel(channelId: string): APIChannel | undefined;
  /** Channels of a guild (default: first guild), optionally filtered by type. */
  channelsOf(guildId?: string, type?: ChannelType): APIChannel[];
  /** First text channel of a guild (default: first guild). */
  textChannelId(guildId?: string): string;
  message(messageId: string): APIMessage | undefined;
  messagesIn(channelId: string): APIMessage[];
  commands(guildId?: string): APIApplicationCommand[];

  // interaction builders
  chatInput(options: ChatInputOptions): APIInteraction;
  autocomplete(options: AutocompleteOptions): APIInteraction;
  button(options: ComponentOptions): APIInteraction;
  stringSelect(options: StringSelectOptions): APIInteraction;
  modalSubmit(options: ModalSubmitOptions): APIInteraction;

  /** Sends INTERACTION_CREATE; resolves with the first callback the bot POSTs (rejects after timeoutMs, default 5000). */
  dispatchInteraction(payload: APIInteraction, options?: { timeoutMs?: number }): Promise<InteractionCallback>;
  /** Resolves with the original response once it is final (reply/update, or defer followed by an edit). */
  waitForReply(interactionId: string, options?: { timeoutMs?: number }): Promise<APIMessage>;

  // gateway
  sendDispatch(t: string, d: unknown, options?: { shardId?: number }): number;
  guildDelete(guildId: string, options?: { unavailable?: boolean }): void;
  guildCreate(spec?: GuildSpec): GatewayGuildCreateDispatchData;
  /** op 7: clients close with 4200 and RESUME. */
  requestReconnect(): void;
  /** op 9: invalid session. */
  invalidateSession(resumable?: boolean): void;
  /** Close gateway sockets with a code (sessions stay resumable unless the code is 1000/1001). */
  dropGatewayConnections(code?: number): void;
  /** Resolves once a client has IDENTIFYed or RESUMEd and has a live session. */
  waitForGatewaySession(timeoutMs?: number): Promise<void>;
  readonly connectedClients: number;

  // REST recording and failure injection
  onRequest(listener: (request: RecordedRequest) => void): () => void;
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    options?: WaitOptions | number,
  ): Promise<RecordedRequest>;
  failRoute(matcher: RouteMatcher, failure: FailureSpec | FailurePreset, times?: number): () => void;
  failChannel(channelId: string, failure: FailureSpec | FailurePreset, times?: number): () => void;
  clearFailures(): void;
  /** Forget recorded requests, contract violations and gateway payloads (not state). */
  resetRecords(): void;

  // --- HTTP interactions and connection resets (core transport tests, issue 7 and issue 8 item 16) ---
  /**
   * Acts as Discord for an HTTP-interactions bot: registers the interaction, signs the body with `privateKey`
   * (Ed25519 over timestamp + body), POSTs it to `endpoint`, and treats a 200 JSON response body as the interaction
   * callback (contract-checked and recorded like a REST callback, so webhook edits and follow-ups work after it).
   */
  deliverHttpInteraction(
    endpoint: string,
    payload: APIInteraction,
    options: HttpDeliveryOptions,
  ): Promise<HttpDelivery>;
  /** The next `times` (default 1) matching requests get their connection reset (socket destroyed, no response). */
  resetConnections(matcher: RouteMatcher, times?: number): () => void;

  // --- threads, forums, crossposts and attachment downloads (the daily post's deliveries, issue 12) ---
  /**
   * Adds a thread (types 10/11/12, under `parentId`) or a forum/media channel (15/16, with `tags`) to a guild
   * (default: the first), visible to GET /channels/:id and the routes below.
   */
  addDailyChannel(spec: DailyChannelSpec, guildId?: string): APIChannel;
  /** A file "uploaded to Discord": its `url` serves `content` (GET, no auth), for `data.resolved.attachments`. */
  addAttachment(filename: string, content: Buffer | string, contentType?: string): APIAttachment;

  // --- slow and lost responses, nonce memory (daily post hardening, issue 8 items 1, 2, 5) ---
  /**
   * The next `times` (default: all) matching requests are delayed by `delayMs`, or never answered (`hang`). With
   * `after: true` the request is handled first (a message is created) and only the response is held: Discord did
   * the work but the answer is lost. A held response ends when the client gives up or the emulator closes.
   */
  delayResponses(matcher: RouteMatcher, delay: ResponseDelay, times?: number): () => void;
  /** Forget every `nonce` seen so far, as Discord does after "a few minutes" (see `nonceWindowMs`). */
  forgetNonces(): void;

  close(): Promise<void>;
}

/** How `delayResponses` slows a response. */
export interface ResponseDelay {
  /** Milliseconds to wait before answering (ignored with `hang`). */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** Handle the request first (its effects happen), then delay or drop only the response. Default false. */
  after?: boolean;
}

/** A thread or forum/media channel for `addDailyChannel` (issue 12). */
export interface DailyChannelSpec {
  type:
    | ChannelType.AnnouncementThread
    | ChannelType.PublicThread
    | ChannelType.PrivateThread
    | ChannelType.GuildForum
    | ChannelType.GuildMedia;
  id?: string;
  name?: string;
  /** Threads: the channel they belong to (default: the guild's first text channel). */
  parentId?: string;
  /** Forum/media: available tags. */
  tags?: { id?: string; name: string }[];
  /** Forum/media: channel flag REQUIRE_TAG. */
  requireTag?: boolean;
  permissionOverwrites?: APIOverwrite[];
}

/** How `deliverHttpInteraction` signs and sends (tests of bad signatures override parts). */
export interface HttpDeliveryOptions {
  privateKey: KeyObject;
  /** Seconds added to the signed timestamp (e.g. -600 for a stale one). Default 0. */
  timestampOffsetS?: number;
  /** Send this signature instead of the real one (hex). */
  signature?: string;
  /** Raw body to send instead of JSON.stringify(payload) (signed as is). */
  rawBody?: string | Buffer;
  timeoutMs?: number;
}

export interface HttpDelivery {
  status: number;
  headers: Record<string, string>;
  /** The response body, parsed as JSON when it is JSON, else the text. */
  body: unknown;
  /** The callback Discord would have recorded from a 200 response; undefined otherwise. */
  callback?: InteractionCallback;
  /** The `files[n]` parts of a multipart/form-data response (with their bytes); empty for a JSON response. */
  files: HttpDeliveredFile[];
}

/** One file of a multipart HTTP interaction response (http-files block). */
export interface HttpDeliveredFile extends RecordedFile {
  data: Uint8Array;
}

// ---------------------------------------------------------------------------------------------------------------
// Snowflakes and small helpers
// ---------------------------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
let lastSnowflake = 0n;

/** A real-looking, strictly increasing snowflake (timestamp bits = now). */
export function snowflake(): string {
  const fromNow = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = fromNow > lastSnowflake ? fromNow : lastSnowflake + 1n;
  return lastSnowflake.toString();
}

function randomToken(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}

function permString(value: bigint | string | undefined, fallback: bigint): string {
  if (value === undefined) return fallback.toString();
  return typeof value === 'bigint' ? value.toString() : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const P = PermissionFlagsBits;

/** An ordinary member: can talk and use commands, nothing more. */
export const DEFAULT_MEMBER_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.Connect |
  P.Speak;

/** What a typical bot invite grants. */
export const DEFAULT_BOT_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseApplicationCommands;

// ---------------------------------------------------------------------------------------------------------------
// Guild generation
// ---------------------------------------------------------------------------------------------------------------

const GENERATED_CHANNEL_TYPES: EmulatedChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildVoice,
  ChannelType.GuildAnnouncement,
];

function buildChannel(spec: ChannelSpec, guildId: string, position: number): APIChannel {
  // Plain literals, no object spread: spreading is ~10x slower in V8 and the memory benchmark builds 50k channels.
  const type = spec.type ?? ChannelType.GuildText;
  const id = spec.id ?? snowflake();
  const name = spec.name ?? `channel-${position}`;
  const permission_overwrites = spec.permissionOverwrites ?? [];
  const parent_id = spec.parentId ?? null;
  if (type === ChannelType.GuildCategory) {
    return {
      id,
      type,
      guild_id: guildId,
      name,
      position,
      permission_overwrites,
      parent_id,
      flags: 0,
    } as unknown as APIChannel;
  }
  if (type === ChannelType.GuildVoice) {
    return {
      id,
      type,
      guild_id: guildId,
      name,
      position,
      permission_overwrites,
      parent_id,
      flags: 0,
      nsfw: spec.nsfw ?? false,
      bitrate: 64000,
      user_limit: 0,
      rtc_region: null,
      rate_limit_per_user: 0,
      last_message_id: null,
    } as unknown as APIChannel;
  }
  return {
    id,
    type,
    guild_id: guildId,
    name,
    position,
    permission_overwrites,
    parent_id,
    flags: 0,
    topic: spec.topic ?? null,
    nsfw: spec.nsfw ?? false,
    last_message_id: null,
    rate_limit_per_user: 0,
    default_auto_archive_duration: 4320,
    default_thread_rate_limit_per_user: 0,
    last_pin_timestamp: null,
  } as unknown as APIChannel;
}

function buildRole(spec: RoleSpec, position: number): APIRole {
  return {
    id: spec.id ?? snowflake(),
    name: spec.name ?? `role-${position}`,
    color: spec.color ?? 0,
    colors: { primary_color: spec.color ?? 0, secondary_color: null, tertiary_color: null },
    hoist: spec.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permString(spec.permissions, 0n),
    managed: false,
    mentionable: spec.mentionable ?? false,
    flags: 0 as APIRole['flags'],
  };
}

interface GuildBuildContext {
  botUser: APIUser;
  botPermissions: string;
  channelsPerGuild: number;
  rolesPerGuild: number;
  index: number;
}

function buildGuild(spec: GuildSpec, ctx: GuildBuildContext): GatewayGuildCreateDispatchData {
  const id = spec.id ?? snowflake();
  const now = new Date().toISOString();

  const channelSpecs: ChannelSpec[] =
    typeof spec.channels === 'number' || spec.channels === undefined
      ? Array.from({ length: Math.max(1, spec.channels ?? ctx.channelsPerGuild) }, (_, i) => {
          const type = GENERATED_CHANNEL_TYPES[i % GENERATED_CHANNEL_TYPES.length] ?? ChannelType.GuildText;
          const prefix =
            type === ChannelType.GuildVoice ? 'voice' : type === ChannelType.GuildAnnouncement ? 'news' : 'text';
          return { type, name: `${prefix}-${i}` };
        })
      : spec.channels;
  const channels = channelSpecs.map((c, i) => buildChannel(c, id, i));

  const everyone = buildRole({ id, name: '@everyone', permissions: DEFAULT_MEMBER_PERMISSIONS }, 0);
  const botRole = buildRole({ name: ctx.botUser.username, permissions: spec.botPermissions ?? ctx.botPermissions }, 1);
  botRole.managed = true;
  botRole.tags = { bot_id: ctx.botUser.id };
  const extraRoleSpecs: RoleSpec[] =
    typeof spec.roles === 'number' || spec.roles === undefined
      ? Array.from({ length: Math.max(0, (spec.roles ?? ctx.rolesPerGuild - 2) as number) }, (_, i) => ({
          name: `role-${i}`,
          color: (i * 0x1f3d5b) & 0xffffff,
        }))
      : spec.roles;
  const roles = [everyone, botRole, ...extraRoleSpecs.map((r, i) => buildRole(r, i + 2))];

  const botMember: APIGuildMember = {
    user: ctx.botUser,
    nick: null,
    avatar: null,
    banner: null,
    roles: [botRole.id],
    joined_at: now,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as APIGuildMember['flags'],
    pending: false,
    communication_disabled_until: null,
  };

  const guild = {
    id,
    name: spec.name ?? `Guild ${ctx.index}`,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: spec.ownerId ?? snowflake(),
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles,
    emojis: [],
    features: spec.features ?? [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: spec.preferredLocale ?? 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    // GUILD_CREATE extras
    joined_at: now,
    large: false,
    unavailable: false,
    member_count: spec.memberCount ?? 10,
    voice_states: [],
    members: [botMember],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
    application_command_counts: {},
    embedded_activities: [],
    version: Date.now(),
  };
  return guild as unknown as GatewayGuildCreateDispatchData;
}

// ---------------------------------------------------------------------------------------------------------------
// REST plumbing
// ---------------------------------------------------------------------------------------------------------------

class ApiError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function apiError(status: number, code: number, message: string, extra?: Record<string, unknown>): ApiError {
  return new ApiError(status, { message, code, ...extra });
}

function invalidFormBody(issues: ContractIssue[]): ApiError {
  const errors: Record<string, unknown> = {};
  for (const issue of issues) {
    errors[issue.path] = { _errors: [{ code: 'CONTRACT_VIOLATION', message: issue.message }] };
  }
  return apiError(400, 50035, 'Invalid Form Body', { errors });
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON (attachment downloads). */
  raw?: Buffer;
}

interface RouteContext {
  req: RecordedRequest;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

type RouteHandler = (ctx: RouteContext) => Reply;

interface RouteDef {
  method: string;
  template: string;
  segments: string[];
  auth: boolean;
  handler: RouteHandler;
}

interface FailureRule {
  matcher: RouteMatcher;
  failure: FailureSpec;
  remaining: number;
}

interface Waiter {
  probe: () => boolean;
  fail: (error: Error) => void;
}

interface GatewaySession {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  /** Sent dispatches kept for RESUME (references, serialized again on replay, so they cost little memory). */
  buffer: { s: number; t: string; d: unknown }[];
  conn: GatewayConnection | undefined;
}

interface GatewayConnection {
  ws: WebSocket;
  session: GatewaySession | undefined;
  closed: boolean;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[]; parseError?: string }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, size: value.size, contentType: value.type });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [], parseError: 'body is not valid JSON' };
  }
}

// ---- http-files block: the HTTP response to an interaction, JSON or multipart/form-data -------------------------
// Discord reads a multipart response like a multipart callback: `payload_json` is the interaction response, each
// `files[n]` part a file (listed in `data.attachments` with id n). A multipart response without a valid
// `payload_json` part is handed on as its text, as Discord would refuse it.
async function parseHttpInteractionResponse(
  response: Response,
  contentType: string,
): Promise<{ parsed: unknown; files: HttpDeliveredFile[] }> {
  if (contentType.startsWith('multipart/form-data')) {
    const raw = Buffer.from(await response.arrayBuffer());
    const files: HttpDeliveredFile[] = [];
    let parsed: unknown = raw.toString('utf8');
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      let payload: unknown;
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') payload = JSON.parse(value);
        } else {
          const data = new Uint8Array(await value.arrayBuffer());
          files.push({ field, name: value.name, size: value.size, contentType: value.type, data });
        }
      }
      if (payload !== undefined) parsed = payload;
    } catch {
      return { parsed, files: [] };
    }
    return { parsed, files };
  }
  const text = await response.text();
  if (!contentType.includes('application/json')) return { parsed: text, files: [] };
  try {
    return { parsed: JSON.parse(text), files: [] };
  } catch {
    return { parsed: text, files: [] };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------------------------------------------

class DiscordEmulator implements Emulator {
  apiUrl = '';
  gatewayUrl = '';
  port = 0;
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUser: APIUser;
  readonly userId: string;
  readonly guilds: GatewayGuildCreateDispatchData[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  readonly contractViolations: { request: RecordedRequest; issues: ContractIssue[] }[] = [];
  readonly gatewayReceived: GatewayPayloadRecord[] = [];
  readonly stats = { heartbeats: 0, identifies: 0, resumes: 0, connections: 0 };

  private readonly opts: Required<
    Pick<
      EmulatorOptions,
      | 'heartbeatIntervalMs'
      | 'interactionCallbackWindowMs'
      | 'interactionTokenTtlMs'
      | 'nonceWindowMs'
      | 'contract'
      | 'disallowedIntents'
      | 'maxConcurrency'
      | 'recommendedShards'
      | 'resumeBufferSize'
    >
  >;
  private readonly botPermissions: string;
  private readonly guildDefaults: Omit<GuildBuildContext, 'index'>;
  private readonly log: (message: string) => void;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly routes: RouteDef[] = [];
  private readonly guildIndex = new Map<string, GatewayGuildCreateDispatchData>();
  private readonly channelIndex = new Map<string, APIChannel>();
  private readonly users = new Map<string, APIUser>();
  private readonly messages = new Map<string, APIMessage>();
  private readonly channelMessages = new Map<string, string[]>();
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  private readonly globalCommands = new Map<string, APIApplicationCommand>();
  private readonly guildCommands = new Map<string, Map<string, APIApplicationCommand>>();
  private readonly commandIds = new Map<string, string>();
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** Callbacks that arrived too late or were rejected: dispatchInteraction() resolves with them too. */
  private readonly lateCallbacks = new Map<string, InteractionCallback>();
  private readonly dmChannels = new Map<string, string>();
  private readonly failures: FailureRule[] = [];
  private readonly listeners = new Set<(request: RecordedRequest) => void>();
  private readonly waiters = new Set<Waiter>();
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Set<GatewayConnection>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  private closed = false;

  constructor(
    options: EmulatorOptions,
    private readonly checks: ContractChecks | undefined,
  ) {
    this.token = options.token ?? 'emulator-token';
    this.applicationId = options.applicationId ?? snowflake();
    this.botUserId = options.botUserId ?? this.applicationId;
    this.botPermissions = permString(options.botPermissions, DEFAULT_BOT_PERMISSIONS);
    this.log = options.log ?? (() => {});
    this.opts = {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      interactionCallbackWindowMs: options.interactionCallbackWindowMs ?? 3000,
      interactionTokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60_000,
      nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
      contract: options.contract ?? 'record',
      disallowedIntents: options.disallowedIntents ?? 0,
      maxConcurrency: options.maxConcurrency ?? 1,
      recommendedShards: options.recommendedShards ?? 1,
      resumeBufferSize: options.resumeBufferSize ?? 1000,
    };
    this.botUser = {
      id: this.botUserId,
      username: options.botUsername ?? 'aesc-bot',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      system: false,
      mfa_enabled: true,
      verified: true,
      email: null,
      flags: 0 as APIUser['flags'],
      public_flags: 0 as APIUser['public_flags'],
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
    this.users.set(this.botUserId, this.botUser);
    this.userId = snowflake();
    this.users.set(this.userId, this.makeUser(this.userId));

    const guildSpecs: GuildSpec[] =
      typeof options.guilds === 'number' || options.guilds === undefined
        ? Array.from({ length: options.guilds ?? 1 }, () => ({}))
        : options.guilds;
    this.guildDefaults = {
      botUser: this.botUser,
      botPermissions: this.botPermissions,
      channelsPerGuild: options.channelsPerGuild ?? 3,
      rolesPerGuild: Math.max(2, options.rolesPerGuild ?? 3),
    };
    guildSpecs.forEach((spec, index) => {
      this.addGuild(buildGuild(spec, { ...this.guildDefaults, index }));
    });

    this.registerRoutes();
    this.server = createServer((req, res) => {
      void this.handleHttp(req, res);
    });
    this.server.keepAliveTimeout = 5_000;
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.closed) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.apiUrl = `http://127.0.0.1:${this.port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${this.port}`;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Data helpers
  // -------------------------------------------------------------------------------------------------------------

  private addGuild(guild: GatewayGuildCreateDispatchData): void {
    this.guilds.push(guild);
    this.guildIndex.set(guild.id, guild);
    for (const channel of guild.channels) this.channelIndex.set(channel.id, channel as APIChannel);
  }

  guild(guildId?: string): GatewayGuildCreateDispatchData {
    const guild = guildId === undefined ? this.guilds[0] : this.guildIndex.get(guildId);
    if (!guild) throw new Error(`emulator: unknown guild ${guildId ?? '(none configured)'}`);
    return guild;
  }

  channel(channelId: string): APIChannel | undefined {
    return this.channelIndex.get(channelId);
  }

  channelsOf(guildId?: string, type?: ChannelType): APIChannel[] {
    const channels = this.guild(guildId).channels as APIChannel[];
    return type === undefined ? channels : channels.filter((c) => c.type === type);
  }

  textChannelId(guildId?: string): string {
    const channel = this.channelsOf(guildId, ChannelType.GuildText)[0];
    if (!channel) throw new Error(`emulator: guild ${guildId ?? this.guilds[0]?.id} has no text channel`);
    return channel.id;
  }

  message(messageId: string): APIMessage | undefined {
    return this.messages.get(messageId);
  }

  messagesIn(channelId: string): APIMessage[] {
    return (this.channelMessages.get(channelId) ?? []).flatMap((id) => {
      const message = this.messages.get(id);
      return message ? [message] : [];
    });
  }

  commands(guildId?: string): APIApplicationCommand[] {
    const map = guildId === undefined ? this.globalCommands : this.guildCommands.get(guildId);
    return map ? [...map.values()] : [];
  }

  get connectedClients(): number {
    let n = 0;
    for (const conn of this.connections) if (!conn.closed && conn.session) n++;
    return n;
  }

  private makeUser(id: string, partial: Partial<APIUser> = {}): APIUser {
    return {
      id,
      username: `user${id.slice(-4)}`,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: false,
      public_flags: 0 as APIUser['public_flags'],
      flags: 0 as APIUser['flags'],
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      ...partial,
    };
  }

  private userFor(id: string, partial?: Partial<APIUser>): APIUser {
    const existing = this.users.get(id);
    if (existing && !partial) return existing;
    const user = { ...(existing ?? this.makeUser(id)), ...partial, id };
    this.users.set(id, user);
    return user;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Waiting and listeners
  // -------------------------------------------------------------------------------------------------------------

  private waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const immediate = probe();
    if (immediate !== undefined) return Promise.resolve(immediate);
    if (this.closed) return Promise.reject(new Error(`emulator closed; cannot wait for ${what}`));
    const promise = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`emulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      timer.unref();
      const waiter: Waiter = {
        probe: () => {
          const value = probe();
          if (value === undefined) return false;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(value);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
    // Mark as handled so a rejection on close() is not an unhandled rejection if nobody awaits it;
    // callers that await still see it.
    promise.catch(() => {});
    return promise;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.probe();
  }

  onRequest(listener: (request: RecordedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    options: WaitOptions | number = {},
  ): Promise<RecordedRequest> {
    const { timeoutMs = 2000, since = 0 } = typeof options === 'number' ? { timeoutMs: options } : options;
    let cursor = since;
    return this.waitFor(
      () => {
        for (; cursor < this.requests.length; cursor++) {
          const request = this.requests[cursor];
          if (request && predicate(request)) return request;
        }
        return undefined;
      },
      timeoutMs,
      `a request matching ${predicate.toString().slice(0, 120)}`,
    );
  }

  resetRecords(): void {
    this.requests.length = 0;
    this.contractViolations.length = 0;
    this.gatewayReceived.length = 0;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Failure injection
  // -------------------------------------------------------------------------------------------------------------

  failRoute(matcher: RouteMatcher, failure: FailureSpec | FailurePreset, times?: number): () => void {
    const spec = typeof failure === 'string' ? FAILURES[failure] : failure;
    const rule: FailureRule = { matcher, failure: spec, remaining: times ?? spec.times ?? Number.POSITIVE_INFINITY };
    this.failures.push(rule);
    return () => {
      const i = this.failures.indexOf(rule);
      if (i >= 0) this.failures.splice(i, 1);
    };
  }

  failChannel(channelId: string, failure: FailureSpec | FailurePreset, times?: number): () => void {
    return this.failRoute({ method: 'POST', path: `/channels/${channelId}/messages` }, failure, times);
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  private matchFailure(method: string, path: string): FailureSpec | undefined {
    for (const rule of this.failures) {
      if (rule.remaining <= 0) continue;
      if (routeMatches(rule.matcher, method, path)) {
        rule.remaining--;
        return rule.failure;
      }
    }
    return undefined;
  }

  private failureReply(spec: FailureSpec): Reply {
    const headers: Record<string, string> = { ...spec.headers };
    let body = spec.body;
    if (spec.status === 429) {
      const retryAfter = spec.retryAfter ?? 0.05;
      headers['retry-after'] = String(retryAfter);
      headers['x-ratelimit-scope'] = spec.global ? 'global' : 'user';
      if (spec.global) headers['x-ratelimit-global'] = 'true';
      body ??= { message: 'You are being rate limited.', retry_after: retryAfter, global: Boolean(spec.global) };
    }
    body ??= { message: spec.message ?? `${spec.status}`, code: spec.code ?? 0 };
    return { status: spec.status, body, headers };
  }

  // -------------------------------------------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------------------------------------------

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const prefix = url.pathname.match(/^\/api(?:\/v(\d+))?(\/.*)?$/);
    const rest = prefix ? (prefix[2] ?? '/') : url.pathname;
    const path = rest
      .split('/')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      })
      .join('/');
    const query = Object.fromEntries(url.searchParams.entries());
    const record: RecordedRequest = {
      index: this.requests.length,
      method,
      url: req.url ?? '/',
      path,
      route: null,
      params: {},
      query,
      headers,
      body: undefined,
      files: [],
      receivedAt: Date.now(),
      status: 0,
      response: undefined,
    };
    this.requests.push(record);

    // Slow/lost-response fault (delayResponses, before handling): wait, or never answer.
    const delayBefore = this.takeDelay(method, path, false);
    if (delayBefore) {
      this.notify(); // waiters see the request arrive
      if (!(await this.holdResponse(delayBefore, res))) return;
    }

    // Connection-reset fault (resetConnections): no response at all, the socket is destroyed.
    if (this.takeReset(method, path)) {
      record.status = -1;
      this.log(`emulator: ${method} ${record.url} -> connection reset`);
      req.socket.destroy();
      this.notify();
      return;
    }

    let reply: Reply;
    try {
      const parsed = await parseBody(raw, headers['content-type']);
      record.body = parsed.body;
      record.files = parsed.files;
      if (!prefix || (prefix[1] !== undefined && prefix[1] !== '10')) {
        reply = { status: 404, body: { message: '404: Not Found', code: 0 } };
      } else if (parsed.parseError) {
        reply = { status: 400, body: { message: '400: Bad Request', code: 50109 } };
      } else {
        reply = this.route(record, method, path, query, parsed.body);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        reply = { status: error.status, body: error.body, headers: error.headers };
      } else {
        this.log(`emulator: handler crashed for ${method} ${path}: ${(error as Error).stack}`);
        reply = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
      }
    }

    // Slow/lost-response fault (delayResponses, after handling): the work is done, the answer is late or lost.
    const delayAfter = this.takeDelay(method, path, true);
    if (delayAfter && !(await this.holdResponse(delayAfter, res))) {
      record.status = -2;
      record.response = reply.body;
      this.notify();
      return;
    }

    record.status = reply.status;
    record.response = reply.body;
    if (reply.raw) {
      res.writeHead(reply.status, { 'content-length': String(reply.raw.byteLength), ...reply.headers });
      res.end(reply.raw);
    } else if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status === 200 && reply.body === undefined ? 204 : reply.status, reply.headers);
      res.end();
    } else {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    }
    this.log(`emulator: ${method} ${record.url} -> ${reply.status}`);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch (error) {
        this.log(`emulator: onRequest listener threw: ${(error as Error).message}`);
      }
    }
    this.notify();
  }

  private route(
    record: RecordedRequest,
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): Reply {
    const segments = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length; i++) {
        const expected = route.segments[i] as string;
        const actual = segments[i] as string;
        if (expected.startsWith(':')) params[expected.slice(1)] = actual;
        else if (expected !== actual) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      record.route = route.template;
      record.params = params;
      if (route.auth && record.headers.authorization !== `Bot ${this.token}`) {
        return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      }
      const failure = this.matchFailure(method, path);
      if (failure) return this.failureReply(failure);
      return route.handler({ req: record, params, query, body });
    }
    const failure = this.matchFailure(method, path);
    if (failure) return this.failureReply(failure);
    if (pathMatched) return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private on(method: string, template: string, handler: RouteHandler, auth = true): void {
    this.routes.push({ method, template, segments: template.split('/').filter(Boolean), auth, handler });
  }

  /** Runs a contract check according to the `contract` option. */
  private contract(record: RecordedRequest, check: (checks: ContractChecks) => ContractIssue[]): void {
    if (this.opts.contract === 'off' || !this.checks) return;
    const issues = check(this.checks);
    if (issues.length === 0) return;
    record.contractIssues = issues;
    this.contractViolations.push({ request: record, issues });
    this.log(`emulator: contract issues in ${record.method} ${record.path}: ${JSON.stringify(issues)}`);
    if (this.opts.contract === 'reject') throw invalidFormBody(issues);
  }

  private registerRoutes(): void {
    const json = (body: unknown, status = 200): Reply => ({ status, body });
    const noContent: Reply = { status: 204 };

    // --- gateway info ---
    const gatewayInfo = () => ({
      url: this.gatewayUrl,
      shards: this.opts.recommendedShards,
      session_start_limit: {
        total: 1000,
        remaining: 1000,
        reset_after: 0,
        max_concurrency: this.opts.maxConcurrency,
      },
    });
    this.on('GET', '/gateway/bot', () => json(gatewayInfo()));
    this.on('GET', '/gateway', () => json({ url: this.gatewayUrl }), false);

    // --- users / application ---
    this.on('GET', '/users/@me', () => json(this.botUser));
    this.on('GET', '/users/:userId', ({ params }) => {
      const user = this.users.get(params.userId ?? '');
      if (!user) throw apiError(404, 10013, 'Unknown User');
      return json(user);
    });
    this.on('GET', '/applications/@me', () => json(this.applicationObject()));
    this.on('GET', '/oauth2/applications/@me', () => json(this.applicationObject()));

    // --- application commands ---
    const checkApp = (appId: string | undefined) => {
      if (appId !== this.applicationId) throw apiError(403, 50001, 'Missing Access');
    };
    const commandMap = (guildId: string | undefined): Map<string, APIApplicationCommand> => {
      if (guildId === undefined) return this.globalCommands;
      if (!this.guildIndex.has(guildId)) throw apiError(403, 50001, 'Missing Access');
      let map = this.guildCommands.get(guildId);
      if (!map) {
        map = new Map();
        this.guildCommands.set(guildId, map);
      }
      return map;
    };
    for (const scope of ['', '/guilds/:guildId'] as const) {
      const base = `/applications/:appId${scope}/commands`;
      this.on('GET', base, ({ params }) => {
        checkApp(params.appId);
        return json([...commandMap(params.guildId).values()]);
      });
      this.on('PUT', base, ({ req, params, body }) => {
        checkApp(params.appId);
        const map = commandMap(params.guildId);
        this.contract(req, (c) => c.checkCommandDefinitions(body));
        if (!Array.isArray(body)) throw apiError(400, 50035, 'Invalid Form Body');
        const next = body.map((def) => this.toCommand(def, params.guildId));
        map.clear();
        for (const command of next) map.set(command.id, command);
        return json(next);
      });
      this.on('POST', base, ({ req, params, body }) => {
        checkApp(params.appId);
        const map = commandMap(params.guildId);
        this.contract(req, (c) => c.checkCommandDefinition(body));
        const command = this.toCommand(body, params.guildId);
        const existed = map.has(command.id);
        map.set(command.id, command);
        return json(command, existed ? 200 : 201);
      });
      this.on('GET', `${base}/:commandId`, ({ params }) => {
        checkApp(params.appId);
        const command = commandMap(params.guildId).get(params.commandId ?? '');
        if (!command) throw apiError(404, 10063, 'Unknown application command');
        return json(command);
      });
      this.on('PATCH', `${base}/:commandId`, ({ params, body }) => {
        checkApp(params.appId);
        const map = commandMap(params.guildId);
        const command = map.get(params.commandId ?? '');
        if (!command) throw apiError(404, 10063, 'Unknown application command');
        const updated = this.toCommand({ ...command, ...(isRecord(body) ? body : {}) }, params.guildId);
        map.set(updated.id, updated);
        return json(updated);
      });
      this.on('DELETE', `${base}/:commandId`, ({ params }) => {
        checkApp(params.appId);
        if (!commandMap(params.guildId).delete(params.commandId ?? '')) {
          throw apiError(404, 10063, 'Unknown application command');
        }
        return noContent;
      });
    }

    // --- interactions ---
    this.on('POST', '/interactions/:interactionId/:token/callback', (ctx) => this.interactionCallback(ctx), false);

    const webhookRecord = (params: Record<string, string>): InteractionRecord => {
      if (params.webhookId !== this.applicationId) throw apiError(404, 10015, 'Unknown Webhook');
      const record = this.interactionsByToken.get(params.token ?? '');
      if (!record || Date.now() - record.dispatchedAt > this.opts.interactionTokenTtlMs) {
        throw apiError(401, 50027, 'Invalid Webhook Token');
      }
      return record;
    };
    const webhookMessage = (record: InteractionRecord, messageId: string | undefined): APIMessage => {
      const message =
        messageId === '@original'
          ? record.original
          : (record.followups.find((m) => m.id === messageId) ??
            (record.original?.id === messageId ? record.original : undefined));
      if (!message) throw apiError(404, 10008, 'Unknown Message');
      return message;
    };
    this.on(
      'POST',
      '/webhooks/:webhookId/:token',
      ({ req, params, query, body }) => {
        const record = webhookRecord(params);
        if (!record.callback) throw apiError(404, 10015, 'Unknown Webhook');
        this.contract(req, (c) => c.checkWebhookExecute(body));
        const data = isRecord(body) ? body : {};
        const message = this.createMessage(this.interactionChannelId(record.payload), data, req, {
          webhookId: this.applicationId,
          interaction: record.payload,
        });
        record.followups.push(message);
        return query.wait === 'true' ? json(message) : noContent;
      },
      false,
    );
    this.on(
      'GET',
      '/webhooks/:webhookId/:token/messages/:messageId',
      ({ params }) => json(webhookMessage(webhookRecord(params), params.messageId)),
      false,
    );
    this.on(
      'PATCH',
      '/webhooks/:webhookId/:token/messages/:messageId',
      ({ req, params, body }) => {
        const record = webhookRecord(params);
        const message = webhookMessage(record, params.messageId);
        this.contract(req, (c) => c.checkWebhookEdit(body));
        const updated = this.editMessage(message, isRecord(body) ? body : {}, req);
        if (message === record.original) {
          record.original = updated;
          record.awaitingEdit = false;
        } else {
          record.followups = record.followups.map((m) => (m.id === updated.id ? updated : m));
        }
        return json(updated);
      },
      false,
    );
    this.on(
      'DELETE',
      '/webhooks/:webhookId/:token/messages/:messageId',
      ({ params }) => {
        const record = webhookRecord(params);
        const message = webhookMessage(record, params.messageId);
        this.deleteMessage(message);
        if (message === record.original) record.original = undefined;
        else record.followups = record.followups.filter((m) => m.id !== message.id);
        return noContent;
      },
      false,
    );

    // --- channels and messages ---
    const channelOr404 = (channelId: string | undefined): APIChannel => {
      const channel = this.channelIndex.get(channelId ?? '');
      if (!channel) throw apiError(404, 10003, 'Unknown Channel');
      return channel;
    };
    const channelMessageOr404 = (channelId: string | undefined, messageId: string | undefined): APIMessage => {
      channelOr404(channelId);
      const message = this.messages.get(messageId ?? '');
      if (!message || message.channel_id !== channelId) throw apiError(404, 10008, 'Unknown Message');
      return message;
    };
    this.on('GET', '/channels/:channelId', ({ params }) => json(channelOr404(params.channelId)));
    this.on('POST', '/channels/:channelId/messages', ({ req, params, body }) => {
      const channel = channelOr404(params.channelId);
      if (channel.type === ChannelType.GuildCategory) {
        throw apiError(400, 50008, 'Cannot send messages in a non-text channel');
      }
      this.contract(req, (c) => c.checkCreateMessage(body));
      const data = isRecord(body) ? body : {};
      const nonce = data.nonce;
      const nonceKey =
        data.enforce_nonce === true && (typeof nonce === 'string' || typeof nonce === 'number')
          ? `${channel.id}:${this.botUserId}:${nonce}`
          : undefined;
      if (nonceKey) {
        const previous = this.nonces.get(nonceKey);
        const message = previous && this.messages.get(previous.messageId);
        if (previous && message && Date.now() - previous.at <= this.opts.nonceWindowMs) return json(message);
      }
      const message = this.createMessage(channel.id, data, req, {});
      if (nonceKey) this.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
      return json(message);
    });
    this.on('GET', '/channels/:channelId/messages', ({ params, query }) => {
      channelOr404(params.channelId);
      const limit = Math.min(100, Number(query.limit ?? 50) || 50);
      // Newest first, like Discord; `before` / `after` (message ids) page through the history.
      let list = this.messagesIn(params.channelId ?? '');
      if (query.before) list = list.filter((m) => BigInt(m.id) < BigInt(query.before ?? '0'));
      if (query.after) list = list.filter((m) => BigInt(m.id) > BigInt(query.after ?? '0')).slice(0, limit);
      return json(list.slice(-limit).reverse());
    });
    this.on('GET', '/channels/:channelId/messages/:messageId', ({ params }) =>
      json(channelMessageOr404(params.channelId, params.messageId)),
    );
    this.on('PATCH', '/channels/:channelId/messages/:messageId', ({ req, params, body }) => {
      const message = channelMessageOr404(params.channelId, params.messageId);
      this.contract(req, (c) => c.checkEditMessage(body));
      return json(this.editMessage(message, isRecord(body) ? body : {}, req));
    });
    this.on('DELETE', '/channels/:channelId/messages/:messageId', ({ params }) => {
      this.deleteMessage(channelMessageOr404(params.channelId, params.messageId));
      return noContent;
    });
    this.on('POST', '/channels/:channelId/typing', ({ params }) => {
      channelOr404(params.channelId);
      return noContent;
    });

    // --- guilds ---
    const guildOr404 = (guildId: string | undefined) => {
      const guild = this.guildIndex.get(guildId ?? '');
      if (!guild) throw apiError(404, 10004, 'Unknown Guild');
      return guild;
    };
    this.on('GET', '/guilds/:guildId', ({ params }) => {
      const {
        channels: _c,
        members: _m,
        threads: _t,
        presences: _p,
        voice_states: _v,
        ...guild
      } = guildOr404(params.guildId);
      return json(guild);
    });
    this.on('GET', '/guilds/:guildId/channels', ({ params }) => json(guildOr404(params.guildId).channels));
    this.on('GET', '/guilds/:guildId/roles', ({ params }) => json(guildOr404(params.guildId).roles));
    this.on('GET', '/guilds/:guildId/members/:userId', ({ params }) => {
      const member = guildOr404(params.guildId).members.find((m) => m.user?.id === params.userId);
      if (!member) throw apiError(404, 10007, 'Unknown Member');
      return json(member);
    });
    this.registerDailyRoutes();
  }

  private applicationObject() {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: 0,
      owner: this.makeUser('100000000000000000', { username: 'owner' }),
      team: null,
      bot: this.botUser,
      approximate_guild_count: this.guilds.length,
      redirect_uris: [],
      interactions_endpoint_url: null,
      integration_types_config: { '0': {} },
    };
  }

  private toCommand(def: unknown, guildId: string | undefined): APIApplicationCommand {
    if (!isRecord(def) || typeof def.name !== 'string') throw apiError(400, 50035, 'Invalid Form Body');
    const type = typeof def.type === 'number' ? (def.type as ApplicationCommandType) : ApplicationCommandType.ChatInput;
    const key = `${guildId ?? 'global'}:${type}:${def.name}`;
    let id = this.commandIds.get(key);
    if (!id) {
      id = snowflake();
      this.commandIds.set(key, id);
    }
    const perms = def.default_member_permissions;
    const command: APIApplicationCommand = {
      id,
      application_id: this.applicationId,
      version: snowflake(),
      type,
      name: def.name,
      name_localizations: (def.name_localizations as APIApplicationCommand['name_localizations']) ?? null,
      description: typeof def.description === 'string' ? def.description : '',
      description_localizations:
        (def.description_localizations as APIApplicationCommand['description_localizations']) ?? null,
      default_member_permissions: perms === undefined || perms === null ? null : String(perms),
      nsfw: def.nsfw === true,
      integration_types: (def.integration_types as APIApplicationCommand['integration_types']) ?? [0],
      contexts: (def.contexts as APIApplicationCommand['contexts']) ?? null,
    };
    if (Array.isArray(def.options) && def.options.length > 0) {
      command.options = def.options as APIApplicationCommandOption[];
    }
    if (guildId !== undefined) command.guild_id = guildId;
    else command.dm_permission = def.dm_permission !== false;
    return command;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Messages
  // -------------------------------------------------------------------------------------------------------------

  private attachmentsFrom(data: Record<string, unknown>, req: RecordedRequest): APIAttachment[] {
    const meta = Array.isArray(data.attachments) ? data.attachments.filter(isRecord) : [];
    return req.files.map((file, i) => {
      const index = Number(file.field.match(/^files\[(\d+)\]$/)?.[1] ?? i);
      const info = meta.find((m) => String(m.id) === String(index));
      const id = snowflake();
      const url = `https://cdn.discordapp.com/attachments/0/${id}/${encodeURIComponent(file.name)}`;
      const attachment: APIAttachment = {
        id,
        filename: file.name,
        size: file.size,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
        content_type: file.contentType || 'application/octet-stream',
      };
      if (typeof info?.description === 'string') attachment.description = info.description;
      return attachment;
    });
  }

  private createMessage(
    channelId: string,
    data: Record<string, unknown>,
    req: RecordedRequest,
    extra: { webhookId?: string; interaction?: APIInteraction; loading?: boolean },
  ): APIMessage {
    const id = snowflake();
    const reference = isRecord(data.message_reference) ? data.message_reference : undefined;
    const interaction = extra.interaction;
    const message: APIMessage = {
      id,
      channel_id: channelId,
      author: this.botUser,
      content: typeof data.content === 'string' ? data.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: data.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.attachmentsFrom(data, req),
      embeds: Array.isArray(data.embeds)
        ? (data.embeds as APIEmbed[]).map((e) => ({ type: EmbedType.Rich, ...e }))
        : [],
      pinned: false,
      type: reference
        ? MessageType.Reply
        : interaction?.type === InteractionType.ApplicationCommand && !extra.loading
          ? MessageType.ChatInputCommand
          : MessageType.Default,
      flags: (typeof data.flags === 'number' ? data.flags : 0) | (extra.loading ? MessageFlags.Loading : 0),
      components: Array.isArray(data.components) ? (data.components as APIMessage['components']) : [],
    };
    if (data.nonce !== undefined) message.nonce = data.nonce as string | number;
    if (reference) {
      message.message_reference = {
        channel_id: channelId,
        ...(reference as Omit<NonNullable<APIMessage['message_reference']>, 'channel_id'>),
      };
    }
    if (extra.webhookId) {
      message.webhook_id = extra.webhookId;
      message.application_id = this.applicationId;
    }
    if (interaction) {
      const user = interaction.member?.user ?? interaction.user;
      if (user) {
        message.interaction_metadata = {
          id: interaction.id,
          type: interaction.type,
          user,
          authorizing_integration_owners: interaction.authorizing_integration_owners,
        } as APIMessage['interaction_metadata'];
      }
    }
    this.storeMessage(message);
    return message;
  }

  private storeMessage(message: APIMessage): void {
    const isNew = !this.messages.has(message.id);
    this.messages.set(message.id, message);
    if (isNew) {
      let list = this.channelMessages.get(message.channel_id);
      if (!list) {
        list = [];
        this.channelMessages.set(message.channel_id, list);
      }
      list.push(message.id);
    }
  }

  private editMessage(message: APIMessage, data: Record<string, unknown>, req: RecordedRequest): APIMessage {
    const updated: APIMessage = { ...message, edited_timestamp: new Date().toISOString() };
    if ('content' in data) updated.content = typeof data.content === 'string' ? data.content : '';
    if ('embeds' in data) {
      updated.embeds = Array.isArray(data.embeds)
        ? (data.embeds as APIEmbed[]).map((e) => ({ type: EmbedType.Rich, ...e }))
        : [];
    }
    if ('components' in data) {
      updated.components = Array.isArray(data.components) ? (data.components as APIMessage['components']) : [];
    }
    if ('attachments' in data || req.files.length > 0) {
      const kept = Array.isArray(data.attachments)
        ? message.attachments.filter((a) =>
            (data.attachments as unknown[]).some((m) => isRecord(m) && String(m.id) === a.id),
          )
        : message.attachments;
      updated.attachments = [...kept, ...this.attachmentsFrom(data, req)];
    }
    const flags = message.flags ?? 0;
    // Only SUPPRESS_EMBEDS / IS_COMPONENTS_V2 can be changed by an edit; an edit ends the "thinking" state.
    let nextFlags = flags & ~MessageFlags.Loading;
    if (typeof data.flags === 'number') {
      const editable = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;
      nextFlags = (nextFlags & ~editable) | (data.flags & editable);
    }
    updated.flags = nextFlags;
    if (flags & MessageFlags.Loading && message.type === MessageType.Default && message.interaction_metadata) {
      updated.type = MessageType.ChatInputCommand;
    }
    this.storeMessage(updated);
    return updated;
  }

  private deleteMessage(message: APIMessage): void {
    this.messages.delete(message.id);
    const list = this.channelMessages.get(message.channel_id);
    if (list) {
      const i = list.indexOf(message.id);
      if (i >= 0) list.splice(i, 1);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interactions
  // -------------------------------------------------------------------------------------------------------------

  private interactionChannelId(payload: APIInteraction): string {
    return payload.channel?.id ?? payload.channel_id ?? '0';
  }

  private interactionCallback({ req, params, query, body }: RouteContext): Reply {
    const record = this.interactions.get(params.interactionId ?? '');
    const data = isRecord(body) ? body : {};
    const attempt = (status: number): InteractionCallback => {
      const receivedAt = req.receivedAt;
      const cb: InteractionCallback = {
        interactionId: params.interactionId ?? '',
        type: typeof data.type === 'number' ? data.type : -1,
        data: isRecord(data.data) ? data.data : undefined,
        body: data,
        status,
        receivedAt,
        latencyMs: record ? receivedAt - record.dispatchedAt : Number.NaN,
        request: req,
      };
      record?.callbackAttempts.push(cb);
      return cb;
    };
    if (!record || record.token !== params.token) {
      attempt(404);
      throw apiError(404, 10062, 'Unknown interaction');
    }
    if (record.callback) {
      attempt(400);
      throw apiError(400, 40060, 'Interaction has already been acknowledged.');
    }
    /** Records a rejected first callback (dispatchInteraction() resolves with it) and throws. */
    const reject = (error: ApiError): never => {
      this.lateCallbacks.set(record.id, attempt(error.status));
      throw error;
    };
    if (Date.now() - record.dispatchedAt > this.opts.interactionCallbackWindowMs) {
      reject(apiError(404, 10062, 'Unknown interaction'));
    }
    try {
      this.contract(req, (c) => c.checkInteractionCallback(body));
    } catch (error) {
      if (error instanceof ApiError) reject(error);
      throw error;
    }
    const type = data.type;
    const payload = record.payload;
    const isAutocomplete = payload.type === InteractionType.ApplicationCommandAutocomplete;
    const wrongType = (why: string) => reject(apiError(400, 50035, 'Invalid Form Body', { errors: { type: why } }));
    if (isAutocomplete && type !== 8) wrongType('autocomplete interactions can only be answered with type 8');
    if (!isAutocomplete && type === 8) wrongType('type 8 is only valid for autocomplete interactions');
    if (type === 9 && payload.type === InteractionType.ModalSubmit)
      wrongType('cannot answer a modal submit with a modal');
    if ((type === 6 || type === 7) && !payload.message) wrongType('types 6/7 need an interaction with a message');
    const channelId = this.interactionChannelId(payload);
    const cbData = isRecord(data.data) ? data.data : {};
    switch (type) {
      case 4:
        record.original = this.createMessage(channelId, cbData, req, {
          webhookId: this.applicationId,
          interaction: payload,
        });
        break;
      case 5:
        record.original = this.createMessage(
          channelId,
          { flags: typeof cbData.flags === 'number' ? cbData.flags : 0 },
          req,
          { webhookId: this.applicationId, interaction: payload, loading: true },
        );
        record.awaitingEdit = true;
        break;
      case 6:
      case 7: {
        const target = payload.message as APIMessage;
        const current = this.messages.get(target.id) ?? target;
        record.original = type === 7 ? this.editMessage(current, cbData, req) : current;
        record.awaitingEdit = type === 6;
        break;
      }
      default:
        break;
    }
    const withResponse = query.with_response === 'true';
    const status = withResponse ? 200 : 204;
    record.callback = attempt(status);
    if (!withResponse) return { status: 204 };
    const message = record.original;
    const resource =
      type === 4 || type === 5 || type === 7 ? { type, message } : typeof type === 'number' ? { type } : undefined;
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: payload.type,
          response_message_id: message?.id,
          response_message_loading: type === 5,
          response_message_ephemeral: Boolean((message?.flags ?? 0) & MessageFlags.Ephemeral),
        },
        resource,
      },
    };
  }

  dispatchInteraction(payload: APIInteraction, options: { timeoutMs?: number } = {}): Promise<InteractionCallback> {
    if (this.closed) return Promise.reject(new Error('emulator is closed'));
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      payload,
      dispatchedAt: Date.now(),
      callbackAttempts: [],
      awaitingEdit: false,
      followups: [],
    };
    this.interactions.set(payload.id, record);
    this.interactionsByToken.set(payload.token, record);
    const delivered = this.sendDispatch('INTERACTION_CREATE', payload);
    if (delivered === 0) {
      return Promise.reject(
        new Error('emulator: no gateway session to deliver INTERACTION_CREATE (is the client logged in?)'),
      );
    }
    record.dispatchedAt = Date.now();
    return this.waitFor(
      () => record.callback ?? this.lateCallbacks.get(record.id),
      options.timeoutMs ?? 5000,
      `the bot to answer interaction ${payload.id} (${describeInteraction(payload)})`,
    );
  }

  waitForReply(interactionId: string, options: { timeoutMs?: number } = {}): Promise<APIMessage> {
    return this.waitFor(
      () => {
        const record = this.interactions.get(interactionId);
        if (!record?.original || record.awaitingEdit) return undefined;
        return record.original;
      },
      options.timeoutMs ?? 5000,
      `a final reply to interaction ${interactionId}`,
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interaction builders
  // -------------------------------------------------------------------------------------------------------------

  private baseInteraction(
    ctx: InteractionContextOptions,
  ): Omit<APIInteraction, 'type' | 'data'> & Record<string, unknown> {
    const id = ctx.id ?? snowflake();
    const token = ctx.token ?? `${Buffer.from(`interaction:${id}:`).toString('base64url')}${randomToken()}`;
    const userId = ctx.userId ?? this.userId;
    const user = this.userFor(userId, ctx.user);
    const appPermissions = permString(ctx.appPermissions, BigInt(this.botPermissions));
    const locale = (ctx.locale ?? 'en-US') as Locale;
    const common = {
      id,
      application_id: this.applicationId,
      token,
      version: 1 as const,
      app_permissions: appPermissions,
      locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };

    if (ctx.guildId === null) {
      let channelId = ctx.channelId ?? this.dmChannels.get(userId);
      if (!channelId) {
        channelId = snowflake();
        this.dmChannels.set(userId, channelId);
      }
      return {
        ...common,
        channel: { id: channelId, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [user] },
        channel_id: channelId,
        user,
        authorizing_integration_owners: { '0': '0' },
        context: 1,
      } as unknown as Omit<APIInteraction, 'type' | 'data'> & Record<string, unknown>;
    }

    const guild = this.guild(ctx.guildId);
    const channelId = ctx.channelId ?? this.textChannelId(guild.id);
    const channel = this.channelIndex.get(channelId) ?? {
      id: channelId,
      type: ChannelType.GuildText,
      guild_id: guild.id,
      name: `channel-${channelId.slice(-4)}`,
    };
    const memberPermissions = permString(ctx.memberPermissions, DEFAULT_MEMBER_PERMISSIONS);
    const member: APIInteractionGuildMember = {
      user,
      roles: ctx.memberRoles ?? [],
      premium_since: null,
      permissions: memberPermissions,
      pending: false,
      nick: null,
      avatar: null,
      banner: null,
      mute: false,
      deaf: false,
      joined_at: new Date(Date.now() - 86_400_000).toISOString(),
      flags: 0 as APIGuildMember['flags'],
      communication_disabled_until: null,
    };
    return {
      ...common,
      guild_id: guild.id,
      guild: { id: guild.id, locale: (ctx.guildLocale ?? guild.preferred_locale) as Locale, features: guild.features },
      guild_locale: (ctx.guildLocale ?? guild.preferred_locale) as Locale,
      channel: { ...channel, permissions: memberPermissions },
      channel_id: channel.id,
      member,
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    } as unknown as Omit<APIInteraction, 'type' | 'data'> & Record<string, unknown>;
  }

  private findCommand(name: string, guildId: string | null | undefined, type: ApplicationCommandType) {
    const guildCommands = guildId ? this.guildCommands.get(guildId) : undefined;
    for (const map of [guildCommands, this.globalCommands]) {
      if (!map) continue;
      for (const command of map.values()) if (command.name === name && command.type === type) return command;
    }
    return undefined;
  }

  private commandIdFor(name: string, guildId: string | null | undefined, type: ApplicationCommandType): string {
    const registered = this.findCommand(name, guildId, type);
    if (registered) return registered.id;
    const key = `unregistered:${type}:${name}`;
    let id = this.commandIds.get(key);
    if (!id) {
      id = snowflake();
      this.commandIds.set(key, id);
    }
    return id;
  }

  /** Option definitions at the level the values go (command, subcommand, or group > subcommand). */
  private optionDefs(
    name: string,
    guildId: string | null | undefined,
    group?: string,
    sub?: string,
  ): APIApplicationCommandOption[] {
    const command = this.findCommand(name, guildId, ApplicationCommandType.ChatInput);
    let level: APIApplicationCommandOption[] = command?.options ?? [];
    const descend = (n: string) => {
      const next = level.find((o) => o.name === n);
      level =
        next && 'options' in next && Array.isArray(next.options) ? (next.options as APIApplicationCommandOption[]) : [];
    };
    if (group) descend(group);
    if (sub) descend(sub);
    return level;
  }

  private buildOptions(
    input: Record<string, OptionInput> | undefined,
    defs: APIApplicationCommandOption[],
    guildId: string | null | undefined,
    resolved: APIInteractionDataResolved,
  ): APIApplicationCommandInteractionDataBasicOption[] {
    if (!input) return [];
    return Object.entries(input).map(([name, raw]) => {
      const forced = typeof raw === 'object' ? raw : undefined;
      const value = forced ? forced.value : (raw as string | number | boolean);
      const declared = defs.find((d) => d.name === name)?.type;
      const type =
        forced?.type ??
        declared ??
        (typeof value === 'boolean'
          ? ApplicationCommandOptionType.Boolean
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? ApplicationCommandOptionType.Integer
              : ApplicationCommandOptionType.Number
            : ApplicationCommandOptionType.String);
      this.resolveOption(type, String(value), guildId, resolved);
      return { name, type, value } as APIApplicationCommandInteractionDataBasicOption;
    });
  }

  private resolveOption(
    type: ApplicationCommandOptionType,
    id: string,
    guildId: string | null | undefined,
    resolved: APIInteractionDataResolved,
  ): void {
    const guild = guildId ? this.guildIndex.get(guildId) : undefined;
    const addUser = () => {
      const user = this.userFor(id);
      resolved.users = { ...resolved.users, [id]: user };
      const member = guild?.members.find((m) => m.user?.id === id);
      if (guild) {
        const { user: _u, ...rest } = member ?? {
          user,
          roles: [],
          premium_since: null,
          pending: false,
          nick: null,
          avatar: null,
          banner: null,
          joined_at: new Date().toISOString(),
          flags: 0,
          communication_disabled_until: null,
          deaf: false,
          mute: false,
        };
        resolved.members = {
          ...resolved.members,
          [id]: { ...rest, permissions: DEFAULT_MEMBER_PERMISSIONS.toString() } as NonNullable<
            APIInteractionDataResolved['members']
          >[string],
        };
      }
    };
    const role = () => guild?.roles.find((r) => r.id === id);
    switch (type) {
      case ApplicationCommandOptionType.User:
        addUser();
        break;
      case ApplicationCommandOptionType.Role: {
        const r = role();
        if (r) resolved.roles = { ...resolved.roles, [id]: r };
        break;
      }
      case ApplicationCommandOptionType.Mentionable: {
        const r = role();
        if (r) resolved.roles = { ...resolved.roles, [id]: r };
        else addUser();
        break;
      }
      case ApplicationCommandOptionType.Channel: {
        const channel = this.channelIndex.get(id);
        if (channel) {
          const c = channel as APIChannel & { name?: string; parent_id?: string | null };
          resolved.channels = {
            ...resolved.channels,
            [id]: {
              id: c.id,
              type: c.type,
              name: c.name ?? null,
              permissions: DEFAULT_MEMBER_PERMISSIONS.toString(),
              parent_id: c.parent_id ?? null,
            } as unknown as NonNullable<APIInteractionDataResolved['channels']>[string],
          };
        }
        break;
      }
      default:
        break;
    }
  }

  private wrapSub(
    options: APIApplicationCommandInteractionDataOption[],
    group?: string,
    sub?: string,
  ): APIApplicationCommandInteractionDataOption[] {
    if (!sub) return options;
    const subOption = {
      name: sub,
      type: ApplicationCommandOptionType.Subcommand,
      options,
    } as APIApplicationCommandInteractionDataOption;
    if (!group) return [subOption];
    return [
      { name: group, type: ApplicationCommandOptionType.SubcommandGroup, options: [subOption] },
    ] as APIApplicationCommandInteractionDataOption[];
  }

  chatInput(options: ChatInputOptions): APIInteraction {
    const base = this.baseInteraction(options);
    const guildId = (base.guild_id as string | undefined) ?? null;
    const resolved: APIInteractionDataResolved = {};
    const defs = this.optionDefs(options.name, guildId, options.subcommandGroup, options.subcommand);
    const basic = Array.isArray(options.options)
      ? options.options
      : this.buildOptions(options.options, defs, guildId, resolved);
    const merged: APIInteractionDataResolved = { ...resolved };
    for (const key of ['users', 'members', 'roles', 'channels', 'attachments'] as const) {
      const extra = options.resolved?.[key];
      if (extra) (merged as Record<string, unknown>)[key] = { ...(resolved[key] ?? {}), ...extra };
    }
    const registered = this.findCommand(options.name, guildId, ApplicationCommandType.ChatInput);
    const data: Record<string, unknown> = {
      id: options.commandId ?? this.commandIdFor(options.name, guildId, ApplicationCommandType.ChatInput),
      name: options.name,
      type: ApplicationCommandType.ChatInput,
    };
    const opts = this.wrapSub(basic, options.subcommandGroup, options.subcommand);
    if (opts.length > 0) data.options = opts;
    if (Object.keys(merged).length > 0) data.resolved = merged;
    if (registered?.guild_id) data.guild_id = registered.guild_id;
    return { ...base, type: InteractionType.ApplicationCommand, data } as unknown as APIInteraction;
  }

  autocomplete(options: AutocompleteOptions): APIInteraction {
    const base = this.baseInteraction(options);
    const guildId = (base.guild_id as string | undefined) ?? null;
    const defs = this.optionDefs(options.name, guildId, options.subcommandGroup, options.subcommand);
    const others = this.buildOptions(options.options, defs, guildId, {});
    const focusedType = defs.find((d) => d.name === options.focused.name)?.type ?? ApplicationCommandOptionType.String;
    const focused = {
      name: options.focused.name,
      type: focusedType,
      value: options.focused.value,
      focused: true,
    } as unknown as APIApplicationCommandInteractionDataBasicOption;
    const registered = this.findCommand(options.name, guildId, ApplicationCommandType.ChatInput);
    const data: Record<string, unknown> = {
      id: options.commandId ?? this.commandIdFor(options.name, guildId, ApplicationCommandType.ChatInput),
      name: options.name,
      type: ApplicationCommandType.ChatInput,
      options: this.wrapSub([...others, focused], options.subcommandGroup, options.subcommand),
    };
    if (registered?.guild_id) data.guild_id = registered.guild_id;
    return { ...base, type: InteractionType.ApplicationCommandAutocomplete, data } as unknown as APIInteraction;
  }

  private componentMessage(
    base: Record<string, unknown>,
    component: Record<string, unknown>,
    messageId: string | undefined,
    overrides: Partial<APIMessage> | undefined,
  ): APIMessage {
    const known = messageId ? this.messages.get(messageId) : undefined;
    if (known) return { ...known, ...overrides };
    const channelId = (base.channel_id as string | undefined) ?? '0';
    return {
      id: messageId ?? snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: MessageType.Default,
      flags: 0 as MessageFlags,
      application_id: this.applicationId,
      components: [{ type: ComponentType.ActionRow, components: [component] }] as unknown as APIMessage['components'],
      ...overrides,
    };
  }

  button(options: ComponentOptions): APIInteraction {
    const base = this.baseInteraction(options);
    const message = this.componentMessage(
      base,
      { type: ComponentType.Button, style: 1, label: options.customId, custom_id: options.customId },
      options.messageId,
      options.message,
    );
    return {
      ...base,
      type: InteractionType.MessageComponent,
      message,
      data: { custom_id: options.customId, component_type: ComponentType.Button },
    } as unknown as APIInteraction;
  }

  stringSelect(options: StringSelectOptions): APIInteraction {
    const base = this.baseInteraction(options);
    const message = this.componentMessage(
      base,
      {
        type: ComponentType.StringSelect,
        custom_id: options.customId,
        options: options.values.map((v) => ({ label: v, value: v })),
        min_values: 1,
        max_values: Math.max(1, options.values.length),
      },
      options.messageId,
      options.message,
    );
    return {
      ...base,
      type: InteractionType.MessageComponent,
      message,
      data: { custom_id: options.customId, component_type: ComponentType.StringSelect, values: options.values },
    } as unknown as APIInteraction;
  }

  modalSubmit(options: ModalSubmitOptions): APIInteraction {
    const base = this.baseInteraction(options);
    const entries = Object.entries(options.fields);
    const components =
      options.layout === 'actionRow'
        ? entries.map(([customId, value], i) => ({
            type: ComponentType.ActionRow,
            id: i * 2 + 1,
            components: [{ type: ComponentType.TextInput, id: i * 2 + 2, custom_id: customId, value }],
          }))
        : entries.map(([customId, value], i) => ({
            type: ComponentType.Label,
            id: i * 2 + 1,
            component: { type: ComponentType.TextInput, id: i * 2 + 2, custom_id: customId, value },
          }));
    const payload: Record<string, unknown> = {
      ...base,
      type: InteractionType.ModalSubmit,
      data: { custom_id: options.customId, components },
    };
    const known = options.messageId ? this.messages.get(options.messageId) : undefined;
    if (known) payload.message = known;
    return payload as unknown as APIInteraction;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Gateway
  // -------------------------------------------------------------------------------------------------------------

  private onGatewayConnection(ws: WebSocket): void {
    const conn: GatewayConnection = { ws, session: undefined, closed: false };
    this.connections.add(conn);
    this.stats.connections++;
    ws.on('error', (error) => this.log(`emulator: gateway socket error: ${error.message}`));
    ws.on('message', (data: RawData, isBinary: boolean) => this.onGatewayMessage(conn, data, isBinary));
    ws.on('close', (code: number) => {
      conn.closed = true;
      this.connections.delete(conn);
      const session = conn.session;
      if (session && session.conn === conn) {
        session.conn = undefined;
        // A normal close (1000/1001) by the client invalidates the session, like Discord.
        if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      }
      this.log(`emulator: gateway connection closed (${code})`);
      this.notify();
    });
    this.send(conn, { op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs }, s: null, t: null });
  }

  private send(conn: GatewayConnection, payload: unknown): void {
    if (conn.closed || conn.ws.readyState !== conn.ws.OPEN) return;
    conn.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  private closeConn(conn: GatewayConnection, code: number, reason: string): void {
    if (conn.closed) return;
    conn.ws.close(code, reason);
  }

  private onGatewayMessage(conn: GatewayConnection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
      payload = JSON.parse(text);
    } catch {
      this.closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    if (op === 1) {
      this.stats.heartbeats++;
      this.send(conn, { op: 11, d: null, s: null, t: null });
      return;
    }
    this.gatewayReceived.push({ op, d: payload.d, receivedAt: Date.now() });
    const d = isRecord(payload.d) ? payload.d : {};
    switch (op) {
      case 2:
        this.identify(conn, d);
        break;
      case 6:
        this.resume(conn, d);
        break;
      case 3:
      case 4:
        if (!conn.session) this.closeConn(conn, 4003, 'Not authenticated.');
        break;
      case 8: {
        if (!conn.session) {
          this.closeConn(conn, 4003, 'Not authenticated.');
          break;
        }
        const guildIds = Array.isArray(d.guild_id) ? d.guild_id : [d.guild_id];
        for (const guildId of guildIds) {
          const guild = this.guildIndex.get(String(guildId));
          if (!guild) continue;
          this.dispatchTo(conn.session, 'GUILD_MEMBERS_CHUNK', {
            guild_id: guild.id,
            members: guild.members,
            chunk_index: 0,
            chunk_count: 1,
            not_found: [],
            ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
          });
        }
        break;
      }
      default:
        this.closeConn(conn, 4001, 'Unknown opcode.');
    }
    this.notify();
  }

  private identify(conn: GatewayConnection, d: Record<string, unknown>): void {
    if (conn.session) {
      this.closeConn(conn, 4005, 'Already authenticated.');
      return;
    }
    if (d.token !== this.token && d.token !== `Bot ${this.token}`) {
      this.closeConn(conn, 4004, 'Authentication failed.');
      return;
    }
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    if (intents & this.opts.disallowedIntents) {
      this.closeConn(conn, 4014, 'Disallowed intent(s).');
      return;
    }
    const shard = Array.isArray(d.shard) ? (d.shard as [number, number]) : [0, 1];
    const [shardId, shardCount] = shard as [number, number];
    if (!(shardCount >= 1 && shardId >= 0 && shardId < shardCount)) {
      this.closeConn(conn, 4010, 'Invalid shard.');
      return;
    }
    this.stats.identifies++;
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard: [shardId, shardCount],
      intents,
      seq: 0,
      buffer: [],
      conn,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const guilds = this.guilds.filter((g) => this.shardOf(g.id, shardCount) === shardId);
    this.dispatchTo(session, 'READY', {
      v: 10,
      user_settings: {},
      user: this.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl,
      shard: [shardId, shardCount],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['us-west'],
      auth: {},
      _trace: ['["discord-emulator",{"micros":0}]'],
    });
    // GUILD_CREATEs follow READY in later event-loop turns (in batches, so 1000 guilds don't block the loop).
    const queue = guilds.map((g) => g.id);
    const pump = () => {
      const handle = setImmediate(() => {
        this.immediates.delete(handle);
        // If the socket dropped meanwhile, dispatchTo() still buffers them for a RESUME.
        if (this.closed || !this.sessions.has(session.id)) return;
        for (const guildId of queue.splice(0, 50)) {
          const guild = this.guildIndex.get(guildId);
          if (guild) this.dispatchTo(session, 'GUILD_CREATE', guild);
        }
        if (queue.length > 0) pump();
        else this.notify();
      });
      this.immediates.add(handle);
    };
    pump();
  }

  private resume(conn: GatewayConnection, d: Record<string, unknown>): void {
    if (d.token !== this.token && d.token !== `Bot ${this.token}`) {
      this.closeConn(conn, 4004, 'Authentication failed.');
      return;
    }
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (!session || seq > session.seq) {
      this.send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    const oldest = session.buffer[0]?.s ?? session.seq + 1;
    if (seq + 1 < oldest) {
      // Events the client missed are no longer buffered.
      this.send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.conn && session.conn !== conn) this.closeConn(session.conn, 4000, 'Session resumed elsewhere.');
    this.stats.resumes++;
    session.conn = conn;
    conn.session = session;
    for (const entry of session.buffer) {
      if (entry.s > seq) this.send(conn, { op: 0, t: entry.t, s: entry.s, d: entry.d });
    }
    this.dispatchTo(session, 'RESUMED', {});
  }

  private shardOf(guildId: string, shardCount: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    session.seq++;
    session.buffer.push({ s: session.seq, t, d });
    if (session.buffer.length > this.opts.resumeBufferSize) session.buffer.shift();
    if (session.conn) this.send(session.conn, { op: 0, t, s: session.seq, d });
  }

  sendDispatch(t: string, d: unknown, options: { shardId?: number } = {}): number {
    const body = isRecord(d) ? d : {};
    const guildId =
      typeof body.guild_id === 'string'
        ? body.guild_id
        : t.startsWith('GUILD_') && typeof body.id === 'string'
          ? body.id
          : undefined;
    let delivered = 0;
    for (const session of this.sessions.values()) {
      const [shardId, shardCount] = session.shard;
      const target = options.shardId ?? (guildId ? this.shardOf(guildId, shardCount) : 0);
      if (target !== shardId) continue;
      this.dispatchTo(session, t, d);
      delivered++;
    }
    return delivered;
  }

  guildDelete(guildId: string, options: { unavailable?: boolean } = {}): void {
    const guild = this.guildIndex.get(guildId);
    if (!options.unavailable && guild) {
      this.guildIndex.delete(guildId);
      this.guilds.splice(this.guilds.indexOf(guild), 1);
      for (const channel of guild.channels) this.channelIndex.delete(channel.id);
    }
    this.sendDispatch('GUILD_DELETE', options.unavailable ? { id: guildId, unavailable: true } : { id: guildId });
  }

  guildCreate(spec: GuildSpec = {}): GatewayGuildCreateDispatchData {
    const guild = buildGuild(spec, { ...this.guildDefaults, index: this.guilds.length });
    this.addGuild(guild);
    this.sendDispatch('GUILD_CREATE', guild);
    return guild;
  }

  requestReconnect(): void {
    for (const conn of this.connections) this.send(conn, { op: 7, d: null, s: null, t: null });
  }

  invalidateSession(resumable = false): void {
    for (const conn of this.connections) {
      if (!resumable && conn.session) this.sessions.delete(conn.session.id);
      this.send(conn, { op: 9, d: resumable, s: null, t: null });
    }
  }

  dropGatewayConnections(code = 4000): void {
    for (const conn of [...this.connections]) this.closeConn(conn, code, 'Dropped by emulator');
  }

  waitForGatewaySession(timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => (this.connectedClients > 0 ? true : undefined), timeoutMs, 'a gateway session').then(
      () => undefined,
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // HTTP interactions and connection resets (added for the core transports: issue 7, issue 8 item 16)
  // -------------------------------------------------------------------------------------------------------------

  private readonly resets: { matcher: RouteMatcher; remaining: number }[] = [];

  resetConnections(matcher: RouteMatcher, times = 1): () => void {
    const rule = { matcher, remaining: times };
    this.resets.push(rule);
    return () => {
      rule.remaining = 0;
    };
  }

  private takeReset(method: string, path: string): boolean {
    for (const rule of this.resets) {
      if (rule.remaining <= 0) continue;
      if (routeMatches(rule.matcher, method, path)) {
        rule.remaining--;
        return true;
      }
    }
    return false;
  }

  async deliverHttpInteraction(
    endpoint: string,
    payload: APIInteraction,
    options: HttpDeliveryOptions,
  ): Promise<HttpDelivery> {
    if (this.closed) throw new Error('emulator is closed');
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      payload,
      dispatchedAt: Date.now(),
      callbackAttempts: [],
      awaitingEdit: false,
      followups: [],
    };
    this.interactions.set(payload.id, record);
    this.interactionsByToken.set(payload.token, record);
    const body = options.rawBody ?? JSON.stringify(payload);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const timestamp = String(Math.floor(Date.now() / 1000) + (options.timestampOffsetS ?? 0));
    const signature =
      options.signature ??
      sign(null, Buffer.concat([Buffer.from(timestamp), bytes]), options.privateKey).toString('hex');
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
        'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
      },
      body: bytes,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    const headers = Object.fromEntries(response.headers.entries());
    const { parsed, files } = await parseHttpInteractionResponse(response, headers['content-type'] ?? '');
    const delivery: HttpDelivery = { status: response.status, headers, body: parsed, files };
    if (response.status !== 200 || typeof parsed !== 'object' || parsed === null) return delivery;
    // Discord reads the response body as the interaction callback.
    const req: RecordedRequest = {
      index: this.requests.length,
      method: 'POST',
      url: `(HTTP response body to ${endpoint})`,
      path: `/interactions/${payload.id}/${payload.token}/callback`,
      route: '(HTTP interactions response)',
      params: { interactionId: payload.id, token: payload.token },
      query: {},
      headers: {},
      body: parsed,
      files: files.map(({ data: _data, ...file }) => file),
      receivedAt: Date.now(),
      status: 0,
      response: undefined,
    };
    this.requests.push(req);
    try {
      const reply = this.interactionCallback({ req, params: req.params, query: {}, body: parsed });
      req.status = reply.status;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      req.status = error.status;
      req.response = error.body;
    }
    delivery.callback = record.callback ?? this.lateCallbacks.get(record.id);
    this.notify();
    return delivery;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Slow and lost responses, nonce memory (added for the daily post hardening: issue 8 items 1, 2, 5)
  // -------------------------------------------------------------------------------------------------------------

  private readonly delays: { matcher: RouteMatcher; delay: ResponseDelay; remaining: number }[] = [];

  delayResponses(matcher: RouteMatcher, delay: ResponseDelay, times = Number.POSITIVE_INFINITY): () => void {
    const rule = { matcher, delay, remaining: times };
    this.delays.push(rule);
    return () => {
      rule.remaining = 0;
    };
  }

  forgetNonces(): void {
    this.nonces.clear();
  }

  private takeDelay(method: string, path: string, after: boolean): ResponseDelay | undefined {
    for (const rule of this.delays) {
      if (rule.remaining <= 0 || Boolean(rule.delay.after) !== after) continue;
      if (routeMatches(rule.matcher, method, path)) {
        rule.remaining--;
        return rule.delay;
      }
    }
    return undefined;
  }

  /** Waits out a delay; false when the response is never to be sent (hang, or the client went away). */
  private async holdResponse(delay: ResponseDelay, res: ServerResponse): Promise<boolean> {
    if (delay.hang) return false; // the socket stays open until the client aborts or close() destroys it
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay.delayMs ?? 0);
      timer.unref();
      res.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return !this.closed && !res.destroyed && res.writable;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Shutdown
  // -------------------------------------------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const handle of this.immediates) clearImmediate(handle);
    this.immediates.clear();
    for (const waiter of [...this.waiters]) waiter.fail(new Error('emulator closed while waiting'));
    for (const conn of this.connections) {
      conn.closed = true;
      conn.ws.terminate();
    }
    this.connections.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Threads, forum posts, crossposts, attachment downloads (added for the daily post's deliveries, issue 12)
  // -------------------------------------------------------------------------------------------------------------

  private readonly attachmentFiles = new Map<string, { content: Buffer; contentType: string }>();

  addDailyChannel(spec: DailyChannelSpec, guildId?: string): APIChannel {
    const guild = this.guild(guildId);
    const id = spec.id ?? snowflake();
    const isThread =
      spec.type === ChannelType.AnnouncementThread ||
      spec.type === ChannelType.PublicThread ||
      spec.type === ChannelType.PrivateThread;
    const channel = (isThread
      ? {
          id,
          type: spec.type,
          guild_id: guild.id,
          name: spec.name ?? `thread-${id.slice(-4)}`,
          parent_id: spec.parentId ?? this.textChannelId(guild.id),
          owner_id: this.userId,
          flags: 0,
          last_message_id: null,
          rate_limit_per_user: 0,
          message_count: 0,
          member_count: 1,
          total_message_sent: 0,
          thread_metadata: {
            archived: false,
            auto_archive_duration: 1440,
            archive_timestamp: new Date().toISOString(),
            locked: false,
          },
        }
      : {
          id,
          type: spec.type,
          guild_id: guild.id,
          name: spec.name ?? `forum-${id.slice(-4)}`,
          position: guild.channels.length,
          permission_overwrites: spec.permissionOverwrites ?? [],
          parent_id: null,
          nsfw: false,
          topic: null,
          last_message_id: null,
          rate_limit_per_user: 0,
          default_auto_archive_duration: 4320,
          default_thread_rate_limit_per_user: 0,
          flags: spec.requireTag ? 1 << 4 : 0,
          available_tags: (spec.tags ?? []).map((t) => ({
            id: t.id ?? snowflake(),
            name: t.name,
            moderated: false,
            emoji_id: null,
            emoji_name: null,
          })),
          default_reaction_emoji: null,
          default_sort_order: null,
          default_forum_layout: 0,
        }) as unknown as APIChannel;
    if (isThread) guild.threads.push(channel as never);
    else guild.channels.push(channel as never);
    this.channelIndex.set(id, channel);
    return channel;
  }

  addAttachment(filename: string, content: Buffer | string, contentType = 'application/json'): APIAttachment {
    const id = snowflake();
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    this.attachmentFiles.set(id, { content: bytes, contentType });
    return {
      id,
      filename,
      size: bytes.byteLength,
      url: `${this.apiUrl}/_emulator/attachments/${id}/${encodeURIComponent(filename)}`,
      proxy_url: `${this.apiUrl}/_emulator/attachments/${id}/${encodeURIComponent(filename)}`,
      content_type: contentType,
    };
  }

  private registerDailyRoutes(): void {
    const json = (body: unknown, status = 200): Reply => ({ status, body });
    const isForum = (c: APIChannel) => c.type === ChannelType.GuildForum || c.type === ChannelType.GuildMedia;
    this.on(
      'GET',
      '/_emulator/attachments/:attachmentId/:filename',
      ({ params }) => {
        const file = this.attachmentFiles.get(params.attachmentId ?? '');
        if (!file) throw apiError(404, 0, '404: Not Found');
        return { status: 200, raw: file.content, headers: { 'content-type': file.contentType } };
      },
      false,
    );
    // A forum/media post: a public thread whose starter message has the thread's id (as on Discord).
    this.on('POST', '/channels/:channelId/threads', ({ req, params, body }) => {
      const parent = this.channelIndex.get(params.channelId ?? '');
      if (!parent) throw apiError(404, 10003, 'Unknown Channel');
      if (!isForum(parent)) throw apiError(400, 50024, 'Cannot execute action on this channel type');
      this.contract(req, (c) => c.checkCreateForumThread(body));
      const data = isRecord(body) ? body : {};
      const tags = Array.isArray(data.applied_tags) ? (data.applied_tags as string[]) : [];
      const available = ((parent as { available_tags?: { id: string }[] }).available_tags ?? []).map((t) => t.id);
      if (tags.some((t) => !available.includes(t))) {
        throw apiError(400, 50035, 'Invalid Form Body', { errors: { applied_tags: 'unknown tag' } });
      }
      if (((parent as { flags?: number }).flags ?? 0) & (1 << 4) && tags.length === 0) {
        throw apiError(400, 40067, 'A tag is required to create a forum post in this channel');
      }
      const guildId = (parent as { guild_id?: string }).guild_id ?? '';
      const thread = this.addDailyChannel(
        { type: ChannelType.PublicThread, name: String(data.name ?? ''), parentId: parent.id },
        guildId,
      ) as APIChannel & Record<string, unknown>;
      thread.owner_id = this.botUserId;
      thread.applied_tags = tags;
      const starter = this.createMessage(thread.id, isRecord(data.message) ? data.message : {}, req, {});
      // Discord gives the starter message the thread's id.
      this.messages.delete(starter.id);
      const list = this.channelMessages.get(thread.id) ?? [];
      this.channelMessages.set(
        thread.id,
        list.map((m) => (m === starter.id ? thread.id : m)),
      );
      const message = { ...starter, id: thread.id, position: 0 };
      this.messages.set(thread.id, message);
      return json({ ...thread, message }, 201);
    });
    this.on('POST', '/channels/:channelId/messages/:messageId/crosspost', ({ params }) => {
      const channel = this.channelIndex.get(params.channelId ?? '');
      if (!channel) throw apiError(404, 10003, 'Unknown Channel');
      const message = this.messages.get(params.messageId ?? '');
      if (!message || message.channel_id !== channel.id) throw apiError(404, 10008, 'Unknown Message');
      if (channel.type !== ChannelType.GuildAnnouncement) {
        throw apiError(400, 50024, 'Cannot execute action on this channel type');
      }
      if (((message.flags ?? 0) & MessageFlags.Crossposted) !== 0) {
        throw apiError(400, 40033, 'This message has already been crossposted.');
      }
      message.flags = (message.flags ?? 0) | MessageFlags.Crossposted;
      return json(message);
    });
    this.on('GET', '/guilds/:guildId/threads/active', ({ params }) => {
      const guild = this.guildIndex.get(params.guildId ?? '');
      if (!guild) throw apiError(404, 10004, 'Unknown Guild');
      const threads = guild.threads.filter(
        (t) => !(t as { thread_metadata?: { archived?: boolean } }).thread_metadata?.archived,
      );
      return json({ threads, members: [] });
    });
  }
}

function describeInteraction(payload: APIInteraction): string {
  const data = payload.data as Record<string, unknown> | undefined;
  if (payload.type === InteractionType.MessageComponent || payload.type === InteractionType.ModalSubmit) {
    return `custom_id ${String(data?.custom_id)}`;
  }
  return `/${String(data?.name)}`;
}

/** Starts an emulator on 127.0.0.1 with a random port. Always `await emu.close()` when done. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const checks = options.contract === 'off' ? undefined : await import('./contract.js');
  const emulator = new DiscordEmulator(options, checks);
  await emulator.listen();
  return emulator;
}

// ---------------------------------------------------------------------------------------------------------------
// DMs and user installs (issue 13, i18n helper): an interaction as Discord sends it where the app was installed to
// the user, not to the server. Additive: takes a payload built by chatInput/button/... and reshapes it.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Where an interaction happens and who installed the app:
 * - `bot-dm`: the bot's DM with the user (context 1), user install: no guild, no `member` but a `user`;
 * - `private-channel`: a group DM or another user's DM (context 2), user install, the bot is no member of it;
 * - `user-install-guild`: a server that never invited the bot (context 0), the app installed only by the user: the
 *   member is there, but `authorizing_integration_owners` has no guild entry and the bot has no permissions.
 */
export type UserInstallPlace = 'bot-dm' | 'private-channel' | 'user-install-guild';

/** `payload` reshaped as Discord sends it in `place` for a user-installed app. */
export function asUserInstall<T extends APIInteraction>(payload: T, place: UserInstallPlace): T {
  const raw = structuredClone(payload) as unknown as Record<string, unknown> & {
    member?: { user: APIUser };
    user?: APIUser;
  };
  const user = raw.member?.user ?? raw.user;
  if (user === undefined) throw new Error('asUserInstall: the payload has neither member nor user');
  raw.authorizing_integration_owners = { '1': user.id };
  if (place === 'user-install-guild') {
    raw.context = 0;
    // The bot is not in the server: it has no permissions there (Discord still sends the field).
    raw.app_permissions = '0';
    return raw as unknown as T;
  }
  delete raw.guild_id;
  delete raw.guild;
  delete raw.guild_locale;
  delete raw.member;
  raw.user = user;
  const channelId = snowflake();
  raw.channel_id = channelId;
  if (place === 'bot-dm') {
    raw.context = 1;
    raw.channel = { id: channelId, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [user] };
  } else {
    raw.context = 2;
    raw.app_permissions = '0';
    raw.channel = {
      id: channelId,
      type: ChannelType.GroupDM,
      last_message_id: null,
      flags: 0,
      name: null,
      icon: null,
      owner_id: user.id,
      recipients: [user, { ...user, id: snowflake(), username: 'friend', global_name: 'Friend' }],
    };
  }
  return raw as unknown as T;
}
