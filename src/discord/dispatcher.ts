// The one dispatcher: turns a discord.js interaction into a call of the matching command module, and the handler's
// reply into the interaction response. Handlers never see discord.js (see src/core/command.ts).
//
// Routing: chat input and autocomplete by command name; buttons by the custom_id prefix before the first ':'
// (which is the command name, by convention of `CommandModule.button`).
//
// Error policy: nothing thrown here escapes. A handler error is logged with the interaction's context and the user
// gets a short ephemeral apology (no internals). Errors while responding (expired interaction, 10062; already
// acknowledged, 40060; network) are logged and dropped.
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
  Interaction,
  InteractionReplyOptions,
  InteractionUpdateOptions,
  MessageMentionOptions,
} from 'discord.js';
import {
  type APIInteractionResponseCallbackData,
  ApplicationCommandOptionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type {
  AutocompleteChoice,
  ChannelOptionValue,
  Clock,
  CommandModule,
  HandlerContext,
  HandlerReply,
  Invoker,
  RawOptions,
} from '../core/command.js';
import type { FactStore } from '../facts/store.js';
import { clampChoices, enforceMessageLimits, type LimitNote } from './limits.js';

export const MESSAGES = {
  failed: 'Something went wrong while answering this command. It has been logged.',
  unknownCommand:
    'This command is not known to this bot (it may have been removed). Ask a server admin to refresh the commands.',
  invalidButton: 'This button has expired or is not valid.',
  unsupported: 'This kind of interaction is not supported by this bot.',
} as const;

/** Discord error codes meaning "this interaction can no longer be answered": no point in trying again. */
const UNANSWERABLE = new Set([10062 /* Unknown interaction */, 40060 /* Interaction has already been acknowledged */]);

/** The shape of @discordjs/rest's DiscordAPIError: an error response from Discord's API. */
export interface DiscordAPIErrorLike extends Error {
  code: number | string;
  status: number;
  method: string;
  url: string;
  rawError: unknown;
}

/**
 * Whether `err` is a DiscordAPIError. Duck-typed on purpose: discord.js loads @discordjs/rest through `require`
 * while our ESM code gets its `import` build, so the same error class exists twice and `instanceof` says false
 * for errors thrown inside discord.js (the dual package hazard).
 */
export function isDiscordAPIError(err: unknown): err is DiscordAPIErrorLike {
  return (
    err instanceof Error &&
    err.name.startsWith('DiscordAPIError') &&
    typeof (err as Partial<DiscordAPIErrorLike>).status === 'number' &&
    'rawError' in err
  );
}

/** Whether the interaction can no longer be answered (expired, or answered already). */
export function isUnanswerable(err: unknown): boolean {
  return isDiscordAPIError(err) && UNANSWERABLE.has(Number(err.code));
}

/** Services put into every HandlerContext besides the ones the dispatcher fills in itself. */
export type ContextServices = Omit<HandlerContext, 'store' | 'clock' | 'locale' | 'invoker'>;

export interface DispatcherOptions {
  commands: readonly CommandModule[];
  store: FactStore;
  clock: Clock;
  logger: Logger;
  /** Optional services (e.g. `daily`) copied into every HandlerContext. */
  services?: Partial<ContextServices>;
  /**
   * When an async handler has not settled after this long, the interaction is deferred (ephemerally) so that it
   * does not expire at Discord's 3-second mark. Default 2000 ms. Synchronous handlers never start a timer.
   */
  deferAfterMs?: number;
}

export type Dispatch = (interaction: Interaction) => Promise<void>;

// ---- options -----------------------------------------------------------------------------------

export interface ExtractedOptions {
  /** The subcommand, `"group subcommand"` inside a group, null without subcommands. */
  subcommand: string | null;
  options: RawOptions;
  /** The option being typed (autocomplete only). */
  focused: { name: string; value: string } | null;
}

type ResolvedChannelLike = {
  id: string;
  type: number;
  name?: string | null;
  /** discord.js channel object (cloned with the interaction's permissions). */
  appPermissions?: { bitfield: bigint } | null;
  /** Raw API channel, when discord.js could not build a channel object. */
  app_permissions?: string;
};

/** A channel option as handlers see it; `permissions` are the bot's own in that channel, when Discord sent them. */
export function toChannelOption(channel: ResolvedChannelLike): ChannelOptionValue {
  let permissions: string | null = null;
  if (channel.appPermissions) permissions = channel.appPermissions.bitfield.toString();
  else if (typeof channel.app_permissions === 'string') permissions = channel.app_permissions;
  return { id: channel.id, type: channel.type, name: channel.name ?? null, permissions };
}

/**
 * The subcommand and leaf option values of a chat-input or autocomplete interaction (`interaction.options.data`).
 * Channel options become `ChannelOptionValue`; user, role, mentionable and attachment options their id. A channel
 * option Discord did not resolve (autocomplete payloads carry no resolved data) is left out rather than guessed.
 */
export function extractOptions(data: readonly CommandInteractionOption[]): ExtractedOptions {
  let subcommand: string | null = null;
  let leaves = data;
  const first = data[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = first.options?.[0];
    subcommand = sub ? `${first.name} ${sub.name}` : first.name;
    leaves = sub?.options ?? [];
  } else if (first?.type === ApplicationCommandOptionType.Subcommand) {
    subcommand = first.name;
    leaves = first.options ?? [];
  }
  const options: Record<string, string | number | boolean | ChannelOptionValue | undefined> = {};
  let focused: ExtractedOptions['focused'] = null;
  for (const option of leaves) {
    if (option.focused) focused = { name: option.name, value: String(option.value ?? '') };
    if (option.type === ApplicationCommandOptionType.Channel) {
      const channel = option.channel as ResolvedChannelLike | null | undefined;
      if (channel) options[option.name] = toChannelOption(channel);
    } else if (option.value !== undefined) {
      options[option.name] = option.value;
    }
  }
  return { subcommand, options, focused };
}

// ---- replies -------------------------------------------------------------------------------------

function toMentions(am: APIInteractionResponseCallbackData['allowed_mentions']): MessageMentionOptions | undefined {
  if (!am) return undefined;
  const out: MessageMentionOptions = {};
  if (am.parse) out.parse = am.parse;
  if (am.users) out.users = am.users;
  if (am.roles) out.roles = am.roles;
  if (am.replied_user !== undefined) out.repliedUser = am.replied_user;
  return out;
}

/**
 * discord.js options for an interaction reply/update from an API payload: content, embeds, components, tts, flags
 * and allowed mentions (which discord.js wants camelCased). Throws for polls and attachments.
 */
export function toMessageOptions(
  data: APIInteractionResponseCallbackData,
  extraFlags = 0,
): InteractionReplyOptions & InteractionUpdateOptions {
  // discord.js takes polls and files in its own shapes; handlers do not send them, so refuse rather than drop.
  if (data.poll !== undefined || (data.attachments !== undefined && data.attachments.length > 0)) {
    throw new Error('replies with polls or attachments are not supported by the dispatcher');
  }
  const out: InteractionReplyOptions & InteractionUpdateOptions = {};
  if (data.content !== undefined) out.content = data.content;
  if (data.embeds !== undefined) out.embeds = data.embeds;
  if (data.components !== undefined) out.components = data.components;
  if (data.tts !== undefined) out.tts = data.tts;
  const mentions = toMentions(data.allowed_mentions);
  if (mentions) out.allowedMentions = mentions;
  const flags = (data.flags ?? 0) | extraFlags;
  if (flags !== 0) out.flags = flags as InteractionReplyOptions['flags'] & InteractionUpdateOptions['flags'];
  return out;
}

// ---- the dispatcher ----------------------------------------------------------------------------

type Replyable = ChatInputCommandInteraction | ButtonInteraction;

/** What this dispatcher has sent for the interaction so far (discord.js flags do not tell a deferUpdate apart). */
type Stage = 'none' | 'deferred-reply' | 'deferred-update' | 'replied';

interface Call {
  interaction: Replyable;
  stage: Stage;
  /** Context for logs; built only when something is logged. */
  log: () => Logger;
}

export function createDispatcher(opts: DispatcherOptions): Dispatch {
  const byName = new Map(opts.commands.map((m) => [m.definition.name, m]));
  const deferAfterMs = opts.deferAfterMs ?? 2_000;
  const { logger, store, clock } = opts;
  const services = opts.services ?? {};

  function context(interaction: Interaction): HandlerContext {
    const invoker: Invoker = {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      interactionId: interaction.id,
      memberPermissions: interaction.memberPermissions?.bitfield.toString() ?? null,
      appPermissions: interaction.appPermissions?.bitfield.toString() ?? null,
    };
    return { ...services, store, clock, locale: interaction.locale, invoker };
  }

  function childLogger(interaction: Interaction, command: string | null, subcommand: string | null): () => Logger {
    let child: Logger | undefined;
    return () => {
      child ??= logger.child({
        command,
        subcommand,
        customId: interaction.isMessageComponent() ? interaction.customId : null,
        guildId: interaction.guildId,
        userId: interaction.user.id,
        interactionId: interaction.id,
      });
      return child;
    };
  }

  function enforce(call: Call, data: APIInteractionResponseCallbackData): APIInteractionResponseCallbackData {
    return enforceMessageLimits(data, (note: LimitNote) =>
      call.log().warn({ limit: note }, 'reply cut to fit Discord limits (builders should paginate)'),
    );
  }

  async function respond(call: Call, reply: HandlerReply): Promise<void> {
    const { interaction } = call;
    const data = enforce(call, reply.data);
    if (reply.type === 'update') {
      if (!interaction.isButton()) throw new Error('handler returned an "update" reply to a slash command');
      if (call.stage === 'deferred-update') await interaction.editReply(toMessageOptions(data));
      else await interaction.update(toMessageOptions(data));
      call.stage = 'replied';
      return;
    }
    const ephemeral = reply.ephemeral ? MessageFlags.Ephemeral : 0;
    if (call.stage === 'none') {
      await interaction.reply(toMessageOptions(data, ephemeral));
    } else if (call.stage === 'deferred-reply' && reply.ephemeral) {
      // The deferral was ephemeral: its placeholder becomes the answer.
      await interaction.editReply(toMessageOptions(data));
    } else {
      // A public answer after an ephemeral deferral (or after a deferUpdate): send it as a follow-up and remove
      // the "thinking…" placeholder so nothing is left hanging.
      await interaction.followUp(toMessageOptions(data, ephemeral));
      if (call.stage === 'deferred-reply') await interaction.deleteReply().catch(() => undefined);
    }
    call.stage = 'replied';
  }

  /** Runs the handler; if it is async and slow, defers so the interaction does not expire meanwhile. */
  async function runHandler(call: Call, run: () => HandlerReply | Promise<HandlerReply>): Promise<HandlerReply> {
    const result = run();
    if (typeof (result as Partial<Promise<HandlerReply>>).then !== 'function') return result as HandlerReply;
    let deferring = null as Promise<void> | null;
    const timer = setTimeout(() => {
      deferring = defer(call);
    }, deferAfterMs);
    try {
      return await result;
    } finally {
      clearTimeout(timer);
      if (deferring) await deferring;
    }
  }

  async function defer(call: Call): Promise<void> {
    const { interaction } = call;
    try {
      if (interaction.isButton()) {
        await interaction.deferUpdate();
        call.stage = 'deferred-update';
      } else {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        call.stage = 'deferred-reply';
      }
    } catch (err) {
      call.log().warn({ err }, 'could not defer a slow reply');
    }
  }

  async function sendFailure(call: Call, content: string, cause: unknown): Promise<void> {
    if (isUnanswerable(cause)) return;
    const { interaction } = call;
    const options = { content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
    try {
      if (call.stage === 'none') await interaction.reply(options);
      else if (call.stage === 'deferred-reply')
        await interaction.editReply({ content, allowedMentions: { parse: [] } });
      else await interaction.followUp(options);
      call.stage = 'replied';
    } catch (err) {
      call.log().warn({ err }, 'could not tell the user about the failure');
    }
  }

  /** Handler, then response; each failure logged for what it is, the user told when that is still possible. */
  async function run(
    call: Call,
    handler: () => HandlerReply | Promise<HandlerReply>,
    failedMessage: string,
  ): Promise<void> {
    let reply: HandlerReply;
    try {
      reply = await runHandler(call, handler);
    } catch (err) {
      call.log().error({ err }, failedMessage);
      await sendFailure(call, MESSAGES.failed, err);
      return;
    }
    try {
      await respond(call, reply);
    } catch (err) {
      if (isUnanswerable(err)) {
        call.log().warn({ err }, 'the interaction expired or was already answered before the reply was sent');
        return;
      }
      call.log().error({ err }, 'could not send the reply');
      await sendFailure(call, MESSAGES.failed, err);
    }
  }

  async function onChatInput(interaction: ChatInputCommandInteraction): Promise<void> {
    const module = byName.get(interaction.commandName);
    const { subcommand, options } = extractOptions(interaction.options.data);
    const call: Call = {
      interaction,
      stage: 'none',
      log: childLogger(interaction, interaction.commandName, subcommand),
    };
    if (!module) {
      call.log().warn('unknown command: the deployed commands are out of date');
      await sendFailure(call, MESSAGES.unknownCommand, null);
      return;
    }
    await run(call, () => module.execute(subcommand, options, context(interaction)), 'command failed');
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const separator = interaction.customId.indexOf(':');
    const prefix = separator === -1 ? interaction.customId : interaction.customId.slice(0, separator);
    const module = byName.get(prefix);
    const call: Call = { interaction, stage: 'none', log: childLogger(interaction, module ? prefix : null, null) };
    const handler = module?.button;
    if (!handler) {
      call.log().info('button with an unknown custom_id prefix');
      await sendFailure(call, MESSAGES.invalidButton, null);
      return;
    }
    await run(call, () => handler.call(module, interaction.customId, context(interaction)), 'button failed');
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    // Synchronous from start to respond: nothing is awaited before the answer goes out.
    let choices: AutocompleteChoice[] = [];
    let subcommand: string | null = null;
    try {
      const module = byName.get(interaction.commandName);
      const extracted = extractOptions(interaction.options.data);
      subcommand = extracted.subcommand;
      if (module?.autocomplete) {
        const focused = extracted.focused ?? { name: '', value: '' };
        const result: unknown = module.autocomplete(subcommand, focused, extracted.options, context(interaction));
        if (!Array.isArray(result)) throw new TypeError('autocomplete must synchronously return an array of choices');
        choices = clampChoices(result as AutocompleteChoice[], (note) =>
          childLogger(interaction, interaction.commandName, subcommand)().warn(
            { limit: note },
            'autocomplete choice fixed',
          ),
        );
      }
    } catch (err) {
      choices = [];
      childLogger(interaction, interaction.commandName, subcommand)().error({ err }, 'autocomplete failed');
    }
    try {
      await interaction.respond(choices);
    } catch (err) {
      const expired = isUnanswerable(err);
      childLogger(interaction, interaction.commandName, subcommand)()[expired ? 'debug' : 'warn'](
        { err },
        'could not answer autocomplete',
      );
    }
  }

  return async function dispatch(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await onChatInput(interaction);
      else if (interaction.isButton()) await onButton(interaction);
      else if (interaction.isRepliable()) {
        await interaction
          .reply({ content: MESSAGES.unsupported, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } })
          .catch((err: unknown) => logger.warn({ err, interactionId: interaction.id }, 'could not answer'));
      }
    } catch (err) {
      // Only reachable through a bug in this file; never let it reach the event emitter.
      logger.error({ err, interactionId: interaction.id }, 'dispatcher failed');
    }
  };
}
