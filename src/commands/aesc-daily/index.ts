// `/aesc-daily set|off|status|test`: a server admin's switch for the daily post (issue 4).
// Every answer is ephemeral (only the admin sees it). Bad input gets a specific message and changes nothing.
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type {
  AutocompleteChoice,
  BotPermissionsCheck,
  ChannelOptionValue,
  Clock,
  CommandModule,
  HandlerReply,
  InteractionContext,
  RawOptions,
  SubcommandOptions,
} from '../../core/command.js';
import { OptionError, parseOptions } from '../../core/options.js';
import { describeFailure } from '../../daily/sender.js';
import type { DailyService, DailyStatus } from '../../daily/service.js';
import type { Subscription } from '../../daily/store.js';
import { canonicalTimeZone, formatLocalDate, parseWallTime, searchTimeZones } from '../../daily/time.js';
import { type AescDailyDefinition, definition } from './definition.js';

export { definition } from './definition.js';

export type SetOptions = SubcommandOptions<AescDailyDefinition, 'set'>;

/** The bot's permissions in a channel of a guild (REST look-up: src/discord/permissions.ts). */
export type BotPermissionLookup = (guildId: string, channelId: string) => Promise<BotPermissionsCheck>;

/** What /aesc-daily handlers receive: the interaction's context plus the services the module was built with. */
export interface HandlerContext extends InteractionContext {
  clock: Clock;
  daily: DailyService;
  /** The bot's permissions in another channel than the interaction's; absent when there is no REST look-up. */
  botPermissionsIn?: BotPermissionLookup;
}

/** What /aesc-daily is built with. */
export interface DailyCommandServices {
  daily: DailyService;
  /** Permission look-up in another channel (src/discord/permissions.ts); without it `set` cannot always check. */
  permissions?: BotPermissionLookup;
  clock: Clock;
}

/** What the bot needs in the channel to post the daily embed. */
const REQUIRED_CHANNEL_PERMISSIONS: readonly { bit: bigint; name: string }[] = [
  { bit: PermissionFlagsBits.ViewChannel, name: 'View Channel' },
  { bit: PermissionFlagsBits.SendMessages, name: 'Send Messages' },
  { bit: PermissionFlagsBits.EmbedLinks, name: 'Embed Links' },
];

const ALLOWED_CHANNEL_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

function reply(content: string): HandlerReply {
  return { type: 'reply', ephemeral: true, data: { content, allowed_mentions: { parse: [] } } };
}

function bits(value: string | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  try {
    return BigInt(value);
  } catch {
    return null;
  }
}

function has(perms: bigint, bit: bigint): boolean {
  return (perms & PermissionFlagsBits.Administrator) !== 0n || (perms & bit) !== 0n;
}

function isChannel(v: unknown): v is ChannelOptionValue {
  return typeof v === 'object' && v !== null && typeof (v as ChannelOptionValue).id === 'string';
}

function ts(date: Date): string {
  const unix = Math.floor(date.getTime() / 1000);
  return `<t:${unix}:F> (<t:${unix}:R>)`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").slice(0, 64)}\``;
}

const NOT_CONFIGURED = 'There is no daily post in this server yet. Turn it on with `/aesc-daily set`.';

// ---- set -----------------------------------------------------------------------------------------

/**
 * The bot's permissions in the chosen channel: the resolved channel's when Discord sent them, the
 * interaction's `app_permissions` when the channel is the one the command was used in, else a look-up
 * through the transport. Never the permissions of another channel.
 */
async function botPermissionsIn(
  channel: ChannelOptionValue,
  ctx: HandlerContext,
  guildId: string,
): Promise<BotPermissionsCheck> {
  const resolved = bits(channel.permissions);
  if (resolved !== null) return { kind: 'known', permissions: resolved };
  const here = channel.id === ctx.invoker.channelId ? bits(ctx.invoker.appPermissions) : null;
  if (here !== null) return { kind: 'known', permissions: here };
  if (ctx.botPermissionsIn) return ctx.botPermissionsIn(guildId, channel.id);
  return { kind: 'unknown', reason: 'no way to look up permissions in this transport' };
}

