// Font lookup: explicit files, Latin first, a CJK font only for text that needs one; a clear message naming the
// package to install when a font is missing; Japanese pictures drawn with real glyphs when the font is there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFonts, fontCatalog, fontsFor, missingFontMessage } from '../../src/render/fonts.js';
import { capacityChart, clearPictureCache } from '../../src/render/index.js';
import { svgToPng } from '../../src/render/png.js';
import { svgDocument, text } from '../../src/render/svg.js';
import { projectRoot } from '../../src/util/project-root.js';
import { fixturePlants } from './cases.js';
import { decodePng, inkIn } from './png-diff.js';

const catalog = fontCatalog();

describe('font lookup', () => {
  it('finds nothing in an empty folder and says what to install', () => {
    const empty = findFonts([mkdtempSync(join(tmpdir(), 'aesc-fonts-'))]);
    expect(empty.latin).toBeNull();
    expect(empty.cjk).toBeNull();
    expect(fontsFor('Sunderland', empty)).toBeNull();
    expect(fontsFor('座間', empty)).toBeNull();
    const message = missingFontMessage(empty);
    expect(message).toContain('fonts-dejavu-core');
    expect(message).toContain('fonts-ipaexfont-gothic');
  });

  it('ignores folders that do not exist', () => {
    expect(findFonts(['/nonexistent/aesc-fonts']).latin).toBeNull();
  });

  it.skipIf(catalog.latin === null)('finds a font by its file name in any folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-fonts-'));
    const regular = catalog.latin?.files[0] ?? '';
    const name = regular.split('/').at(-1) ?? '';
    symlinkSync(regular, join(dir, name));
    const found = findFonts([dir]);
    expect(found.latin?.files).toEqual([join(dir, name)]);
    expect(found.latin?.family).toBe(catalog.latin?.family);
  });

  it('uses the Latin font for Latin text and the CJK font only for CJK text', () => {
    const latin = { files: ['/l.ttf'], family: 'L' };
    const cjk = { files: ['/c.ttf'], family: 'C' };
    const both = { latin, cjk, searched: [] };
    expect(fontsFor('Sunderland plant: 9 GWh · mid-2009', both)).toBe(latin);
    expect(fontsFor('サンダーランド工場', both)).toEqual({ files: ['/l.ttf', '/c.ttf'], family: 'L', cjkFamily: 'C' });
    expect(fontsFor('生産能力', { latin, cjk: null, searched: [] })).toBe(latin);
    expect(fontsFor('Zama', { latin: null, cjk, searched: [] })).toBe(cjk);
  });
});

const noCjk = catalog.cjk === null ? missingFontMessage() : null;
if (noCjk !== null) console.warn(`test/render/fonts.test.ts: Japanese rendering skipped: ${noCjk}`);

describe.skipIf(noCjk !== null)('Japanese pictures', () => {
  it('draws Japanese text with real glyphs (the Latin font alone draws none)', () => {
    const svg = svgDocument(200, 60, text(10, 40, '生産能力の数値', { size: 24, family: catalog.cjk?.family ?? '' }));
    const withCjk = decodePng(svgToPng(svg, fontsFor('生産能力', catalog) ?? { files: [], family: '' }).png);
    expect(inkIn(withCjk, 0, 0, 200, 60)).toBeGreaterThan(300);
  });

  it('a Japanese chart: Japanese labels and alt text, same file name, within the size budget', () => {
    clearPictureCache();
    const zama = fixturePlants().find((p) => p.id === 'zama');
    if (zama === undefined) throw new Error('fixture zama missing');
    const ja = capacityChart(zama, 'ja');
    const en = capacityChart(zama, 'en-US');
    expect(ja?.name).toBe('capacity-zama.png');
    expect(ja?.description).toContain('生産能力');
    expect(ja?.description).toContain('2009年頃');
    expect(ja?.data.byteLength).toBeLessThanOrEqual(300 * 1024);
    expect(ja?.data).not.toEqual(en?.data);
  });
});

describe.skipIf(catalog.latin === null)('without a Japanese font', () => {
  it('draws a Japanese reader’s picture in English rather than as empty boxes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-fonts-'));
    for (const file of catalog.latin?.files ?? []) symlinkSync(file, join(dir, file.split('/').at(-1) ?? ''));
    const script = [
      "import { capacityChart, fontCatalog } from './src/render/index.ts';",
      "import { fixturePlants } from './test/render/cases.ts';",
      "const zama = fixturePlants().find((p) => p.id === 'zama');",
      "const chart = capacityChart(zama, 'ja');",
      'console.log(JSON.stringify({ cjk: fontCatalog().cjk, description: chart?.description, bytes: chart?.data.byteLength }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot(),
      env: { ...process.env, AESC_FONT_DIRS: dir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
      cjk: unknown;
      description?: string;
      bytes?: number;
    };
    expect(out.cjk).toBeNull();
    expect(out.description).toMatch(/^Bar chart of the capacity figures the sources give for Zama plant/);
    expect(out.bytes).toBeGreaterThan(1000);
  });
});
