// `/aesc-daily`: the data shared by the handlers and the deploy script (typed data, no behaviour).
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { languageChoices } from '../../i18n/languages.js';

/** Manage Server, as the numeric string Discord expects. */
export const MANAGE_GUILD = PermissionFlagsBits.ManageGuild.toString();

/** Where a daily post can go: text, announcement, the three thread types, forum and media channels. */
export const DAILY_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
] as const;

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
      description: 'Turn the daily post on or change it; what you leave out is kept',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'Where to post: a text or announcement channel, a thread, or a forum/media channel',
          required: false,
          // Media channels (16) too once Discord's spec lists them here; `import` accepts them already.
          channel_types: DAILY_CHANNEL_TYPES.filter((t) => t !== ChannelType.GuildMedia),
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'time',
          description: 'Local time of the post, 24-hour HH:MM (for example 09:00 or 18:30)',
          required: false,
          max_length: 16,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'timezone',
          description: 'Time zone of that time, for example Europe/London or EST (first set: UTC)',
          required: false,
          autocomplete: true,
          max_length: 64,
        },
        {
          type: ApplicationCommandOptionType.Role,
          name: 'role',
          description: 'A role to mention in each post (remove it with clear:role)',
          required: false,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'days',
          description: 'Days of the week, for example mon-fri, weekends or every day (default every day)',
          required: false,
          autocomplete: true,
          max_length: 64,
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: 'publish',
          description: 'Announcement channels: publish each post to the servers that follow the channel',
          required: false,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'tag',
          description: 'Forum/media channels: the name of a tag to put on each day’s post',
          required: false,
          max_length: 100,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'clear',
          description: 'Remove a setting: the role mention or the forum tag',
          required: false,
          choices: [
            { name: 'role (stop mentioning a role)', value: 'role' },
            { name: 'tag (no forum tag)', value: 'tag' },
          ],
        },
        {
          // Issue 13: the post's language; without it, the server's language (guild_locale) when set is run.
          type: ApplicationCommandOptionType.String,
          name: 'language',
          description: "The post's language (default: the server's language)",
          required: false,
          choices: languageChoices(),
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
      description: 'Show the settings, the next post, the last 7 days and the last test',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'test',
      description: "Post today's entry in the configured channel now, to check the permissions",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'preview',
      description: 'See the next post exactly as it will be sent, and the next 5 post times (only you see it)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'export',
      description: "Download this server's daily post settings as a JSON file",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'import',
      description: 'Load settings from an exported JSON file (shows the changes first, asks to confirm)',
      options: [
        {
          type: ApplicationCommandOptionType.Attachment,
          name: 'file',
          description: 'A file made by /aesc-daily export',
          required: true,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export type AescDailyDefinition = typeof definition;
