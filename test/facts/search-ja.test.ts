// Search in Japanese, on the real fact store and the real translations (data/i18n/ja.json) and search words
// (data/i18n/search/ja.json): plant names for autocomplete and /aesc plant, full text for /aesc search, and odd input.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjkMatchRanges, cjkTerms, hasCjk } from '../../src/facts/cjk.js';
import { loadFactStore } from '../../src/facts/load.js';
import { localNames, searchableNames } from '../../src/facts/local-names.js';
import { fold } from '../../src/facts/normalize.js';
import { PlantIndex } from '../../src/facts/plant-search.js';
import { searchDocuments } from '../../src/facts/search-documents.js';
import { translatedDocuments } from '../../src/facts/search-local.js';
import { TextIndex } from '../../src/facts/text-search.js';
import { createFactTranslator, factTranslator } from '../../src/i18n/fact-translations.js';
import { loadSearchWords, SearchWordsError, unknownSearchNames } from '../../src/i18n/search-words.js';

const store = loadFactStore();
const ids = (q: string, limit?: number) => store.searchPlants(q, limit).map((m) => m.plant.id);

describe('folding Japanese', () => {
  it('keeps the voicing marks, joins half-width kana, and folds full-width Latin', () => {
    expect(fold('ダ')).not.toBe(fold('タ'));
    expect(fold('ｻﾝﾀﾞｰﾗﾝﾄﾞ')).toBe('サンダーランド');
    expect(fold('ＡＥＳＣ　工場')).toBe('aesc 工場');
    expect(fold('クヌート・フロア')).toBe('クヌート フロア');
    // Latin accents still go.
    expect(fold('Électrode')).toBe('electrode');
  });

  it('cuts Japanese into bigrams and drops lone particles', () => {
    expect(cjkTerms('生産能力')).toEqual(['生産', '産能', '能力']);
    expect(cjkTerms('株')).toEqual(['株']);
    expect(cjkTerms('の')).toEqual([]);
    // Hiragana (particles, endings) are the grammar between the words, not words.
    expect(cjkTerms('サンダーランドの生産能力は')).toEqual([
      ...['サン', 'ンダ', 'ダー', 'ーラ', 'ラン', 'ンド'],
      ...['生産', '産能', '能力'],
    ]);
    expect(cjkTerms('誰が所有している')).toEqual(['誰', '所有']);
    expect(hasCjk('Sunderland')).toBe(false);
    // Where the matched terms are in a statement, for bold: whole words, merged.
    const text = '英国イングランド、サンダーランドの新工場。';
    const ranges = cjkMatchRanges(text, 'Sunderland サンダーランドの工場は');
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['サンダーランド', '工場']);
    expect(cjkMatchRanges(text, 'ｻﾝﾀﾞｰﾗﾝﾄﾞ').map(([a, b]) => text.slice(a, b))).toEqual(['サンダーランド']);
    expect(cjkMatchRanges(text, '🔋。')).toEqual([]);
    expect(hasCjk('サンダーランド')).toBe(true);
  });
});

