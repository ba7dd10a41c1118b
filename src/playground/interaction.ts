// `POST /api/interactions` bodies: an API interaction as Discord sends it, validated with zod at the edge, with what a
// script may leave out filled in from the sandbox server (ids, token, guild, channel, member, permissions, resolved
// channels). Whatever the caller does send is kept, so a script can post as a member without Manage Server, in
// another locale, or with its own message for a button.
import { randomBytes } from 'node:crypto';
import {
  type APIAttachment,
  type APIInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  InteractionType,
} from 'discord-api-types/v10';
import { z } from 'zod';
import {
  botPermissionsIn,
  interactionMember,
  resolvedChannel,
  SANDBOX_APPLICATION_ID,
  SANDBOX_BOT_USER,
  SANDBOX_CHANNELS,
  SANDBOX_GUILD,
  SANDBOX_GUILD_ID,
  type SandboxChannel,
  sandboxChannel,
} from './sandbox.js';
import { snowflake } from './snowflake.js';

const SNOWFLAKE = z.string().regex(/^\d{1,20}$/, 'expected a snowflake (a string of digits)');

interface OptionInput {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: OptionInput[] | undefined;
}

const optionSchema: z.ZodType<OptionInput> = z.lazy(() =>
  z.looseObject({
    name: z.string().min(1).max(32),
    type: z.number().int().min(1).max(11),
    value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(optionSchema).max(25).optional(),
  }),
);

const commandData = z.looseObject({
  id: SNOWFLAKE.optional(),
  name: z.string().min(1).max(32),
  type: z.literal(ApplicationCommandType.ChatInput).optional(),
  options: z.array(optionSchema).max(25).optional(),
  resolved: z.looseObject({}).optional(),
});

const componentData = z.looseObject({
  custom_id: z.string().min(1).max(100),
  component_type: z.number().int().min(2).max(8),
  values: z.array(z.string().max(100)).max(25).optional(),
});

const envelope = {
  id: SNOWFLAKE.optional(),
  application_id: SNOWFLAKE.optional(),
  token: z.string().min(1).max(500).optional(),
  channel_id: SNOWFLAKE.optional(),
  guild_id: SNOWFLAKE.optional(),
  locale: z.string().min(2).max(10).optional(),
  guild_locale: z.string().min(2).max(10).optional(),
};

export const interactionBodySchema = z.discriminatedUnion('type', [
  z.looseObject({ ...envelope, type: z.literal(InteractionType.Ping) }),
  z.looseObject({ ...envelope, type: z.literal(InteractionType.ApplicationCommand), data: commandData }),
  z.looseObject({ ...envelope, type: z.literal(InteractionType.ApplicationCommandAutocomplete), data: commandData }),
  z.looseObject({
    ...envelope,
    type: z.literal(InteractionType.MessageComponent),
    data: componentData,
    message: z.looseObject({ id: SNOWFLAKE.optional() }),
  }),
]);

export type InteractionBody = z.infer<typeof interactionBodySchema>;

/** A request the playground refuses, with the message the API returns (status 400 unless said otherwise). */
export class BadInteraction extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** zod issues as `data.options[0].name: Invalid input...` lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
      .join('');
    return `${path || '(body)'}: ${issue.message}`;
  });
}

/** Stable command ids per name, as a deployed application would have. */
const commandIds = new Map<string, string>();
export function commandIdFor(name: string): string {
  let id = commandIds.get(name);
  if (!id) {
    id = snowflake();
    commandIds.set(name, id);
  }
  return id;
}

function optionsOfType(options: readonly OptionInput[] | undefined, type: ApplicationCommandOptionType): OptionInput[] {
  const out: OptionInput[] = [];
  for (const o of options ?? []) {
    if (o.type === type) out.push(o);
    if (o.options) out.push(...optionsOfType(o.options, type));
  }
  return out;
}

function channelNames(): string {
  return SANDBOX_CHANNELS.map((c) => `${c.id} (#${c.name})`).join(', ');
}

/**
 * Validates a request body and completes it into the interaction Discord would send from the sandbox server.
 * Throws BadInteraction with a message naming the field when the body cannot be one.
 */
