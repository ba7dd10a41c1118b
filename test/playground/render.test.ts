// biome-ignore-all lint/suspicious/noExplicitAny: the in-page callbacks read the DOM without the DOM library types
// The page's renderer (src/playground/public/render.js) in Chromium, on payloads no command sends yet: a Components V2
// card with every kind of component the playground draws itself (container with accent, section with thumbnail and
// with button accessory, text display with markdown, separator, media gallery, file, action row with a select), and
// a classic message with an embed whose image is an attachment. The images are real PNGs (rendered with resvg) sent
// the way the API returns files; the test checks that the browser decoded them.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/project-root.js';

const chromium = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
if (!chromium) {
  console.warn(
    'Playground render tests SKIPPED: no Chromium found. Install it with `apt-get install chromium` or set CHROMIUM_PATH.',
  );
}

const root = projectRoot();
const ARTIFACTS = join(root, 'test-artifacts', 'playground');

function png(width: number, height: number, fill: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${fill}"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#fff"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng()).toString('base64');
}

const FILES = [
  { name: 'chart.png', contentType: 'image/png', base64: png(480, 240, '#1d6fb8') },
  { name: 'map.png', contentType: 'image/png', base64: png(480, 240, '#2d7d46') },
  { name: 'thumb.png', contentType: 'image/png', base64: png(96, 96, '#b8451d') },
  { name: 'data.csv', contentType: 'text/csv', base64: Buffer.from('year,events\n2018,3\n').toString('base64') },
];