async function set(options: RawOptions, ctx: HandlerContext, daily: DailyService, guildId: string) {
  const problems: string[] = [];
  let permissionsUnchecked = false;
  const channel = options.channel;
  if (!isChannel(channel)) {
    problems.push('Pick the channel to post in.');
  } else if (!ALLOWED_CHANNEL_TYPES.has(channel.type)) {
    problems.push(`<#${channel.id}> is not a text or announcement channel. Pick a text or announcement channel.`);
  } else {
    const check = await botPermissionsIn(channel, ctx, guildId);
    if (check.kind === 'no-access') {
      problems.push(
        `The bot cannot see <#${channel.id}> (it lacks **View Channel** there). Grant it to the bot's role or in the channel's permission overrides, then run this again.`,
      );
    } else if (check.kind === 'unknown-channel') {
      problems.push(`<#${channel.id}> does not exist in this server any more. Pick another channel.`);
    } else if (check.kind === 'known') {
      const missing = REQUIRED_CHANNEL_PERMISSIONS.filter((p) => !has(check.permissions, p.bit)).map((p) => p.name);
      if (missing.length > 0) {
        problems.push(
          `The bot lacks ${missing.map((m) => `**${m}**`).join(', ')} in <#${channel.id}>. Grant ${missing.length === 1 ? 'it' : 'them'} to the bot's role (or in the channel's permission overrides), then run this again.`,
        );
      }
    } else {
      permissionsUnchecked = true;
    }
  }
  const timeText = typeof options.time === 'string' ? options.time : '';
  if (!parseWallTime(timeText)) {
    problems.push(
      `${code(timeText || '(empty)')} is not a time. Use 24-hour HH:MM, for example \`09:00\` or \`18:30\`.`,
    );
  }
  const zoneText = typeof options.timezone === 'string' && options.timezone.trim() !== '' ? options.timezone : 'UTC';
  if (!canonicalTimeZone(zoneText)) {
    problems.push(
      `${code(zoneText)} is not a time zone I know. Pick one from the list, for example \`Europe/London\` or \`America/Chicago\`, or leave it empty for UTC.`,
    );
  }
  if (problems.length > 0 || !isChannel(channel)) {
    return reply(`Nothing was changed.\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  const result = await daily.set(guildId, { channelId: channel.id, time: timeText, timezone: zoneText });
  if (!result.ok) {
    return reply(
      result.error === 'bad_time'
        ? 'Nothing was changed: use 24-hour HH:MM for the time, for example `09:00`.'
        : 'Nothing was changed: that time zone is unknown.',
    );
  }
  const s = result.subscription;
  return reply(
    [
      `The daily post is **on**: <#${s.channelId}> every day at **${s.time}** (${s.timezone}).`,
      `Next post: ${ts(result.nextPostAt)}.`,
      permissionsUnchecked
        ? "I could not check the bot's permissions there: run `/aesc-daily test` to make sure it can post."
        : 'Run `/aesc-daily test` to see a post now.',
    ].join('\n'),
  );
}

// ---- status ----------------------------------------------------------------------------------------

function pausedText(sub: Subscription): string {
  if (sub.pausedReason === 'guild_removed') {
    return '**Paused**: the bot was removed from this server. Run `/aesc-daily set` again to resume.';
  }
  const why = sub.lastError ? ` Last error: ${describeFailure(sub.lastError)}` : '';
  return `**Paused**: the bot could not post for ${sub.consecutiveFailures} days in a row.${why}\nFix the channel or the bot's permissions, then run \`/aesc-daily set\` again to resume (\`/aesc-daily test\` checks it).`;
}

function lastResultText(st: DailyStatus): string {
  const sub = st.subscription;
  const at = sub.lastResultAt ? ` <t:${Math.floor(sub.lastResultAt / 1000)}:R>` : '';
  switch (sub.lastResult) {
    case null:
      return 'Last post: none yet.';
    case 'posted': {
      const link =
        sub.lastMessageId && sub.lastPostedAt
          ? ` ([message](https://discord.com/channels/${sub.guildId}/${sub.channelId}/${sub.lastMessageId}))`
          : '';
      return `Last post: posted${at}${link}.`;
    }
    case 'skipped':
      return `Last post: a day was skipped${at}: the bot was offline at post time and never posts a passed day late.`;
    case 'retrying':
      return `Last post: failed for now${at}, retrying today. ${sub.lastError ? describeFailure(sub.lastError) : ''}`.trim();
    case 'failed':
      return `Last post: **failed**${at}. ${sub.lastError ? describeFailure(sub.lastError) : 'Unknown error.'}`;
  }
}

