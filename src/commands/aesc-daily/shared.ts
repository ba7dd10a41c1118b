// What every /aesc-daily handler shares: its context and services, the ephemeral reply, timestamps, and the words
// for a failed save. Handlers are plain functions (options, ctx) -> HandlerReply.
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type {
  AttachmentRef,
  BotPermissionsCheck,
  Clock,
  HandlerReply,
  InteractionContext,
  ReplyFile,
} from '../../core/command.js';
import { describeFailure, UNAUTHORIZED_CODE } from '../../daily/sender.js';
import type { DailyService } from '../../daily/service.js';
import { ConcurrentChangeError, DuplicateInteractionError, type SendFailure } from '../../daily/store.js';
import { isDailyStoreUnavailable, STORE_UNAVAILABLE_MESSAGE } from '../../daily/store-unavailable.js';
import type { GuildInspector } from '../../discord/permissions.js';
import { type Lang, langFor, type MessageKey, t } from '../../i18n/catalogue.js';

/** The bot's permissions in a channel of a guild (REST look-up: src/discord/permissions.ts). */
export type BotPermissionLookup = (guildId: string, channelId: string) => Promise<BotPermissionsCheck>;

export type { AttachmentRef };

/** Downloads an import file, refusing more than `maxBytes` and giving up after `timeoutMs`. */
export type FetchFile = (url: string, opts: { maxBytes: number; timeoutMs: number }) => Promise<Uint8Array>;

/** What /aesc-daily is built with. */
export interface DailyCommandServices {
  daily: DailyService;
  clock: Clock;
  /** Permission look-up in another channel (src/discord/permissions.ts); without it `set` cannot always check. */
  permissions?: BotPermissionLookup;
  /** Channel (type, tags, permissions) and role look-ups; preferred over `permissions` when present. */
  inspector?: GuildInspector;
  /** Downloads `import` files; default `fetch` with a size cap and timeout. */
  fetchFile?: FetchFile;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** What /aesc-daily handlers receive: the interaction's context plus the services the module was built with. */
export interface HandlerContext extends InteractionContext {
  clock: Clock;
  daily: DailyService;
  /** The bot's permissions in another channel than the interaction's; absent when there is no REST look-up. */
  botPermissionsIn?: BotPermissionLookup;
  inspector?: GuildInspector;
  fetchFile?: FetchFile;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long an `import` download may take (default 5 s). */
  downloadTimeoutMs?: number;
}

export function reply(
  content: string,
  extra: { components?: APIActionRowComponent<APIComponentInMessageActionRow>[]; files?: ReplyFile[] } = {},
): HandlerReply {
  return {
    type: 'reply',
    ephemeral: true,
    data: { content, allowed_mentions: { parse: [] }, ...(extra.components ? { components: extra.components } : {}) },
    ...(extra.files ? { files: extra.files } : {}),
  };
}

export function update(content: string): HandlerReply {
  return { type: 'update', data: { content, allowed_mentions: { parse: [] }, components: [] } };
}

export function bits(value: string | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  try {
    return BigInt(value);
  } catch {
    return null;
  }
}

export function isManager(ctx: InteractionContext): boolean {
  const perms = bits(ctx.invoker.memberPermissions);
  return (
    perms !== null &&
    ((perms & PermissionFlagsBits.Administrator) !== 0n || (perms & PermissionFlagsBits.ManageGuild) !== 0n)
  );
}

/** `<t:…:F> (<t:…:R>)`. */
export function ts(ms: number): string {
  const unix = Math.floor(ms / 1000);
  return `<t:${unix}:F> (<t:${unix}:R>)`;
}

export function code(text: string): string {
  return `\`${text.replace(/`/g, "'").slice(0, 64)}\``;
}

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

/** The language of the admin's replies: their Discord locale when we have it, else English (issue 13). */
export function langOf(ctx: Pick<InteractionContext, 'locale'>): Lang {
  return langFor(ctx.locale);
}

export const NOT_CONFIGURED = t('en', 'daily.notConfigured');

/** "There is no daily post in this server yet…" in `lang`. */
export function notConfigured(lang: Lang): string {
  return t(lang, 'daily.notConfigured');
}

