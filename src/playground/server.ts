// The playground's HTTP server (node:http): the page and its assets, and the JSON API behind it.
//
//   GET  /                          the page (a Discord-like channel); `?run=/aesc%20plant%20name:Sunderland` runs it
//   GET  /assets/*                  the page's script bundle and style sheet, served by the bot itself
//   GET  /healthz                   `{ "ok": true }`
//   GET  /api/commands              the command definitions, exactly as `npm run deploy` registers them
//   GET  /api/sandbox               the sandbox server: channels, the bot, the user, the sandbox clock
//   GET  /api/sandbox/messages      messages the bot posted over REST (the daily post), `?after=<seq>`
//   POST /api/interactions          an API interaction in, `{ response, followUps, files }` out
//   POST /api/daily/post-now        `{ "date": "YYYY-MM-DD" }`: the real scheduler tick at that date's post time
//   POST /api/attachments?filename= a file for an attachment option (raw body): its APIAttachment, with a URL here
//   GET  /api/attachments/<id>/<n>  that file, as Discord's CDN would serve it
//
// Broken requests get a 4xx JSON `{ "error", "details"? }` naming what is wrong; nothing a client sends can crash the
// process (a handler failure is a 500 with no internals, logged with context).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIInteraction } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PlaygroundAssets } from './assets.js';
import { type AttachmentStore, MAX_ATTACHMENT_BYTES } from './attachments.js';
import { BadInteraction, completeInteraction, describeIssues } from './interaction.js';
import type { SinkMessage } from './rest-sink.js';

/** `POST /api/interactions` body cap: an interaction with a large message attached to a button stays far below. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface PlaygroundFile {
  name: string;
  contentType: string;
  base64: string;
}

/** The answer of `POST /api/interactions`: everything the bot sent for the interaction, in Discord's JSON. */
export interface PlaygroundResult {
  /** The initial response (callback type 1, 4, 5, 6, 7, 8 or 9 with its data). */
  response: unknown;
  /** Follow-up messages, in order. */
  followUps: unknown[];
  /** Every file of every call, base64. Payloads refer to them as `attachment://<name>`. */
  files: PlaygroundFile[];
  /** Edits of the original response (after a deferral), in order. */
  edits: unknown[];
  /** Whether the original response was deleted. */
  deleted: boolean;
}

export interface PostNowResult {
  date: string;
  /** The instant the tick ran at (the sandbox clock), ISO. */
  at: string;
  tick: unknown;
  /** What happened, in words, for the page. */
  summary: string;
  messages: SinkMessage[];
}

/** What the server needs from the rest of the playground (see start.ts). */
export interface PlaygroundApp {
  definitions: readonly unknown[];
  sandbox(): unknown;
  handle(interaction: APIInteraction): Promise<PlaygroundResult>;
  sentMessages(afterSeq: number): SinkMessage[];
  postNow(date: string | undefined): Promise<PostNowResult>;
  assets: PlaygroundAssets;
  logger: Logger;
  attachments: AttachmentStore;
  /** The playground's own origin (`http://127.0.0.1:3000`), for attachment URLs. */
  origin(): string;
  /** Only these Host headers are served (DNS-rebinding guard); undefined serves any. */
  allowedHosts?: ReadonlySet<string> | undefined;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: string[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `The body is larger than ${max} bytes.`, [], { connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, `Send the body as JSON (Content-Type: application/json), not ${type.slice(0, 60)}.`);
  }
  const text = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'The body is empty: send an interaction as JSON.');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `The body is not valid JSON: ${(err as Error).message}`);
  }
}

