// Unit tests of every /aesc handler's payload: plain functions, real facts, no Discord.
import {
  type APIEmbed,
  type APIInteractionResponseCallbackData,
  type ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { aescDefinition } from '../../src/commands/aesc/definition.js';
import { historyCustomId, parseHistoryCustomId } from '../../src/commands/aesc/history.js';
import { aescCommand } from '../../src/commands/aesc/index.js';
import type { HandlerReply, RawOptions } from '../../src/core/command.js';
import { checkMessageLimits, validateCommandDefinition } from '../../src/discord/limits.js';
import { fixedClock, testContext } from '../support/handler-context.js';

async function run(sub: string, options: RawOptions = {}, ctx = testContext()): Promise<HandlerReply> {
  const reply = await aescCommand.execute(sub, options, ctx);
  // Every payload a handler returns must already be within Discord's limits, with mentions off.
  expect(checkMessageLimits(reply.data)).toEqual([]);
  expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  return reply;
}

function embedOf(reply: HandlerReply): APIEmbed {
  const embed = reply.data.embeds?.[0];
  expect(embed).toBeDefined();
  return embed as APIEmbed;
}

function text(embed: APIEmbed): string {
  return [
    embed.title,
    embed.description,
    ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
    embed.footer?.text,
  ].join('\n');
}

function field(embed: APIEmbed, name: string): string {
  const f = embed.fields?.find((x) => x.name === name);
  expect(f, `field "${name}"`).toBeDefined();
  return f?.value ?? '';
}

describe('/aesc definition', () => {
  it('passes the limits check and keeps the public option names', () => {
    expect(() => validateCommandDefinition(aescDefinition)).not.toThrow();
    expect(aescDefinition.options.map((o) => o.name)).toEqual([
      'plant',
      'plants',
      'history',
      'owner',
      'company',
      'customers',
      'products',
      'search',
      'fact',
      'sources',
      'today',
    ]);
  });
});

describe('/aesc plant', () => {
  it('shows one site card with every capacity figure, its date and its source', async () => {
    const reply = await run('plant', { name: 'Douai' });
    expect(reply).toMatchObject({ type: 'reply', ephemeral: false });
    const embed = embedOf(reply);
    expect(embed.title).toBe('Douai plant');
    const capacity = field(embed, 'Capacity');
    expect(capacity).toContain('**9 GWh** planned, by 2024 · *Wikipedia*');
    expect(capacity).toContain('**24 GWh** planned, by 2030 · *Wikipedia*');
    expect(capacity).toContain('**9 GW** current · *Flor interview*');
    expect(field(embed, 'Customers')).toContain('Renault');
    expect(field(embed, 'Investment and jobs')).toContain('€2 billion');
    expect(field(embed, 'Sources')).toContain('*Automotive Energy Supply Corporation* (Wikipedia)');
    expect(field(embed, 'Status now')).toBe('Operating');
  });

  it('resolves aliases, states and other names people type', async () => {
    for (const [name, title] of [
      ['Tennessee', 'Smyrna plant'],
      ['giga 1', 'Sunderland plant'],
      ['WUXI', 'Jiangyin plant'],
      ['bowling-green', 'Bowling Green plant'],
    ]) {
      expect(embedOf(await run('plant', { name })).title).toBe(title);
    }
  });

  it('shows dates at the precision of the source', async () => {
    const embed = embedOf(await run('plant', { name: 'Zama' }));
    expect(field(embed, 'Start of production')).toBe('Trial: mid-2009');
    expect(text(embed)).not.toMatch(/June 2009|2009-0/);
    expect(field(embed, 'Capacity')).toContain('**13,000 battery units per year** initial, c. 2009');
  });

  it('marks geography the editors added as not from the sources', async () => {
    const embed = embedOf(await run('plant', { name: 'Extremadura' }));
    expect(field(embed, "Geography (editors' note, not from the sources)")).toContain('Added by the editors');
  });

  it('answers an unknown plant ephemerally with the closest suggestions', async () => {
    const reply = await run('plant', { name: 'sundreland' });
    expect(reply).toMatchObject({ type: 'reply', ephemeral: true });
    expect(embedOf(reply).description).toContain('No site matches "sundreland"');
    expect(embedOf(reply).description).toContain('**Sunderland plant**');
  });

  it('answers garbage without crashing, and escapes markdown and mentions in the echo', async () => {
    const reply = await run('plant', { name: '@everyone **bold** `x`' });
    expect(reply).toMatchObject({ ephemeral: true });
    const description = embedOf(reply).description ?? '';
    expect(description).toContain('\\@everyone \\*\\*bold\\*\\* \\`x\\`');
  });

  it('rejects an over-long name with a specific message', async () => {
    const reply = await run('plant', { name: 'x'.repeat(150) });
    expect(reply).toMatchObject({ ephemeral: true });
    expect(embedOf(reply).description).toMatch(/150 characters long; the most is 100/);
  });
});

describe('/aesc plant autocomplete', () => {
  const complete = (value: string) =>
    aescCommand.autocomplete?.('plant', { name: 'name', value }, {}, testContext()) ?? [];

  it('suggests the matching site first, with names of at most 100 characters', () => {
    const choices = complete('kentuky');
    expect(choices[0]).toMatchObject({ value: 'bowling-green' });
    for (const c of complete('')) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(complete('')).toHaveLength(13);
  });

  it('returns nothing for garbage and for a 6,000-character value', () => {
    expect(complete('qwertyuiop')).toEqual([]);
    expect(complete('x'.repeat(6000))).toEqual([]);
  });

  it('suggests years with their event counts for /aesc history', () => {
    const years = aescCommand.autocomplete?.('history', { name: 'year', value: '201' }, {}, testContext()) ?? [];
    expect(years).toContainEqual({ name: '2018 (3 events)', value: 2018 });
    expect(years.every((c) => String(c.value).startsWith('201'))).toBe(true);
    expect(aescCommand.autocomplete?.('history', { name: 'year', value: 'abc' }, {}, testContext())).toEqual([]);
  });
});

describe('/aesc plants', () => {
  it('groups every site by region', async () => {
    const embed = embedOf(await run('plants'));
    expect(embed.fields?.map((f) => f.name)).toEqual(['Japan (3)', 'China (4)', 'Europe (3)', 'USA (3)', 'Sources']);
  });

  it('filters by region and status', async () => {
    const embed = embedOf(await run('plants', { region: 'USA', status: 'halted' }));
    expect(embed.fields?.[0]?.value).toContain('**Florence plant**');
    expect(embed.fields?.[0]?.name).toBe('USA (1)');
  });

  it('says so ephemerally when nothing matches', async () => {
    const reply = await run('plants', { region: 'Japan', status: 'halted' });
    expect(reply).toMatchObject({ ephemeral: true });
    expect(embedOf(reply).description).toContain('No site in the sources is Japan and halted');
  });
});

describe('/aesc history', () => {
  it('pages the timeline with Previous/Next buttons that carry their state', async () => {
    const reply = await run('history');
    const embed = embedOf(reply);
    expect(embed.footer?.text).toContain('page 1 of 5');
    const row = (reply.data as APIInteractionResponseCallbackData).components?.[0] as {
      components: { custom_id: string; disabled?: boolean; style: ButtonStyle; type: ComponentType }[];
    };
    const [prev, next, order] = row.components;
    expect(prev).toMatchObject({ disabled: true, type: ComponentType.Button });
    expect(next?.custom_id).toBe('aesc:history:1:o:-:-');
    expect(order?.custom_id).toBe('aesc:history:0:n:-:-');
    const ids = row.components.map((b) => b.custom_id);
    expect(new Set(ids).size).toBe(ids.length);

    const page2 = await aescCommand.button?.(next?.custom_id ?? '', testContext());
    expect(page2?.type).toBe('update');
    expect(embedOf(page2 as HandlerReply).footer?.text).toContain('page 2 of 5');
  });

  it('filters by year and topic, with month precision kept', async () => {
    const embed = embedOf(await run('history', { year: 2018 }));
    const names = embed.fields?.map((f) => f.name) ?? [];
    expect(names).toEqual([
      'July 2018 · The GSR Capital sale is cancelled',
      'August 2018 · Nissan announces the sale to Envision, keeping 25%',
      '2018 · Envision becomes a joint venture partner',
      'Sources',
    ]);
    const ownership = embedOf(await run('history', { topic: 'ownership' }));
    expect(ownership.description).toMatch(/^10 events/);
  });

  it('lists the years that have events when a year has none', async () => {
    const reply = await run('history', { year: 2012 });
    expect(reply).toMatchObject({ ephemeral: true });
    expect(embedOf(reply).description).toContain('no dated event in 2012');
    expect(embedOf(reply).description).toContain('2007, 2008, 2009, 2010, 2014');
  });

  it('answers a forged or stale button politely', async () => {
    for (const id of [
      'aesc:history:abc',
      'aesc:history:1:o:-:gossip',
      'aesc:history:9:x:-:-',
      'aesc:other',
      'aesc:history:2:o:1999:-',
    ]) {
      const reply = await aescCommand.button?.(id, testContext());
      expect(reply).toMatchObject({ type: 'reply', ephemeral: true });
    }
  });

  it('round-trips the button state', () => {
    const state = { page: 3, order: 'newest', year: 2018, topic: 'ownership' } as const;
    expect(parseHistoryCustomId(historyCustomId(state))).toEqual(state);
    expect(historyCustomId(state).length).toBeLessThanOrEqual(100);
  });
});

describe('/aesc owner, company, customers, products, sources', () => {
  it('owner: current owners first, then every change of ownership in order', async () => {
    const embed = embedOf(await run('owner'));
    expect(embed.description).toContain('**Nissan** — 25%');
    expect(embed.description).toContain('**Envision**');
    expect(embed.fields?.map((f) => f.name)).toEqual([
      '2007 · Founding agreement',
      '2008 · Shareholding',
      '2016 · Sale decided',
      'mid-2017 · Sale announced',
      'July 2018 · Sale cancelled',
      'August 2018 · Sale announced',
      '2018 · Ownership changed',
      'Undated · Sale reported',
      'Sources',
    ]);
    expect(field(embed, '2008 · Shareholding')).toContain('Stakes: Nissan 51%, NEC 42%, NEC TOKIN 7%');
  });

  it('company: both founding years with their sources, the safety claim attributed', async () => {
    const embed = embedOf(await run('company'));
    const founded = field(embed, 'Founded');
    expect(founded).toContain('**2007**');
    expect(founded).toContain('**2008**');
    expect(field(embed, "Claims (the company's own words)")).toContain('according to Knudt Flor');
    expect(field(embed, 'Headquarters')).toContain('Yokohama, Japan');
    expect(field(embed, 'Key figures')).toContain('21% of the market');
  });

  it('customers: each with the sites that serve it', async () => {
    const embed = embedOf(await run('customers'));
    expect(field(embed, 'Renault')).toContain('Served by: Douai plant');
    expect(field(embed, 'Nissan')).toContain('Sunderland plant');
    expect(field(embed, 'BMW')).toContain('Serving site not stated.');
  });

  it("products: the first cell's specifications", async () => {
    const embed = embedOf(await run('products'));
    expect(field(embed, 'Dimensions')).toContain('251 × 144.2 × 9.2 mm');
    expect(field(embed, 'Power density')).toContain('2060 W/kg');
  });

  it('sources: the four documents with their citation counts', async () => {
    const embed = embedOf(await run('sources'));
    expect(embed.fields).toHaveLength(4);
    expect(text(embed)).toMatch(/Quoted \d+ times in the data/);
  });
});

describe('/aesc search and fact', () => {
  it('search finds the best-matching facts of any kind', async () => {
    const embed = embedOf(await run('search', { query: 'GSR Capital' }));
    expect(embed.fields?.[0]?.name).toMatch(/^History · /);
    expect(text(embed)).toContain('GSR Capital');
    expect(field(embed, 'Sources')).toContain('*Automotive Energy Supply Corporation* (Wikipedia)');
    expect(embed.fields?.[0]?.value).toMatch(/· \*Wikipedia\*/);
  });

  it('search says clearly when nothing matches or there is nothing to search', async () => {
    const none = await run('search', { query: 'zeppelin quantum' });
    expect(none).toMatchObject({ ephemeral: true });
    expect(embedOf(none).description).toContain('Nothing in the facts matches "zeppelin quantum"');
    const empty = await run('search', { query: '?!' });
    expect(embedOf(empty).title).toBe('Nothing to search for');
  });

  it('fact: a fact with its source, the same for the same interaction, different across interactions', async () => {
    const a = embedOf(await run('fact', {}, testContext({ invoker: { interactionId: '1' } })));
    const again = embedOf(await run('fact', {}, testContext({ invoker: { interactionId: '1' } })));
    expect(again).toEqual(a);
    expect(field(a, 'Sources')).toMatch(/^• \*/);
    const titles = new Set<string | undefined>();
    for (let i = 0; i < 30; i++)
      titles.add(embedOf(await run('fact', {}, testContext({ invoker: { interactionId: String(1000 + i) } }))).title);
    expect(titles.size).toBeGreaterThan(5);
  });
});

describe('/aesc today', () => {
  it('uses UTC without a daily subscription and the store entry for that date', async () => {
    const reply = await run('today', {}, testContext({ clock: fixedClock('2026-08-01T10:00:00Z') }));
    expect(reply.data.content).toBe('AESC history for 1 August 2026 (UTC):');
    const embed = embedOf(reply);
    expect(embed.title).toBe('This month in AESC history');
    expect(embed.description).toContain('In August 2018 (8 years ago), Nissan announced the sale');
  });

  it('uses a coarse-precision wording on other days, never inventing a day', async () => {
    const embed = embedOf(await run('today', {}, testContext({ clock: fixedClock('2026-11-22T10:00:00Z') })));
    expect(embed.title).toBe('From the AESC timeline');
    expect(embed.title).not.toMatch(/On this day/);
  });
});

describe('unknown subcommands', () => {
  it('answers ephemerally', async () => {
    const reply = await aescCommand.execute('nope', {}, testContext());
    expect(reply).toMatchObject({ type: 'reply', ephemeral: true });
  });
});
