// Plant autocomplete: choices name the site in the user's language, and the answers to what people type are kept
// (the same prefixes come back all day) without mixing languages or going stale against the search itself.
import { describe, expect, it } from 'vitest';
import { jumpSelect } from '../../src/commands/aesc/sites.js';
import { createCommands } from '../../src/commands/index.js';
import { loadFactStore } from '../../src/facts/load.js';

const store = loadFactStore();
const aesc = createCommands({ store, clock: { now: () => new Date('2026-06-01T00:00:00Z') } }).find(
  (m) => m.definition.name === 'aesc',
);
const complete = (value: string, locale: string) =>
  aesc?.autocomplete?.('plant', { name: 'name', value }, {}, {
    locale,
    invoker: { userId: '1', guildId: null },
  } as never);

describe('/aesc plant autocomplete', () => {
  it('names the site and its place in Japanese for a ja user and in English for en-US, with the same values', () => {
    const ja = complete('zama', 'ja') ?? [];
    const en = complete('zama', 'en-US') ?? [];
    expect(ja[0]).toMatchObject({ value: 'zama' });
    expect(ja[0]?.name).toBe('座間工場 — 座間、神奈川、日本');
    expect(en[0]?.name).toBe('Zama plant — Zama, Kanagawa, Japan');
    expect(ja.map((c) => c.value)).toEqual(en.map((c) => c.value));
  });

  it('answers a repeated value as the search does, for every language and many values', () => {
    for (const value of ['', 's', 'su', 'sund', 'sundreland', 'ten', 'flor', 'xyzzy', 'a'.repeat(60)]) {
      for (const locale of ['en-US', 'ja', 'fr']) {
        const first = complete(value, locale);
        const again = complete(value, locale);
        expect(again).toEqual(first);
        expect((first ?? []).map((c) => c.value)).toEqual(store.searchPlants(value, 25).map((m) => m.plant.id));
      }
    }
  });
});

describe('the "jump to a site" menu', () => {
  it("describes each site with its place in the reader's language (a place without Japanese words stays as written)", () => {
    const en = jumpSelect(store.plants, '1', undefined, 'en');
    const ja = jumpSelect(store.plants, '1', undefined, 'ja');
    const of = (menu: typeof en, id: string) => menu.options.find((o) => o.value === id)?.description ?? '';
    expect(of(en, 'sunderland').startsWith('Sunderland, England, United Kingdom · ')).toBe(true);
    expect(of(ja, 'sunderland').startsWith('サンダーランド、イングランド、英国 · ')).toBe(true);
    expect(of(ja, 'jiangyin').startsWith('Jiangyin (Wuxi)、江蘇、中国')).toBe(true);
  });
});
