// Sending the daily post to Discord, finding a post an earlier attempt already made, and sorting failures into
// permanent / rejected / transient.
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, type REST } from '@discordjs/rest';
import {
  type APIMessage,
  type APIUser,
  MessageFlags,
  RESTJSONErrorCodes,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageResult,
  Routes,
} from 'discord-api-types/v10';
import { enforceMessageLimits } from '../discord/limits.js';
import { type Lang, type MessageKey, SOURCE_LANG, t } from '../i18n/catalogue.js';
import { type DeliveryTarget, deliverDailyPost, retryDueCrossposts } from './delivery.js';
import type { CrosspostUpdate, DailyStore, SendFailure } from './store.js';
import type { LocalDate } from './time.js';

/** What the scheduler knows about a daily post it sends (so the sender can deliver to threads and forums). */
export interface DailySendContext {
  target: DeliveryTarget;
  localDate: LocalDate;
  /** Attempts for this day so far, this one included. */
  attempts: number;
  now: number;
  timezone: string;
  /** `/aesc-daily test` (issue 12): delivered like the day's post, but never published and titled "… (test)". */
  test?: boolean;
}

export interface DailySendResult {
  id: string;
  /** Where the message is when not the subscription's channel (a forum post's thread). */
  channelId?: string;
  crosspost?: CrosspostUpdate;
}

export interface DailySender {
  /**
   * Create the post; resolves with the message id, rejects with whatever the transport throws. With `context` (the
   * scheduler's daily post) it is delivered as the subscription asks (src/daily/delivery.ts); without (a test post),
   * it is a plain message in `channelId`.
   */
  send(
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
    signal?: AbortSignal,
    context?: DailySendContext,
  ): Promise<DailySendResult>;
  /**
   * The daily post for `localDate` that an earlier attempt already created in `channelId` (matched by the bot as
   * author and the marker every daily post carries, see `stampDailyMarker`), or null when it is not there. Optional:
   * a sender without it relies on the nonce alone.
   */
  findPost?(channelId: string, localDate: string, signal?: AbortSignal): Promise<{ id: string } | null>;
  /** Retry the crossposts that are due (issue 12, src/daily/delivery.ts); called once per tick. Optional. */
  retryCrossposts?(store: Pick<DailyStore, 'listDueCrossposts' | 'recordCrosspost'>, now: number): Promise<number>;
}

/** Messages read per page when looking for an earlier post, and pages at most (the newest 300 messages). */
const LOOKUP_PAGE = 100;
const LOOKUP_PAGES = 3;

/**
 * Sends through `@discordjs/rest`, which waits out 429s (the scheduler's deadline ends the wait for us, see
 * `untilAborted`). Like every outgoing payload, the body passes through the Discord limits first.
 */
export function restSender(rest: Pick<REST, 'post' | 'get'>): DailySender {
  let self: Promise<string> | null = null;
  const selfId = (signal?: AbortSignal): Promise<string> => {
    self ??= (rest.get(Routes.user('@me'), signal ? { signal } : {}) as Promise<APIUser>).then(
      (u) => u.id,
      (err: unknown) => {
        self = null;
        throw err;
      },
    );
    return self;
  };
  return {
    async send(channelId, body, signal, context) {
      if (context) {
        // Only a retry of a forum post needs it (delivery.ts looks for the earlier thread by its owner).
        const botUserId = context.attempts > 1 ? await selfId(signal).catch(() => null) : null;
        const r = await deliverDailyPost(rest, context.target, context.localDate, body, {
          ...(signal ? { signal } : {}),
          attempts: context.attempts,
          now: context.now,
          timezone: context.timezone,
          botUserId,
          ...(context.test ? { test: true } : {}),
        });
        return {
          id: r.messageId,
          ...(r.channelId !== context.target.channelId ? { channelId: r.channelId } : {}),
          ...(r.crosspost ? { crosspost: r.crosspost } : {}),
        };
      }
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: enforceMessageLimits(body),
        ...(signal ? { signal } : {}),
      })) as RESTPostAPIChannelMessageResult;
      return { id: message.id };
    },
    retryCrossposts(store, now) {
      return retryDueCrossposts(store, rest, now);
    },
    async findPost(channelId, localDate, signal) {
      const me = await selfId(signal);
      let before: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const query = new URLSearchParams({ limit: String(LOOKUP_PAGE), ...(before ? { before } : {}) });
        const messages = (await rest.get(Routes.channelMessages(channelId), {
          query,
          ...(signal ? { signal } : {}),
        })) as APIMessage[];
        const found = messages.find((m) => isDailyPostOf(m, me, localDate));
        if (found) return { id: found.id };
        const last = messages[messages.length - 1];
        if (messages.length < LOOKUP_PAGE || !last) return null;
        before = last.id;
      }
      return null;
    },
  };
}