function statusText(st: DailyStatus): string {
  const sub = st.subscription;
  const lines = [
    `Daily post: **${st.state === 'active' ? 'on' : st.state}**`,
    `Channel: <#${sub.channelId}>`,
    `Time: **${sub.time}** every day (${sub.timezone})`,
  ];
  if (st.state === 'active' && st.nextPostAt) {
    lines.push(`${st.retrying ? 'Next attempt (retrying today)' : 'Next post'}: ${ts(st.nextPostAt)}`);
  } else if (st.state === 'off') {
    lines.push('Next post: none, the daily post is off. Run `/aesc-daily set` to turn it back on.');
  }
  if (st.today?.status === 'posted') lines.push(`Today (${formatLocalDate(st.localDate)}): posted.`);
  lines.push(lastResultText(st));
  if (st.state === 'active' && sub.consecutiveFailures > 0) {
    lines.push(`Failed ${sub.consecutiveFailures} day(s) in a row; the post pauses after 3.`);
  }
  if (st.state === 'paused') lines.push(pausedText(sub));
  return lines.join('\n');
}

// ---- the module ---------------------------------------------------------------------------------------

async function execute(subcommand: string | null, options: RawOptions, ctx: HandlerContext): Promise<HandlerReply> {
  const guildId = ctx.invoker.guildId;
  if (!guildId) return reply('`/aesc-daily` works in servers only.');
  const perms = bits(ctx.invoker.memberPermissions);
  if (perms === null || !has(perms, PermissionFlagsBits.ManageGuild)) {
    return reply('You need the **Manage Server** permission to set up the daily post.');
  }
  const daily = ctx.daily;
  if (!daily) return reply('The daily post is not available on this bot right now.');
  switch (subcommand) {
    case 'set':
      return set(options, ctx, daily, guildId);
    case 'off': {
      const sub = await daily.off(guildId);
      if (!sub) return reply(NOT_CONFIGURED);
      return reply(
        `The daily post is **off**. Settings kept (<#${sub.channelId}> at ${sub.time}, ${sub.timezone}); run \`/aesc-daily set\` to turn it back on.`,
      );
    }
    case 'status': {
      const st = await daily.status(guildId);
      return reply(st ? statusText(st) : NOT_CONFIGURED);
    }
    case 'test': {
      const result = await daily.test(guildId);
      if (result.ok) {
        return reply(
          `Posted today's entry in <#${result.channelId}> ([message](https://discord.com/channels/${guildId}/${result.channelId}/${result.messageId})). The bot can post there. This does not count as the daily post.`,
        );
      }
      if (result.reason === 'not_configured') return reply(NOT_CONFIGURED);
      return reply(`Could not post in <#${result.channelId}>. ${describeFailure(result.error)}`);
    }
    default:
      return reply('Unknown subcommand. Use `set`, `off`, `status` or `test`.');
  }
}

function autocomplete(
  _subcommand: string | null,
  focused: { name: string; value: string },
  _options: RawOptions,
  _ctx: HandlerContext,
): AutocompleteChoice[] {
  try {
    if (focused.name !== 'timezone') return [];
    return searchTimeZones(String(focused.value ?? ''), 25).map((z) => ({ name: z, value: z }));
  } catch {
    return [];
  }
}

function invalidOption(e: unknown): HandlerReply {
  if (e instanceof OptionError) return reply(`Nothing was changed: ${e.message}`);
  throw e;
}

/** The options of `subcommand`, validated against the definition like /aesc's (src/core/options.ts). */
function validated(subcommand: string | null, raw: RawOptions): RawOptions {
  const known = definition.options?.some((o) => o.name === subcommand);
  return known ? (parseOptions(definition, subcommand as never, raw) as RawOptions) : raw;
}

/** The routes over a full handler context (tests call them directly). */
export const aescDailyRoutes = {
  definition,
  execute(subcommand: string | null, raw: RawOptions, ctx: HandlerContext): Promise<HandlerReply> {
    let options: RawOptions;
    try {
      options = validated(subcommand, raw);
    } catch (e) {
      return Promise.resolve(invalidOption(e));
    }
    return execute(subcommand, options, ctx);
  },
  autocomplete,
};

/** The /aesc-daily command module, bound to its services. */
export function createDailyCommand(services: DailyCommandServices): CommandModule {
  const bind = (ictx: InteractionContext): HandlerContext => ({
    ...ictx,
    clock: services.clock,
    daily: services.daily,
    ...(services.permissions ? { botPermissionsIn: services.permissions } : {}),
  });
  return {
    definition,
    execute: (subcommand, raw, ictx) => aescDailyRoutes.execute(subcommand, raw, bind(ictx)),
    autocomplete: (subcommand, focused, raw, ictx) => autocomplete(subcommand, focused, raw, bind(ictx)),
  };
}

/** @deprecated Use `aescDailyRoutes` (tests) or `createDailyCommand` (the bot). */
export const aescDaily = aescDailyRoutes;
export default aescDaily;
