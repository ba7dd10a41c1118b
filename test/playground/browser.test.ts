// The playground page in a real browser: Debian's Chromium, headless, driven by puppeteer-core. One browser for the
// file, a fresh page per case; each case saves a screenshot under test-artifacts/playground/ (git-ignored) so a person
// can look at what the test saw. Every page is checked for console errors, page errors, failed requests and any
// request that leaves the playground (the page must load nothing from the internet).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/start.js';
import { projectRoot } from '../../src/util/project-root.js';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  process.env.PUPPETEER_EXECUTABLE_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => typeof p === 'string' && p !== '');
const chromium = CANDIDATES.find((p) => existsSync(p));
if (!chromium) {
  console.warn(
    'Playground browser tests SKIPPED: no Chromium found (looked for /usr/bin/chromium and CHROMIUM_PATH). ' +
      'Install it with `apt-get install chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chrome/Chromium binary.',
  );
}

// The few DOM shapes the in-page callbacks use (the project compiles without the DOM library; these declarations
// are local to this module).
interface PageNode {
  nodeType: number;
  textContent: string | null;
  shadowRoot?: PageNode | null;
  childNodes: ArrayLike<PageNode>;
}
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<PageNode>;
  querySelector(selector: string): PageNode | null;
}
declare const document: PageDocument;

const ARTIFACTS = join(projectRoot(), 'test-artifacts', 'playground');

