// /aesc: the command definition as typed data. The deploy script sends it as is; the runtime types
// every handler's options from it (SubcommandOptions) and validates incoming values against it.
// Choices come from the data's own enums, so an option can never offer a value the facts do not know.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { SubcommandOptions } from '../../core/command.js';
import { PLANT_STATUSES, REGIONS, TOPICS } from '../../facts/schema.js';
import { STATUS_LABEL } from '../../present/style.js';

export const aescDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'aesc',
  description: 'Facts about AESC, the Yokohama EV-battery maker, each with its source',
  // Installable to a server and to a user; usable in servers, the bot's DMs and other private channels.
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
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
          choices: REGIONS.map((r) => ({ name: r, value: r })),
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'status',
          description: 'Only sites with this status, as the sources state it',
          choices: PLANT_STATUSES.map((s) => ({ name: STATUS_LABEL[s], value: s })),
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
          choices: TOPICS.map((t) => ({ name: `${t.charAt(0).toUpperCase()}${t.slice(1)}`, value: t })),
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