describe('plant search in Japanese (autocomplete)', () => {
  it('exact: the translated name, with the Japanese name as what matched', () => {
    const [first, ...rest] = store.searchPlants('座間工場');
    expect(first).toMatchObject({ plant: { id: 'zama' }, tier: 'exact', matched: '座間工場' });
    expect(rest.map((m) => m.plant.id)).not.toContain('zama');
    expect(store.searchPlants('スマーナ工場')[0]).toMatchObject({ plant: { id: 'smyrna' }, tier: 'exact' });
    expect(store.plant('サンダーランド工場')?.id).toBe('sunderland');
  });

  it('exact: a translated alias ("テネシー" is Smyrna\'s alias Tennessee)', () => {
    expect(store.searchPlants('テネシー')[0]).toMatchObject({
      plant: { id: 'smyrna' },
      tier: 'exact',
      matched: 'テネシー',
    });
    expect(store.searchPlants('ケンタッキー')[0]).toMatchObject({ plant: { id: 'bowling-green' }, tier: 'exact' });
  });

  it('prefix: what is typed so far', () => {
    expect(ids('サンダー')).toEqual(['sunderland', 'sunderland-giga-1']);
    expect(store.searchPlants('サンダー')[0]).toMatchObject({ tier: 'prefix', matched: 'サンダーランド工場' });
    expect(store.searchPlants('座間')[0]).toMatchObject({ plant: { id: 'zama' }, tier: 'prefix', matched: '座間工場' });
    // Douai starts with it; Extremadura (エストレマドゥーラ) has it inside, so comes after.
    expect(ids('ドゥ')).toEqual(['douai', 'extremadura']);
    expect(store.searchPlants('ドゥ').map((m) => m.tier)).toEqual(['prefix', 'word']);
    expect(ids('相模')).toEqual(['sagamihara']);
    // Half-width katakana as some keyboards type it.
    expect(ids('ｻﾝﾀﾞｰ')).toEqual(['sunderland', 'sunderland-giga-1']);
  });

  it('substring: a part inside a name written without spaces', () => {
    const [first] = store.searchPlants('ランド工場');
    expect(first).toMatchObject({ plant: { id: 'sunderland' }, tier: 'word', matched: 'サンダーランド工場' });
    expect(ids('電極')).toEqual(['sagamihara']);
    // "工場" (plant) is in every Japanese name but Giga 1's: those sites, as "plant" lists the sites in English.
    const withKojo = store.plants.filter((p) => factTranslator().text('ja', p.name).includes('工場')).map((p) => p.id);
    expect(withKojo.length).toBeGreaterThan(10);
    expect(ids('工場')).toEqual(withKojo);
  });

  it('places in Japanese list the sites there', () => {
    expect(ids('日本')).toEqual(['zama', 'ibaraki', 'sagamihara']);
    expect(ids('英国')).toEqual(['sunderland', 'sunderland-giga-1']);
    expect(ids('神奈川')).toEqual(['zama', 'sagamihara']);
    expect(ids('米国')).toEqual(['smyrna', 'florence', 'bowling-green']);
  });

  it('one typo in a long katakana name, none in short kanji names (they would be noise)', () => {
    expect(ids('サンダランド')).toEqual(['sunderland', 'sunderland-giga-1']);
    expect(store.searchPlants('サンダランド')[0]?.tier).toBe('fuzzy');
    // 茨城工場 and 座間工場 differ in two of four characters: each finds only itself.
    expect(ids('茨城工場')).toEqual(['ibaraki']);
    expect(ids('横浜工場')).toEqual([]);
    expect(ids('東京')).toEqual([]);
  });

  it('English keeps working as before', () => {
    expect(store.searchPlants('Sunderland')[0]).toMatchObject({ plant: { id: 'sunderland' }, tier: 'exact' });
    expect(ids('smyr')).toEqual(['smyrna']);
    expect(ids('sundreland')[0]).toBe('sunderland');
    expect(ids('UK')).toEqual(['sunderland', 'sunderland-giga-1']);
  });

  it('odd input never throws and matches nothing it should not', () => {
    for (const q of [
      '🔋🔋',
      '。、！？・',
      '゛゛',
      '\u200b\u200b',
      '\uD800',
      'サ'.repeat(6000),
      'Sunderlandサンダー🔋',
    ]) {
      expect(() => store.searchPlants(q)).not.toThrow();
      expect(() => store.resolvePlant(q)).not.toThrow();
    }
    expect(store.searchPlants('。、！？・')).toEqual([]);
    expect(store.searchPlants('サ'.repeat(6000))).toEqual([]);
    expect(store.resolvePlant('サ'.repeat(6000))).toEqual({ kind: 'none', suggestions: [] });
  });
});

describe('/aesc plant name: in Japanese (resolvePlant)', () => {
  it('the translated name is the name; the Japanese text is what matched', () => {
    expect(store.resolvePlant('座間工場')).toMatchObject({
      kind: 'plant',
      plant: { id: 'zama' },
      matched: 'name',
      matchedText: '座間工場',
    });
    expect(store.resolvePlant('テネシー')).toMatchObject({
      kind: 'plant',
      plant: { id: 'smyrna' },
      matched: 'alias',
      matchedText: 'テネシー',
    });
  });

  it('a prefix or a part that names one site opens it; a place lists its sites, labelled in Japanese', () => {
    expect(store.resolvePlant('ドゥエー工')).toMatchObject({
      kind: 'plant',
      plant: { id: 'douai' },
      matched: 'prefix',
      matchedText: 'ドゥエー工場',
    });
    expect(store.resolvePlant('スマーナ')).toMatchObject({
      kind: 'plant',
      plant: { id: 'smyrna' },
      matchedText: 'スマーナ',
    });
    const uk = store.resolvePlant('英国');
    expect(uk).toMatchObject({ kind: 'list', by: 'country', label: '英国' });
    expect(uk.kind === 'list' && uk.plants.map((p) => p.id)).toEqual(['sunderland', 'sunderland-giga-1']);
    const japan = store.resolvePlant('日本');
    expect(japan.kind === 'list' && japan.plants.map((p) => p.id)).toEqual(['zama', 'ibaraki', 'sagamihara']);
    // Two sites start the same: none chosen, both suggested.
    const two = store.resolvePlant('サンダー');
    expect(two.kind === 'none' && two.suggestions.map((p) => p.id)).toEqual(['sunderland', 'sunderland-giga-1']);
  });

  it('English still resolves as before', () => {
    expect(store.resolvePlant('Tennessee')).toMatchObject({ kind: 'plant', plant: { id: 'smyrna' }, matched: 'alias' });
    expect(store.resolvePlant('Zama plant')).toMatchObject({ kind: 'plant', plant: { id: 'zama' }, matched: 'name' });
  });
});

