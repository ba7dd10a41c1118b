// Every word the pictures show, in one place: one table per language. A Discord locale ("en-GB", "ja") picks its
// language through the i18n catalogue's `langFor`, falling back to English. Dates come from the i18n date
// formatter, so they keep the source's precision in every language ("mid-2009" / "2009年半ば").
// Plant names are the data's (translating them belongs to the data translations, not here).
import type { Capacity, FactDate, PlantStatus, Region, SourceId } from '../facts/schema.js';
import { langFor } from '../i18n/catalogue.js';
import { dateLabel } from '../i18n/dates.js';
import { factTranslator } from '../i18n/fact-translations.js';
import { formatNumber } from '../present/style.js';

export type CapacityClass = 'actual' | 'planned' | 'potential';

/** How a capacity figure is drawn: what exists, what is planned, what might be. */
export const CAPACITY_CLASS: Record<Capacity['kind'], CapacityClass> = {
  original: 'actual',
  current: 'actual',
  initial: 'planned',
  planned: 'planned',
  target: 'planned',
  expansion: 'planned',
  // The source's words do not say whether it is a total or an addition; it is a figure still to come.
  unclear: 'planned',
  potential: 'potential',
  option: 'potential',
};

/** The words of one language. */
export interface RenderStrings {
  /** The words need a CJK font: without one the pictures are drawn in English instead (never as empty boxes). */
  needsCjkFont: boolean;
  source: Record<SourceId, string>;
  status: Record<PlantStatus, string>;
  kind: Record<Capacity['kind'], string>;
  capacityClass: Record<CapacityClass, string>;
  unit: Record<Capacity['unit'], string>;
  region: Record<Region, string>;
  legendEntry(cls: string, kinds: string[]): string;
  chartTitle(plant: string): string;
  chartSubtitle: string;
  chartAlt(plant: string, figures: string[]): string;
  figureAlt(date: string, value: string, kind: string, sources: string): string;
  mapTitle(region: string | undefined, status: string | undefined): string;
  mapNote: string;
  approximate: string;
  notPlaced(names: string): string;
  noSites: string;
  mapAlt(title: string, sites: string[], notPlaced: string[]): string;
  siteAlt(name: string, status: string, approximate: boolean): string;
  listSeparator: string;
}

const en: RenderStrings = {
  needsCjkFont: false,
  source: {
    wikipedia: 'Wikipedia',
    electrek: 'Electrek',
    'flor-interview': 'Flor interview',
    'nec-jv-report': 'NEC JV report',
  },
  status: {
    operating: 'Operating',
    'production-started': 'Production started',
    'trial-production': 'Trial production',
    'under-construction': 'Under construction',
    planned: 'Planned',
    halted: 'Halted',
    listed: 'Listed (status not stated)',
  },
  kind: {
    original: 'original',
    current: 'current',
    initial: 'initial',
    planned: 'planned',
    target: 'target',
    expansion: 'expansion',
    unclear: 'total or added?',
    potential: 'potential',
    option: 'option',
  },
  capacityClass: { actual: 'Actual', planned: 'Planned', potential: 'Potential' },
  unit: {
    GWh: 'GWh',
    GW: 'GW',
    'battery units per year': 'battery units per year',
    'vehicles per year': 'vehicles per year',
  },
  region: { Japan: 'Japan', China: 'China', Europe: 'Europe', USA: 'USA' },
  legendEntry: (cls, kinds) => `${cls}: ${kinds.join(', ')}`,
  chartTitle: (plant) => `${plant}: capacity figures`,
  chartSubtitle: 'One bar per figure, as its source states it; figures are never added up or merged.',
  chartAlt: (plant, figures) =>
    `Bar chart of the capacity figures the sources give for ${plant}, one bar per figure, by date: ${figures.join('; ')}.`,
  figureAlt: (date, value, kind, sources) => `${date}: ${value} ${kind} (${sources})`,
  mapTitle: (region, status) => {
    const where = region === undefined ? 'AESC sites' : `AESC sites in ${region}`;
    return status === undefined ? where : `${where}: ${status.toLowerCase()}`;
  },
  mapNote: "Locations: editors' geography, not from the sources.",
  approximate: 'Approximate (region only)',
  notPlaced: (names) => `Not on the map (location not known): ${names}`,
  noSites: 'No sites match.',
  mapAlt: (title, sites, notPlaced) =>
    `Map: ${title}. ${sites.length > 0 ? `${sites.join('; ')}.` : 'No sites.'}${
      notPlaced.length > 0 ? ` Not on the map: ${notPlaced.join(', ')}.` : ''
    } Locations are the editors' geography, not from the sources.`,
  siteAlt: (name, status, approximate) => `${name} (${status.toLowerCase()}${approximate ? ', approximate' : ''})`,
  listSeparator: ', ',
};

