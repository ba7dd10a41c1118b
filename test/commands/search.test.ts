// /aesc search: the reply's layout budget, entity answers first, snippets with the matched words in bold, paging
// buttons with their state in the custom_id (only the searcher pages the message), and the limits.
import { InteractionResponseType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  parseSearchCustomId,
  SEARCH_PAGE_SIZE,
  SEARCH_VISIBLE_MAX,
  searchButton,
  searchCommand,
  searchCustomId,
  snippet,
} from '../../src/commands/aesc/search.js';
import type { HandlerReply } from '../../src/core/command.js';
import { visibleText } from '../../src/present/cv2.js';
import { assertValidInteractionCallback } from '../support/contract.js';
import { testContext } from '../support/handler-context.js';

const ctx = testContext();
const OWNER = ctx.invoker.userId;

const text = (r: HandlerReply) => visibleText(r.data as Parameters<typeof visibleText>[0]);
const customIds = (r: HandlerReply) =>
  [...JSON.stringify(r.data.components ?? []).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1] as string);
const noticeTitle = (r: HandlerReply) => r.data.embeds?.[0]?.title;

function valid(r: HandlerReply): void {
  const type =
    r.type === 'update' ? InteractionResponseType.UpdateMessage : InteractionResponseType.ChannelMessageWithSource;
  assertValidInteractionCallback({ type, data: r.data });
}

const QUERIES = [
  'Sunderland capacity',
  'who owns AESC',
  'when was AESC founded',
  'how big is Douai',
  'Giga 1',
  'UK',
  'Europe',
  'Panasonic',
  'battery',
  'Nissan',
  'Envision',
  'plant',
  'sundreland',
  'Better Place',
];

