// Before anything is saved (`set`, `import`): does the chosen channel take a daily post with the chosen features, and
// does the bot have every permission for them there? Each problem names the missing permission and where to grant it.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelOptionValue } from '../../core/command.js';
import { isForumType, isThreadType } from '../../daily/delivery.js';
import type { DailySetting } from '../../daily/settings.js';
import { localDateAt } from '../../daily/time.js';
import { hasPermission, neededPermissions, type PostContent, postContent } from '../../discord/permissions.js';
import { type Lang, type MessageKey, SOURCE_LANG, t } from '../../i18n/catalogue.js';
import { DAILY_CHANNEL_TYPES } from './definition.js';
import { bits, type HandlerContext, langOf, lookupFailureWords } from './shared.js';

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

// The permission names and reasons of src/discord/permissions.ts (English there) in the catalogue: found by their
// English text, so a name or reason added there without a key here is shown in English, never lost.
const PERMISSION_WORDS: readonly MessageKey[] = [
  'daily.perm.name.viewChannel',
  'daily.perm.name.sendInThreads',
  'daily.perm.name.createPosts',
  'daily.perm.name.sendMessages',
  'daily.perm.name.embedLinks',
  'daily.perm.name.attachFiles',
  'daily.perm.name.mentionEveryone',
  'daily.perm.why.see',
  'daily.perm.why.thread',
  'daily.perm.why.newPost',
  'daily.perm.why.postPublish',
  'daily.perm.why.post',
  'daily.perm.why.embed',
  'daily.perm.why.file',
  'daily.perm.why.ping',
];
let permissionKeys: Map<string, MessageKey> | undefined;

/** A permission's English name or reason in `lang`. */
function permissionWords(lang: Lang, english: string): string {
  if (lang === SOURCE_LANG) return english;
  permissionKeys ??= new Map(PERMISSION_WORDS.map((key) => [t(SOURCE_LANG, key), key]));
  const key = permissionKeys.get(english);
  return key === undefined ? english : t(lang, key);
}