const ja: RenderStrings = {
  needsCjkFont: true,
  source: {
    wikipedia: 'Wikipedia',
    electrek: 'Electrek',
    'flor-interview': 'フロア氏インタビュー',
    'nec-jv-report': 'NEC合弁報告',
  },
  status: {
    operating: '稼働中',
    'production-started': '生産開始',
    'trial-production': '試験生産',
    'under-construction': '建設中',
    planned: '計画',
    halted: '停止',
    listed: '記載のみ（状況の記述なし）',
  },
  kind: {
    original: '当初',
    current: '現在',
    initial: '初期',
    planned: '計画',
    target: '目標',
    expansion: '増強',
    unclear: '合計か追加か不明',
    potential: '将来の可能性',
    option: 'オプション',
  },
  capacityClass: { actual: '実績', planned: '計画', potential: '可能性' },
  unit: { GWh: 'GWh', GW: 'GW', 'battery units per year': '電池ユニット／年', 'vehicles per year': '台／年' },
  region: { Japan: '日本', China: '中国', Europe: '欧州', USA: '米国' },
  legendEntry: (cls, kinds) => `${cls}：${kinds.join('、')}`,
  chartTitle: (plant) => `${plant}：生産能力の数値`,
  chartSubtitle: '数値ごとに1本の棒（出典の記述どおり）。数値を足し合わせたり統合したりはしません。',
  chartAlt: (plant, figures) =>
    `${plant}について出典が示す生産能力の数値の棒グラフ（1数値1本、日付順）：${figures.join('。')}。`,
  figureAlt: (date, value, kind, sources) => `${date}：${value}（${kind}、${sources}）`,
  mapTitle: (region, status) => {
    const where = region === undefined ? 'AESCの拠点' : `AESCの拠点（${region}）`;
    return status === undefined ? where : `${where}：${status}`;
  },
  mapNote: '所在地は編集者による地理情報で、出典に基づくものではありません。',
  approximate: 'おおよその位置（地域のみ）',
  notPlaced: (names) => `地図に載せていない拠点（所在地不明）：${names}`,
  noSites: '該当する拠点はありません。',
  mapAlt: (title, sites, notPlaced) =>
    `地図：${title}。${sites.length > 0 ? `${sites.join('、')}。` : '拠点なし。'}${
      notPlaced.length > 0 ? `地図に載せていない拠点：${notPlaced.join('、')}。` : ''
    }所在地は編集者による地理情報で、出典に基づくものではありません。`,
  siteAlt: (name, status, approximate) => `${name}（${status}${approximate ? '、おおよその位置' : ''}）`,
  listSeparator: '、',
};

const TABLES = new Map<string, RenderStrings>([
  ['en', en],
  ['ja', ja],
]);

/** What the drawing code asks for: the words of one language, plus its numbers and dates. */
export interface RenderLabels extends RenderStrings {
  /** The language drawn ("en", "ja"): pictures are cached per language, not per Discord locale. */
  lang: string;
  number(value: number): string;
  date(date: FactDate): string;
  /** A site's name as the data's translations give it ("Zama plant" / "座間工場"); English when there is none. */
  siteName(english: string): string;
}

const cache = new Map<string, RenderLabels>();

/** The labels for a Discord locale ("en-US", "ja", ...); English when the bot has no such language. */
export function renderLabels(locale: string): RenderLabels {
  let labels = cache.get(locale);
  if (labels === undefined) {
    // The language the pictures are drawn in: one the bot speaks and this file has words for, else English.
    // Numbers follow the language, not the region ("en-GB" and "en-US" draw the same picture, cached once).
    const wanted = langFor(locale);
    const lang = TABLES.has(wanted) ? wanted : 'en';
    const strings = TABLES.get(lang) ?? en;
    const numberLocale = lang === 'en' ? 'en-US' : lang;
    labels = {
      ...strings,
      lang,
      number: (v) => formatNumber(v, numberLocale),
      date: (d) => dateLabel(lang, d),
      siteName: (name) => factTranslator().text(lang, name),
    };
    // Bounded: Discord has about 30 locales, but the value comes from outside.
    if (cache.size < 64) cache.set(locale, labels);
  }
  return labels;
}
