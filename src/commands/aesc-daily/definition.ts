// `/aesc-daily`: the data shared by the handler and the deploy script.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/** Manage Server, as the numeric string Discord expects. */
export const MANAGE_GUILD = PermissionFlagsBits.ManageGuild.toString();

export const definition = {
  name: 'aesc-daily',
  type: ApplicationCommandType.ChatInput,
  description: 'Post a piece of AESC history in a channel every day',
  default_member_permissions: MANAGE_GUILD,
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'set',
      description: 'Turn the daily post on, or change its channel, time or time zone',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'Where to post (a text or announcement channel)',
          required: true,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'time',
          description: 'Local time of the post, 24-hour HH:MM (for example 09:00 or 18:30)',
          required: true,
          max_length: 16,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'timezone',
          description: 'Time zone of that time, for example Europe/London (default UTC)',
          required: false,
          autocomplete: true,
          max_length: 64,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'off',
      description: 'Turn the daily post off (the settings are kept)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'status',
      description: 'Show the daily post settings, the next post and the last result',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'test',
      description: "Post today's entry in the configured channel now, to check the permissions",
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export type AescDailyDefinition = typeof definition;
