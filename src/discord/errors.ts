// Discord and REST errors, classified in one place: what an error from @discordjs/rest, undici or the gateway means,
// and the one message an operator (or the error policy) needs for it. No discord.js import: `npm run deploy` and
// the HTTP transport use this without loading the gateway client.

/** The shape of @discordjs/rest's DiscordAPIError: an error response from Discord's API. */
export interface DiscordAPIErrorLike extends Error {
  code: number | string;
  status: number;
  method: string;
  url: string;
  rawError: unknown;
}

/**
 * Whether `err` is a DiscordAPIError. Duck-typed on purpose: discord.js loads @discordjs/rest through `require`
 * while our ESM code gets its `import` build, so the same error class exists twice and `instanceof` says false
 * for errors thrown inside discord.js (the dual package hazard).
 */
export function isDiscordAPIError(err: unknown): err is DiscordAPIErrorLike {
  return (
    err instanceof Error &&
    err.name.startsWith('DiscordAPIError') &&
    typeof (err as Partial<DiscordAPIErrorLike>).status === 'number' &&
    'rawError' in err
  );
}

/** Discord error codes meaning "this interaction can no longer be answered": no point in trying again. */
const UNANSWERABLE = new Set([10062 /* Unknown interaction */, 40060 /* Interaction has already been acknowledged */]);

/** Whether the interaction can no longer be answered (expired, or answered already). */
export function isUnanswerable(err: unknown): boolean {
  return isDiscordAPIError(err) && UNANSWERABLE.has(Number(err.code));
}

