// The one interaction core: an API interaction in (as Discord sends it, over the gateway or HTTP), the matching
// command module called, and its reply out through a Responder. No discord.js object reaches it or a handler.
//
// Routing: chat input and autocomplete by command name; buttons and select menus by the custom_id prefix before the
// first ':' (the command name, by convention of `CommandModule.button`/`select`).
//
// Error policy: nothing thrown here escapes. A malformed payload is refused at the edge (`parseInteraction`) and
// answered with a short ephemeral message when it can still be answered, else ignored with a warning. A handler
// error is logged with the interaction's context and the user gets a short ephemeral apology (no internals). Errors
// while responding (expired interaction, 10062; already acknowledged, 40060; network) are logged and dropped.
//
// Defer policy: a handler that returns its reply synchronously is answered at once and starts no timer. A handler
// that returns a promise still pending after `deferAfterMs` gets a deferral (ephemeral type 5 for commands, type 6
// for components), and its reply then edits the placeholder or follows up.
import {
  type APIInteraction,
  type APIInteractionResponseCallbackData,
  type APIMessageComponentInteraction,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { isAlreadyAcknowledged, isUnanswerable } from '../discord/errors.js';
import { assertFilesFit, clampChoices, enforceMessageLimits, type LimitNote } from '../discord/limits.js';
// i18n helper: the core's messages in the user's language (issue 13).
import { localizeCoreMessage } from '../i18n/core-messages.js';
import type { AutocompleteChoice, CommandModule, HandlerReply, InteractionContext, ReplyFile } from './command.js';
import { attachmentsOf, invokerOf, messageOf, parseInteraction, readOptions } from './interaction.js';
import type { InitialResponse, Responder } from './responder.js';

export const MESSAGES = {
  failed: 'Something went wrong while answering this command. It has been logged.',
  unknownCommand:
    'This command is not known to this bot (it may have been removed). Ask a server admin to refresh the commands.',
  invalidButton: 'This button has expired or is not valid.',
  unsupported: 'This kind of interaction is not supported by this bot.',
  malformed: 'Discord sent this interaction in a form the bot cannot read, so nothing was done. Please try again.',
} as const;

export type InteractionKind = 'ping' | 'command' | 'autocomplete' | 'button' | 'select' | 'modal' | 'other';

/**
 * - `ok`: answered directly; `deferred`: answered after a deferral;
 * - `error`: the handler (or sending its reply) failed and the user got the apology;
 * - `unknown`: unknown command, button or select prefix; `invalid`: malformed payload; `unsupported`: other types;
 * - `expired`: the interaction could not be answered any more (10062/40060, or the network).
 */
export type InteractionOutcome = 'ok' | 'deferred' | 'error' | 'unknown' | 'invalid' | 'unsupported' | 'expired';

/** A hook for metrics (the ops helper plugs prom-client into it). Called once per interaction; must not throw. */
export interface InteractionObserver {
  onInteraction(
    command: string | null,
    subcommand: string | null,
    kind: InteractionKind,
    outcome: InteractionOutcome,
    /** Milliseconds from dispatch to the initial response sent; null when none was sent. */
    msToInitialResponse: number | null,
  ): void;
}

export interface DispatcherOptions {
  commands: readonly CommandModule[];
  logger: Logger;
  /**
   * When an async handler has not settled after this long, the interaction is deferred so that it does not expire
   * at Discord's 3-second mark. Default 2000 ms. Synchronous handlers never start a timer.
   */
  deferAfterMs?: number;
  metrics?: InteractionObserver;
}

/** Answers one interaction through `responder`. Never rejects. */
export type Dispatch = (interaction: APIInteraction, responder: Responder) => Promise<void>;

/** What has been sent for the interaction so far. */
type Stage = 'none' | 'deferred-reply' | 'deferred-update' | 'replied';

interface Call {
  interaction: APIInteraction;
  responder: Responder;
  stage: Stage;
  kind: InteractionKind;
  command: string | null;
  subcommand: string | null;
  customId: string | null;
  startedAt: number;
  initialMs: number | null;
  /** Context for logs; built only when something is logged. */
  log: () => Logger;
}

const EPHEMERAL = MessageFlags.Ephemeral as number;
const noMentions = (): { parse: [] } => ({ parse: [] });

/** Splits a custom_id into the command-name prefix and the rest. */
function prefixOf(customId: string): string {
  const separator = customId.indexOf(':');
  return separator === -1 ? customId : customId.slice(0, separator);
}

export function createDispatcher(opts: DispatcherOptions): Dispatch {
  const byName = new Map(opts.commands.map((m) => [m.definition.name, m]));
  const deferAfterMs = opts.deferAfterMs ?? 2_000;
  const { logger, metrics } = opts;

  function newCall(interaction: APIInteraction, responder: Responder, kind: InteractionKind): Call {
    const call: Call = {
      interaction,
      responder,
      stage: 'none',
      kind,
      command: null,
      subcommand: null,
      customId: null,
      startedAt: performance.now(),
      initialMs: null,
      log: () => {
        // The payload may be anything here (a malformed one is logged too): read it defensively.
        const raw = (typeof interaction === 'object' && interaction !== null ? interaction : {}) as Partial<
          Record<string, unknown>
        > & { member?: { user?: { id?: unknown } }; user?: { id?: unknown } };
        const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 40) : null);
        const child = logger.child({
          command: call.command,
          subcommand: call.subcommand,
          customId: call.customId,
          guildId: str(raw.guild_id),
          userId: str(raw.member?.user?.id) ?? str(raw.user?.id),
          interactionId: str(raw.id),
        });
        call.log = () => child;
        return child;
      },
    };
    return call;
  }

  function observe(call: Call, outcome: InteractionOutcome): void {
    if (!metrics) return;
    try {
      metrics.onInteraction(call.command, call.subcommand, call.kind, outcome, call.initialMs);
    } catch (err) {
      call.log().warn({ err }, 'the interaction observer threw');
    }
  }

  function context(interaction: APIInteraction): InteractionContext {
    const message = messageOf(interaction);
    const attachments = attachmentsOf(interaction);
    const guildLocale = (interaction as { guild_locale?: unknown }).guild_locale;
    return {
      locale: (interaction as { locale?: string }).locale ?? 'en-US',
      ...(typeof guildLocale === 'string' && guildLocale.length <= 20 ? { guildLocale } : {}),
      invoker: invokerOf(interaction),
      ...(message ? { message } : {}),
      ...(attachments ? { attachments } : {}),
    };
  }

  async function initial(call: Call, response: InitialResponse, files?: readonly ReplyFile[]): Promise<void> {
    await call.responder.respond(response, files);
    call.initialMs ??= performance.now() - call.startedAt;
  }

  function enforce(call: Call, data: APIInteractionResponseCallbackData, files: readonly ReplyFile[] | undefined) {
    if (files && files.length > 0) assertFilesFit(data, files);
    if (data.attachments) {
      // Handlers list files by index; Discord's schema types attachment ids as (snowflake) strings.
      data = { ...data, attachments: data.attachments.map((a) => ({ ...a, id: String(a.id) })) };
    }
    return enforceMessageLimits(data, (note: LimitNote) =>
      call.log().warn({ limit: note }, 'reply cut to fit Discord limits (builders should paginate)'),
    );
  }

  async function respond(call: Call, reply: HandlerReply): Promise<void> {
    const { responder } = call;
    const files = reply.files && reply.files.length > 0 ? reply.files : undefined;
    const data = enforce(call, reply.data, files);
    if (reply.type === 'update') {
      if (call.interaction.type !== InteractionType.MessageComponent) {
        throw new Error('handler returned an "update" reply to an interaction without a message');
      }
      if (call.stage === 'deferred-update') await responder.editOriginal(data, files);
      else await initial(call, { type: InteractionResponseType.UpdateMessage, data }, files);
      call.stage = 'replied';
      return;
    }
    const flags = (data.flags ?? 0) | (reply.ephemeral ? EPHEMERAL : 0);
    if (call.stage === 'none') {
      await initial(call, { type: InteractionResponseType.ChannelMessageWithSource, data: { ...data, flags } }, files);
    } else if (call.stage === 'deferred-reply' && reply.ephemeral) {
      // The deferral was ephemeral: its placeholder becomes the answer (the ephemeral flag cannot be edited).
      const { flags: _ignored, ...rest } = data;
      const editFlags = (data.flags ?? 0) & ~EPHEMERAL;
      await responder.editOriginal(editFlags !== 0 ? { ...rest, flags: editFlags } : rest, files);
    } else {
      // A public answer after an ephemeral deferral (or after a deferred update): send it as a follow-up and remove
      // the "thinking…" placeholder so nothing is left hanging.
      await responder.followUp({ ...data, flags }, files);
      if (call.stage === 'deferred-reply') await responder.deleteOriginal().catch(() => undefined);
    }
    call.stage = 'replied';
  }

  async function defer(call: Call): Promise<void> {
    try {
      if (call.interaction.type === InteractionType.MessageComponent) {
        await initial(call, { type: InteractionResponseType.DeferredMessageUpdate });
        call.stage = 'deferred-update';
      } else {
        await initial(call, {
          type: InteractionResponseType.DeferredChannelMessageWithSource,
          data: { flags: MessageFlags.Ephemeral },
        });
        call.stage = 'deferred-reply';
      }
    } catch (err) {
      call.log().warn({ err }, 'could not defer a slow reply');
    }
  }

  /** Runs the handler; if it returns a promise that is still pending after deferAfterMs, defers meanwhile. */
  async function runHandler(call: Call, run: () => HandlerReply | Promise<HandlerReply>): Promise<HandlerReply> {
    const result = run();
    if (typeof (result as Partial<Promise<HandlerReply>>)?.then !== 'function') return result as HandlerReply;
    let deferring: Promise<void> | null = null;
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

  async function sendFailure(call: Call, english: string, cause: unknown): Promise<boolean> {
    if (isUnanswerable(cause)) return false;
    const content = localizeCoreMessage((call.interaction as { locale?: string }).locale, english);
    const { responder } = call;
    try {
      if (call.stage === 'none') {
        await initial(call, {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: noMentions() },
        });
      } else if (call.stage === 'deferred-reply') {
        await responder.editOriginal({ content, allowed_mentions: noMentions(), embeds: [], components: [] });
      } else {
        await responder.followUp({ content, flags: MessageFlags.Ephemeral, allowed_mentions: noMentions() });
      }
      call.stage = 'replied';
      return true;
    } catch (err) {
      call.log()[isUnanswerable(err) ? 'debug' : 'warn']({ err }, 'could not tell the user about the failure');
      return false;
    }
  }

  /** Handler, then response; each failure logged for what it is, the user told when that is still possible. */
  async function run(call: Call, handler: () => HandlerReply | Promise<HandlerReply>, failed: string): Promise<void> {
    let reply: HandlerReply;
    try {
      reply = await runHandler(call, handler);
    } catch (err) {
      call.log().error({ err }, failed);
      await sendFailure(call, MESSAGES.failed, err);
      observe(call, 'error');
      return;
    }
    const deferred = call.stage !== 'none';
    try {
      await respond(call, reply);
      observe(call, deferred ? 'deferred' : 'ok');
    } catch (err) {
      if (isAlreadyAcknowledged(err) || isUnanswerable(err)) {
        call.log().warn({ err }, 'the interaction expired or was already answered before the reply was sent');
        observe(call, 'expired');
        return;
      }
      call.log().error({ err }, 'could not send the reply');
      const told = await sendFailure(call, MESSAGES.failed, err);
      observe(call, told ? 'error' : 'expired');
    }
  }

  async function onCommand(call: Call): Promise<void> {
    const interaction = call.interaction as Extract<APIInteraction, { type: InteractionType.ApplicationCommand }>;
    const data = interaction.data as unknown as { name: string; options?: never; resolved?: never };
    call.command = data.name;
    const { subcommand, options } = readOptions(data.options, data.resolved);
    call.subcommand = subcommand;
    const module = byName.get(data.name);
    if (!module) {
      call.log().warn('unknown command: the deployed commands are out of date');
      await sendFailure(call, MESSAGES.unknownCommand, null);
      observe(call, 'unknown');
      return;
    }
    await run(call, () => module.execute(subcommand, options, context(interaction)), 'command failed');
  }

  async function onComponent(call: Call): Promise<void> {
    const interaction = call.interaction as APIMessageComponentInteraction;
    const { custom_id: customId, component_type: componentType } = interaction.data;
    call.customId = customId;
    const module = byName.get(prefixOf(customId));
    if (module) call.command = module.definition.name;
    let handler: (() => HandlerReply | Promise<HandlerReply>) | undefined;
    if (componentType === ComponentType.Button && module?.button) {
      const button = module.button;
      handler = () => button.call(module, customId, context(interaction));
    } else if (componentType === ComponentType.StringSelect && module?.select) {
      const select = module.select;
      const values = (interaction.data as { values?: string[] }).values ?? [];
      handler = () => select.call(module, customId, values, context(interaction));
    }
    if (!handler) {
      call.log().info('component with an unknown custom_id prefix');
      await sendFailure(call, MESSAGES.invalidButton, null);
      observe(call, 'unknown');
      return;
    }
    await run(call, handler, call.kind === 'select' ? 'select menu failed' : 'button failed');
  }

  async function onAutocomplete(call: Call): Promise<void> {
    // Synchronous from start to respond: nothing is awaited before the answer goes out.
    const interaction = call.interaction as Extract<
      APIInteraction,
      { type: InteractionType.ApplicationCommandAutocomplete }
    >;
    let choices: AutocompleteChoice[] = [];
    let failed = false;
    try {
      const data = interaction.data as unknown as { name: string; options?: never };
      call.command = data.name;
      const module = byName.get(data.name);
      const read = readOptions(data.options, undefined);
      call.subcommand = read.subcommand;
      if (module?.autocomplete) {
        const focused = read.focused ?? { name: '', value: '' };
        const result: unknown = module.autocomplete(read.subcommand, focused, read.options, context(interaction));
        if (!Array.isArray(result)) throw new TypeError('autocomplete must synchronously return an array of choices');
        choices = clampChoices(result as AutocompleteChoice[], (note) =>
          call.log().warn({ limit: note }, 'autocomplete choice fixed'),
        );
      }
    } catch (err) {
      choices = [];
      failed = true;
      call.log().error({ err }, 'autocomplete failed');
    }
    try {
      await initial(call, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
      observe(call, failed ? 'error' : 'ok');
    } catch (err) {
      call.log()[isUnanswerable(err) ? 'debug' : 'warn']({ err }, 'could not answer autocomplete');
      observe(call, 'expired');
    }
  }

  async function onMalformed(
    call: Call,
    parsed: { reason: string; id: string | null; token: string | null; type: number | null },
  ): Promise<void> {
    const answerable = parsed.id !== null && parsed.token !== null;
    call
      .log()
      .warn(
        { reason: parsed.reason, type: parsed.type, answered: answerable },
        'malformed interaction payload refused',
      );
    if (!answerable) {
      observe(call, 'invalid');
      return;
    }
    try {
      if (parsed.type === InteractionType.Ping) await initial(call, { type: InteractionResponseType.Pong });
      else if (parsed.type === InteractionType.ApplicationCommandAutocomplete) {
        await initial(call, {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: [] },
        });
      } else {
        await initial(call, {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: {
            content: localizeCoreMessage((call.interaction as { locale?: unknown }).locale, MESSAGES.malformed),
            flags: MessageFlags.Ephemeral,
            allowed_mentions: noMentions(),
          },
        });
      }
    } catch (err) {
      call.log().debug({ err }, 'could not answer a malformed interaction');
    }
    observe(call, 'invalid');
  }

  function kindOf(interaction: APIInteraction): InteractionKind {
    switch (interaction.type) {
      case InteractionType.Ping:
        return 'ping';
      case InteractionType.ApplicationCommand:
        return 'command';
      case InteractionType.ApplicationCommandAutocomplete:
        return 'autocomplete';
      case InteractionType.MessageComponent:
        return interaction.data?.component_type === ComponentType.Button ? 'button' : 'select';
      case InteractionType.ModalSubmit:
        return 'modal';
      default:
        return 'other';
    }
  }

  return async function dispatch(payload: APIInteraction, responder: Responder): Promise<void> {
    let call: Call | undefined;
    try {
      const parsed = parseInteraction(payload);
      const kind = parsed.ok ? kindOf(parsed.interaction) : 'other';
      call = newCall(payload, responder, kind);
      if (!parsed.ok) return await onMalformed(call, parsed);
      switch (parsed.interaction.type) {
        case InteractionType.Ping:
          await initial(call, { type: InteractionResponseType.Pong });
          observe(call, 'ok');
          return;
        case InteractionType.ApplicationCommandAutocomplete:
          return await onAutocomplete(call);
        case InteractionType.ApplicationCommand:
          return await onCommand(call);
        case InteractionType.MessageComponent:
          return await onComponent(call);
        default:
          await sendFailure(call, MESSAGES.unsupported, null);
          observe(call, 'unsupported');
      }
    } catch (err) {
      // Only reachable through a bug in this file (or a responder that throws synchronously); never let it escape.
      try {
        (call?.log() ?? logger).error({ err }, 'dispatcher failed');
      } catch {
        logger.error({ err }, 'dispatcher failed');
      }
    }
  };
}
