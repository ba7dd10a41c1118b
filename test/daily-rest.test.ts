// The daily post through a real `@discordjs/rest` client against a tiny local Discord stand-in, checking the
// request Discord would get (route, nonce + enforce_nonce, body against Discord's OpenAPI schema) and how real
// REST errors are classified.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST } from '@discordjs/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyNonce } from '../src/daily/sender.js';
import { createDailyService } from '../src/daily/service.js';
import { buildPost, TestClock } from './daily/helpers.js';
import { checkCreateMessage } from './support/contract.js';

interface Recorded {
  method: string;
  path: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

const G = '111111111111111111';

let server: Server;
let apiUrl: string;
const requests: Recorded[] = [];
/** channel id -> [status, JSON body] to answer instead of creating a message. */
const failures = new Map<string, [number, unknown]>();
const byNonce = new Map<string, unknown>();
let nextId = 900_000_000_000_000_000n;

/** channel id -> messages, oldest first (for GET /channels/{id}/messages, newest first like Discord). */
const posted = new Map<string, unknown[]>();
const BOT = { id: '1', username: 'aesc-bot', discriminator: '0', global_name: null, avatar: null, bot: true };

function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
  const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  requests.push({ method: req.method ?? '', path: req.url ?? '', auth: req.headers.authorization, body });
  res.setHeader('content-type', 'application/json');
  if (req.method === 'GET' && (req.url === '/api/v10/users/@me' || req.url === '/api/v10/users/%40me')) {
    res.writeHead(200).end(JSON.stringify(BOT));
    return;
  }
  const list = /^\/api\/v10\/channels\/(\d+)\/messages\?/.exec(req.url ?? '');
  if (req.method === 'GET' && list?.[1]) {
    res.writeHead(200).end(JSON.stringify([...(posted.get(list[1]) ?? [])].reverse().slice(0, 100)));
    return;
  }
  const m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !m?.[1]) {
    res.writeHead(404).end(JSON.stringify({ code: 0, message: '404: Not Found' }));
    return;
  }
  const failure = failures.get(m[1]);
  if (failure) {
    res.writeHead(failure[0]).end(JSON.stringify(failure[1]));
    return;
  }
  const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
  if (nonce && body.enforce_nonce === true && byNonce.has(nonce)) {
    res.writeHead(200).end(JSON.stringify(byNonce.get(nonce)));
    return;
  }
  const message = {
    id: String(nextId++),
    channel_id: m[1],
    type: 0,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    nonce,
    author: BOT,
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    components: [],
    flags: 0,
  };
  if (nonce) byNonce.set(nonce, message);
  posted.set(m[1], [...(posted.get(m[1]) ?? []), message]);
  res.writeHead(200).end(JSON.stringify(message));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

function service(start: string) {
  const rest = new REST({ version: '10', api: apiUrl, retries: 0, timeout: 5_000 }).setToken('test-token');
  const clock = new TestClock(start);
  return { clock, daily: createDailyService({ databaseUrl: ':memory:', rest, buildPost, clock }) };
}

describe('daily post through @discordjs/rest', () => {
  it('POSTs /channels/{id}/messages with the daily nonce and enforce_nonce, a body Discord accepts', async () => {
    const { clock, daily } = service('2026-06-01T08:00:00Z');
    await daily.set(G, { channelId: '500', time: '09:00', timezone: 'UTC' });
    requests.length = 0;
    const r = await daily.tick(clock.set('2026-06-01T09:00:00Z'));
    expect(r.posted).toBe(1);
    expect(requests).toHaveLength(1);
    const req = requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/api/v10/channels/500/messages');
    expect(req?.auth).toBe('Bot test-token');
    expect(req?.body.nonce).toBe(dailyNonce(G, '2026-06-01'));
    expect(String(req?.body.nonce).length).toBeLessThanOrEqual(25);
    expect(req?.body.enforce_nonce).toBe(true);
    expect(req?.body.allowed_mentions).toEqual({ parse: [] });
    expect(checkCreateMessage(req?.body)).toEqual([]);
    const ledger = await daily.store.getLedger(G, '2026-06-01');
    expect(ledger?.status).toBe('posted');
    expect(ledger?.messageId).toMatch(/^\d+$/);
    await daily.close();
  });

  it.each([
    [403, 50001, 'Missing Access', 'permanent'],
    [403, 50013, 'Missing Permissions', 'permanent'],
    [404, 10003, 'Unknown Channel', 'permanent'],
    [400, 50035, 'Invalid Form Body', 'rejected'],
  ])('HTTP %i with code %i is recorded as %s (%s)', async (status, code, message, kind) => {
    const channel = String(600 + (code % 97));
    failures.set(channel, [status, { code, message }]);
    const { clock, daily } = service('2026-06-01T08:00:00Z');
    await daily.set(G, { channelId: channel, time: '09:00', timezone: 'UTC' });
    await daily.tick(clock.set('2026-06-01T09:00:00Z'));
    const sub = await daily.get(G);
    expect(sub?.lastResult).toBe('failed');
    expect(sub?.lastError).toMatchObject({ kind, code: String(code) });
    expect(sub?.consecutiveFailures).toBe(kind === 'permanent' ? 1 : 0);
    failures.delete(channel);
    await daily.close();
  });

  it('a 5xx is transient: retried a minute later and then posted once', async () => {
    failures.set('700', [503, { message: 'upstream', code: 0 }]);
    const { clock, daily } = service('2026-06-01T08:00:00Z');
    await daily.set(G, { channelId: '700', time: '09:00', timezone: 'UTC' });
    await daily.tick(clock.set('2026-06-01T09:00:00Z'));
    expect((await daily.get(G))?.lastResult).toBe('retrying');
    expect((await daily.get(G))?.lastError?.kind).toBe('transient');
    failures.delete('700');
    requests.length = 0;
    await daily.tick(clock.set('2026-06-01T09:01:00Z'));
    // A re-send first looks in the channel for the post (the bot's latest messages), then posts once.
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v10/users/%40me',
      'GET /api/v10/channels/700/messages?limit=100',
      'POST /api/v10/channels/700/messages',
    ]);
    expect(requests[2]?.body.nonce).toBe(dailyNonce(G, '2026-06-01'));
    expect((await daily.get(G))?.lastResult).toBe('posted');
    await daily.close();
  });

  it('an unreachable API is a transient network error', async () => {
    const rest = new REST({ version: '10', api: 'http://127.0.0.1:9/api', retries: 0, timeout: 2_000 }).setToken('t');
    const clock = new TestClock('2026-06-01T08:00:00Z');
    const daily = createDailyService({ databaseUrl: ':memory:', rest, buildPost, clock });
    await daily.set(G, { channelId: '800', time: '09:00', timezone: 'UTC' });
    await daily.tick(clock.set('2026-06-01T09:00:00Z'));
    expect((await daily.get(G))?.lastError).toMatchObject({ kind: 'transient' });
    expect((await daily.get(G))?.lastResult).toBe('retrying');
    await daily.close();
  });
});
