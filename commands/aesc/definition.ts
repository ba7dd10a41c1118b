// /aesc: the command definition as typed data. The deploy script sends it as is; the runtime types
// every handler's options from it (SubcommandOptions) and validates incoming values against it.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { SubcommandOptions } from '../../src/core/command.js';

export const aescDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'aesc',
  description: 'Facts about AESC, the Yokohama EV-battery maker, each with its source',
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'plant',
      description: 'One production site: location, status, capacity, customers, sources',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'name',
          description: 'Site name, city, state or country (e.g. Sunderland, Tennessee, Wuxi)',
          required: true,
          autocomplete: true,
          max_length: 100,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'plants',
      description: 'All production sites, grouped by region',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'region',
          description: 'Only sites in this region',
          choices: [
            { name: 'Japan', value: 'Japan' },
            { name: 'China', value: 'China' },
            { name: 'Europe', value: 'Europe' },
            { name: 'USA', value: 'USA' },
          ],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'status',
          description: 'Only sites with this status, as the sources state it',
          choices: [
            { name: 'Operating', value: 'operating' },
            { name: 'Production started', value: 'production-started' },
            { name: 'Under construction', value: 'under-construction' },
            { name: 'Planned', value: 'planned' },
            { name: 'Halted', value: 'halted' },
            { name: 'Listed (status not stated)', value: 'listed' },
          ],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'history',
      description: 'The AESC timeline, page by page',
      options: [
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'year',
          description: 'Only this year (suggestions list the years that have events)',
          autocomplete: true,
          min_value: 1990,
          max_value: 2100,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'topic',
          description: 'Only events on this topic',
          choices: [
            { name: 'Founding', value: 'founding' },
            { name: 'Ownership', value: 'ownership' },
            { name: 'Production', value: 'production' },
            { name: 'Plants', value: 'plants' },
            { name: 'Investment', value: 'investment' },
            { name: 'Customers', value: 'customers' },
            { name: 'Market', value: 'market' },
            { name: 'Products', value: 'products' },
          ],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'owner',
      description: 'Current owners and every change of ownership',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'company',
      description: 'The company profile: founding, headquarters, products, figures',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'customers',
      description: 'Customers, current and expected, with the sites that serve them',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'products',
      description: "The products and the first cell's specifications",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'search',
      description: 'Search every fact: plants, events, figures, customers, people',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'query',
          description: 'Words to look for (e.g. Panasonic, tariffs, Leaf)',
          required: true,
          max_length: 100,
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'fact', description: 'One random fact with its source' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'sources',
      description: 'The source documents and what each contributes',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'today',
      description: 'Today\'s "on this date" entry from the AESC timeline',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export type AescDefinition = typeof aescDefinition;
export type AescSubcommand = AescDefinition['options'][number]['name'];
export type AescOptions<S extends AescSubcommand> = SubcommandOptions<AescDefinition, S>;
