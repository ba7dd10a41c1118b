// Before anything is saved (`set`, `import`): does the chosen channel take a daily post with the chosen features, and
// does the bot have every permission for them there? Each problem names the missing permission and where to grant it.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelOptionValue } from '../../core/command.js';
import { isForumType, isThreadType } from '../../daily/delivery.js';
import type { DailySetting } from '../../daily/settings.js';
import { localDateAt } from '../../daily/time.js';
import { hasPermission, neededPermissions, type PostContent, postContent } from '../../discord/permissions.js';
import { DAILY_CHANNEL_TYPES } from './definition.js';
import { bits, type HandlerContext } from './shared.js';

export interface SettingCheck {
  problems: string[];
  /** Set when the bot's permissions (or the role) could not be checked: say so and suggest a test. */
  unchecked: string | null;
  /** The channel type Discord reports (authoritative over the stored or option one). */
  channelType: number;
  /** The tag, resolved from its name or id; null for none. */
  tagId: string | null;
  tagName: string | null;
  /** Adjustments made on the way (for example a tag of another forum dropped). */
  notes: string[];
}

export interface CheckInput {
  /** The resolved channel option, when the channel was given in this interaction. */
  channel?: ChannelOptionValue;
  /** A tag name or id typed in this interaction. */
  tagText?: string;
}

const ALLOWED: ReadonlySet<number> = new Set(DAILY_CHANNEL_TYPES);

function grantWhere(channelId: string, thread: boolean): string {
  return thread
    ? `Grant it to the bot's role (Server Settings → Roles) or in the permission overrides of the thread's parent channel, then run this again.`
    : `Grant it to the bot's role (Server Settings → Roles) or in <#${channelId}>'s permission overrides (Edit Channel → Permissions), then run this again.`;
}

/** What today's post carries (embeds, pictures, files), from the real builder; an embed if it cannot be built. */
function contentOfPost(ctx: HandlerContext, setting: DailySetting): PostContent {
  try {
    const now = ctx.clock.now();
    return postContent(
      ctx.daily.buildPost(localDateAt(now.getTime(), setting.timezone), now, setting.language ?? null),
    );
  } catch {
    return { embeds: true, files: false };
  }
}