const postNowSchema = z.strictObject({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
    .refine(
      (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      {
        message: 'not a calendar date',
      },
    )
    .optional(),
});

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export function createPlaygroundServer(app: PlaygroundApp): Server {
  const routes: Record<string, Partial<Record<'GET' | 'POST', Route>>> = {
    '/': { GET: (_q, res) => send(res, 200, app.assets.page(), 'text/html; charset=utf-8') },
    '/index.html': { GET: (_q, res) => send(res, 200, app.assets.page(), 'text/html; charset=utf-8') },
    '/healthz': { GET: (_q, res) => sendJson(res, 200, { ok: true }) },
    '/api/commands': { GET: (_q, res) => sendJson(res, 200, app.definitions) },
    '/api/sandbox': { GET: (_q, res) => sendJson(res, 200, app.sandbox()) },
    '/api/sandbox/messages': {
      GET: (_q, res, url) => {
        const after = Number(url.searchParams.get('after') ?? '0');
        if (!Number.isInteger(after) || after < 0) {
          throw new HttpError(400, '"after" must be a whole number (the seq of the last message seen).');
        }
        sendJson(res, 200, app.sentMessages(after));
      },
    },
    '/api/interactions': {
      POST: async (req, res) => {
        const body = await readJson(req);
        let interaction: ReturnType<typeof completeInteraction>;
        try {
          interaction = completeInteraction(body, { attachment: (id) => app.attachments.get(id)?.attachment });
        } catch (err) {
          if (err instanceof BadInteraction) throw new HttpError(400, err.message, err.details);
          throw err;
        }
        sendJson(res, 200, await app.handle(interaction));
      },
    },
    '/api/attachments': {
      POST: async (req, res, url) => {
        const filename = url.searchParams.get('filename') ?? '';
        if (filename.trim() === '') throw new HttpError(400, 'Name the file: POST /api/attachments?filename=<name>.');
        const bytes = await readBody(req, MAX_ATTACHMENT_BYTES);
        const type = String(req.headers['content-type'] ?? 'application/octet-stream').slice(0, 100);
        sendJson(res, 200, app.attachments.add(filename, type, bytes, app.origin()));
      },
    },
    '/api/daily/post-now': {
      POST: async (req, res) => {
        const body = await readJson(req);
        const parsed = postNowSchema.safeParse(body);
        if (!parsed.success)
          throw new HttpError(400, 'Expected { "date": "YYYY-MM-DD" }.', describeIssues(parsed.error));
        sendJson(res, 200, await app.postNow(parsed.data.date));
      },
    },
  };

  // requestTimeout/headersTimeout below take effect only when Node checks its connections: every second, not 30.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    const started = performance.now();
    void (async () => {
      const host = (req.headers.host ?? '').toLowerCase();
      if (app.allowedHosts && !app.allowedHosts.has(host)) {
        throw new HttpError(
          421,
          `This playground answers only on its own address (Host ${JSON.stringify(host.slice(0, 80))} refused).`,
        );
      }
      const url = new URL(req.url ?? '/', 'http://playground.invalid');
      const asset = url.pathname.startsWith('/assets/') ? await app.assets.asset(url.pathname.slice(8)) : undefined;
      if (asset) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          throw new HttpError(405, `${req.method} is not allowed here; use GET.`, [], { allow: 'GET' });
        }
        const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        send(res, 200, gzip ? asset.gzip : asset.body, asset.type, {
          'cache-control': 'no-cache',
          vary: 'accept-encoding',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        return;
      }
      const file = /^\/api\/attachments\/(\d+)\/[^/]*$/.exec(url.pathname);
      if (file?.[1] && (req.method === 'GET' || req.method === 'HEAD')) {
        const stored = app.attachments.get(file[1]);
        if (!stored) throw new HttpError(404, 'No such attachment (the playground keeps the newest 50).');
        send(res, 200, stored.bytes, stored.attachment.content_type ?? 'application/octet-stream', {
          'content-disposition': 'attachment',
        });
        return;
      }
      const route = routes[url.pathname];
      if (!route) throw new HttpError(404, `Nothing at ${url.pathname.slice(0, 100)}. The API is under /api/.`);
      const handler = route[req.method as 'GET' | 'POST'];
      if (!handler) {
        const allow = Object.keys(route).join(', ');
        throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}; use ${allow}.`, [], { allow });
      }
      await handler(req, res, url);
    })()
      .catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (err instanceof HttpError) {
          app.logger.debug({ status: err.status, path: req.url, error: err.message }, 'playground request refused');
          const body: { error: string; details?: string[] } = { error: err.message };
          if (err.details.length > 0) body.details = err.details;
          sendJson(res, err.status, body, err.headers);
          return;
        }
        app.logger.error({ err, method: req.method, path: req.url }, 'playground request failed');
        sendJson(res, 500, { error: 'The playground failed to answer this request. It has been logged.' });
      })
      .finally(() => {
        app.logger.trace({ method: req.method, path: req.url, ms: performance.now() - started }, 'playground request');
      });
  });
  // A client that sends nothing for a while must not hold a connection forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}