/** Why a write failed, in words, when it is the disk or the database (issue 8 item 10); null otherwise. */
export function storageFailure(err: unknown, lang: Lang = 'en'): string | null {
  if (isDailyStoreUnavailable(err))
    return lang === 'en' ? STORE_UNAVAILABLE_MESSAGE : t(lang, 'daily.storeUnavailable');
  const e = err as { code?: unknown; message?: unknown } | null;
  const c = typeof e?.code === 'string' ? e.code : '';
  const m = typeof e?.message === 'string' ? e.message : '';
  const why =
    c.startsWith('SQLITE_FULL') || c === 'ENOSPC' || c === '53100' || /database or disk is full/i.test(m)
      ? t(lang, 'daily.failure.full')
      : c.startsWith('SQLITE_READONLY') || c === 'EROFS' || c === 'EACCES' || c === 'EPERM' || /read-?only/i.test(m)
        ? t(lang, 'daily.failure.readonly')
        : c.startsWith('SQLITE_IOERR') || c === 'EIO' || /disk I\/O error/i.test(m)
          ? t(lang, 'daily.failure.io')
          : c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED')
            ? t(lang, 'daily.failure.busy')
            : c.startsWith('SQLITE_CORRUPT') || c === 'SQLITE_NOTADB'
              ? t(lang, 'daily.failure.corrupt')
              : c.startsWith('SQLITE_CANTOPEN') || c === 'ENOENT'
                ? t(lang, 'daily.failure.cantopen')
                : null;
  if (!why) return null;
  return t(lang, 'daily.failure.notSaved', { why });
}

/** The answer to a failed side effect: storage problems and duplicates in words, anything else rethrown. */
export function failureReply(err: unknown, ctx: HandlerContext, what: string): HandlerReply {
  if (err instanceof ConcurrentChangeError) {
    return reply(t(langOf(ctx), 'daily.failure.concurrent'));
  }
  if (err instanceof DuplicateInteractionError) {
    return reply(t(langOf(ctx), 'daily.failure.duplicate'));
  }
  const words = storageFailure(err, langOf(ctx));
  if (words === null) throw err;
  ctx.logger?.error(
    { err, guildId: ctx.invoker.guildId, interactionId: ctx.invoker.interactionId },
    `daily ${what}: not saved`,
  );
  return reply(words);
}

/** Why a post failed (src/daily/sender.ts describeFailure) in `lang`: our words for its code, never Discord's text. */
export function failureWords(lang: Lang, f: SendFailure): string {
  return describeFailure(f, lang);
}

const LOOKUP_KEYS: Readonly<Record<string, MessageKey>> = {
  '50001': 'daily.lookupFailure.missingAccess',
  '50013': 'daily.lookupFailure.missingPermissions',
  '10003': 'daily.lookupFailure.notFound',
  '10004': 'daily.lookupFailure.notFound',
  http_404: 'daily.lookupFailure.notFound',
  http_403: 'daily.lookupFailure.missingAccess',
  rate_limited: 'daily.lookupFailure.rateLimited',
  timeout: 'daily.lookupFailure.timeout',
  network: 'daily.lookupFailure.network',
  [UNAUTHORIZED_CODE]: 'daily.lookupFailure.unauthorized',
  not_ready: 'daily.lookupFailure.notReady',
};

/**
 * Why a channel or role look-up failed (src/discord/permissions.ts `LookupFailed.code`), in `lang`: our words for the
 * code, the numeric code for one without words of its own, never the error's text.
 */
export function lookupFailureWords(lang: Lang, code: string): string {
  const key = LOOKUP_KEYS[code];
  if (key) return t(lang, key);
  if (code.startsWith('http_5')) return t(lang, 'daily.lookupFailure.serverError', { status: code.slice(5) });
  if (code.startsWith('http_')) return t(lang, 'daily.lookupFailure.httpStatus', { status: code.slice(5) });
  if (/^\d{1,10}$/.test(code)) return t(lang, 'daily.lookupFailure.code', { code });
  return t(lang, 'daily.lookupFailure.other');
}