describe('/aesc search in Japanese (full text)', () => {
  const top = (q: string, n = 3) =>
    store
      .searchAnswer(q)
      .hits.slice(0, n)
      .map((h) => `${h.doc.kind}:${h.doc.id}`);

  it('"サンダーランド 生産能力": the Sunderland sites, then their capacity figures first', () => {
    const a = store.searchAnswer('サンダーランド 生産能力');
    expect(a.intent).toBe('capacity');
    expect(a.entities).toEqual([
      expect.objectContaining({
        kind: 'place',
        plants: ['sunderland', 'sunderland-giga-1'],
        matched: 'サンダーランド',
      }),
    ]);
    expect(top('サンダーランド 生産能力', 2)).toEqual(['plant:sunderland/capacity/0', 'plant:sunderland/capacity/1']);
    expect(a.hits.slice(0, 5).every((h) => h.doc.field === 'capacity')).toBe(true);
    // Written without a space, as Japanese is: the same answer.
    expect(top('サンダーランドの生産能力', 5)).toEqual(top('サンダーランド 生産能力', 5));
  });

  it('"日産 合弁": Nissan, and the joint venture first', () => {
    const a = store.searchAnswer('日産 合弁');
    expect(a.entities[0]).toMatchObject({ kind: 'organisation', id: 'nissan', matched: '日産' });
    expect(top('日産 合弁', 1)).toEqual(['event:joint-venture-2007']);
  });

  it('"誰が所有": a question about the owners', () => {
    const a = store.searchAnswer('誰が所有している');
    expect(a.intent).toBe('owner');
    expect(top('誰が所有している', 1)).toEqual(['company:owners']);
  });

  it('"AESCの設立": the founding statements first, from every source', () => {
    const a = store.searchAnswer('AESCの設立');
    expect(a.intent).toBe('founding');
    expect(a.hits.slice(0, 4).every((h) => h.doc.field === 'founding')).toBe(true);
  });

  it('"ドゥエー 投資", "リーフ 生産", "パナソニック", "テネシー": what they name, first', () => {
    expect(top('ドゥエー 投資', 1)).toEqual(['plant:douai/investment/0']);
    expect(top('リーフ 生産', 1)).toEqual(['event:leaf-production']);
    const panasonic = store.searchAnswer('パナソニック');
    expect(panasonic.entities[0]).toMatchObject({ kind: 'organisation', id: 'panasonic' });
    expect(top('パナソニック', 1)).toEqual(['event:nikkei-report-panasonic']);
    const tennessee = store.searchAnswer('テネシー');
    expect(tennessee.entities[0]).toMatchObject({ kind: 'plant', id: 'smyrna', matched: 'テネシー' });
  });

  it('mixed: an English name and a Japanese word', () => {
    expect(top('Sunderland 生産能力', 2)).toEqual(['plant:sunderland/capacity/0', 'plant:sunderland/capacity/1']);
  });

  it('English queries find exactly what the English index alone finds', () => {
    const english = new TextIndex(searchDocuments(store));
    for (const q of [
      'Panasonic',
      'Sunderland capacity',
      'who owns AESC',
      'when was AESC founded',
      'sundreland',
      'L3-10',
    ]) {
      expect(store.search(q, 50)).toEqual(english.search(q, { limit: 50 }));
    }
  });

  it('a hit is a document whose Japanese text has the words', () => {
    const [hit] = store.searchAnswer('合弁').hits;
    if (hit === undefined) throw new Error('no hit for 合弁');
    const ja = factTranslator().text('ja', hit.doc.body.replace(/^[^:]*: /, ''));
    expect(ja).toContain('合弁');
  });

  it('odd and long input never throws; a 6,000-character query is refused unsearched', () => {
    const long = store.searchAnswer('サンダーランドの生産能力は'.repeat(500));
    expect(long).toMatchObject({ tooLong: true, hits: [], entities: [] });
    // The longest query searched: 200 Japanese characters.
    const longest = store.searchAnswer('日産と合弁の生産能力'.repeat(20));
    expect(longest.tooLong).toBe(false);
    expect(longest.hits.length).toBeGreaterThan(0);
    for (const q of ['🔋🔋🔋', '。、！？', '!!!', 'Sunderlandサンダーランド🔋', '゛', '\uD800\uDC00', 'ｶﾞ', 'ー']) {
      expect(() => store.searchAnswer(q)).not.toThrow();
    }
    expect(store.searchAnswer('。、！？')).toMatchObject({ terms: [], hits: [], entities: [] });
    expect(store.searchAnswer('🔋🔋🔋')).toMatchObject({ terms: [], hits: [] });
  });
});

