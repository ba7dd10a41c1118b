// The core's ephemeral texts and the choice of language: ja gets Japanese, en-US/en-GB and locales without a
// catalogue get English, and a malformed locale never breaks the apology.
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/core/dispatcher.js';
import { langFor, t } from '../../src/i18n/catalogue.js';
import { localizeCoreMessage } from '../../src/i18n/core-messages.js';
import { languageChoices, languageName } from '../../src/i18n/languages.js';

describe('core messages in the user language', () => {
  it('every core message has its ja text; English for en-US, en-GB and unsupported locales', () => {
    for (const english of Object.values(MESSAGES)) {
      const ja = localizeCoreMessage('ja', english);
      expect(ja, english).not.toBe(english);
      expect(ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      for (const locale of ['en-US', 'en-GB', 'fr', 'zh-CN', undefined, null, 42, 'x'.repeat(500)]) {
        expect(localizeCoreMessage(locale, english)).toBe(english);
      }
    }
    expect(localizeCoreMessage('ja', 'some other text')).toBe('some other text');
  });

  it('picks the language of a Discord locale', () => {
    expect(langFor('ja')).toBe('ja');
    expect(langFor('en-US')).toBe('en');
    expect(langFor('en-GB')).toBe('en');
    expect(langFor('pt-BR')).toBe('en');
    expect(langFor('')).toBe('en');
  });

  it('names each language in itself, for the language option and status', () => {
    expect(languageChoices()).toEqual([
      { name: 'English', value: 'en' },
      { name: '日本語', value: 'ja' },
    ]);
    expect(languageName('ja')).toBe('日本語');
    expect(languageName(null)).toBe('English');
    expect(languageName('xx')).toBe('English');
    expect(t('ja', 'date.yearsAgo.other', { count: 8 })).toBe('8年前');
  });
});
