import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueError, langFor, languages, loadCatalogues, type MessageKey, t } from '../../src/i18n/catalogue.js';
import { formatDate, yearsAgo } from '../../src/i18n/dates.js';
import ja from '../../src/i18n/messages/ja.json' with { type: 'json' };

// Typecheck: the Japanese catalogue has every key English has (a missing key fails `npm run typecheck`).
const jaComplete: Record<MessageKey, string> = ja;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const catalogues = loadCatalogues();
  const en = catalogues.get('en');

  it.each([...catalogues.keys()].filter((l) => l !== 'en'))(
    '%s has exactly the English keys and placeholders',
    (lang) => {
      expect(Object.keys(jaComplete).length).toBeGreaterThan(0);
      const cat = catalogues.get(lang);
      expect(en).toBeDefined();
      expect(cat).toBeDefined();
      if (!en || !cat) return;
      expect(
        [...cat.keys()].filter((k) => !en.has(k)),
        'keys English no longer has',
      ).toEqual([]);
      expect(
        [...en.keys()].filter((k) => !cat.has(k)),
        'keys missing',
      ).toEqual([]);
      for (const [key, text] of en) expect(placeholders(cat.get(key) ?? ''), key).toEqual(placeholders(text));
    },
  );

  it('maps Discord locales to a catalogue, English otherwise', () => {
    expect(languages()[0]).toBe('en');
    expect(languages()).toContain('ja');
    expect(langFor('ja')).toBe('ja');
    expect(langFor('en-US')).toBe('en');
    expect(langFor('en-GB')).toBe('en');
    expect(langFor('zh-CN')).toBe('en');
    expect(langFor(undefined)).toBe('en');
  });

  it('fills placeholders and falls back to English for an unknown language', () => {
    expect(t('ja', 'date.yearsAgo.other', { count: 8 })).toBe('8年前');
    expect(t('xx', 'date.yearsAgo.other', { count: 8 })).toBe('8 years ago');
  });

  it('rejects a broken catalogue file, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-cat-'));
    try {
      writeFileSync(join(dir, 'en.json'), '{"a.b": "x"}');
      writeFileSync(join(dir, 'fr.json'), '{"a.b": ');
      expect(() => loadCatalogues(dir)).toThrow(CatalogueError);
      expect(() => loadCatalogues(dir)).toThrow(/^fr\.json: not valid JSON/);
      writeFileSync(join(dir, 'fr.json'), '{"a.b": ""}');
      expect(() => loadCatalogues(dir)).toThrow(/^fr\.json: key "a\.b"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dates in the reader language keep the source precision', () => {
  it.each([
    [{ precision: 'month', year: 2018, month: 8 }, 'August 2018', '2018年8月'],
    [{ precision: 'part', year: 2009, part: 'mid' }, 'mid-2009', '2009年半ば'],
    [{ precision: 'part', year: 2008, part: 'late' }, 'late 2008', '2008年後半'],
    [{ precision: 'year', year: 2009, qualifier: 'circa' }, 'c. 2009', '2009年頃'],
    [{ precision: 'year', year: 2030, qualifier: 'by' }, 'by 2030', '2030年までに'],
    [{ precision: 'undated', note: 'x' }, 'undated', '日付不明'],
  ] as const)('%j', (date, english, japanese) => {
    expect(formatDate('en', date)).toBe(english);
    expect(formatDate('ja', date)).toBe(japanese);
  });

  it('relative years', () => {
    expect(yearsAgo('en', 1)).toBe('1 year ago');
    expect(yearsAgo('en', 8)).toBe('8 years ago');
    expect(yearsAgo('ja', 8)).toBe('8年前');
  });
});