const V2_CARD = {
  flags: 1 << 15,
  attachments: FILES.map((f, i) => ({ id: i, filename: f.name })),
  components: [
    {
      type: 17,
      accent_color: 0xe67e22,
      components: [
        {
          type: 9,
          components: [{ type: 10, content: '## Smyrna plant\n**Status:** Operating · *as the sources state it*' }],
          accessory: { type: 11, media: { url: 'attachment://thumb.png' }, description: 'A thumbnail' },
        },
        { type: 14, divider: true, spacing: 1 },
        { type: 10, content: '- first point\n- second point\n-# small print with `code`' },
        {
          type: 12,
          items: [
            { media: { url: 'attachment://chart.png' }, description: 'Capacity chart' },
            { media: { url: 'attachment://map.png' }, description: 'Sites map' },
          ],
        },
        {
          type: 9,
          components: [{ type: 10, content: 'Read the full history' }],
          accessory: { type: 2, style: 1, label: 'History', custom_id: 'aesc:history:0' },
        },
        { type: 13, file: { url: 'attachment://data.csv' } },
        { type: 14, divider: false, spacing: 2 },
        {
          type: 1,
          components: [
            {
              type: 3,
              custom_id: 'aesc:pick',
              placeholder: 'Pick a plant',
              options: [
                { label: 'Smyrna plant', value: 'smyrna' },
                { label: 'Sunderland plant', value: 'sunderland' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const EMBED_MESSAGE = {
  flags: 64,
  content: 'Quote: > not a quote mid-line, <t:1700000000:D>',
  attachments: [{ id: 0, filename: 'chart.png' }],
  embeds: [
    {
      title: 'Capacity',
      color: 0x1d6fb8,
      description: '> quoted line\n[a link](https://example.com) and ~~struck~~ text',
      fields: [
        { name: 'Now', value: '3 GW', inline: true },
        { name: 'Source', value: '*Flor interview*', inline: true },
      ],
      image: { url: 'attachment://chart.png' },
      footer: { text: 'AESC bot' },
    },
  ],
  components: [{ type: 1, components: [{ type: 2, style: 5, label: 'Wikipedia', url: 'https://en.wikipedia.org/' }] }],
};

describe.skipIf(!chromium)('the page renderer on every component kind', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const [{ default: puppeteer }, esbuild] = await Promise.all([import('puppeteer-core'), import('esbuild')]);
    const bundle = await esbuild.build({
      stdin: {
        contents: [
          "import './src/playground/public/config.js';",
          "import '@skyra/discord-components-core';",
          "import { renderMessage } from './src/playground/public/render.js';",
          'globalThis.renderMessage = renderMessage;',
        ].join('\n'),
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 900, height: 1400 });
    page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    // The renderer formats <t:> in the browser's zone (the page's own setting): pin it.
    await page.emulateTimezone('Asia/Tokyo');
    await page.setContent(
      '<!doctype html><html><body style="margin:0;padding-top:24px"><discord-messages id="log"></discord-messages></body></html>',
    );
    await page.addStyleTag({ path: join(root, 'src', 'playground', 'public', 'style.css') });
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '', type: 'module' });
    await page.waitForFunction(
      () => typeof (globalThis as unknown as { renderMessage?: unknown }).renderMessage === 'function',
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function render(data: unknown): Promise<void> {
    await page.evaluate(
      (payload, files) => {
        const g = globalThis as unknown as {
          renderMessage: (rec: unknown, ctx: unknown) => unknown;
          document: { getElementById(id: string): { append(n: unknown): void } };
          clicked: unknown[];
        };
        g.clicked = [];
        const urls = new Map(files.map((f) => [f.name, `data:${f.contentType};base64,${f.base64}`]));
        const types = new Map(files.map((f) => [f.name, f.contentType]));
        const node = g.renderMessage(
          { key: 'k', data: payload, files: urls, fileTypes: types, command: '/aesc plant', timestamp: new Date() },
          {
            onComponent: (_rec: unknown, d: unknown) => g.clicked.push(d),
            onDismiss: () => undefined,
            channelName: () => 'general',
            selectOptions: () => [],
            locale: 'en-GB',
            timeZone: 'Asia/Tokyo',
          },
        );
        g.document.getElementById('log').append(node);
      },
      data,
      FILES,
    );
    // Let lit render and the images decode.
    await page.waitForFunction(() =>
      Array.from(
        (globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean }> } }).document.images,
      ).every((i) => i.complete),
    );
  }

  it('draws a Components V2 card: container accent, sections, thumbnail, gallery, separator, file, select', async () => {
    await render(V2_CARD);
    const facts = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: any }).document;
      const img = (sel: string) => Array.from(d.querySelectorAll(sel)).map((i: any) => [i.naturalWidth, i.alt]);
      return {
        accent: d.querySelector('.cv2-container')?.style.borderLeftColor,
        thumbnail: img('.cv2-section-accessory img.cv2-thumbnail'),
        gallery: img('.cv2-gallery img'),
        gallery2: d.querySelector('.cv2-gallery')?.classList.contains('cv2-gallery-2'),
        divider: d.querySelectorAll('.cv2-separator.cv2-divider').length,
        spacer: d.querySelectorAll('.cv2-separator.cv2-large:not(.cv2-divider)').length,
        heading: d.querySelector('.cv2-text discord-header')?.textContent,
        bold: d.querySelector('.cv2-text strong')?.textContent,
        list: Array.from(d.querySelectorAll('.cv2-text discord-list-item')).map((n: any) => n.textContent),
        subtext: d.querySelector('.cv2-text discord-subscript')?.textContent,
        button: d.querySelector('.cv2-section-accessory discord-button')?.textContent,
        file: d.querySelector('discord-file-attachment')?.getAttribute('name'),
        fileHref: d.querySelector('discord-file-attachment')?.getAttribute('href')?.slice(0, 14),
        select: d.querySelector('discord-string-select-menu')?.getAttribute('placeholder'),
        options: d.querySelectorAll('discord-string-select-menu-option').length,
      };
    });
    expect(facts).toEqual({
      accent: 'rgb(230, 126, 34)',
      thumbnail: [[96, 'A thumbnail']],
      gallery: [
        [480, 'Capacity chart'],
        [480, 'Sites map'],
      ],
      gallery2: true,
      divider: 1,
      spacer: 1,
      heading: 'Smyrna plant',
      bold: 'Status:',
      list: ['first point', 'second point'],
      subtext: 'small print with code',
      button: 'History',
      file: 'data.csv',
      fileHref: 'data:text/csv;',
      select: 'Pick a plant',
      options: 2,
    });
    // Components are live: the accessory button and a select option call back with the interaction data.
    await page.click('.cv2-section-accessory discord-button');
    await page.click('discord-string-select-menu');
    const options = await page.$$('discord-string-select-menu-option');
    await options[1]?.click();
    expect(await page.evaluate(() => (globalThis as unknown as { clicked: unknown[] }).clicked)).toEqual([
      { custom_id: 'aesc:history:0', component_type: 2 },
      { custom_id: 'aesc:pick', component_type: 3, values: ['sunderland'] },
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'render-components-v2.png'), fullPage: true });
  });

  it('draws an embed with an attachment image, markdown, a link button, an ephemeral mark and a timestamp', async () => {
    await render(EMBED_MESSAGE);
    await page.waitForFunction(() => {
      const embeds = (globalThis as unknown as { document: any }).document.querySelectorAll('discord-embed');
      const img = embeds[embeds.length - 1]?.shadowRoot?.querySelector('img');
      return img?.complete === true && img.naturalWidth > 0;
    });
    const facts = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: any }).document;
      const msg = Array.from(d.querySelectorAll('discord-message')).at(-1) as any;
      const embed = msg.querySelector('discord-embed');
      const shadowImages = Array.from(embed.shadowRoot.querySelectorAll('img')).map((i: any) => i.naturalWidth);
      return {
        ephemeral: msg.hasAttribute('ephemeral'),
        ephemeralText: msg.shadowRoot.textContent.includes('Only you can see this'),
        title: embed.getAttribute('embed-title'),
        color: embed.getAttribute('color'),
        imageDecoded: shadowImages.some((w: number) => w === 480),
        quote: embed.querySelector('discord-quote')?.textContent,
        link: embed.querySelector('discord-link')?.getAttribute('href'),
        struck: embed.querySelector('s')?.textContent,
        fields: Array.from(embed.querySelectorAll('discord-embed-field')).map((f: any) =>
          f.getAttribute('field-title'),
        ),
        time: msg.querySelector(':scope > discord-time')?.textContent,
        linkButton: msg.querySelector('discord-button')?.getAttribute('url'),
        commandHeader: msg.querySelector('discord-command')?.getAttribute('command'),
        looseAttachments: msg.querySelectorAll('discord-image-attachment').length,
      };
    });
    expect(facts).toEqual({
      ephemeral: true,
      ephemeralText: true,
      title: 'Capacity',
      color: '#1d6fb8',
      imageDecoded: true,
      quote: 'quoted line',
      link: 'https://example.com/',
      struck: 'struck',
      fields: ['Now', 'Source'],
      // 1700000000 is 2023-11-14 22:13 UTC: already 15 November in Tokyo, the browser's zone here.
      time: 'November 15, 2023',
      linkButton: 'https://en.wikipedia.org/',
      commandHeader: '/aesc plant',
      looseAttachments: 0,
    });
    await page.screenshot({ path: join(ARTIFACTS, 'render-embed.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
