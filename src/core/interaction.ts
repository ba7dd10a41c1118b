// The edge of the core: checks that an interaction payload has the shape the dispatcher relies on (zod), and reads
// what handlers need from it: subcommand, option values, resolved channels, who and where. Only the check's verdict
// is used, never zod's output: the payload itself goes on, unknown fields included (Discord adds fields), so the
// schemas are plain (stripping) objects, which zod parses about twice as fast as loose ones. A payload that lacks
// what we read, or carries it in the wrong type (`data: null`, `member.permissions: "abc"`), is refused here with a
// reason instead of failing somewhere deeper.
import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionDataResolvedChannel,
  ApplicationCommandOptionType,
  InteractionType,
} from 'discord-api-types/v10';
import { z } from 'zod';
import type { AttachmentRef, ChannelOptionValue, Invoker, MessageRef, RawOptions } from './command.js';

const snowflake = z.string().regex(/^\d{1,20}$/, 'a snowflake (digits)');
const bitfield = z.string().regex(/^\d{1,40}$/, 'a permission bitfield (digits)');
const user = z.object({ id: snowflake });

type OptionShape = {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: OptionShape[] | undefined;
};
// Options nest at most three levels (group > subcommand > option); spelled out rather than z.lazy, which is slower.
const leafOption = z.object({
  name: z.string().max(100),
  type: z.number().int(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
});
const subOption = leafOption.extend({ options: z.array(leafOption).max(25).optional() });
const option: z.ZodType<OptionShape> = leafOption.extend({ options: z.array(subOption).max(25).optional() });

const resolvedChannel = z.object({
  id: snowflake,
  type: z.number().int(),
  name: z.string().nullish(),
  app_permissions: bitfield.optional(),
});

const commandData = z.object({
  name: z.string().min(1).max(32),
  type: z.number().int().optional(),
  options: z.array(option).max(25).optional(),
  resolved: z.object({ channels: z.record(z.string(), resolvedChannel).optional() }).optional(),
});

const componentData = z.object({
  custom_id: z.string().min(1).max(100),
  component_type: z.number().int(),
  values: z.array(z.string()).max(25).optional(),
});

const base = {
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1).max(500),
  locale: z.string().max(20).optional(),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  channel: z.object({ id: snowflake }).optional(),
  app_permissions: bitfield.optional(),
  member: z.object({ user, permissions: bitfield }).optional(),
  user: user.optional(),
};

const interactionSchemas = [
  z.object({ ...base, type: z.literal(InteractionType.Ping), token: z.string().min(1).max(500) }),
  z.object({ ...base, type: z.literal(InteractionType.ApplicationCommand), data: commandData }),
  z.object({ ...base, type: z.literal(InteractionType.ApplicationCommandAutocomplete), data: commandData }),
  z.object({
    ...base,
    type: z.literal(InteractionType.MessageComponent),
    data: componentData,
    message: z.object({
      id: snowflake,
      interaction_metadata: z.object({ user }).nullish(),
    }),
  }),
  z.object({
    ...base,
    type: z.literal(InteractionType.ModalSubmit),
    data: z.object({ custom_id: z.string() }),
  }),
] as const;
// By type first, then one object schema: zod's discriminated union measured slower than this on the hot path.
const byType = new Map<unknown, (typeof interactionSchemas)[number]>(
  interactionSchemas.map((schema) => [schema.shape.type.value, schema]),
);
const unknownType = z.object({ type: z.literal(interactionSchemas.map((schema) => schema.shape.type.value)) });
const interactionSchema = {
  safeParse(payload: unknown): z.ZodSafeParseResult<z.infer<(typeof interactionSchemas)[number]>> {
    const type = typeof payload === 'object' && payload !== null ? (payload as { type?: unknown }).type : undefined;
    const schema = byType.get(type);
    // An unknown type never passes: its check only words the problem (path "type") as the union did.
    return schema ? schema.safeParse(payload) : (unknownType.safeParse(payload) as never);
  },
};

export type ParsedInteraction =
  | { ok: true; interaction: APIInteraction }
  | {
      ok: false;
      /** Which fields were wrong, for the log (no values). */
      reason: string;
      /** What could still be read, to answer anyway when possible. */
      id: string | null;
      token: string | null;
      type: number | null;
    };

