// Benchmark of the playground (issue 10).
//   npx tsx bench/playground.ts
// - Round trip of `/aesc plant name:Sunderland` through `POST /api/interactions` (HTTP, JSON, zod check, the core
//   dispatcher, the handler, limits, the recording responder), 1,000 sequential after a warm-up; side by side in the
//   same run with (a) a floor: a bare node:http server answering the same JSON body as a constant, and (b) the same
//   interaction through the core in process, without HTTP.
// - The page's first load in headless Chromium (a fresh browser context, no cache): bytes transferred, requests,
//   requests that left the machine (must be 0), time to the page being usable (commands loaded, message box ready)
//   and to the first reply rendered (a `?run=` link); beside it, the browser's floor: loading a tiny page from the
//   same server. Skipped with a message when no Chromium is installed. Target: usable in under 1 s.
import { existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { APIInteraction } from 'discord-api-types/v10';
import { createLogger } from '../src/log.js';
import { completeInteraction } from '../src/playground/interaction.js';
import { type RunningPlayground, startPlayground } from '../src/playground/start.js';

const PLANT = {
  type: 2,
  data: {
    name: 'aesc',
    options: [{ type: 1, name: 'plant', options: [{ type: 3, name: 'name', value: 'Sunderland' }] }],
  },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(samples: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** One POST over a kept-alive connection; resolves with the body. */
function postJson(url: string, body: string, agent: import('node:http').Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Buffer.concat(chunks).toString('utf8'))
          : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function timeIt(n: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 50; i++) await run();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    out.push(performance.now() - t);
  }
  return out;
}

async function roundTrips(pg: RunningPlayground, n: number): Promise<string[]> {
  const { Agent } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify(PLANT);
  const api = `${pg.url}/api/interactions`;
  const answer = await postJson(api, body, agent);
  if (!answer.includes('Sunderland plant'))
    throw new Error('bench: /aesc plant did not answer with the Sunderland card');

  // (a) the floor: the same request and the same answer bytes, with nothing in between.
  const floor = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => floor.listen(0, '127.0.0.1', () => r()));
  const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;

  // (b) the same work without HTTP: completing, dispatching and recording in process.
  const { createDispatcher } = await import('../src/core/dispatcher.js');
  const { recordingResponder } = await import('../src/core/responder.js');
  const { createCommands } = await import('../src/commands/index.js');
  const { loadFactStore } = await import('../src/facts/load.js');
  const { systemClock } = await import('../src/core/clock.js');
  const dispatch = createDispatcher({
    commands: createCommands({ store: loadFactStore(), clock: systemClock }),
    logger: createLogger({ level: 'silent' }),
  });
  const inProcess = async () => {
    const interaction: APIInteraction = completeInteraction(JSON.parse(body));
    const responder = recordingResponder();
    await dispatch(interaction, responder);
    JSON.stringify({ response: responder.response });
  };

  const ours = summary(await timeIt(n, () => postJson(api, body, agent)));
  const bare = summary(await timeIt(n, () => postJson(floorUrl, body, agent)));
  const core = summary(await timeIt(n, inProcess));
  agent.destroy();
  await new Promise<void>((r) => floor.close(() => r()));
  return [
    `/aesc plant round trip, ${n} sequential (answer ${answer.length} bytes of JSON):`,
    `  POST /api/interactions        p50 ${fmt(ours.p50)}  p99 ${fmt(ours.p99)}  mean ${fmt(ours.mean)}`,
    `  floor: node:http constant     p50 ${fmt(bare.p50)}  p99 ${fmt(bare.p99)}  mean ${fmt(bare.mean)}`,
    `  same work in process, no HTTP p50 ${fmt(core.p50)}  p99 ${fmt(core.p99)}  mean ${fmt(core.mean)}`,
  ];
}

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => typeof p === 'string' && existsSync(p),
);

interface Load {
  bytes: number;
  requests: number;
  external: number;
  usableMs: number;
  replyMs: number | null;
}

async function pageLoads(pg: RunningPlayground, runs: number): Promise<string[]> {
  if (!CHROMIUM) return ['page load: SKIPPED, no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)'];
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const origin = new URL(pg.url).origin;
  const load = async (path: string, until: string | null): Promise<Load> => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let bytes = 0;
    let requests = 0;
    let external = 0;
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
    });
    cdp.on('Network.requestWillBeSent', (e) => {
      requests++;
      // data: and blob: URLs are made in the page (avatars, the files the bot sent).
      if (!/^(data:|blob:)/.test(e.request.url) && !e.request.url.startsWith(origin)) external++;
    });
    const t0 = performance.now();
    await page.goto(`${pg.url}${path}`, { waitUntil: 'domcontentloaded' });
    let usableMs = performance.now() - t0;
    let replyMs: number | null = null;
    if (until) {
      await page.waitForSelector('body[data-ready]', { timeout: 10_000 });
      // `data-ready` is set once the ?run= command has answered; usable is when the box got the commands.
      // Both measured in the page, from navigation start.
      const marks = await page.evaluate(() => {
        const g = globalThis as unknown as { __playgroundUsableAt?: number; __playgroundReplyAt?: number };
        return [g.__playgroundUsableAt ?? Number.NaN, g.__playgroundReplyAt ?? Number.NaN];
      });
      usableMs = marks[0] ?? Number.NaN;
      replyMs = marks[1] ?? Number.NaN;
      const rendered = await page.$$eval('discord-message.bot-message', (n) => n.length);
      if (until === 'reply' && rendered !== 1) throw new Error('bench: the ?run= reply did not render');
    }
    await context.close();
    return { bytes, requests, external, usableMs, replyMs };
  };
  const floor: Load[] = [];
  const ours: Load[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(await load('/healthz', null));
    ours.push(await load(`/?run=${encodeURIComponent('/aesc plant name:Sunderland')}`, 'reply'));
  }
  await browser.close();
  const med = (xs: number[]) => summary(xs).p50;
  const first = ours[0] as Load;
  return [
    `page first load in headless Chromium, no cache, median of ${runs}:`,
    `  playground ?run=/aesc plant   usable ${fmt(med(ours.map((l) => l.usableMs)))}  first reply rendered ${fmt(med(ours.map((l) => l.replyMs ?? Number.NaN)))}  ${(first.bytes / 1024).toFixed(1)} KiB in ${first.requests} requests, ${first.external} from outside the playground`,
    `  floor: a tiny page (healthz)  loaded ${fmt(med(floor.map((l) => l.usableMs)))}  ${((floor[0]?.bytes ?? 0) / 1024).toFixed(1)} KiB`,
    `  target: usable < 1000 ms -> ${med(ours.map((l) => l.usableMs)) < 1000 ? 'met' : 'NOT met'}`,
  ];
}

export async function runPlaygroundBench(): Promise<string[]> {
  const pg = await startPlayground({ logger: createLogger({ level: 'silent' }), port: 0, startScheduler: false });
  try {
    return [...(await roundTrips(pg, 1000)), ...(await pageLoads(pg, 5))];
  } finally {
    await pg.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runPlaygroundBench()) console.log(line);
}
