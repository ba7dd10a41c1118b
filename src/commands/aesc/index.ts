// The /aesc command module: its definition, and the routing of each subcommand, autocomplete and
// button to the plain handler functions beside this file.
import type {
  AutocompleteChoice,
  Clock,
  CommandIds,
  CommandModule,
  GuildZoneLookup,
  HandlerContext,
  HandlerReply,
  InteractionContext,
  RawOptions,
} from '../../core/command.js';
import { OptionError, parseOptions } from '../../core/options.js';
import type { FactStore } from '../../facts/store.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { localizeCommand } from '../../i18n/commands.js';
import { optionErrorText } from '../../i18n/words.js';
import { notice } from '../../present/replies.js';
import { companyButton, companyCommand } from './company.js';
import { customersCommand } from './customers.js';
import { type AescSubcommand, aescDefinition } from './definition.js';
import { factButton, factCommand } from './fact.js';
import { goButton } from './go.js';
import { historyButton, historyCommand, historySelect, yearAutocomplete } from './history.js';
import { ownerCommand } from './owner.js';
import { plantAutocomplete, plantButton, plantCommand, plantSelect } from './plant.js';
import { plantsCommand } from './plants.js';
import { productsCommand } from './products.js';
import { searchButton, searchCommand } from './search.js';
import { sourcesCommand } from './sources.js';
import { todayCommand } from './today.js';

let localized: typeof aescDefinition | undefined;

function run(sub: AescSubcommand, raw: RawOptions, ctx: HandlerContext): HandlerReply | Promise<HandlerReply> {
  // With its picker localisations, so an invalid choice is named in the user's language.
  localized ??= localizeCommand(aescDefinition);
  const def = localized;
  switch (sub) {
    case 'plant':
      return plantCommand(parseOptions(def, sub, raw), ctx);
    case 'plants':
      return plantsCommand(parseOptions(def, sub, raw), ctx);
    case 'history':
      return historyCommand(parseOptions(def, sub, raw), ctx);
    case 'search':
      return searchCommand(parseOptions(def, sub, raw), ctx);
    case 'owner':
      return ownerCommand(ctx);
    case 'company':
      return companyCommand(ctx);
    case 'customers':
      return customersCommand(ctx);
    case 'products':
      return productsCommand(ctx);
    case 'fact':
      return factCommand(ctx);
    case 'sources':
      return sourcesCommand(ctx);
    case 'today':
      return todayCommand(ctx);
  }
}

const SUBCOMMANDS = new Set<string>(aescDefinition.options.map((o) => o.name));

function invalidOption(e: unknown, locale: string): HandlerReply {
  if (e instanceof OptionError) {
    const lang = langFor(locale);
    return notice(t(lang, 'notice.invalidOption'), optionErrorText(lang, e));
  }
  throw e;
}

/**
 * The /aesc routes over a full handler context. Synchronous handlers stay synchronous (no promise, so the
 * dispatcher starts no deferral timer); only async ones (today) return a promise.
 */
export const aescRoutes = {
  execute(subcommand: string | null, raw: RawOptions, ctx: HandlerContext): HandlerReply | Promise<HandlerReply> {
    const lang = langFor(ctx.locale);
    if (subcommand === null || !SUBCOMMANDS.has(subcommand)) {
      return notice(
        t(lang, 'notice.unknownCommand.title'),
        // Shown in a code span: a backtick or a line break in a forged name must not end it (markdown injection).
        t(lang, 'notice.unknownCommand.body', { sub: (subcommand ?? '').replace(/[`\r\n]/g, "'") }),
      );
    }
    try {
      const result = run(subcommand as AescSubcommand, raw, ctx);
      return result instanceof Promise ? result.catch((e: unknown) => invalidOption(e, ctx.locale)) : result;
    } catch (e) {
      return invalidOption(e, ctx.locale);
    }
  },
  autocomplete(
    subcommand: string | null,
    focused: { name: string; value: string },
    _raw: RawOptions,
    ctx: HandlerContext,
  ): AutocompleteChoice[] {
    if (subcommand === 'plant' && focused.name === 'name') return plantAutocomplete(focused.value, ctx);
    if (subcommand === 'history' && focused.name === 'year') return yearAutocomplete(focused.value, ctx);
    return [];
  },
  button(customId: string, ctx: HandlerContext): HandlerReply | Promise<HandlerReply> {
    if (customId.startsWith('aesc:history:')) return historyButton(customId, ctx);
    // Cards' buttons (answers helper): plant views, company views, "Another fact", "go" navigation.
    if (customId.startsWith('aesc:plant:')) return plantButton(customId, ctx);
    if (customId.startsWith('aesc:company:')) return companyButton(customId, ctx);
    if (customId.startsWith('aesc:fact:')) return factButton(customId, ctx);
    if (customId.startsWith('aesc:go:')) return goButton(customId, ctx);
    if (customId.startsWith('aesc:search:')) return searchButton(customId, ctx);
    const lang = langFor(ctx.locale);
    return notice(t(lang, 'notice.buttonExpired'), t(lang, 'notice.expired.body'));
  },
  /** String select menus: "jump to a site" on plant cards, the year of /aesc history. */
  select(customId: string, values: readonly string[], ctx: HandlerContext): HandlerReply | Promise<HandlerReply> {
    if (customId.startsWith('aesc:plant:')) return plantSelect(customId, values, ctx);
    if (customId.startsWith('aesc:history:')) return historySelect(customId, values, ctx);
    const lang = langFor(ctx.locale);
    return notice(t(lang, 'notice.menuExpired'), t(lang, 'notice.expired.body'));
  },
};

/** What /aesc is built with. */
export interface AescServices {
  store: FactStore;
  clock: Clock;
  /** Command name -> id, for `</aesc history:ID>` mentions; empty (the default) when the commands are not known. */
  commandIds?: CommandIds;
  /** The daily post's settings, for `/aesc today` in the server's zone. */
  daily?: GuildZoneLookup;
}

/** The /aesc command module, bound to its services. */
export function createAescCommand(services: AescServices): CommandModule {
  const commandIds = services.commandIds ?? new Map<string, string>();
  const bind = (ictx: InteractionContext): HandlerContext => ({
    ...ictx,
    store: services.store,
    clock: services.clock,
    commandIds,
    ...(services.daily ? { daily: services.daily } : {}),
  });
  return {
    definition: aescDefinition,
    execute: (subcommand, raw, ictx) => aescRoutes.execute(subcommand, raw, bind(ictx)),
    autocomplete: (subcommand, focused, raw, ictx) => aescRoutes.autocomplete(subcommand, focused, raw, bind(ictx)),
    button: (customId, ictx) => aescRoutes.button(customId, bind(ictx)),
    select: (customId, values, ictx) => aescRoutes.select(customId, values, bind(ictx)),
  };
}

/** @deprecated Tests call the routes with a full context; use `aescRoutes` (the same object). */
export const aescCommand = aescRoutes;