/** Whether the interaction was answered already (40060): a retried callback whose first try got through. */
export function isAlreadyAcknowledged(err: unknown): boolean {
  return isDiscordAPIError(err) && Number(err.code) === 40060;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** The network error code inside `err` (undici wraps it as `cause`), if any. */
export function networkErrorCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** A connection reset under a request (UND_ERR_SOCKET, ECONNRESET, EPIPE): the request may be retried once. */
export function isConnectionReset(err: unknown): boolean {
  const code = networkErrorCode(err);
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
}

/** "Could not reach the Discord API at …" when `err` is a network failure (not an answer from Discord), else null. */
export function describeUnreachable(err: unknown, apiUrl: string): string | null {
  const network = networkErrorCode(err);
  if (network || (err instanceof Error && (err.name === 'AbortError' || err.message === 'fetch failed'))) {
    return (
      `Could not reach the Discord API at ${apiUrl} (${network ?? (err as Error).message}). Check the network ` +
      'connection, proxies and DISCORD_API_URL.'
    );
  }
  return null;
}

/** Up to `max` characters of what a server sent, as one readable line. */
export function bodyExcerpt(body: unknown, max = 120): string {
  let text: string;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset);
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, max * 4));
  } else if (typeof body === 'string') text = body;
  else if (body === undefined || body === null) text = '';
  else {
    try {
      text = JSON.stringify(body);
    } catch {
      text = String(body);
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (text === '') return '(an empty body)';
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** Whether a DiscordAPIError's body is one Discord writes (`{ message, code }`); proxies and typos send other things. */
function isDiscordErrorBody(raw: unknown): boolean {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    !(raw instanceof ArrayBuffer) &&
    !ArrayBuffer.isView(raw) &&
    typeof (raw as { message?: unknown }).message === 'string' &&
    'code' in raw
  );
}

/**
 * When `err` (or a value a REST call returned) shows that DISCORD_API_URL does not point at Discord's API (a typo,
 * a proxy's error page, a captive portal), the operator message naming the variable and what came back; else null.
 * This replaces @discordjs/rest's "No Description" and discord.js's TypeErrors on unexpected bodies.
 */
export function describeNotDiscord(err: unknown, apiUrl: string): string | null {
  if (isDiscordAPIError(err) && !isDiscordErrorBody(err.rawError)) {
    return notDiscordMessage(apiUrl, `HTTP ${err.status} ${bodyExcerpt(err.rawError)}`, err.method, err.url);
  }
  return null;
}

export function notDiscordMessage(apiUrl: string, what: string, method?: string, url?: string): string {
  const request = method && url ? ` (${method.toUpperCase()} ${new URL(url).pathname})` : '';
  return (
    `DISCORD_API_URL (${apiUrl}) does not answer like Discord's API: it returned ${what}${request}. Check ` +
    'DISCORD_API_URL for a typo, or a proxy or captive portal in the way; leave it unset for https://discord.com/api.'
  );
}

/** Startup failed for a reason the operator must fix; the message says how. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

export const TOKEN_REJECTED =
  'Discord rejected the token (DISCORD_TOKEN). Reset it in the Developer Portal (your application > Bot > ' +
  'Reset Token), put the new token in DISCORD_TOKEN and start again.';

/** Turns a failure of a startup REST call or of the gateway login into a StartupError that says what to do. */
export function describeStartupError(err: unknown, apiUrl: string, doing = 'log in to Discord'): StartupError {
  const code = (err as { code?: unknown } | null)?.code;
  const status = isDiscordAPIError(err) ? err.status : (err as { status?: unknown } | null)?.status;
  const notDiscord = describeNotDiscord(err, apiUrl);
  if (notDiscord) return new StartupError(notDiscord, { cause: err });
  if (code === 'TokenInvalid' || status === 401) return new StartupError(TOKEN_REJECTED, { cause: err });
  if (code === 'DisallowedIntents') {
    return new StartupError(
      'Discord refused the gateway intents. This bot only needs the Guilds intent, which is not privileged: check ' +
        'that DISCORD_TOKEN belongs to the right application.',
      { cause: err },
    );
  }
  const unreachable = describeUnreachable(err, apiUrl);
  if (unreachable) return new StartupError(unreachable, { cause: err });
  if (err instanceof Error && err.name === 'HTTPError' && typeof status === 'number') {
    // @discordjs/rest gave up after retrying a 5xx: Discord's outage, or something else answering at the URL.
    return new StartupError(
      `Could not ${doing}: DISCORD_API_URL (${apiUrl}) answered HTTP ${status} (${err.message}) several times. ` +
        'If Discord is not having an outage, check DISCORD_API_URL and any proxy in the way.',
      { cause: err },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StartupError(`Could not ${doing}: ${message}`, { cause: err });
}

// ---- gateway close codes ---------------------------------------------------------------------

/**
 * Gateway close codes after which reconnecting cannot help: the process must stop so that a supervisor restarts it
 * or an operator sees it (discord.js would otherwise stay alive without a connection, forever).
 */
export const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  4004: 'authentication failed (4004). The token was reset or is wrong: put the current bot token in DISCORD_TOKEN',
  4010: 'invalid shard (4010). Check SHARD_COUNT and the shard ids',
  4011: 'sharding required (4011). The bot is in too many servers for one connection: set SHARD_COUNT',
  4012: 'invalid API version (4012). Update discord.js',
  4013: 'invalid intents (4013). This is a bug in the client options: the bot needs only the Guilds intent',
  4014:
    'disallowed intents (4014). This bot needs only the Guilds intent (not privileged): check that DISCORD_TOKEN ' +
    'belongs to the right application',
};

/** The operator message for a fatal close code, or null when discord.js may reconnect. */
export function describeFatalClose(code: number): string | null {
  const what = FATAL_CLOSE_CODES[code];
  return what ? `Discord closed the gateway: ${what}. Exiting.` : null;
}

// ---- a failed REST call, as a code our own words are chosen by ----------------------------------------------------

/**
 * What a failed REST call means, as a stable code (never Discord's or undici's text, which must not reach a user):
 * Discord's JSON error code (`'50001'`), `'unauthorized'` (401), `'rate_limited'` (429), `'http_<status>'` (an error
 * status without a Discord code, a 5xx after @discordjs/rest's retries), `'timeout'`, `'network'`, else `'unknown'`.
 * The same vocabulary as a daily post's `SendFailure.code` (src/daily/sender.ts classifySendError).
 */
export function restFailureCode(err: unknown): string {
  const e = err as { name?: unknown; status?: unknown; code?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : null;
  if (status === 401) return 'unauthorized';
  if (status === 429 || (err instanceof Error && err.name === 'RateLimitError')) return 'rate_limited';
  if (isDiscordAPIError(err)) {
    const code = Number(err.code);
    if (Number.isInteger(code) && code > 0) return String(code);
    return `http_${err.status}`;
  }
  if (status !== null) return `http_${status}`;
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return 'timeout';
  if (networkErrorCode(err) !== null || (err instanceof Error && err.message === 'fetch failed')) return 'network';
  return 'unknown';
}
