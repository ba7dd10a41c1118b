// Secret-shaped text: recognised and kept out of every message and log line. The logger's serializer and the
// configuration errors both use these, so a token pasted into the wrong place is never printed back.

const CENSOR = '[redacted]';

/** A Discord bot token: three base64url parts (user id, timestamp, HMAC). */
const BOT_TOKEN = /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g;
/** Interaction tokens travel in URL paths: /interactions/{id}/{token}/callback and /webhooks/{app}/{token}. */
const URL_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[^/?#\s]+/g;
/** Credentials in a URL: `scheme://user:password@host`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]*:[^/@\s]*@/gi;
/**
 * Anything long, unspaced and mixed like a key or password: 24+ characters of token alphabet with upper case, lower
 * case and digits, and no '/'. Snowflakes (digits only, at most 20), paths, hex keys and ordinary words do not match.
 */
const SECRET_LIKE = /^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[A-Za-z0-9_\-.+=~]{24,}$/;

/** Whether a configuration value looks like a secret (a token, a key, a password) and so must not be echoed. */
export function looksSecret(value: string): boolean {
  const v = value.trim();
  BOT_TOKEN.lastIndex = 0;
  return BOT_TOKEN.test(v) || SECRET_LIKE.test(v) || /^(bot|bearer)\s+\S{16,}$/i.test(v);
}

/** Removes bot tokens, interaction/webhook tokens and URL credentials from free text (messages, stacks, URLs). */
export function scrubSecrets(text: string): string {
  return text
    .replace(URL_TOKEN, '/$1/$2/[redacted]')
    .replace(BOT_TOKEN, CENSOR)
    .replace(URL_CREDENTIALS, `$1${CENSOR}@`);
}

/** A value quoted back in a message: short, and never when it looks like a secret. */
export function quoteValue(value: unknown): string {
  const text = String(value);
  if (looksSecret(text)) return '(value not shown: it looks like a secret)';
  const clipped = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(scrubSecrets(clipped));
}
