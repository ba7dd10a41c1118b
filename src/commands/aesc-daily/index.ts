// `/aesc-daily set|off|status|test|preview|export|import`: a server admin's switch for the daily post (issues 4, 12).
// Every answer is ephemeral (only the admin sees it). Bad input gets a specific message and changes nothing.
// One file per subcommand; this one checks who may use it, validates the options against the definition like /aesc
// (src/core/options.ts) and routes.
import type {
  CommandModule,
  HandlerReply,
  InteractionContext,
  RawOptions,
  SubcommandOptions,
} from '../../core/command.js';
import { OptionError, parseOptions } from '../../core/options.js';
import { isDailyStoreUnavailable, STORE_UNAVAILABLE_MESSAGE } from '../../daily/store-unavailable.js';
import { type Lang, langFor, t } from '../../i18n/catalogue.js';
import { localizeCommand } from '../../i18n/commands.js';
import { optionErrorText } from '../../i18n/words.js';
import { autocomplete } from './autocomplete.js';
import { type AescDailyDefinition, definition } from './definition.js';
import { exportSettings } from './export.js';
import { importButton, importSettings } from './import.js';
import { off } from './off.js';
import { preview } from './preview.js';
import { set } from './set.js';
import { type DailyCommandServices, type HandlerContext, isManager, langOf, reply } from './shared.js';
import { status } from './status.js';
import { test } from './test.js';

export { definition } from './definition.js';
export type {
  AttachmentRef,
  BotPermissionLookup,
  DailyCommandServices,
  FetchFile,
  HandlerContext,
} from './shared.js';

export type SetOptions = SubcommandOptions<AescDailyDefinition, 'set'>;

const SUBCOMMANDS = ['set', 'off', 'status', 'test', 'preview', 'export', 'import'] as const;

function invalidOption(e: unknown, lang: Lang): HandlerReply {
  if (e instanceof OptionError) return reply(t(lang, 'daily.invalidOption', { detail: optionErrorText(lang, e) }));
  throw e;
}

let localized: AescDailyDefinition | undefined;

/** The definition with its picker localisations, so an OptionError can name choices in the user's language. */
function localizedDefinition(): AescDailyDefinition {
  localized ??= localizeCommand(definition);
  return localized;
}

/** The options of `subcommand`, validated against the definition like /aesc's (src/core/options.ts). */
function validated(subcommand: string | null, raw: RawOptions): RawOptions {
  const sub = definition.options.find((o) => o.name === subcommand);
  if (!sub) return raw;
  // A subcommand without options takes none (parseOptions needs an option list).
  if (!('options' in sub)) return {};
  return parseOptions(localizedDefinition(), subcommand as never, raw) as RawOptions;
}

async function execute(subcommand: string | null, raw: RawOptions, ctx: HandlerContext): Promise<HandlerReply> {
  const guildId = ctx.invoker.guildId;
  const lang = langOf(ctx);
  if (!guildId) return reply(t(lang, 'daily.guildOnly'));
  if (!isManager(ctx)) return reply(t(lang, 'daily.needManage'));
  let options: RawOptions;
  try {
    options = validated(subcommand, raw);
  } catch (e) {
    return invalidOption(e, lang);
  }
  switch (subcommand) {
    case 'set':
      return set(options, ctx, guildId);
    case 'off':
      return off(ctx, guildId);
    case 'status':
      return status(ctx, guildId);
    case 'test':
      return test(ctx, guildId);
    case 'preview':
      return preview(ctx, guildId);
    case 'export':
      return exportSettings(ctx, guildId);
    case 'import':
      return importSettings(options, ctx, guildId);
    default:
      return reply(t(lang, 'daily.unknownSubcommand', { list: SUBCOMMANDS.map((s) => `\`${s}\``).join(', ') }));
  }
}

/** The routes over a full handler context (tests call them directly). */
export const aescDailyRoutes = {
  definition,
  execute,
  autocomplete(
    subcommand: string | null,
    focused: { name: string; value: string },
    options: RawOptions,
    ctx: Pick<HandlerContext, 'clock'> & Partial<Pick<HandlerContext, 'locale'>>,
  ) {
    return autocomplete(subcommand, focused, options, ctx.clock, langFor(ctx.locale));
  },
  button(customId: string, ctx: HandlerContext): Promise<HandlerReply> {
    return importButton(customId, ctx);
  },
};

/**
 * The database cannot be reached (a read as well as a write, in any subcommand): the admin gets the one message that
 * says nothing was changed, instead of the generic apology. /aesc never needs the database and is not affected.
 */
async function unlessStoreUnavailable(answer: Promise<HandlerReply>, lang: Lang): Promise<HandlerReply> {
  try {
    return await answer;
  } catch (err) {
    if (isDailyStoreUnavailable(err))
      return reply(lang === 'en' ? STORE_UNAVAILABLE_MESSAGE : t(lang, 'daily.storeUnavailable'));
    throw err;
  }
}

/** The /aesc-daily command module, bound to its services. */
export function createDailyCommand(services: DailyCommandServices): CommandModule {
  const bind = (ictx: InteractionContext): HandlerContext => ({
    ...ictx,
    clock: services.clock,
    daily: services.daily,
    ...(services.permissions ? { botPermissionsIn: services.permissions } : {}),
    ...(services.inspector ? { inspector: services.inspector } : {}),
    ...(services.fetchFile ? { fetchFile: services.fetchFile } : {}),
    ...((services.logger ?? services.daily.logger) ? { logger: services.logger ?? services.daily.logger } : {}),
  });
  return {
    definition,
    execute: (subcommand, raw, ictx) => unlessStoreUnavailable(execute(subcommand, raw, bind(ictx)), langOf(ictx)),
    autocomplete: (subcommand, focused, raw, ictx) =>
      autocomplete(subcommand, focused, raw, services.clock, langFor(ictx?.locale)),
    button: (customId, ictx) => unlessStoreUnavailable(importButton(customId, bind(ictx)), langOf(ictx)),
  };
}

/** @deprecated Use `aescDailyRoutes` (tests) or `createDailyCommand` (the bot). */
export const aescDaily = aescDailyRoutes;
export default aescDaily;