describe('/aesc search replies', () => {
  it.each(QUERIES)('%j: a valid Components V2 reply within 1,500 visible characters, at most 5 hits', (q) => {
    const r = searchCommand({ query: q }, ctx);
    valid(r);
    expect(r).toMatchObject({ type: 'reply', ephemeral: false });
    expect(text(r).length).toBeLessThanOrEqual(SEARCH_VISIBLE_MAX);
    const items = text(r)
      .split('\n')
      // Items: a fact's heading is a whole bold line; an entity line starts with its emoji.
      .filter((l) => /^\*\*[^*]+\*\*$/.test(l) || /^(🟢|🟡|🟠|🔵|🔴|⚪|📍|🏢|🔋|🧭|👤)/u.test(l));
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(SEARCH_PAGE_SIZE);
  });

  it('"Sunderland capacity" answers (never "No matches"): both records named, the figures in the words of their sources', () => {
    const t = text(searchCommand({ query: 'Sunderland capacity' }, ctx));
    expect(t).toContain('**Sites in Sunderland**: Sunderland plant, Envision AESC Giga 1');
    expect(t).toContain('Originally 1.8 GWh');
    expect(t).toContain('"is now growing to 15.8 extra gigawatt hours"');
    expect(t).toContain('initial 9 GWh plant');
    expect(t).toMatch(/-# ¹ \*AESC Group profile.*· ² \*Automotive Energy Supply Corporation\* \(Wikipedia\)/);
  });

  it('"who owns AESC" leads with the owners', () => {
    const t = text(searchCommand({ query: 'who owns AESC' }, ctx));
    expect(t).toMatch(/\*\*Who owns AESC\*\*\nEnvision and Nissan \(25%\)\./);
  });

  it('snippets cut around the match, escape markdown and bold the matched words', () => {
    expect(snippet('The plant in Sunderland is *big*.', ['sunderland'], 100)).toBe(
      'The plant in **Sunderland** is \\*big\\*.',
    );
    const long = `${'word '.repeat(60)}Panasonic is here ${'tail '.repeat(40)}`;
    const s = snippet(long, ['panasonic'], 120);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('**Panasonic**');
    expect(s.replace(/[*…\\]/g, '').length).toBeLessThanOrEqual(120);
    expect(snippet('batteries and plants', ['battery', 'plant'], 100)).toBe('**batteries** and **plants**');
    expect(snippet('Project Better Place', ['better', 'place'], 100)).toBe('Project **Better Place**');
  });

  it('user input is echoed quoted and escaped', () => {
    const t = text(searchCommand({ query: '**Sunderland** <@123> capacity' }, ctx));
    expect(t).toContain('## Search: "\\*\\*Sunderland\\*\\* \\<\\@123\\> capacity"');
  });
});

describe('paging', () => {
  it('the first page has Previous (disabled), "1 / N" and Next (primary); the state round-trips', () => {
    const r = searchCommand({ query: 'Sunderland capacity' }, ctx);
    const ids = customIds(r).filter((id) => id.startsWith('aesc:search:'));
    expect(ids).toEqual([
      `aesc:search:0:${OWNER}:sunderland capacity`,
      'aesc:search:at',
      `aesc:search:1:${OWNER}:sunderland capacity`,
    ]);
    const json = JSON.stringify(r.data.components);
    expect(json).toMatch(/"label":"1 \/ \d+"/);
    expect(parseSearchCustomId(ids[2] as string)).toEqual({ page: 1, owner: OWNER, query: 'sunderland capacity' });
  });

  it('Next by the searcher updates the message with page 2, other hits, the same budget', () => {
    const first = searchCommand({ query: 'Sunderland capacity' }, ctx);
    const next = searchButton(`aesc:search:1:${OWNER}:sunderland capacity`, ctx);
    valid(next);
    expect(next.type).toBe('update');
    expect(text(next)).not.toEqual(text(first));
    expect(text(next).length).toBeLessThanOrEqual(SEARCH_VISIBLE_MAX);
    expect(JSON.stringify(next.data.components)).toMatch(/"label":"2 \/ \d+"/);
    expect(text(next)).not.toContain('Sites in Sunderland'); // entity answers are on page 1 only
  });

  it('someone else clicking gets the page as an ephemeral reply of their own, the message unchanged', () => {
    const other = testContext({ invoker: { userId: '100000000000000999' } });
    const r = searchButton(`aesc:search:1:${OWNER}:sunderland capacity`, other);
    valid(r);
    expect(r).toMatchObject({ type: 'reply', ephemeral: true });
    expect(customIds(r)).toContain('aesc:search:0:100000000000000999:sunderland capacity');
  });

  it('a page past the end shows the last page', () => {
    const r = searchButton(`aesc:search:99:${OWNER}:sunderland capacity`, ctx);
    expect(r.type).toBe('update');
    const label = JSON.stringify(r.data.components).match(/"label":"(\d+) \/ (\d+)"/);
    expect(label?.[1]).toBe(label?.[2]);
  });

  it.each([
    'aesc:search:x:1:sunderland',
    `aesc:search:1:${OWNER}:`,
    `aesc:search:1:${OWNER}:Sunderland`, // not folded: forged
    `aesc:search:1:${OWNER}:sunderland  capacity`,
    'aesc:search:at',
    `aesc:search:1:abc:sunderland`,
  ])('a forged or stale custom_id %j gets a clear ephemeral notice', (id) => {
    const r = searchButton(id, ctx);
    expect(r).toMatchObject({ type: 'reply', ephemeral: true });
    expect(noticeTitle(r)).toBe('This button has expired');
  });

  it('no paging buttons when the query is too long to carry in a custom_id; a line says so', () => {
    const q = 'Sunderland capacity Douai capacity Kentucky capacity Florence capacity Smyrna plant';
    expect(searchCustomId({ page: 1, owner: OWNER, query: q.toLowerCase() })).toBeNull();
    const r = searchCommand({ query: q }, ctx);
    valid(r);
    expect(customIds(r).filter((id) => id.startsWith('aesc:search:'))).toEqual([]);
    expect(text(r)).toContain('a shorter query can be paged through');
  });

  it('one page: no buttons at all', () => {
    const r = searchCommand({ query: 'Better Place' }, ctx);
    expect(customIds(r)).toEqual([]);
  });
});

describe('limits and bad input', () => {
  it('a 6,000-character query gets a clear message at once, never a crash or a slow answer', () => {
    const q = 'sunderland '.repeat(546).slice(0, 6000);
    const t0 = performance.now();
    const r = searchCommand({ query: q }, ctx);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(r).toMatchObject({ type: 'reply', ephemeral: true });
    expect(noticeTitle(r)).toBe('Query too long');
    expect(r.data.embeds?.[0]?.description).toContain('6,000 characters');
  });

  it('nothing to search for, and no matches, say so', () => {
    expect(noticeTitle(searchCommand({ query: '?!' }, ctx))).toBe('Nothing to search for');
    expect(noticeTitle(searchCommand({ query: 'the of and' }, ctx))).toBe('Nothing to search for');
    const none = searchCommand({ query: 'zeppelin quantum' }, ctx);
    expect(none).toMatchObject({ ephemeral: true });
    expect(none.data.embeds?.[0]?.description).toContain('Nothing in the facts matches "zeppelin quantum"');
  });
});

describe('named sites open their cards', () => {
  it('one button per named site (at most 4), opening its card through the plant route', async () => {
    const r = searchCommand({ query: 'Sunderland capacity' }, ctx);
    const open = customIds(r).filter((id) => id.startsWith('aesc:plant:'));
    expect(open).toEqual([`aesc:plant:o:sunderland:${OWNER}`, `aesc:plant:o:sunderland-giga-1:${OWNER}`]);
    const { aescRoutes } = await import('../../src/commands/aesc/index.js');
    const card = await aescRoutes.button(open[1] as string, ctx);
    expect(card.type).toBe('update');
    expect(text(card)).toContain('Envision AESC Giga 1');
    expect(
      customIds(searchCommand({ query: 'Europe' }, ctx)).filter((id) => id.startsWith('aesc:plant:')),
    ).toHaveLength(4);
    expect(customIds(searchCommand({ query: 'Panasonic' }, ctx)).filter((id) => id.startsWith('aesc:plant:'))).toEqual(
      [],
    );
  });
});

describe('through the /aesc routes', () => {
  it('execute runs the search; the button route pages it; a 6,000-character query is refused clearly', async () => {
    const { aescRoutes } = await import('../../src/commands/aesc/index.js');
    const r = await aescRoutes.execute('search', { query: 'Sunderland capacity' }, ctx);
    valid(r);
    expect(text(r)).toContain('Sites in Sunderland');
    const next = await aescRoutes.button(`aesc:search:1:${OWNER}:sunderland capacity`, ctx);
    expect(next.type).toBe('update');
    const long = await aescRoutes.execute('search', { query: 'x'.repeat(6000) }, ctx);
    expect(long).toMatchObject({ type: 'reply', ephemeral: true });
    expect(long.data.embeds?.[0]?.description).toMatch(/6000 characters long/);
  });
});

describe('/aesc search in Japanese', () => {
  const ja = testContext({ locale: 'ja' });

  it('bolds the Japanese words of the query in translated statements, never inside other words', () => {
    const t = text(searchCommand({ query: '日産 顧客' }, ja));
    expect(t).toContain('**日産**');
    expect(t).toContain('**顧客**');
    expect(t).not.toMatch(/\*\*[^*]*ランド[^*]*\*\*/); // nothing else in bold by accident
  });

  it('names customer results in Japanese ("日産 · 顧客"), with no English "Customer:" left', () => {
    for (const query of ['日産 顧客', 'Nissan customer']) {
      const t = text(searchCommand({ query }, ja));
      expect(t).toContain('日産 · 顧客');
      expect(t).not.toContain('Customer');
    }
  });

  it('names places in Japanese: the sites in a country, and where each site is', () => {
    expect(text(searchCommand({ query: 'UK' }, ja))).toContain('**英国の拠点**');
    expect(text(searchCommand({ query: 'テネシー' }, ja))).toContain('スマーナ、テネシー、米国');
    expect(text(searchCommand({ query: 'Tennessee' }, ctx))).toContain('Smyrna, Tennessee, United States');
  });

  it('snippet joins overlapping matches of words and ranges into one bold run', () => {
    expect(snippet('the Sunderland plant', ['sunderland'], 200, true, [[4, 20]])).toBe('the **Sunderland plant**');
    expect(snippet('英国のサンダーランド工場', [], 200, true, [[3, 10]])).toBe('英国の**サンダーランド**工場');
  });
});