/** Checks `setting` for `guildId`; never saves anything. */
export async function checkSetting(
  ctx: HandlerContext,
  guildId: string,
  setting: DailySetting,
  input: CheckInput = {},
): Promise<SettingCheck> {
  const out: SettingCheck = {
    problems: [],
    unchecked: null,
    channelType: setting.channelType,
    tagId: setting.tagId,
    tagName: null,
    notes: [],
  };
  const ch = `<#${setting.channelId}>`;
  if (!ALLOWED.has(out.channelType)) {
    out.problems.push(
      `${ch} is not a channel the daily post can use. Pick a text or announcement channel, a thread, or a forum or media channel.`,
    );
    return out;
  }
  // The channel as Discord sees it now, and the bot's permissions there.
  let permissions: bigint | null = null;
  let availableTags: readonly { id: string; name: string }[] | null = null;
  let requiresTag = false;
  if (ctx.inspector) {
    const found = await ctx.inspector.channel(guildId, setting.channelId);
    if (found.kind === 'no-access') {
      out.problems.push(
        `The bot cannot see ${ch} (it lacks **View Channel** there). Grant it to the bot's role or in the channel's permission overrides, then run this again.`,
      );
      return out;
    }
    if (found.kind === 'unknown-channel') {
      out.problems.push(`${ch} does not exist in this server any more. Pick another channel.`);
      return out;
    }
    if (found.kind === 'known') {
      permissions = found.permissions;
      out.channelType = found.channelType;
      availableTags = found.availableTags;
      requiresTag = found.requiresTag;
      if (found.locked) out.problems.push(`${ch} is a locked thread: the bot cannot post in it. Pick another channel.`);
      if (!ALLOWED.has(found.channelType)) {
        out.problems.push(`${ch} is not a channel the daily post can use.`);
        return out;
      }
    } else {
      out.unchecked = `I could not look up ${ch} (${found.reason.slice(0, 80)})`;
    }
  } else {
    permissions = bits(input.channel?.permissions);
    if (permissions === null && setting.channelId === ctx.invoker.channelId)
      permissions = bits(ctx.invoker.appPermissions);
    if (permissions === null && ctx.botPermissionsIn) {
      const check = await ctx.botPermissionsIn(guildId, setting.channelId);
      if (check.kind === 'no-access') {
        out.problems.push(
          `The bot cannot see ${ch} (it lacks **View Channel** there). Grant it to the bot's role or in the channel's permission overrides, then run this again.`,
        );
        return out;
      }
      if (check.kind === 'unknown-channel') {
        out.problems.push(`${ch} does not exist in this server any more. Pick another channel.`);
        return out;
      }
      if (check.kind === 'known') permissions = check.permissions;
    }
    if (permissions === null) out.unchecked = "I could not check the bot's permissions there";
  }

  const type = out.channelType;
  const forum = isForumType(type);
  const thread = isThreadType(type);
  // Conflicting combinations.
  if (setting.publish && type !== 5) {
    out.problems.push(
      `\`publish\` works only in announcement channels, and ${ch} is not one. Leave \`publish\` out (or set it to False), or pick an announcement channel.`,
    );
  }
  if (input.tagText !== undefined && !forum) {
    out.problems.push(`\`tag\` works only in forum and media channels, and ${ch} is not one.`);
  } else if (forum) {
    if (input.tagText !== undefined) {
      if (availableTags === null) {
        out.problems.push(`I could not read the tags of ${ch}, so I cannot set \`tag\` now. Try again in a moment.`);
      } else {
        const want = input.tagText.trim().toLowerCase();
        const tag = availableTags.find((t) => t.id === input.tagText?.trim() || t.name.toLowerCase() === want);
        if (tag) {
          out.tagId = tag.id;
          out.tagName = tag.name;
        } else {
          const names = availableTags.map((t) => `\`${t.name.replace(/`/g, "'")}\``).join(', ');
          out.problems.push(
            `${ch} has no tag called \`${input.tagText.replace(/`/g, "'").slice(0, 50)}\`. ${names ? `Its tags: ${names}.` : 'It has no tags.'}`,
          );
        }
      }
    } else if (out.tagId !== null && availableTags !== null) {
      const tag = availableTags.find((t) => t.id === out.tagId);
      if (tag) out.tagName = tag.name;
      else {
        out.notes.push('The forum tag was removed: the channel has no such tag (any more).');
        out.tagId = null;
      }
    }
    if (requiresTag && out.tagId === null && !out.problems.some((p) => p.includes('`tag`'))) {
      const names = (availableTags ?? []).map((t) => `\`${t.name.replace(/`/g, "'")}\``).join(', ');
      out.problems.push(`${ch} requires a tag on every post: add \`tag:\` with one of its tags (${names || 'none'}).`);
    }
  } else if (out.tagId !== null) {
    out.tagId = null;
  }

  // The role: it must exist, and be mentionable unless the bot may mention every role.
  let roleNeedsMentionEveryone = false;
  if (setting.roleId !== null) {
    if (setting.roleId === guildId) {
      out.problems.push('The @everyone role cannot be the daily post’s role. Pick a role, or use `clear:role`.');
    } else if (ctx.inspector) {
      const role = await ctx.inspector.role(guildId, setting.roleId);
      if (role.kind === 'unknown-role') {
        out.problems.push(
          `The role <@&${setting.roleId}> does not exist any more. Pick another role, or use \`clear:role\`.`,
        );
      } else if (role.kind === 'known') {
        roleNeedsMentionEveryone = !role.mentionable;
      } else {
        out.unchecked ??= 'I could not check whether the role can be mentioned';
      }
    } else {
      out.unchecked ??= 'I could not check whether the role can be mentioned';
    }
  }

  if (permissions !== null) {
    const needed = neededPermissions({
      channelType: type,
      publish: setting.publish,
      content: contentOfPost(ctx, setting),
      roleNeedsMentionEveryone,
    });
    for (const p of needed) {
      if (hasPermission(permissions, p.bit)) continue;
      if (p.bit === PermissionFlagsBits.MentionEveryone) {
        out.problems.push(
          `<@&${setting.roleId}> is not mentionable, and the bot lacks **${p.name}** in ${ch}, so the mention would not ping anyone. Make the role mentionable (Server Settings → Roles → the role → "Allow anyone to @mention this role"), or grant the bot **${p.name}** there.`,
        );
      } else {
        out.problems.push(`The bot lacks **${p.name}** in ${ch} (${p.why}). ${grantWhere(setting.channelId, thread)}`);
      }
    }
    // Not required, but without it a post whose answer was lost cannot be found again (docs/daily.md).
    if (!forum && !hasPermission(permissions, PermissionFlagsBits.ReadMessageHistory)) {
      out.notes.push(
        `Tip: the bot lacks **Read Message History** in ${ch}. With it, after a crash the bot can check whether the day's post already went out; without it, it relies on Discord's short duplicate protection.`,
      );
    }
  }
  return out;
}