// ---- the marker every daily post carries -------------------------------------------------------------------------

/**
 * The words every daily post carries, so that a later attempt can recognise the post an earlier one made: the post's
 * local date, at the end of the embed footer (`AESC bot · entry for 1 June 2026 · daily post 2026-06-01`). Readers
 * see a date, which is natural in a daily post; `/aesc today` and `/aesc-daily test` never carry it.
 */
export function dailyMarker(localDate: string): string {
  return `daily post ${localDate}`;
}

/** The body with the marker added: at the end of the last embed's footer, else as a small line of text. */
export function stampDailyMarker(
  body: RESTPostAPIChannelMessageJSONBody,
  localDate: string,
): RESTPostAPIChannelMessageJSONBody {
  const marker = dailyMarker(localDate);
  const embeds = body.embeds ?? [];
  const last = embeds[embeds.length - 1];
  if (last) {
    const text = last.footer?.text ? `${last.footer.text} · ${marker}` : marker;
    return { ...body, embeds: [...embeds.slice(0, -1), { ...last, footer: { ...last.footer, text } }] };
  }
  if (((body.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0) {
    return { ...body, components: [...(body.components ?? []), { type: 10, content: `-# ${marker}` }] };
  }
  return { ...body, content: body.content ? `${body.content}\n-# ${marker}` : `-# ${marker}` };
}

function textsOf(component: unknown, out: string[]): void {
  if (typeof component !== 'object' || component === null) return;
  const c = component as { content?: unknown; components?: unknown[] };
  if (typeof c.content === 'string') out.push(c.content);
  for (const child of c.components ?? []) textsOf(child, out);
}

/**
 * Is `message` the daily post of `localDate` made by the bot `botUserId`? Only the bot's own messages that are not
 * interaction replies (`/aesc today` shows the same entry) and carry the marker.
 */
export function isDailyPostOf(message: APIMessage, botUserId: string, localDate: string): boolean {
  if (message.author?.id !== botUserId || message.webhook_id || message.interaction_metadata) return false;
  const marker = dailyMarker(localDate);
  const texts: string[] = [message.content ?? ''];
  for (const e of message.embeds ?? []) if (e.footer?.text) texts.push(e.footer.text);
  for (const c of message.components ?? []) textsOf(c, texts);
  return texts.some((t) => t.includes(marker));
}

/**
 * The nonce of the daily post of `guildId` for `localDate` (`YYYY-MM-DD`): 25 characters at most, as Discord
 * requires, the same in every process and after every restart. With `enforce_nonce: true` Discord returns the
 * already created message instead of creating a second one when a resend happens within its dedupe window.
 */
export function dailyNonce(guildId: string, localDate: string): string {
  const hash = createHash('sha256').update(`aesc-daily:${guildId}:${localDate}`).digest('base64url');
  return `d${hash.slice(0, 24)}`;
}

/** Error codes that only an admin can fix; three days in a row of these pause the subscription. */
export const PERMANENT_CODES: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.MissingAccess, // 50001
  RESTJSONErrorCodes.MissingPermissions, // 50013
  RESTJSONErrorCodes.UnknownChannel, // 10003
]);

