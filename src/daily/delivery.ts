// How one day's post reaches Discord (issue 12): a plain message in a text or announcement channel, a message in a
// thread, or a new post in a forum/media channel titled with the local date (with an optional tag); then, for an
// announcement channel with `publish`, a crosspost. A role mention is the only mention a post may make:
// `allowed_mentions: { parse: [], roles: [roleId] }`, nothing wider.
//
// Exactly once, per kind:
// - message / thread: `POST /channels/{id}/messages` with the day's nonce and `enforce_nonce` (set by the scheduler);
// - forum / media: `POST /channels/{id}/threads` has no nonce, so a retry of a claim (`attempts > 1`) first looks
//   for the day's post among the guild's active threads (same forum, same title, created by the bot) and records
//   it instead of creating a second one;
// - crosspost: a separate step after the post is recorded, so a failed or rate-limited crosspost is retried later the
//   same day (`retryDueCrossposts`) and can never cause a second post. "Already crossposted" (40033) counts as done.

import type { REST } from '@discordjs/rest';
import {
  type APIThreadChannel,
  ChannelType,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIGuildForumThreadsJSONBody,
  Routes,
  ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import { enforceMessageLimits } from '../discord/limits.js';
import { humanDate } from '../present/on-this-date.js';
import { untilAborted } from './abort.js';
import { classifySendError } from './sender.js';
import type { CrosspostUpdate, DailyStore, DeliverySettings, SendFailure } from './store.js';
import { formatLocalDate, type LocalDate, localDateAt, parseLocalDate } from './time.js';

export type DeliveryKind = 'message' | 'thread' | 'forum';

const THREAD_TYPES: ReadonlySet<number> = new Set([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);
const FORUM_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

/** Channel types a daily post can go to. */
export const DELIVERY_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
] as const;

export function deliveryKind(channelType: number): DeliveryKind {
  if (FORUM_TYPES.has(channelType)) return 'forum';
  if (THREAD_TYPES.has(channelType)) return 'thread';
  return 'message';
}

export function isForumType(channelType: number): boolean {
  return FORUM_TYPES.has(channelType);
}

export function isThreadType(channelType: number): boolean {
  return THREAD_TYPES.has(channelType);
}

/** Title of a forum/media post: "AESC history · 1 December 2026" (the server's local date). */
export function forumTitle(localDate: LocalDate): string {
  return `AESC history · ${humanDate(localDate)}`;
}

/** Where a post goes and how, as the scheduler knows it for a due subscription. */
export interface DeliveryTarget extends DeliverySettings {
  guildId: string;
  channelId: string;
}

/** The exact request a delivery makes (also what `/aesc-daily preview` shows). */
export type DeliveryRequest =
  | { kind: 'message' | 'thread'; route: `/${string}`; body: RESTPostAPIChannelMessageJSONBody }
  | { kind: 'forum'; route: `/${string}`; body: RESTPostAPIGuildForumThreadsJSONBody };

/** The post's only allowed mention: the role, when there is one. */
export function withRoleMention(
  body: RESTPostAPIChannelMessageJSONBody,
  roleId: string | null,
): RESTPostAPIChannelMessageJSONBody {
  if (roleId === null) return { ...body, allowed_mentions: { parse: [] } };
  const mention = `<@&${roleId}>`;
  // A Components V2 post (the "on this date" card) takes no content: the mention goes in a text display of its own
  // above the card (added by the answers helper, since the post became a card).
  if (((body.flags ?? 0) & (1 << 15)) !== 0) {
    return {
      ...body,
      components: [{ type: 10, content: mention }, ...(body.components ?? [])] as typeof body.components,
      allowed_mentions: { parse: [], roles: [roleId] },
    };
  }
  return {
    ...body,
    content: body.content ? `${mention} ${body.content}` : mention,
    allowed_mentions: { parse: [], roles: [roleId] },
  };
}

/**
 * The request for `target` on `localDate` from the builder's message `body` (which may carry the scheduler's nonce).
 * Pure: no I/O. Every message passes through the Discord limits.
 */
export function planDelivery(
  target: Pick<DeliveryTarget, 'channelId' | 'channelType' | 'roleId' | 'tagId'>,
  localDate: LocalDate,
  body: RESTPostAPIChannelMessageJSONBody,
  opts: { test?: boolean } = {},
): DeliveryRequest {
  const kind = deliveryKind(target.channelType);
  const message = enforceMessageLimits(withRoleMention(body, target.roleId));
  if (kind !== 'forum') return { kind, route: Routes.channelMessages(target.channelId), body: message };
  // A forum post's first message takes no nonce (the thread itself is de-duplicated by the look-up below).
  const { nonce: _n, enforce_nonce: _e, message_reference: _r, tts: _t, ...starter } = message;
  return {
    kind,
    route: Routes.threads(target.channelId),
    body: {
      // A test post's title differs, so a retry of the day's post never mistakes it for the day's post.
      name: opts.test ? `${forumTitle(localDate)} (test)` : forumTitle(localDate),
      auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
      message: starter,
      ...(target.tagId ? { applied_tags: [target.tagId] } : {}),
    },
  };
}

export interface DeliveryResult {
  /** The message id (for a forum post: its starter message, whose id is the thread's). */
  messageId: string;
  /** Where the message is: the channel, or the thread a forum post created. */
  channelId: string;
  /** Set when the day was to be published. */
  crosspost?: CrosspostUpdate;
  /** True when a retry found the post created by an earlier attempt instead of posting again. */
  recovered?: boolean;
}

export interface DeliverOptions {
  signal?: AbortSignal;
  /** Attempts for this day so far, this one included (a retry looks for an earlier forum post first). */
  attempts?: number;
  /** Now, UTC ms (for crosspost retry times). */
  now: number;
  /** The subscription's zone, so a crosspost retry stays on the same local day. */
  timezone: string;
  /** The bot's user id, to recognise its own forum posts (any owner matches when unknown). */
  botUserId?: string | null;
  /** `/aesc-daily test`: a forum post titled "… (test)", never published to followers. */
  test?: boolean;
}

export type DeliveryRest = Pick<REST, 'post' | 'get'>;

/** First crosspost retry after a failure; doubles per attempt, at most `MAX_CROSSPOST_DELAY_MS`. */
const CROSSPOST_RETRY_MS = 5 * 60_000;
const MAX_CROSSPOST_DELAY_MS = 60 * 60_000;

/** Deliver one day's post. Rejects with the transport's error when the post itself fails (the scheduler sorts it). */
export async function deliverDailyPost(
  rest: DeliveryRest,
  target: DeliveryTarget,
  localDate: LocalDate,
  body: RESTPostAPIChannelMessageJSONBody,
  opts: DeliverOptions,
): Promise<DeliveryResult> {
  const request = planDelivery(target, localDate, body, { test: opts.test === true });
  const signal = opts.signal ? { signal: opts.signal } : {};
  let result: DeliveryResult;
  if (request.kind === 'forum') {
    const earlier =
      (opts.attempts ?? 1) > 1 && !opts.test ? await findForumPost(rest, target, request.body.name, opts) : null;
    if (earlier) {
      result = { messageId: earlier, channelId: earlier, recovered: true };
    } else {
      const thread = (await rest.post(request.route, { body: request.body, ...signal })) as APIThreadChannel & {
        message?: { id: string };
      };
      result = { messageId: thread.message?.id ?? thread.id, channelId: thread.id };
    }
  } else {
    const message = (await rest.post(request.route, { body: request.body, ...signal })) as { id: string };
    result = { messageId: message.id, channelId: target.channelId };
  }
  if (target.publish && !opts.test && target.channelType === ChannelType.GuildAnnouncement) {
    result.crosspost = await crosspost(rest, result.channelId, result.messageId, {
      ...opts,
      localDate: formatLocalDate(localDate),
      attempt: 1,
    });
  }
  return result;
}

/** The day's forum post if an earlier attempt created it: same forum, same title, by the bot. */
async function findForumPost(
  rest: DeliveryRest,
  target: DeliveryTarget,
  title: string,
  opts: DeliverOptions,
): Promise<string | null> {
  const active = (await rest.get(
    Routes.guildActiveThreads(target.guildId),
    opts.signal ? { signal: opts.signal } : {},
  )) as {
    threads?: (APIThreadChannel & { owner_id?: string })[];
  };
  const match = (active.threads ?? []).find(
    (t) =>
      t.parent_id === target.channelId &&
      t.name === title &&
      (opts.botUserId === undefined || opts.botUserId === null || t.owner_id === opts.botUserId),
  );
  return match?.id ?? null;
}

/**
 * For the REST client's `rejectOnRateLimit`: a rate-limited crosspost fails at once (RateLimitError) instead of
 * sleeping out `retry_after` (up to an hour for announcement channels) in front of the day's post; the crosspost is
 * then retried later the same day. Every other route keeps @discordjs/rest's waiting.
 */
export function rejectCrosspostRateLimits(data: { route: string; url: string }): boolean {
  return data.route.endsWith('/crosspost') || /\/crosspost(?:\?|$)/.test(data.url);
}

/** Discord's "This message has already been crossposted". */
const ALREADY_CROSSPOSTED = 40033;

/** Crosspost a posted message; a transient failure becomes a retry later the same local day. Never throws. */
export async function crosspost(
  rest: Pick<REST, 'post'>,
  channelId: string,
  messageId: string,
  opts: { signal?: AbortSignal; now: number; timezone: string; localDate: string; attempt: number },
): Promise<CrosspostUpdate> {
  try {
    // @discordjs/rest may sleep out a long 429 without looking at the signal: the deadline ends the wait here.
    await untilAbortedIf(
      rest.post(Routes.channelMessageCrosspost(channelId, messageId), opts.signal ? { signal: opts.signal } : {}),
      opts.signal,
    );
    return { state: 'done' };
  } catch (err) {
    const error: SendFailure = classifySendError(err);
    if (error.code === String(ALREADY_CROSSPOSTED)) return { state: 'done' };
    if (error.kind !== 'transient') return { state: 'failed', error };
    const retryAfterMs = retryAfterOf(err);
    const delay = Math.max(
      retryAfterMs,
      Math.min(MAX_CROSSPOST_DELAY_MS, CROSSPOST_RETRY_MS * 2 ** Math.max(0, opts.attempt - 1)),
    );
    const nextAttemptAt = opts.now + delay;
    const sameDay = formatLocalDate(localDateAt(nextAttemptAt, opts.timezone)) === opts.localDate;
    return sameDay ? { state: 'pending', error, nextAttemptAt } : { state: 'failed', error };
  }
}

/** `retry_after` (seconds) of a 429, in ms; 0 when absent. */
function retryAfterOf(err: unknown): number {
  const e = err as { retryAfter?: unknown; rawError?: { retry_after?: unknown } } | null;
  const ms = typeof e?.retryAfter === 'number' ? e.retryAfter : null; // RateLimitError: ms
  if (ms !== null && Number.isFinite(ms)) return Math.max(0, ms);
  const s = e?.rawError?.retry_after;
  return typeof s === 'number' && Number.isFinite(s) ? Math.max(0, s * 1000) : 0;
}

/**
 * Retry the crossposts that are due (called once per scheduler tick). Each one is settled or rescheduled; a post is
 * never sent again from here. Returns how many were tried.
 */
export async function retryDueCrossposts(
  store: Pick<DailyStore, 'listDueCrossposts' | 'recordCrosspost'>,
  rest: Pick<REST, 'post'>,
  now: number,
  opts: { limit?: number; timeoutMs?: number } = {},
): Promise<number> {
  const due = await store.listDueCrossposts(now, opts.limit ?? 50);
  for (const d of due) {
    const sameDay = formatLocalDate(localDateAt(now, d.timezone)) === d.localDate;
    const update: CrosspostUpdate = sameDay
      ? await crosspost(rest, d.channelId, d.messageId, {
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
          now,
          timezone: d.timezone,
          localDate: d.localDate,
          attempt: d.attempts + 1,
        })
      : {
          state: 'failed',
          error: { kind: 'transient', code: 'day_over', message: 'the local day ended before publishing worked' },
        };
    await store.recordCrosspost(d.guildId, d.localDate, update, now);
  }
  return due.length;
}

/** For `status`: a ledger date in words, e.g. "1 December 2026". */
export function humanLocalDate(localDate: string): string {
  return humanDate(parseLocalDate(localDate));
}

/** `untilAborted` when there is a signal; the promise itself when there is none. */
function untilAbortedIf<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal ? untilAborted(promise, signal) : promise;
}