describe('a third language is data', () => {
  it('its translated names and search words are plant names and index text, with no code for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-de-'));
    try {
      mkdirSync(join(dir, 'i18n', 'search'), { recursive: true });
      writeFileSync(
        join(dir, 'i18n', 'search', 'de.json'),
        JSON.stringify({ language: 'de', names: { 'United Kingdom': ['Vereinigtes Königreich'] } }),
      );
      const translator = createFactTranslator(
        new Map([
          [
            'de',
            {
              language: 'de',
              translations: { 'plants.json:plants/zama/name': { en: 'Zama plant', text: 'Werk Zama' } },
            },
          ],
        ]),
      );
      const names = localNames(translator, loadSearchWords(dir), ['de']);
      const plants = new PlantIndex(store.plants, names);
      expect(plants.search('werk zama')[0]).toMatchObject({
        plant: { id: 'zama' },
        tier: 'exact',
        matched: 'Werk Zama',
      });
      expect(plants.search('Vereinigtes').map((m) => m.plant.id)).toEqual(['sunderland', 'sunderland-giga-1']);
      // Its own index answers its reader (a Latin-script language needs the reader's language to be used).
      const docs = searchDocuments(store);
      const text = new TextIndex(docs, translatedDocuments(docs, names));
      expect(text.languages).toEqual(['de']);
      expect(text.search('Werk', { lang: 'de' })[0]?.doc.about).toContainEqual({ kind: 'plant', id: 'zama' });
      expect(text.search('Werk')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('search words (data/i18n/search/)', () => {
  it('every name in ja.json is a name the data has (an alias, keyword, place or company name)', () => {
    const known = searchableNames(store);
    expect(known.has('Tennessee')).toBe(true);
    expect(known.has('United Kingdom')).toBe(true);
    const words = loadSearchWords();
    expect([...words.keys()]).toContain('ja');
    for (const w of words.values()) expect(unknownSearchNames(w, known)).toEqual([]);
  });

  it('gives the Japanese names beside the translations', () => {
    const names = localNames();
    expect(names.langs).toContain('ja');
    expect(names.of('Zama plant')).toEqual(['座間工場']);
    expect(names.of('Tennessee')).toEqual(['テネシー', 'テネシー州']);
    expect(names.of('Not a name')).toEqual([]);
  });

  it('a bad file names the file, the entry and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aesc-sw-'));
    try {
      mkdirSync(join(dir, 'i18n', 'search'), { recursive: true });
      const file = join(dir, 'i18n', 'search', 'ja.json');
      writeFileSync(file, JSON.stringify({ language: 'ja', names: { Tennessee: ['テネシー', ' '] } }));
      expect(() => loadSearchWords(dir)).toThrow(SearchWordsError);
      expect(() => loadSearchWords(dir)).toThrow(
        /^data\/i18n\/search\/ja\.json: names "Tennessee" 1: a search word is empty$/,
      );
      writeFileSync(file, JSON.stringify({ language: 'fr', names: {} }));
      expect(() => loadSearchWords(dir)).toThrow(/"language" is fr; the file must be named by its language code/);
      writeFileSync(file, '{ "language": ');
      expect(() => loadSearchWords(dir)).toThrow(/^data\/i18n\/search\/ja\.json: not valid JSON/);
      writeFileSync(file, JSON.stringify({ language: 'ja', names: {}, intents: { price: ['値段'] } }));
      expect(() => loadSearchWords(dir)).toThrow(/^data\/i18n\/search\/ja\.json: intents/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