export function completeInteraction(
  raw: unknown,
  defaults: { locale?: string; attachment?: (id: string) => APIAttachment | undefined } = {},
): APIInteraction {
  const parsed = interactionBodySchema.safeParse(raw);
  if (!parsed.success) {
    const type = (raw as { type?: unknown } | null)?.type;
    const known = [1, 2, 3, 4].includes(type as number);
    throw new BadInteraction(
      known
        ? 'The body is not a valid interaction.'
        : `The body is not a valid interaction: "type" must be 1 (PING), 2 (APPLICATION_COMMAND), 3 (MESSAGE_COMPONENT) or 4 (APPLICATION_COMMAND_AUTOCOMPLETE), got ${JSON.stringify(type ?? null)}.`,
      describeIssues(parsed.error),
    );
  }
  const body = parsed.data;
  if (body.guild_id !== undefined && body.guild_id !== SANDBOX_GUILD_ID) {
    throw new BadInteraction(
      `guild_id ${body.guild_id} is not the sandbox server (${SANDBOX_GUILD_ID}); leave it out to use the sandbox.`,
    );
  }
  const channelId = body.channel_id ?? (SANDBOX_CHANNELS[0] as SandboxChannel).id;
  const channel = sandboxChannel(channelId);
  if (!channel) {
    throw new BadInteraction(
      `channel_id ${channelId} is not a channel of the sandbox server. Use one of: ${channelNames()}.`,
    );
  }
  const id = body.id ?? snowflake();
  const locale = body.locale ?? defaults.locale ?? 'en-US';
  const interaction: Record<string, unknown> = {
    application_id: SANDBOX_APPLICATION_ID,
    token: `playground.${id}.${randomBytes(12).toString('base64url')}`,
    version: 1,
    guild_id: SANDBOX_GUILD_ID,
    guild: { id: SANDBOX_GUILD_ID, locale: SANDBOX_GUILD.locale, features: [] },
    guild_locale: SANDBOX_GUILD.locale,
    channel: {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      guild_id: SANDBOX_GUILD_ID,
      permissions: interactionMember(channel).permissions,
    },
    member: interactionMember(channel),
    app_permissions: String(botPermissionsIn(channel)),
    entitlements: [],
    authorizing_integration_owners: { '0': SANDBOX_GUILD_ID },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
    ...body,
    id,
    channel_id: channel.id,
    locale,
  };

  if (
    body.type === InteractionType.ApplicationCommand ||
    body.type === InteractionType.ApplicationCommandAutocomplete
  ) {
    const data: Record<string, unknown> = {
      id: commandIdFor(body.data.name),
      type: ApplicationCommandType.ChatInput,
      guild_id: SANDBOX_GUILD_ID,
      ...body.data,
    };
    // Discord resolves channel options of a command; autocomplete payloads carry no resolved data.
    if (body.type === InteractionType.ApplicationCommand) {
      const channels: Record<string, unknown> = {};
      for (const option of optionsOfType(body.data.options, ApplicationCommandOptionType.Channel)) {
        const target = typeof option.value === 'string' ? sandboxChannel(option.value) : undefined;
        if (!target) {
          throw new BadInteraction(
            `Option "${option.name}": ${JSON.stringify(option.value ?? null)} is not a channel of the sandbox server. Use one of: ${channelNames()}.`,
          );
        }
        channels[target.id] = resolvedChannel(target);
      }
      const attachments: Record<string, unknown> = {};
      for (const option of optionsOfType(body.data.options, ApplicationCommandOptionType.Attachment)) {
        const file = typeof option.value === 'string' ? defaults.attachment?.(option.value) : undefined;
        if (!file) {
          throw new BadInteraction(
            `Option "${option.name}": ${JSON.stringify(option.value ?? null)} is not a file uploaded to this playground. Upload it first: POST /api/attachments?filename=<name>, then pass the id it answers.`,
          );
        }
        attachments[file.id] = file;
      }
      const given = (body.data.resolved ?? {}) as {
        channels?: Record<string, unknown>;
        attachments?: Record<string, unknown>;
      };
      if (Object.keys(channels).length > 0 || Object.keys(attachments).length > 0) {
        data.resolved = {
          ...given,
          ...(Object.keys(channels).length > 0 ? { channels: { ...channels, ...given.channels } } : {}),
          ...(Object.keys(attachments).length > 0 ? { attachments: { ...attachments, ...given.attachments } } : {}),
        };
      }
    }
    interaction.data = data;
  }

  if (body.type === InteractionType.MessageComponent) {
    interaction.message = {
      id: snowflake(),
      channel_id: channel.id,
      author: SANDBOX_BOT_USER,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      application_id: SANDBOX_APPLICATION_ID,
      ...body.message,
    };
  }
  return interaction as unknown as APIInteraction;
}
