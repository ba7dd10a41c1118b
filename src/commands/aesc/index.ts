// The /aesc command module: its definition, and the routing of each subcommand, autocomplete and
// button to the plain handler functions beside this file.
import type { CommandModule, HandlerContext, HandlerReply, RawOptions } from '../../core/command.js';
import { OptionError, parseOptions } from '../../core/options.js';
import { notice } from '../../present/replies.js';
import { companyCommand } from './company.js';
import { customersCommand } from './customers.js';
import { type AescSubcommand, aescDefinition } from './definition.js';
import { factCommand } from './fact.js';
import { historyButton, historyCommand, yearAutocomplete } from './history.js';
import { ownerCommand } from './owner.js';
import { plantAutocomplete, plantCommand } from './plant.js';
import { plantsCommand } from './plants.js';
import { productsCommand } from './products.js';
import { searchCommand } from './search.js';
import { sourcesCommand } from './sources.js';
import { todayCommand } from './today.js';

function run(sub: AescSubcommand, raw: RawOptions, ctx: HandlerContext): HandlerReply | Promise<HandlerReply> {
  const def = aescDefinition;
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

export const aescCommand: CommandModule = {
  definition: aescDefinition,
  async execute(subcommand, raw, ctx) {
    if (subcommand === null || !SUBCOMMANDS.has(subcommand)) {
      return notice(
        'Unknown command',
        `\`/aesc ${subcommand ?? ''}\` is not a command of this bot. Ask a server admin to refresh the commands.`,
      );
    }
    try {
      return await run(subcommand as AescSubcommand, raw, ctx);
    } catch (e) {
      if (e instanceof OptionError) return notice('Invalid option', e.message);
      throw e;
    }
  },
  autocomplete(subcommand, focused, _raw, ctx) {
    if (subcommand === 'plant' && focused.name === 'name') return plantAutocomplete(focused.value, ctx);
    if (subcommand === 'history' && focused.name === 'year') return yearAutocomplete(focused.value, ctx);
    return [];
  },
  button(customId, ctx) {
    if (customId.startsWith('aesc:history:')) return historyButton(customId, ctx);
    return notice('This button has expired', 'It is not one this bot knows any more. Run the command again.');
  },
};