describe.skipIf(!chromium)('playground page in Chromium', { timeout: 60_000 }, () => {
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const puppeteer = (await import('puppeteer-core')).default;
    [playground, browser] = await Promise.all([
      startPlayground({ logger: createLogger({ level: 'silent' }), port: 0, startScheduler: false }),
      puppeteer.launch({
        executablePath: chromium,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
      }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.close();
  });

  async function open(path = '/'): Promise<Page> {
    page = await browser.newPage();
    problems = [];
    page.setDefaultTimeout(15_000);
    await page.setViewport({ width: 1200, height: 900 });
    await page.emulateTimezone('Europe/London');
    const origin = new URL(playground.url).origin;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        problems.push(`request outside the playground: ${url}`);
      }
    });
    await page.goto(`${playground.url}${path}`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready]');
    expect(await page.$eval('body', (b) => b.dataset.ready)).toBe('true');
    return page;
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  /** Text of the newest bot message in the shown channel, shadow DOM of the web components included. */
  async function lastBotMessageText(): Promise<string> {
    return page.$$eval('discord-messages:not([hidden]) discord-message.bot-message', (nodes) => {
      const text = (n: PageNode): string => {
        let s = '';
        if (n.nodeType === 3) return n.textContent ?? '';
        if (n.shadowRoot) s += text(n.shadowRoot);
        for (const c of Array.from(n.childNodes)) s += text(c);
        return s;
      };
      const last = nodes.at(-1);
      return last ? text(last as unknown as PageNode).replace(/\s+/g, ' ') : '';
    });
  }

  async function typeInBox(text: string): Promise<void> {
    await page.focus('#input');
    await page.keyboard.type(text);
  }

  async function suggestionLabels(): Promise<string[]> {
    return page.$$eval('#suggestions:not([hidden]) .suggestion-label', (n) => n.map((x) => x.textContent ?? ''));
  }

  async function botMessageCount(): Promise<number> {
    return page.$$eval('discord-messages:not([hidden]) discord-message.bot-message', (n) => n.length);
  }

  afterEach(async () => {
    const seen = problems;
    await page?.close();
    expect(seen, 'console errors, failed requests or requests to the internet').toEqual([]);
  });

  it('completes /aesc plant from the definitions, suggests plants from the real autocomplete, sends, renders the card', async () => {
    await open();
    await typeInBox('/aesc pl');
    await page.waitForFunction(() => document.querySelectorAll('#suggestions .suggestion').length > 0);
    expect(await suggestionLabels()).toEqual(expect.arrayContaining(['/aesc plant', '/aesc plants']));
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await typeInBox('plant ');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#suggestions .suggestion-label')).some((n) => n.textContent === 'name:'),
    );
    await page.keyboard.press('Enter'); // completes the option name
    expect(await page.$eval('#input', (i) => (i as unknown as { value: string }).value)).toBe('/aesc plant name:');
    await typeInBox('sund');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#suggestions .suggestion-label')).some((n) =>
        /Sunderland plant/.test(n.textContent ?? ''),
      ),
    );
    await shot('autocomplete-suggestions');
    const labels = await suggestionLabels();
    const index = labels.findIndex((l) => /^Sunderland plant/.test(l));
    const rows = await page.$$('#suggestions .suggestion');
    await rows[index]?.click();
    const line = await page.$eval('#input', (i) => (i as unknown as { value: string }).value);
    expect(line).toMatch(/^\/aesc plant name:\S+ $/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('discord-message.bot-message').length > 0);
    const text = await lastBotMessageText();
    expect(text).toContain('Sunderland plant');
    expect(text).toContain('You used');
    await shot('plant-sunderland');
  });

  it('clicks through the history pages: the message updates in place', async () => {
    await open();
    await typeInBox('/aesc history');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('discord-message.bot-message').length === 1);
    const first = await lastBotMessageText();
    expect(first).toContain('AESC history');
    await shot('history-page-1');
    // The pager's buttons come from the real handler; pick the first enabled one that is not the current page.
    const clickNext = async () => {
      const buttons = await page.$$('discord-message.bot-message discord-button:not([disabled])');
      for (const b of buttons) {
        const label = await b.evaluate((n) => n.textContent ?? '');
        if (/next|older|›|→|▶/i.test(label)) {
          await b.click();
          return label;
        }
      }
      throw new Error('no Next button on the history message');
    };
    const before = await page.$eval('discord-message.bot-message', (n) => n.textContent ?? '');
    await clickNext();
    await page.waitForFunction(
      (previous) => {
        const msgs = document.querySelectorAll('discord-message.bot-message');
        return msgs.length === 1 && (msgs[0]?.textContent ?? '') !== previous;
      },
      {},
      before,
    );
    const second = await lastBotMessageText();
    expect(await botMessageCount()).toBe(1);
    expect(second).not.toBe(first);
    await shot('history-page-2');
  });

  it('a select menu sends the chosen value through the real handler and the message updates in place', async () => {
    await open(`/?run=${encodeURIComponent('/aesc history')}`);
    const before = await lastBotMessageText();
    await page.click('discord-message.bot-message discord-string-select-menu');
    const options = await page.$$('discord-message.bot-message discord-string-select-menu-option');
    const values = await Promise.all(
      options.map((o) => o.evaluate((n) => (n as unknown as { dataset: { value?: string } }).dataset.value)),
    );
    const year = values.findIndex((v) => /^\d{4}$/.test(v ?? ''));
    expect(year).toBeGreaterThanOrEqual(0);
    const previous = await page.$eval('discord-message.bot-message', (n) => n.textContent ?? '');
    await options[year]?.click();
    await page.waitForFunction(
      (was) => {
        const msgs = document.querySelectorAll('discord-message.bot-message');
        return msgs.length === 1 && (msgs[0]?.textContent ?? '') !== was;
      },
      {},
      previous,
    );
    const after = await lastBotMessageText();
    expect(after).not.toBe(before);
    expect(after).toContain(values[year]);
    await shot('history-select-year');
  });

  it("sends the locale chosen on the page and shows <t:> times in the viewer's zone", async () => {
    await open();
    const bodies: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/interactions')) bodies.push(r.postData() ?? '');
    });
    await page.select('#locale', 'ja');
    await typeInBox('/aesc-daily set channel:#history time:09:00 timezone:Europe/London');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('discord-message.bot-message').length > 0);
    const sent = JSON.parse(bodies.at(-1) ?? '{}') as { locale?: string; type?: number };
    expect(sent).toMatchObject({ type: 2, locale: 'ja' });
    // The browser runs in Europe/London (emulated): the 09:00 London post time shows as 9 o'clock, in Japanese.
    const times = await page.$$eval('discord-message.bot-message discord-time', (n) =>
      n.map((x) => x.textContent ?? ''),
    );
    expect(times.join(' ')).toMatch(/9:00/);
    expect(times.join(' ')).toMatch(/年|月|日/);
    await shot('locale-ja');
  });

  it('/aesc-daily set in the sandbox server, then Post now shows the post as sent', async () => {
    await open();
    await typeInBox('/aesc-daily set channel:#history time:09:00 timezone:Europe/London');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('discord-message.bot-message').length > 0);
    const answer = await lastBotMessageText();
    expect(answer).toMatch(/daily post is \*{0,2}on/i);
    expect(answer).toContain('Only you can see this');
    await shot('daily-set');
    await page.$eval('#daily-date', (i) => {
      (i as unknown as { value: string }).value = '2027-08-01';
    });
    await page.click('#post-now');
    await page.waitForFunction(
      () => document.querySelector('.channel.selected')?.textContent?.includes('history') === true,
    );
    await page.waitForFunction(
      () => document.querySelectorAll('discord-messages:not([hidden]) discord-message').length > 0,
    );
    const post = await lastBotMessageText();
    expect(post.length).toBeGreaterThan(20);
    expect(playground.sink.messages().length).toBe(1);
    await shot('daily-post-now');
  });

  it('/aesc-daily import file: attaches a file with the picker, the real handler downloads it, Confirm applies it', async () => {
    const post = (body: unknown) =>
      fetch(`${playground.url}/api/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ files: { name: string; base64: string }[] }>);
    const daily = (sub: string, options: unknown[] = []) =>
      post({ type: 2, data: { name: 'aesc-daily', options: [{ type: 1, name: sub, options }] } });
    await daily('set', [
      { type: 7, name: 'channel', value: '1300000000000000011' },
      { type: 3, name: 'time', value: '06:45' },
    ]);
    const exported = (await daily('export')).files[0];
    if (!exported) throw new Error('/aesc-daily export sent no file');
    const path = join(ARTIFACTS, exported.name);
    writeFileSync(path, Buffer.from(exported.base64, 'base64'));
    await daily('set', [
      { type: 7, name: 'channel', value: '1300000000000000012' },
      { type: 3, name: 'time', value: '10:00' },
    ]);

    await open();
    await typeInBox('/aesc-daily import ');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#suggestions .suggestion-label')).some((n) => n.textContent === 'file:'),
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#suggestions .suggestion-label')).some((n) =>
        /Choose a file/.test(n.textContent ?? ''),
      ),
    );
    const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('#suggestions .suggestion')]);
    await chooser.accept([path]);
    await page.waitForFunction(
      (name) =>
        (document.querySelector('#input') as unknown as { value: string } | null)?.value.includes(name) === true,
      {},
      exported.name,
    );
    await page.keyboard.press('Enter');
    // The handler downloads the file first: wait for its answer in the shown channel, not for any bot message.
    const deadline = Date.now() + 10_000;
    let preview = '';
    while (Date.now() < deadline) {
      preview = await lastBotMessageText();
      if (/06:45|could not read/.test(preview)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(preview).not.toMatch(/could not read the attached file/);
    expect(preview).toMatch(/06:45/);
    await shot('daily-import-preview');
    const confirm = (await page.$$('discord-message.bot-message discord-button:not([disabled])')).at(0);
    expect(await confirm?.evaluate((n) => n.textContent ?? '')).toMatch(/Confirm/);
    const before = await page.$eval('discord-message.bot-message', (n) => n.textContent ?? '');
    await confirm?.click();
    await page.waitForFunction(
      (was) => (document.querySelector('discord-message.bot-message')?.textContent ?? '') !== was,
      {},
      before,
    );
    await shot('daily-import-confirmed');
    const status = await daily('status');
    expect(JSON.stringify(status)).toMatch(/06:45/);
  });

  it('opens a ?run= link with the command already run', async () => {
    await open(`/?run=${encodeURIComponent('/aesc plant name:Sunderland')}`);
    expect(await botMessageCount()).toBe(1);
    expect(await lastBotMessageText()).toContain('Sunderland plant');
    await shot('run-link');
  });

  it('shows a clear error for a bad command line and sends nothing', async () => {
    await open();
    const before = playground.sink.messages().length;
    await typeInBox('/aesc nope');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.playground-error');
    const error = await page.$eval('.playground-error', (n) => n.textContent ?? '');
    expect(error).toContain('/aesc has no subcommand "nope"');
    expect(await botMessageCount()).toBe(0);
    expect(playground.sink.messages().length).toBe(before);
    await shot('bad-command');
  });
});
