// Sending the daily post to Discord, and sorting failures into permanent / rejected / transient.
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, type REST } from '@discordjs/rest';
import {
  RESTJSONErrorCodes,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageResult,
  Routes,
} from 'discord-api-types/v10';
import { enforceMessageLimits } from '../discord/limits.js';
import type { SendFailure } from './store.js';

export interface DailySender {
  /** Create a message in `channelId`; resolves with the message id, rejects with whatever the transport throws. */
  send(channelId: string, body: RESTPostAPIChannelMessageJSONBody, signal?: AbortSignal): Promise<{ id: string }>;
}

/**
 * Sends through `@discordjs/rest` (`POST /channels/{id}/messages`), which already waits out 429s. Like every
 * outgoing payload, the body passes through the Discord limits first.
 */
export function restSender(rest: Pick<REST, 'post'>): DailySender {
  return {
    async send(channelId, body, signal) {
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: enforceMessageLimits(body),
        ...(signal ? { signal } : {}),
      })) as RESTPostAPIChannelMessageResult;
      return { id: message.id };
    },
  };
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

/** Sort a send failure. Duck-typed as well as `instanceof`, so fakes and other REST clients classify the same. */
export function classifySendError(err: unknown): SendFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RateLimitError) return { kind: 'transient', code: 'rate_limited', message };
  const e = err as { code?: unknown; status?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : null;
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

/** The words `/aesc-daily status` and `test` use for a failure. */
export function describeFailure(f: SendFailure): string {
  switch (f.code) {
    case '50001':
      return 'Missing Access: the bot cannot see the channel. Give it the View Channel permission there (check the channel overrides).';
    case '50013':
      return 'Missing Permissions: the bot may not post there. Give it Send Messages and Embed Links in the channel.';
    case '10003':
      return 'Unknown Channel: the channel was deleted or the bot cannot reach it. Pick another channel with `/aesc-daily set`.';
    case 'http_403':
      return 'Forbidden: Discord refused the post. Check the bot’s permissions in the channel.';
    case 'http_404':
      return 'Not found: the channel no longer exists. Pick another channel with `/aesc-daily set`.';
    case 'rate_limited':
      return 'Rate limited by Discord; the bot retries later the same day.';
    case 'timeout':
      return 'Discord did not answer in time; the bot retries later the same day.';
    case 'network':
      return 'Could not reach Discord (network error); the bot retries later the same day.';
    default:
      if (f.code.startsWith('http_5'))
        return `Discord had a server error (${f.code.slice(5)}); the bot retries later the same day.`;
      return `Discord refused the post (${f.code}: ${f.message}).`;
  }
}
