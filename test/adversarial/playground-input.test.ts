// Adversarial QA through the playground's JSON API (`POST /api/interactions`, the real core and handlers behind it):
// hostile option values, forged components and odd fields a page (or anything else on 127.0.0.1) can send, then a
// burst of concurrent bad requests. Each answer is a clear 4xx naming the field, or the bot's own ephemeral notice;
// nothing is a 5xx, nothing is logged above warn, and the server stays healthy.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/core/dispatcher.js';
import { createLogger } from '../../src/log.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/start.js';
import { visibleText } from '../../src/present/cv2.js';

let pg: RunningPlayground;
const lines: string[] = [];

beforeAll(async () => {
  pg = await startPlayground({
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } }),
    port: 0,
    startScheduler: false,
  });
});
afterAll(async () => {
  await pg?.close();
});
afterEach(() => {
  expect(lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level > 40)).toEqual([]);
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON is read loosely
  json: any;
}

async function post(body: unknown, raw?: string): Promise<Answer> {
  const res = await fetch(`${pg.url}/api/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json };
}

const command = (name: string, sub: string, options: unknown[] = []) => ({
  type: 2,
  data: { name, options: [{ type: 1, name: sub, options }] },
});

describe('hostile values through the JSON API', () => {
  it('hostile option values get the bot’s own specific, escaped, ephemeral notice', async () => {
    const cases: [unknown, RegExp][] = [
      [command('aesc', 'plant', [{ type: 3, name: 'name', value: 'x'.repeat(6_000) }]), /6000 characters long/],
      [command('aesc', 'plant', [{ type: 3, name: 'name', value: '@everyone <@&1> `x`' }]), /No site matches/],
      [command('aesc', 'search', [{ type: 3, name: 'query', value: '\u200b\u200b' }]), /Nothing to search for/],
      [command('aesc', 'history', [{ type: 4, name: 'year', value: 'MMXVIII' }]), /must be a whole number/],
      [command('aesc-daily', 'set', [{ type: 3, name: 'time', value: '25:99' }]), /Nothing was changed/],
      [command('aesc-daily', 'import', []), /Nothing was changed: The option `file` is required/],
    ];
    for (const [body, pattern] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(200);
      const data = res.json.response.data;
      const text = visibleText(data);
      expect(text).toMatch(pattern);
      expect(text).not.toContain(MESSAGES.failed);
      expect(data.flags & 64).toBe(64);
      expect(data.allowed_mentions).toEqual({ parse: [] });
      expect(text).not.toMatch(/(^|[^\\])@everyone/);
    }
  });

  it('fields of the wrong shape are refused with 400 naming the field, never a 5xx', async () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 2, data: { name: 'aesc', options: { a: 1 } } }, /data\.options/],
      [command('aesc', 'plant', 'x' as unknown as unknown[]), /data\.options\[0\]\.options/],
      [{ ...command('aesc', 'fact'), locale: 'x'.repeat(6_000) }, /locale/],
      [{ type: 3, data: { custom_id: `aesc:${'x'.repeat(6_000)}`, component_type: 2 } }, /custom_id/],
      [
        { type: 3, data: { custom_id: 'aesc:plant:jump:1', component_type: 3, values: Array(1_000).fill('a') } },
        /values/,
      ],
      [{ type: 3, data: { custom_id: 'aesc:go:plants:1', component_type: 2 }, message: { id: 'abc' } }, /message\.id/],
      [command('aesc-daily', 'set', [{ type: 7, name: 'channel', value: 'general' }]), /not a channel of the sandbox/],
      [command('aesc-daily', 'import', [{ type: 11, name: 'file', value: '1' }]), /not a file uploaded/],
    ];
    for (const [body, pattern] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.json)).toMatch(pattern);
    }
    // JSON nested 100,000 deep is refused, not a stack overflow.
    expect((await post(null, `${'['.repeat(100_000)}${']'.repeat(100_000)}`)).status).toBe(400);
  });

  it('200 concurrent bad requests: each refused, the server still healthy and answering', async () => {
    const bad = [
      () => post(null, '{"type":2,'),
      () => post({ type: 9 }),
      () => post([1, 2]),
      () => post({ type: 2, data: {} }),
    ];
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (bad[i % bad.length] as () => Promise<Answer>)().then((r) => r.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([400]));
    const health = await fetch(`${pg.url}/healthz`);
    expect(health.status).toBe(200);
    const ok = await post(command('aesc', 'plant', [{ type: 3, name: 'name', value: 'Sunderland' }]));
    expect(visibleText(ok.json.response.data)).toContain('Sunderland plant');
  });
});