/** Checks a payload from a transport. Never throws. */
export function parseInteraction(payload: unknown): ParsedInteraction {
  const result = interactionSchema.safeParse(payload);
  const raw = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 500 ? v : null);
  let reason: string;
  if (result.success) {
    const who = result.data.member ?? result.data.user;
    if (result.data.type === InteractionType.Ping || who) return { ok: true, interaction: payload as APIInteraction };
    reason = 'member, user: neither is present';
  } else {
    reason = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
      .join('; ');
  }
  return {
    ok: false,
    reason,
    id: str(raw.id) && /^\d{1,20}$/.test(raw.id as string) ? (raw.id as string) : null,
    token: str(raw.token),
    type: typeof raw.type === 'number' ? raw.type : null,
  };
}

// ---- reading -------------------------------------------------------------------------------------

export interface ReadOptions {
  /** The subcommand, `"group subcommand"` inside a group, null without subcommands. */
  subcommand: string | null;
  options: RawOptions;
  /** The option being typed (autocomplete only). */
  focused: { name: string; value: string } | null;
}

type Resolved = { channels?: Record<string, APIInteractionDataResolvedChannel> } | undefined;

/** A channel option as handlers see it; `permissions` are the bot's own in that channel, when Discord sent them. */
export function toChannelOption(channel: APIInteractionDataResolvedChannel): ChannelOptionValue {
  const app = (channel as { app_permissions?: unknown }).app_permissions;
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name ?? null,
    permissions: typeof app === 'string' ? app : null,
  };
}

/**
 * Subcommand and leaf option values from `data.options`. Channel options become `ChannelOptionValue` from
 * `data.resolved.channels`; a channel Discord did not resolve (autocomplete carries no resolved data) stays its bare
 * id, never guessed, so validation refuses it. User, role, mentionable and attachment options are their id.
 */
export function readOptions(
  data: readonly APIApplicationCommandInteractionDataOption[] | undefined,
  resolved: Resolved,
): ReadOptions {
  let subcommand: string | null = null;
  let leaves = (data ?? []) as readonly OptionShape[];
  const first = leaves[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = first.options?.[0];
    subcommand = sub ? `${first.name} ${sub.name}` : first.name;
    leaves = sub?.options ?? [];
  } else if (first?.type === ApplicationCommandOptionType.Subcommand) {
    subcommand = first.name;
    leaves = first.options ?? [];
  }
  const options: Record<string, string | number | boolean | ChannelOptionValue | undefined> = {};
  let focused: ReadOptions['focused'] = null;
  for (const o of leaves) {
    if (o.focused) focused = { name: o.name, value: String(o.value ?? '') };
    if (o.type === ApplicationCommandOptionType.Channel) {
      const channel = typeof o.value === 'string' ? resolved?.channels?.[o.value] : undefined;
      if (channel) options[o.name] = toChannelOption(channel);
      // Not resolved (only a forged or truncated payload): keep the bare id, which option validation refuses as
      // "must be a channel", rather than dropping the option as if it had not been given.
      else if (o.value !== undefined) options[o.name] = o.value;
    } else if (o.value !== undefined) {
      options[o.name] = o.value;
    }
  }
  return { subcommand, options, focused };
}

/** Who is asking and where. */
export function invokerOf(interaction: APIInteraction): Invoker {
  const member = interaction.member;
  return {
    userId: member?.user.id ?? interaction.user?.id ?? '0',
    guildId: interaction.guild_id ?? null,
    channelId: interaction.channel?.id ?? interaction.channel_id ?? null,
    interactionId: interaction.id,
    memberPermissions: member?.permissions ?? null,
    appPermissions: interaction.app_permissions ?? null,
  };
}

/** Files attached to a command (`data.resolved.attachments`), by id; undefined when there are none. */
export function attachmentsOf(interaction: APIInteraction): Record<string, AttachmentRef> | undefined {
  const data = (interaction as { data?: { resolved?: { attachments?: unknown } } }).data;
  const raw = data?.resolved?.attachments;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const out: Record<string, AttachmentRef> = {};
  for (const [id, a] of Object.entries(raw as Record<string, unknown>)) {
    const v = a as Partial<{ filename: unknown; size: unknown; url: unknown; content_type: unknown }> | null;
    if (!v || typeof v.url !== 'string' || typeof v.filename !== 'string' || typeof v.size !== 'number') continue;
    out[id] = {
      id,
      filename: v.filename,
      size: v.size,
      url: v.url,
      contentType: typeof v.content_type === 'string' ? v.content_type : null,
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The message a component sits on. */
export function messageOf(interaction: APIInteraction): MessageRef | undefined {
  if (interaction.type !== InteractionType.MessageComponent) return undefined;
  const meta = interaction.message.interaction_metadata as { user?: { id: string } } | null | undefined;
  return { id: interaction.message.id, interactionUserId: meta?.user?.id ?? null };
}
