// The HTTP interactions transport: Discord POSTs each interaction, signed with Ed25519, to the Interactions Endpoint
// URL; the initial response is the HTTP response body. No gateway connection: REST (with the bot token) is used for
// what comes after the initial response (webhook edits and follow-ups, which need no token) and for the daily post.
//
//   POST /interactions   verify -> parse -> the same core as the gateway (src/core/dispatcher.ts)
//   GET  /healthz        200 {"status":"ok"} or 503 {"status":"unavailable","checks":[...]} (extendable checks)
//   extra routes         e.g. GET /metrics (ops), added with `routes` or `addRoute`
//
// Rules: a missing or bad signature, or a timestamp more than 5 minutes from now, gets 401 with no detail and nothing
// reaches the dispatcher; a body over 64 KiB gets 413; malformed JSON with a valid signature gets 400; a wrong method
// gets 405 (with Allow), an unknown path 404. None of these is logged above warn, and none can crash the process.
//
// Files: a reply with files (type 4 or 7) that the handler produced in time is the HTTP response itself, as
// `multipart/form-data` in the shape of the callback endpoint: a `payload_json` part (application/json) with the
// interaction response, then `files[n]` parts (filename, content type) whose n is the `id` listed in
// `data.attachments` - what disgo (PR #122), twilight (PR #1509) and hikari (PR #1048) send. One request instead of
// two. Only a multipart body over MAX_MULTIPART_RESPONSE_BYTES falls back to a deferral (type 5, or 6 for a
// component update) in the body plus `PATCH /webhooks/{app}/{token}/messages/@original` with the files.
import { createPublicKey, type KeyObject, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { REST } from '@discordjs/rest';
import { type APIInteraction, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { ReplyFile } from '../core/command.js';
import type { Dispatch } from '../core/dispatcher.js';
import type { InitialResponse, Responder } from '../core/responder.js';
import { isDiscordAPIError } from '../discord/errors.js';
import { restResponder } from '../discord/rest-responder.js';

export const MAX_BODY_BYTES = 64 * 1024;
/** How far the signed timestamp may be from now (replay protection). */
export const TIMESTAMP_WINDOW_S = 5 * 60;
/** How long SIGTERM waits for requests in flight (and their follow-ups). */
export const DRAIN_MS = 5_000;
/**
 * The largest multipart HTTP response we send; a bigger one goes as a deferral + webhook edit. Discord documents no
 * size for the HTTP response (uploads to the callback endpoint take up to 10 MiB), but hikari's authors saw
 * responses over about 150 KiB rejected (hikari-py/hikari PR #1048), so we stay well under that.
 */
export const MAX_MULTIPART_RESPONSE_BYTES = 128 * 1024;

// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX64 = /^[0-9a-fA-F]{64}$/;
const SIGNATURE = /^[0-9a-fA-F]{128}$/;
const TIMESTAMP = /^\d{1,12}$/;

/** The Ed25519 key object for the application's public key (64 hex characters), built once. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!HEX64.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hexadecimal characters');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Whether `signature` (hex) is a valid Ed25519 signature of timestamp + body. Never throws. */
export function verifySignature(key: KeyObject, signature: string, timestamp: string, body: Buffer): boolean {
  if (!SIGNATURE.test(signature)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

export interface HttpRoute {
  method: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

/** One readiness check of /healthz. */
export interface ReadinessCheck {
  name: string;
  check: () => { ok: boolean; detail?: string } | Promise<{ ok: boolean; detail?: string }>;
}

export interface HttpTransportOptions {
  /** The application's public key (Developer Portal > General Information), 64 hex characters. */
  publicKey: string;
  dispatch: Dispatch;
  /** REST for webhook edits and follow-ups (no token needed for those). */
  rest: Pick<REST, 'post' | 'patch' | 'delete'>;
  logger: Logger;
  host?: string;
  port?: number;
  routes?: readonly HttpRoute[];
  readiness?: readonly ReadinessCheck[];
  /** Seconds since the epoch, for the timestamp window (tests); default the system clock. */
  nowSeconds?: () => number;
}

export interface RunningHttpTransport {
  server: Server;
  /** e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  addRoute(route: HttpRoute): void;
  addReadinessCheck(check: ReadinessCheck): void;
  /** Interactions being answered right now (incl. their webhook edits). */
  inFlight(): number;
  /** Stops accepting requests, waits for those in flight (at most `drainMs`), closes every connection. */
  close(drainMs?: number): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body?: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const h: Record<string, string | number> = { ...headers };
  if (body !== undefined) {
    h['content-type'] ??= 'application/json';
    h['content-length'] = Buffer.byteLength(body);
  } else h['content-length'] = 0;
  res.writeHead(status, h);
  res.end(body);
}

// The boundary must not occur in any part: 128 random bits drawn once per process, then a counter, so that no two
// bodies share one. (Drawing 16 random bytes per response was the largest single cost of a plant card's response.)
const BOUNDARY_PREFIX = `aesc-${randomBytes(16).toString('hex')}-`;
let boundaries = 0;

/**
 * A `multipart/form-data` body: `payload_json` (the JSON), then `files[n]` with each file's name and type. As parts
 * to write in order (the files' bytes are not copied), with their total length.
 */
export function multipartBody(
  json: unknown,
  files: readonly ReplyFile[],
): { parts: Buffer[]; length: number; contentType: string } {
  boundaries = (boundaries + 1) % Number.MAX_SAFE_INTEGER;
  const boundary = `${BOUNDARY_PREFIX}${boundaries.toString(36)}`;
  const quoted = (v: string) => v.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
  const parts: Buffer[] = [];
  // Text between the files' bytes is joined into one buffer each: payload_json with the first file's part header,
  // then the end of each file with the next one's header, then the closing boundary.
  let text =
    `--${boundary}\r\nContent-Disposition: form-data; name="payload_json"\r\nContent-Type: application/json\r\n\r\n` +
    `${JSON.stringify(json)}\r\n`;
  files.forEach((f, i) => {
    text +=
      `--${boundary}\r\nContent-Disposition: form-data; name="files[${i}]"; filename="${quoted(f.name)}"\r\n` +
      `Content-Type: ${f.contentType || 'application/octet-stream'}\r\n\r\n`;
    parts.push(Buffer.from(text), Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength));
    text = '\r\n';
  });
  parts.push(Buffer.from(`${text}--${boundary}--\r\n`));
  let length = 0;
  for (const part of parts) length += part.length;
  return { parts, length, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Waits before retrying an edit that raced Discord's processing of the deferral in the HTTP body. */
const EDIT_RACE_RETRY_MS = 300;

/**
 * The Responder of one HTTP interaction: the initial response is the HTTP body, everything after goes through the
 * interaction webhook over REST. A reply with files is a multipart HTTP body; only one over
 * MAX_MULTIPART_RESPONSE_BYTES becomes a deferral + an edit with the files.
 */
export function httpResponder(
  res: ServerResponse,
  rest: Pick<REST, 'post' | 'patch' | 'delete'>,
  interaction: Pick<APIInteraction, 'id' | 'token' | 'application_id'>,
): Responder & { answered(): boolean } {
  const webhook = restResponder(rest, interaction);
  let answered = false;

  async function editWithRetry(data: Parameters<Responder['editOriginal']>[0], files?: readonly ReplyFile[]) {
    try {
      await webhook.editOriginal(data, files);
    } catch (err) {
      // Discord may not have processed the deferral in our HTTP body yet: Unknown Message / Unknown Webhook.
      if (!isDiscordAPIError(err) || err.status !== 404) throw err;
      await new Promise((r) => setTimeout(r, EDIT_RACE_RETRY_MS));
      await webhook.editOriginal(data, files);
    }
  }

  return {
    answered: () => answered,
    async respond(response: InitialResponse, files?: readonly ReplyFile[]) {
      if (answered || res.headersSent) throw new Error('the initial response was already sent');
      if (res.destroyed) throw new Error('the HTTP request was closed before the response');
      answered = true;
      if (!files || files.length === 0) {
        send(res, 200, JSON.stringify(response));
        return;
      }
      const multipart = multipartBody(response, files);
      if (multipart.length <= MAX_MULTIPART_RESPONSE_BYTES) {
        res.writeHead(200, { 'content-type': multipart.contentType, 'content-length': multipart.length });
        res.cork(); // one writev for the head and every part
        for (const part of multipart.parts) res.write(part);
        res.end();
        return;
      }
      const data = 'data' in response ? (response.data as { flags?: number } | undefined) : undefined;
      if (response.type === InteractionResponseType.UpdateMessage) {
        send(res, 200, JSON.stringify({ type: InteractionResponseType.DeferredMessageUpdate }));
      } else {
        const ephemeral = ((data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
        send(
          res,
          200,
          JSON.stringify({
            type: InteractionResponseType.DeferredChannelMessageWithSource,
            ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
          }),
        );
      }
      const { flags, ...rest } = (data ?? {}) as Record<string, unknown> & { flags?: number };
      const editFlags = (flags ?? 0) & ~MessageFlags.Ephemeral;
      await editWithRetry({ ...rest, ...(editFlags ? { flags: editFlags } : {}) } as never, files);
    },
    editOriginal: editWithRetry,
    followUp: (data, files) => webhook.followUp(data, files),
    deleteOriginal: () => webhook.deleteOriginal(),
  };
}

export async function startHttpTransport(opts: HttpTransportOptions): Promise<RunningHttpTransport> {
  const key = publicKeyFromHex(opts.publicKey);
  const { logger, dispatch } = opts;
  const nowSeconds = opts.nowSeconds ?? (() => Date.now() / 1000);
  const routes: HttpRoute[] = [...(opts.routes ?? [])];
  const checks: ReadinessCheck[] = [...(opts.readiness ?? [])];
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function healthz(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          return { name: c.name, ...(await c.check()) };
        } catch (err) {
          return { name: c.name, ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const ok = !closing && results.every((r) => r.ok);
    send(
      res,
      ok ? 200 : 503,
      JSON.stringify({ status: ok ? 'ok' : 'unavailable', ...(closing ? { closing: true } : {}), checks: results }),
    );
  }

  async function interactions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        logger.debug('interaction body over 64 KiB: 413');
        send(res, 413, undefined, { connection: 'close' });
      } else {
        logger.debug({ err }, 'could not read an interaction body');
        send(res, 400);
      }
      return;
    }
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (
      typeof signature !== 'string' ||
      typeof timestamp !== 'string' ||
      !TIMESTAMP.test(timestamp) ||
      Math.abs(nowSeconds() - Number(timestamp)) > TIMESTAMP_WINDOW_S ||
      !verifySignature(key, signature, timestamp, body)
    ) {
      logger.debug('interaction with a missing, bad or old signature: 401');
      send(res, 401);
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      logger.warn('signed interaction body is not JSON: 400');
      send(res, 400, JSON.stringify({ message: 'The body is not valid JSON.' }));
      return;
    }
    const interaction = payload as APIInteraction;
    const id = typeof interaction?.id === 'string' ? interaction.id : '';
    const token = typeof interaction?.token === 'string' ? interaction.token : '';
    const applicationId = typeof interaction?.application_id === 'string' ? interaction.application_id : '';
    const responder = httpResponder(res, opts.rest, { id, token, application_id: applicationId });
    const work = dispatch(interaction, responder).finally(() => {
      // The dispatcher refused to answer (a payload it cannot read at all): say so rather than hang.
      if (!responder.answered()) send(res, 400, JSON.stringify({ message: 'The interaction could not be read.' }));
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    await work;
  }

  routes.push({ method: 'POST', path: '/interactions', handler: interactions });
  routes.push({ method: 'GET', path: '/healthz', handler: healthz });
  routes.push({ method: 'HEAD', path: '/healthz', handler: healthz });

  // Node enforces headersTimeout/requestTimeout (below) only when it checks its connections, every 30 s by default:
  // a stalled client was dropped after 30 s, not 10 (measured). Checking every second makes the bounds real.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const onPath = routes.filter((r) => r.path === path);
    if (onPath.length === 0) {
      send(res, 404);
      return;
    }
    const route = onPath.find((r) => r.method === req.method);
    if (!route) {
      req.resume();
      send(res, 405, undefined, { allow: [...new Set(onPath.map((r) => r.method))].join(', ') });
      return;
    }
    if (closing && route.path === '/interactions') {
      req.resume();
      send(res, 503, undefined, { connection: 'close' });
      return;
    }
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((err: unknown) => {
        logger.warn({ err, path }, 'HTTP route failed');
        send(res, 500);
      });
  });
  server.on('clientError', (err, socket) => {
    logger.debug({ err }, 'HTTP client error');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  // Discord holds connections open; a bounded header time keeps slowloris-like clients from piling up.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 3000, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    server,
    url: `http://${host}:${address.port}`,
    port: address.port,
    addRoute: (route) => {
      routes.unshift(route);
    },
    addReadinessCheck: (check) => {
      checks.push(check);
    },
    inFlight: () => inFlight.size,
    async close(drainMs = DRAIN_MS) {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, drainMs);
        timer.unref();
      });
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
