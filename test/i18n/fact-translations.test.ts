import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkTranslations,
  collectStatements,
  createFactTranslator,
  loadTranslationFiles,
  TranslationError,
} from '../../src/i18n/fact-translations.js';

describe('translations of the facts (data/i18n)', () => {
  const statements = collectStatements();
  const files = loadTranslationFiles();

  it('has a Japanese file', () => {
    expect(files.has('ja')).toBe(true);
  });

  it.each([...files.keys()])('%s: every statement translated, none stale, none left over', (lang) => {
    const file = files.get(lang);
    if (!file) throw new Error(`no ${lang}`);
    const { missing, stale, leftover } = checkTranslations(statements, file);
    expect(missing, 'statements without a translation (run npm run i18n:check)').toEqual([]);
    expect(stale, 'translations of an English text that has changed since').toEqual([]);
    expect(leftover, 'translations of statements that no longer exist').toEqual([]);
  });

  it('never collects a quote: the documents’ words stay as they are', () => {
    expect(statements.length).toBeGreaterThan(100);
    expect(statements.some((s) => /\/sources\//.test(s.key))).toBe(false);
  });

  it('translates by the English text, and leaves English and unknown text alone', () => {
    const translator = createFactTranslator(files);
    expect(translator.text('ja', 'Zama plant')).toBe('座間工場');
    expect(translator.text('en', 'Zama plant')).toBe('Zama plant');
    expect(translator.text('ja', 'Not a statement')).toBe('Not a statement');
  });
});

describe('checking translations against changed data', () => {
  it('finds missing, stale and leftover entries, and names the file and entry of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-tr-'));
    try {
      mkdirSync(join(dir, 'i18n'));
      writeFileSync(
        join(dir, 'plants.json'),
        JSON.stringify({
          plants: [{ id: 'x', name: 'X plant', location: { text: 'Here.', sources: [{ source: 's', quote: 'q' }] } }],
        }),
      );
      const statements = collectStatements(dir);
      expect(statements.map((s) => s.key)).toEqual(['plants.json:plants/x/name', 'plants.json:plants/x/location/text']);
      const file = {
        language: 'ja',
        translations: {
          'plants.json:plants/x/name': { en: 'Old name', text: 'X工場' },
          'plants.json:plants/y/name': { en: 'Y plant', text: 'Y工場' },
        },
      };
      expect(checkTranslations(statements, file)).toEqual({
        missing: ['plants.json:plants/x/location/text'],
        stale: ['plants.json:plants/x/name'],
        leftover: ['plants.json:plants/y/name'],
      });
      writeFileSync(
        join(dir, 'i18n', 'ja.json'),
        JSON.stringify({ language: 'ja', translations: { 'plants.json:plants/x/name': { en: 'X plant', text: ' ' } } }),
      );
      expect(() => loadTranslationFiles(dir)).toThrow(TranslationError);
      expect(() => loadTranslationFiles(dir)).toThrow(
        /^data\/i18n\/ja\.json: entry "plants\.json:plants\/x\/name", field text: the translation is empty/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
