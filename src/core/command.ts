// The contract between the interaction core (src/core/dispatcher.ts) and command modules.
// Handlers are plain functions: (options, context) -> a reply payload typed with discord-api-types.
// They never touch discord.js or a transport, so they are testable without Discord and shared by every transport.
//
// A command module is built with the services it needs (`createAescCommand({ store, clock, commandIds })`,
// `createDailyCommand({ daily, permissions, clock })`); the dispatcher gives it only what the interaction says
// (`InteractionContext`: who, where, locale).
import type {
  APIApplicationCommandOptionChoice,
  APIInteractionResponseCallbackData,
  ApplicationCommandOptionType,
  ChannelType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { FactStore } from '../facts/store.js';
import type { Clock } from './clock.js';

// Kept here for compatibility; new code imports them from './clock.js'.
export { type Clock, systemClock } from './clock.js';

/** Who is asking and where: filled in by the dispatcher from the interaction, never trusted blindly. */
export interface Invoker {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  /** Interaction id, for logs. */
  interactionId: string;
  /** Bitfield of the invoking member's permissions in the channel (string, as Discord sends it), null in DMs. */
  memberPermissions: string | null;
  /** Bitfield of the bot's own permissions in the channel (`app_permissions`). */
  appPermissions: string | null;
}

/** The message a component sits on (component interactions only). */
export interface MessageRef {
  id: string;
  /** The user who ran the command this message answers (`interaction_metadata.user.id`), when Discord says. */
  interactionUserId: string | null;
}

/** What the interaction itself tells a command module: the same for every command and every transport. */
export interface InteractionContext {
  /** The user's locale as Discord reports it (e.g. "en-US"); the reply's language and number formatting. */
  locale: string;
  /** The server's locale (`guild_locale`), in a server only; `/aesc-daily set` records it as the post's language. */
  guildLocale?: string;
  invoker: Invoker;
  /** Component interactions: the message the component sits on. */
  message?: MessageRef;
  /** Files attached to a command (attachment options, `data.resolved.attachments`), by attachment id. */
  attachments?: Readonly<Record<string, AttachmentRef>>;
}

/** An uploaded file as Discord resolves it; handlers download it themselves (size cap, timeout). */
export interface AttachmentRef {
  id: string;
  filename: string;
  size: number;
  url: string;
  contentType?: string | null;
}

/** Command name -> application command id, for mentions like `</aesc history:ID>`. Empty when unknown. */
export type CommandIds = ReadonlyMap<string, string>;

/** Where a guild's daily post is set to (only its zone is read by /aesc). */
export interface GuildZoneLookup {
  get(guildId: string): Promise<{ timezone: string } | null>;
}

/**
 * The context of `/aesc` handlers: the interaction's context plus the services `createAescCommand` was built with.
 */
export interface HandlerContext extends InteractionContext {
  store: FactStore;
  clock: Clock;
  commandIds: CommandIds;
  /** The daily post's settings, for `/aesc today` (the server's zone); absent when the bot runs without it. */
  daily?: GuildZoneLookup;
}

/** What a permission look-up found: the bitfield, or why there is none. */
export type BotPermissionsCheck =
  | { kind: 'known'; permissions: bigint }
  | { kind: 'no-access' }
  | { kind: 'unknown-channel' }
  | { kind: 'unknown'; reason: string };

/**
 * What a handler answers. The transport turns it into the matching interaction callback:
 * - `reply`: a new message (CHANNEL_MESSAGE_WITH_SOURCE), ephemeral when asked;
 * - `update`: edits the message a button sits on (UPDATE_MESSAGE).
 * Every payload passes through `enforceMessageLimits` (src/discord/limits.ts) before it leaves.
 */
export type HandlerReply =
  | { type: 'reply'; ephemeral: boolean; data: APIInteractionResponseCallbackData; files?: readonly ReplyFile[] }
  | { type: 'update'; data: APIInteractionResponseCallbackData; files?: readonly ReplyFile[] };

/**
 * A file sent with a reply (a rendered chart or map, an export). The payload refers to it as
 * `attachment://<name>` and lists it in `data.attachments` as `{ id: <index>, filename: name, description }`.
 */
export interface ReplyFile {
  name: string;
  contentType: string;
  data: Uint8Array;
  /** Alt text, at most 1,024 characters. */
  description?: string;
}

export type AutocompleteChoice = APIApplicationCommandOptionChoice<string | number>;

// ---- options typed from the command definition ----------------------------------------------

/** A resolved channel option as handlers see it (from the interaction's `resolved.channels`). */
export interface ChannelOptionValue {
  id: string;
  type: ChannelType;
  name: string | null;
  /** The bot's permissions in that channel, when Discord resolved them. */
  permissions: string | null;
}

type OptionTypeMap = {
  [ApplicationCommandOptionType.String]: string;
  [ApplicationCommandOptionType.Integer]: number;
  [ApplicationCommandOptionType.Number]: number;
  [ApplicationCommandOptionType.Boolean]: boolean;
  [ApplicationCommandOptionType.Channel]: ChannelOptionValue;
  [ApplicationCommandOptionType.User]: string;
  [ApplicationCommandOptionType.Role]: string;
  [ApplicationCommandOptionType.Mentionable]: string;
  [ApplicationCommandOptionType.Attachment]: string;
};

type ValueOf<O> = O extends { type: infer T }
  ? T extends keyof OptionTypeMap
    ? O extends { choices: readonly { value: infer V }[] }
      ? V
      : OptionTypeMap[T]
    : never
  : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** `{ name: string; region?: 'Japan' | ... }` from a readonly option list. */
export type OptionsFrom<Opts> = Opts extends readonly unknown[]
  ? Simplify<
      {
        [O in Opts[number] as O extends { name: infer N extends string; required: true } ? N : never]: ValueOf<O>;
      } & {
        [O in Opts[number] as O extends { required: true }
          ? never
          : O extends { name: infer N extends string }
            ? N
            : never]?: ValueOf<O>;
      }
    >
  : Record<string, never>;

/** The options of subcommand `Sub` of a command definition `Def`. */
export type SubcommandOptions<Def, Sub extends string> = Def extends { options: readonly (infer S)[] }
  ? S extends { name: Sub; options: infer O }
    ? OptionsFrom<O>
    : S extends { name: Sub }
      ? Record<string, never>
      : never
  : never;

export type ChatInputDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Raw option values as the transport extracted them: validated by each command before use. */
export type RawOptions = Readonly<Record<string, string | number | boolean | ChannelOptionValue | undefined>>;

/**
 * One command module in `src/commands/`: its definition (typed data, shared with the deploy script) and the
 * functions the dispatcher routes to. The module was built with its services; the dispatcher passes only the
 * interaction's context.
 */
export interface CommandModule {
  definition: ChatInputDefinition;
  /**
   * Chat input: `subcommand` is null for commands without subcommands (`"group sub"` inside a group). Return the
   * reply synchronously when you can: only a returned promise starts the deferral timer.
   */
  execute(
    subcommand: string | null,
    options: RawOptions,
    ctx: InteractionContext,
  ): HandlerReply | Promise<HandlerReply>;
  /** Autocomplete: synchronous, from memory, never throws (the dispatcher guards it anyway). */
  autocomplete?(
    subcommand: string | null,
    focused: { name: string; value: string },
    options: RawOptions,
    ctx: InteractionContext,
  ): AutocompleteChoice[];
  /** Buttons whose custom_id starts with `${definition.name}:`; the id carries the whole state. */
  button?(customId: string, ctx: InteractionContext): HandlerReply | Promise<HandlerReply>;
  /** String select menus whose custom_id starts with `${definition.name}:`, with the chosen values. */
  select?(customId: string, values: readonly string[], ctx: InteractionContext): HandlerReply | Promise<HandlerReply>;
}