function grantWhere(channelId: string, thread: boolean, lang: Lang): string {
  return thread
    ? t(lang, 'daily.check.grantThread')
    : t(lang, 'daily.check.grantChannel', { channel: `<#${channelId}>` });
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
  const channel = `<#${setting.channelId}>`;
  const lang = langOf(ctx);
  if (!ALLOWED.has(out.channelType)) {
    out.problems.push(t(lang, 'daily.check.badType', { channel }));
    return out;
  }
  // The channel as Discord sees it now, and the bot's permissions there.
  let permissions: bigint | null = null;
  let availableTags: readonly { id: string; name: string }[] | null = null;
  let requiresTag = false;
  if (ctx.inspector) {
    const found = await ctx.inspector.channel(guildId, setting.channelId);
    if (found.kind === 'no-access') {
      out.problems.push(t(lang, 'daily.check.noView', { channel }));
      return out;
    }
    if (found.kind === 'unknown-channel') {
      out.problems.push(t(lang, 'daily.check.gone', { channel }));
      return out;
    }
    if (found.kind === 'known') {
      permissions = found.permissions;
      out.channelType = found.channelType;
      availableTags = found.availableTags;
      requiresTag = found.requiresTag;
      if (found.locked) out.problems.push(t(lang, 'daily.check.locked', { channel }));
      if (!ALLOWED.has(found.channelType)) {
        out.problems.push(t(lang, 'daily.check.badTypeShort', { channel }));
        return out;
      }
    } else {
      // The reply says why in our words; the error's own text (Discord's English) goes to the log only.
      ctx.logger?.warn(
        { guildId, channelId: setting.channelId, code: found.code, reason: found.reason.slice(0, 200) },
        'daily: channel look-up failed',
      );
      out.unchecked = t(lang, 'daily.check.lookupFailed', { channel, reason: lookupFailureWords(lang, found.code) });
    }
  } else {
    permissions = bits(input.channel?.permissions);
    if (permissions === null && setting.channelId === ctx.invoker.channelId)
      permissions = bits(ctx.invoker.appPermissions);
    if (permissions === null && ctx.botPermissionsIn) {
      const check = await ctx.botPermissionsIn(guildId, setting.channelId);
      if (check.kind === 'no-access') {
        out.problems.push(t(lang, 'daily.check.noView', { channel }));
        return out;
      }
      if (check.kind === 'unknown-channel') {
        out.problems.push(t(lang, 'daily.check.gone', { channel }));
        return out;
      }
      if (check.kind === 'known') permissions = check.permissions;
    }
    if (permissions === null) out.unchecked = t(lang, 'daily.check.permsUnchecked');
  }

  const type = out.channelType;
  const forum = isForumType(type);
  const thread = isThreadType(type);
  // Conflicting combinations.
  if (setting.publish && type !== 5) {
    out.problems.push(t(lang, 'daily.check.publishNotAnnouncement', { channel }));
  }
  // A problem with the `tag` option itself (then "requires a tag" is not said as well).
  let tagProblem = false;
  if (input.tagText !== undefined && !forum) {
    out.problems.push(t(lang, 'daily.check.tagNotForum', { channel }));
    tagProblem = true;
  } else if (forum) {
    if (input.tagText !== undefined) {
      if (availableTags === null) {
        out.problems.push(t(lang, 'daily.check.tagsUnreadable', { channel }));
        tagProblem = true;
      } else {
        const want = input.tagText.trim().toLowerCase();
        const tag = availableTags.find((t) => t.id === input.tagText?.trim() || t.name.toLowerCase() === want);
        if (tag) {
          out.tagId = tag.id;
          out.tagName = tag.name;
        } else {
          const names = availableTags.map((t) => `\`${t.name.replace(/`/g, "'")}\``).join(', ');
          out.problems.push(
            t(lang, 'daily.check.noSuchTag', {
              channel,
              tag: input.tagText.replace(/`/g, "'").slice(0, 50),
              tags: names ? t(lang, 'daily.check.itsTags', { names }) : t(lang, 'daily.check.noTags'),
            }),
          );
        }
      }
    } else if (out.tagId !== null && availableTags !== null) {
      const tag = availableTags.find((t) => t.id === out.tagId);
      if (tag) out.tagName = tag.name;
      else {
        out.notes.push(t(lang, 'daily.check.tagGone'));
        out.tagId = null;
      }
    }
    if (requiresTag && out.tagId === null && !tagProblem) {
      const names = (availableTags ?? []).map((tag) => `\`${tag.name.replace(/`/g, "'")}\``).join(', ');
      out.problems.push(t(lang, 'daily.check.tagRequired', { channel, names: names || t(lang, 'daily.value.none') }));
    }
  } else if (out.tagId !== null) {
    out.tagId = null;
  }

  // The role: it must exist, and be mentionable unless the bot may mention every role.
  let roleNeedsMentionEveryone = false;
  if (setting.roleId !== null) {
    if (setting.roleId === guildId) {
      out.problems.push(t(lang, 'daily.check.everyoneRole'));
    } else if (ctx.inspector) {
      const role = await ctx.inspector.role(guildId, setting.roleId);
      if (role.kind === 'unknown-role') {
        out.problems.push(t(lang, 'daily.check.roleGone', { role: setting.roleId }));
      } else if (role.kind === 'known') {
        roleNeedsMentionEveryone = !role.mentionable;
      } else {
        ctx.logger?.warn(
          { guildId, roleId: setting.roleId, code: role.code, reason: role.reason.slice(0, 200) },
          'daily: role look-up failed',
        );
        out.unchecked ??= t(lang, 'daily.check.roleUnchecked');
      }
    } else {
      out.unchecked ??= t(lang, 'daily.check.roleUnchecked');
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
          t(lang, 'daily.check.notMentionable', {
            role: setting.roleId ?? '',
            permission: permissionWords(lang, p.name),
            channel,
          }),
        );
      } else {
        out.problems.push(
          t(lang, 'daily.check.lacks', {
            permission: permissionWords(lang, p.name),
            channel,
            why: permissionWords(lang, p.why),
            grant: grantWhere(setting.channelId, thread, lang),
          }),
        );
      }
    }
    // Not required, but without it a post whose answer was lost cannot be found again (docs/daily.md).
    if (!forum && !hasPermission(permissions, PermissionFlagsBits.ReadMessageHistory)) {
      out.notes.push(t(lang, 'daily.check.tipHistory', { channel }));
    }
  }
  return out;
}
