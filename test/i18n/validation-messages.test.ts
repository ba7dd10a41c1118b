// Validation messages a Japanese user reads: zod's own wording of a bad imported file, and an invalid /aesc choice
// named by its Japanese picker name.
import { describe, expect, it } from 'vitest';
import { aescRoutes } from '../../src/commands/aesc/index.js';
import { EXPORT_FORMAT, EXPORT_VERSION, parseImport } from '../../src/daily/export.js';
import { testContext } from '../support/handler-context.js';
import { visibleTexts } from './visible.js';

const file = (setting: unknown) =>
  new TextEncoder().encode(
    JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, guildId: '123456789012345678', setting }),
  );
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('a bad imported file, in the admin language', () => {
  const bad = file({ enabled: 'yes', channelId: 42, publish: 'no' });

  it('zod words its problems in Japanese for ja, in English otherwise', () => {
    const ja = parseImport(bad, 'ja');
    const en = parseImport(bad);
    expect(ja.ok).toBe(false);
    expect(en.ok).toBe(false);
    if (ja.ok || en.ok) return;
    const jaLines = String(ja.params?.lines ?? '');
    expect(jaLines).toMatch(JAPANESE);
    expect(jaLines).not.toMatch(/Invalid input|expected/i);
    expect(String(en.params?.lines ?? '')).toMatch(/Invalid input|expected/i);
  });
});

describe('an invalid /aesc choice (only a forged payload can send one)', () => {
  it('is named with the Japanese choice names for ja', async () => {
    const reply = await aescRoutes.execute('plants', { region: 'Atlantis' }, testContext({ locale: 'ja' }));
    const text = visibleTexts(reply).join('\n');
    expect(text).toContain('日本');
    expect(text).not.toMatch(/\bJapan\b, China/);
  });
});