function isAbort(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError' || /aborted/i.test(err.message))
  );
}

/**
 * `code` of a failure that means Discord rejected the bot's token (HTTP 401). @discordjs/rest drops its token after a
 * 401, so every later request fails with "Expected token to be set…" before reaching Discord: that is the same
 * failure, not a network error. The scheduler treats it as fatal (see `DailyScheduler.health`).
 */
export const UNAUTHORIZED_CODE = 'unauthorized';

const TOKEN_DROPPED = /Expected token to be set/i;

/** Sort a send failure. Duck-typed as well as `instanceof`, so fakes and other REST clients classify the same. */
export function classifySendError(err: unknown): SendFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RateLimitError) return { kind: 'transient', code: 'rate_limited', message };
  const e = err as { code?: unknown; status?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : null;
  // Retried once the token works again (after a restart with a fixed DISCORD_TOKEN); never counts toward a pause.
  if (status === 401 || (status === null && TOKEN_DROPPED.test(message))) {
    return { kind: 'transient', code: UNAUTHORIZED_CODE, message };
  }
  if (err instanceof DiscordAPIError || (status !== null && e?.code !== undefined)) {
    const code = Number((e as { code: unknown }).code);
    if (PERMANENT_CODES.has(code)) return { kind: 'permanent', code: String(code), message };
    if (status === 429) return { kind: 'transient', code: 'rate_limited', message };
    if (status !== null && status >= 500) return { kind: 'transient', code: `http_${status}`, message };
    return { kind: 'rejected', code: Number.isFinite(code) ? String(code) : `http_${status}`, message };
  }
  if (err instanceof HTTPError || status !== null) {
    const s = status ?? 0;
    if (s === 429) return { kind: 'transient', code: 'rate_limited', message };
    if (s >= 500 || s === 0) return { kind: 'transient', code: `http_${s}`, message };
    if (s === 403 || s === 404) return { kind: 'permanent', code: `http_${s}`, message };
    return { kind: 'rejected', code: `http_${s}`, message };
  }
  if (isAbort(err)) return { kind: 'transient', code: 'timeout', message };
  return { kind: 'transient', code: 'network', message };
}

/** The catalogue entry for each failure code (`daily.sendFailure.*`); codes not listed are worded by their kind. */
const FAILURE_KEYS: Readonly<Record<string, MessageKey>> = {
  '50001': 'daily.sendFailure.missingAccess',
  '50013': 'daily.sendFailure.missingPermissions',
  '10003': 'daily.sendFailure.unknownChannel',
  http_403: 'daily.sendFailure.forbidden',
  http_404: 'daily.sendFailure.notFound',
  rate_limited: 'daily.sendFailure.rateLimited',
  timeout: 'daily.sendFailure.timeout',
  network: 'daily.sendFailure.network',
  [UNAUTHORIZED_CODE]: 'daily.sendFailure.unauthorized',
  interrupted: 'daily.sendFailure.interrupted',
  day_over: 'daily.sendFailure.dayOver',
  unknown: 'daily.sendFailure.unknown',
};

/**
 * The words `/aesc-daily status` and `test` use for a failure, in `lang` (English by default), from the catalogue:
 * our own words for each code, never the text Discord returned (`f.message`, kept for logs). A code without words
 * of its own is named by its number: "Discord refused the post (error 50035)."
 */
export function describeFailure(f: SendFailure, lang: Lang = SOURCE_LANG): string {
  const key = FAILURE_KEYS[f.code];
  if (key) return t(lang, key);
  if (f.code.startsWith('http_5')) return t(lang, 'daily.sendFailure.serverError', { status: f.code.slice(5) });
  if (f.code.startsWith('http_')) return t(lang, 'daily.sendFailure.httpStatus', { status: f.code.slice(5) });
  return t(lang, 'daily.sendFailure.other', { code: f.code.slice(0, 20) });
}
