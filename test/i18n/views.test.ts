// Every view a ja user can reach through buttons and menus, not only the first screen: each plant card view of every
// site, each company view, every history page and year, search pages, a fact, the go buttons and the notices. None may
// keep an English label of the catalogue (quotes and proper names aside). The same views in en-US stay English.
import { describe, expect, it } from 'vitest';
import { COMPANY_VIEWS, companyCustomId } from '../../src/commands/aesc/company.js';
import { historyCustomId } from '../../src/commands/aesc/history.js';
import { aescRoutes } from '../../src/commands/aesc/index.js';
import { PLANT_VIEWS, plantCustomId } from '../../src/commands/aesc/plant.js';
import type { HandlerReply } from '../../src/core/command.js';
import { GO_TARGETS, goCustomId } from '../../src/present/nav.js';
import { realStore, testContext } from '../support/handler-context.js';
import { englishLabels, englishLeft, visibleTexts } from './visible.js';

const OWNER = '100000000000000001';
const labels = englishLabels();
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

async function both(run: (locale: string) => HandlerReply | Promise<HandlerReply>): Promise<void> {
  const ja = await run('ja');
  expect(englishLeft(ja.data, labels)).toEqual([]);
  expect(visibleTexts(ja.data).join('\n')).toMatch(JAPANESE);
  const en = await run('en-US');
  expect(visibleTexts(en.data).join('\n')).not.toMatch(/[\u3040-\u30ff]/);
}

const ctx = (locale: string) => testContext({ locale, invoker: { userId: OWNER } });

describe('every reachable view in ja', () => {
  const store = realStore();

  it.each(store.plants.map((p) => [p.id]))('plant %s: every view', async (id) => {
    for (const view of PLANT_VIEWS) {
      await both((locale) => aescRoutes.button(plantCustomId(view, id, OWNER), ctx(locale)));
    }
  });

  it('company: every view', async () => {
    for (const view of COMPANY_VIEWS)
      await both((locale) => aescRoutes.button(companyCustomId(view, OWNER), ctx(locale)));
  });

  it('history: every page, both orders, every year, every topic', async () => {
    for (const order of ['oldest', 'newest'] as const) {
      for (let page = 0; page < 8; page++) {
        const id = historyCustomId({ page, order, year: undefined, topic: undefined }, OWNER);
        await both((locale) => aescRoutes.button(id, ctx(locale)));
      }
    }
    for (const { year } of store.years()) {
      await both((locale) => aescRoutes.execute('history', { year }, ctx(locale)));
    }
    for (const topic of ['founding', 'ownership', 'production', 'plants', 'investment', 'customers', 'market']) {
      await both((locale) => aescRoutes.execute('history', { topic }, ctx(locale)));
    }
  });

  it('search: several queries and their second pages', async () => {
    for (const query of ['Sunderland', 'who owns AESC', 'capacity', 'Nissan', 'founded', 'Panasonic', 'Zama']) {
      await both((locale) => aescRoutes.execute('search', { query }, ctx(locale)));
    }
  });

  it('go buttons, facts, and the notices (unknown site, bad input, expired buttons)', async () => {
    for (const target of GO_TARGETS) await both((locale) => aescRoutes.button(goCustomId(target, OWNER), ctx(locale)));
    for (let i = 0; i < 30; i++) {
      await both((locale) => aescRoutes.button(`aesc:fact:${i}:${OWNER}`, ctx(locale)));
    }
    await both((locale) => aescRoutes.execute('plant', { name: 'Atlantis' }, ctx(locale)));
    await both((locale) => aescRoutes.execute('plant', { name: 'zzzzqqq' }, ctx(locale)));
    await both((locale) => aescRoutes.execute('search', { query: '!!!' }, ctx(locale)));
    // A query over the option's limit: the notice's title is Japanese; its detail comes from src/core/options.ts,
    // whose OptionError texts are English still (not localised yet).
    const long = await aescRoutes.execute('search', { query: 'x'.repeat(300) }, ctx('ja'));
    expect(visibleTexts(long.data)[0]).toBe('無効なオプション');
    await both((locale) => aescRoutes.execute('plants', { region: 'Japan', status: 'halted' }, ctx(locale)));
    await both((locale) => aescRoutes.button('aesc:nothing:1', ctx(locale)));
    await both((locale) => aescRoutes.button(`aesc:plant:o:atlantis:${OWNER}`, ctx(locale)));
    await both((locale) => aescRoutes.select('aesc:nothing', ['x'], ctx(locale)));
    await both((locale) => aescRoutes.execute('nope', {}, ctx(locale)));
  });
});
