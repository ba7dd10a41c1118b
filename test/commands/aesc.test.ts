// Unit tests of every /aesc handler's payload: plain functions, real facts, no Discord. Every reply is checked
// against Discord's limits and its OpenAPI contract, and against the layout budgets of issue 9 (visible text of a
// reply at most 1,500 characters; a plant card's first screen at most 1,000).
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIContainerComponent,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { aescDefinition } from '../../src/commands/aesc/definition.js';
import { factCard, factPool } from '../../src/commands/aesc/fact.js';
import { historyCustomId, parseHistoryCustomId } from '../../src/commands/aesc/history.js';
import { aescRoutes } from '../../src/commands/aesc/index.js';
import { PLANT_VIEWS, plantButton, plantCard } from '../../src/commands/aesc/plant.js';
import type { HandlerContext, HandlerReply, RawOptions } from '../../src/core/command.js';
import { discordLength, validateCommandDefinition } from '../../src/discord/limits.js';
import { cardReply, visibleText } from '../../src/present/cv2.js';
import { fontCatalog } from '../../src/render/index.js';
import { checkInteractionCallback } from '../support/contract.js';
import { fixedClock, realStore, testContext } from '../support/handler-context.js';
import { checkMessageLimits } from '../support/limits.js';

const OWNER = '100000000000000001';
const OTHER = '100000000000000002';

/** Every payload a handler returns: within Discord's limits and contract, mentions off, within the budget. */
function checked(reply: HandlerReply): HandlerReply {
  expect(checkMessageLimits(reply.data)).toEqual([]);
  expect(checkInteractionCallback({ type: reply.type === 'update' ? 7 : 4, data: reply.data })).toEqual([]);
  expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  expect(discordLength(visibleText(reply.data))).toBeLessThanOrEqual(1500);
  return reply;
}

async function run(sub: string, options: RawOptions = {}, ctx = testContext()): Promise<HandlerReply> {
  return checked(await aescRoutes.execute(sub, options, ctx));
}

async function click(customId: string, ctx = testContext()): Promise<HandlerReply> {
  return checked(await aescRoutes.button(customId, ctx));
}

async function choose(customId: string, values: string[], ctx = testContext()): Promise<HandlerReply> {
  return checked(await aescRoutes.select(customId, values, ctx));
}

const text = (reply: HandlerReply) => visibleText(reply.data);

function container(reply: HandlerReply): APIContainerComponent {
  expect(reply.data.flags ?? 0).toSatisfy((f: number) => (f & MessageFlags.IsComponentsV2) !== 0);
  const c = reply.data.components?.[0] as APIContainerComponent | undefined;
  expect(c?.type).toBe(ComponentType.Container);
  return c as APIContainerComponent;
}

/** A button as the cards make them: always with a label and a custom_id. */
type Btn = { type: ComponentType.Button; label?: string; custom_id: string; disabled?: boolean; style: ButtonStyle };

/** Buttons in action rows and as section accessories. */
function buttons(reply: HandlerReply): Btn[] {
  const all = container(reply).components.flatMap((c): APIButtonComponent[] => {
    if (c.type === ComponentType.ActionRow) {
      return (c as APIActionRowComponent<APIButtonComponent>).components.filter((b) => b.type === ComponentType.Button);
    }
    if (c.type === ComponentType.Section && c.accessory.type === ComponentType.Button) return [c.accessory];
    return [];
  });
  return all as unknown as Btn[];
}

function selects(reply: HandlerReply): APIStringSelectComponent[] {
  return container(reply)
    .components.filter((c) => c.type === ComponentType.ActionRow)
    .flatMap((r) => (r as APIActionRowComponent<APIStringSelectComponent>).components)
    .filter((c) => c.type === ComponentType.StringSelect);
}

function button(reply: HandlerReply, label: string | RegExp): Btn {
  const b = buttons(reply).find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label ?? '')));
  expect(b, `button ${label}`).toBeDefined();
  return b as Btn;
}

const SUPERSCRIPT_RUN = /[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g;

/** The sources line and the markers used above it agree: every marker has an entry, every entry a marker. */
function expectMarkersMatchSources(reply: HandlerReply): string[] {
  const all = text(reply);
  const lines = all.split('\n');
  const sourcesLine = lines.find((l) => l.startsWith('-# ¹ ') || l.startsWith('-# Source: ')) ?? '';
  expect(sourcesLine, 'a sources line').not.toBe('');
  const body = lines.filter((l) => l !== sourcesLine).join('\n');
  const used = new Set((body.match(SUPERSCRIPT_RUN) ?? []).map((m) => m));
  if (sourcesLine.startsWith('-# Source: ')) {
    expect(used.size, 'one source: no markers').toBe(0);
    return [sourcesLine.slice('-# Source: '.length)];
  }
  const entries = sourcesLine
    .slice(3)
    .split(' · ')
    .map((e) => e.split(' ')[0] as string);
  expect(new Set(entries)).toEqual(used);
  return sourcesLine.slice(3).split(' · ');
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

describe('/aesc plant card', () => {
  it('leads with the answer: status with what it rests on, place, capacity in one line, makes, serves', async () => {
    const reply = await run('plant', { name: 'Douai' });
    expect(reply).toMatchObject({ type: 'reply', ephemeral: false });
    const t = text(reply);
    expect(t).toContain('## 🟢 Douai plant');
    expect(t).toMatch(/\*\*Status now:\*\* 🟢 Operating[¹²]+ — as the Flor interview tells it/);
    expect(t).toContain('about 2024');
    expect(t).toMatch(
      /\*\*Capacity:\*\* \*\*9 GW\*\* current[¹²]+ · \*\*24 GWh\*\* planned, by 2030[¹²]+ · 4 figures in all/,
    );
    expect(t).toContain('**Serves:** Renault');
    expect(t).not.toContain('Not stated in the sources');
    expect(container(reply).accent_color).toBe(0x2ea043);
  });

  it('keeps every first screen within 1,000 visible characters and every view within 1,500', () => {
    const store = realStore();
    for (const plant of store.plants) {
      const first = cardReply(plantCard(store, plant, 'en-US', 'o', OWNER));
      expect(discordLength(visibleText(first.data)), plant.id).toBeLessThanOrEqual(1000);
      for (const view of PLANT_VIEWS) checked(cardReply(plantCard(store, plant, 'en-US', view, OWNER)));
    }
  });

  it('says "Status now" only where a source supports it, and the latest status with its date otherwise', async () => {
    expect(text(await run('plant', { name: 'Florence' }))).toContain(
      '**Latest status in the sources:** 🔴 Halted, 2025',
    );
    const zama = text(await run('plant', { name: 'Zama' }));
    expect(zama).toContain('🟡 Trial production — Trial production began in mid-2009.');
    expect(zama).not.toMatch(/June 2009|2009-0|Production started/);
    expect(zama).not.toContain('Status now');
    expect(text(await run('plant', { name: 'Ibaraki' }))).toContain(
      'not stated — the sources only name it as a production site',
    );
  });

  it('gathers empty facts in one small line', async () => {
    const t = text(await run('plant', { name: 'Shiyan' }));
    expect(t).toContain('-# Not in the sources: capacity, what it makes, customers, investment, jobs.');
  });

  it('cites each statement with a marker pointing at one sources line, computed from what is shown', async () => {
    const reply = await run('plant', { name: 'Smyrna' });
    const entries = expectMarkersMatchSources(reply);
    expect(entries.join(' ')).toContain('*Automotive Energy Supply Corporation* (Wikipedia)');
    expect(entries.join(' ')).toContain('Knudt Flor');
    // Remove every statement backed by the interview: its source disappears, and one source is cited once.
    const store = realStore();
    const smyrna = store.plantWithId('smyrna');
    if (smyrna === undefined) throw new Error('no Smyrna');
    const noFlor = <T extends { sources: readonly { source: string }[] }>(xs: readonly T[]) =>
      xs.filter((x) => x.sources.every((c) => c.source !== 'flor-interview'));
    const trimmed = {
      ...smyrna,
      statuses: noFlor(smyrna.statuses),
      capacity: noFlor(smyrna.capacity),
      makes: noFlor(smyrna.makes),
      customers: noFlor(smyrna.customers),
    };
    const less = cardReply(plantCard(store, trimmed, 'en-US', 'o', OWNER));
    expect(text(less)).not.toContain('Knudt Flor');
    expect(expectMarkersMatchSources(less)).toEqual(['*Automotive Energy Supply Corporation* (Wikipedia)']);
  });

  it('opens the details in place: status history, every capacity figure, investment and jobs, sources', async () => {
    const first = await run('plant', { name: 'Sunderland plant' });
    const history = await click(button(first, 'Status history').custom_id);
    expect(history.type).toBe('update');
    expect(text(history)).toContain('status, as each source states it');
    expect(text(history)).toContain('When the Flor interview speaks from');
    expect(text(history)).toContain('over the past 17 years');
    expect(button(history, 'Status history')).toMatchObject({ disabled: true, style: ButtonStyle.Primary });
    const capacity = await click(button(first, /^Capacity \(\d+\)$/).custom_id);
    expect(text(capacity)).toContain('15.8 GWh');
    expect(text(capacity)).toContain('Totals are never computed');
    const sources = await click(button(first, 'Sources').custom_id);
    expect(text(sources)).toMatch(/backs \d+ of this card's statements/);
    expect(text(await click(button(first, 'Investment & jobs').custom_id))).toContain('not from the sources');
  });

  it('tells the existing Sunderland plant and the new Giga 1 factory apart', async () => {
    const giga = await run('plant', { name: 'giga 1' });
    expect(text(giga)).toContain('Envision AESC Giga 1');
    expect(text(giga)).toContain('🟠 Under construction');
    expect(text(giga)).not.toContain('Operating');
    expect(text(giga)).toContain('At the same place: Sunderland plant');
  });

  it('jumps to another site with the select menu', async () => {
    const first = await run('plant', { name: 'Douai' });
    const jump = selects(first)[0];
    expect(jump?.options.find((o) => o.default)?.value).toBe('douai');
    const next = await choose(jump?.custom_id ?? '', ['smyrna']);
    expect(next.type).toBe('update');
    expect(text(next)).toContain('## 🟢 Smyrna plant');
  });

  it('only the user who ran the command changes the message; anyone else gets the view ephemerally', async () => {
    const first = await run('plant', { name: 'Douai' });
    const id = button(first, 'Status history').custom_id;
    expect(id).toContain(OWNER);
    const other = testContext({ invoker: { userId: OTHER } });
    const theirs = await click(id, other);
    expect(theirs).toMatchObject({ type: 'reply', ephemeral: true });
    expect(text(theirs)).toContain('status, as each source states it');
    // Their copy's buttons are theirs.
    expect(button(theirs, 'Overview').custom_id).toContain(OTHER);
    // Discord's interaction metadata says who ran the command: a mismatch wins over the custom id.
    const metaOther = testContext({ message: { id: '1', interactionUserId: OTHER } });
    expect(await click(id, metaOther)).toMatchObject({ type: 'reply', ephemeral: true });
    const jump = await choose(selects(first)[0]?.custom_id ?? '', ['zama'], other);
    expect(jump).toMatchObject({ type: 'reply', ephemeral: true });
  });

  it('answers forged or stale custom ids ephemerally', async () => {
    for (const id of [
      'aesc:plant:o:atlantis:100000000000000001',
      'aesc:plant:x:douai:100000000000000001',
      'aesc:plant:o:douai',
      `aesc:plant:o:${'a'.repeat(90)}:1`,
      'aesc:company:z:1',
      'aesc:fact:99999:1',
      'aesc:go:nowhere:1',
    ]) {
      expect(await click(id), id).toMatchObject({ type: 'reply', ephemeral: true });
    }
    expect(await choose('aesc:plant:jump:1', ['atlantis'])).toMatchObject({ ephemeral: true });
    expect(await choose('aesc:plant:jump:1', ['douai', 'zama'])).toMatchObject({ ephemeral: true });
    expect(await choose('aesc:unknown', ['x'])).toMatchObject({ ephemeral: true });
    expect(plantButton('aesc:plant:o:douai:notanumber', testContext())).toMatchObject({ ephemeral: true });
  });

  it('lists the sites of a country or region, and says what a close match matched', async () => {
    const japan = text(await run('plant', { name: 'Japan' }));
    expect(japan).toContain('Zama plant');
    expect(japan).toContain('Sagamihara electrode plant');
    const typo = await run('plant', { name: 'Smyrnq' });
    expect(text(typo)).toContain('Smyrna plant');
  });

  it('answers an unknown plant ephemerally, and escapes markdown and mentions in the echo', async () => {
    const reply = await run('plant', { name: 'atlantis' });
    expect(reply).toMatchObject({ type: 'reply', ephemeral: true });
    expect(text(reply)).toContain('No site matches "atlantis"');
    const garbage = await run('plant', { name: '@everyone **bold** `x`' });
    expect(garbage).toMatchObject({ ephemeral: true });
    expect(text(garbage)).toContain('\\@everyone \\*\\*bold\\*\\* \\`x\\`');
    const long = await run('plant', { name: 'x'.repeat(150) });
    expect(text(long)).toMatch(/150 characters long; the most is 100/);
  });
});

const noFont = fontCatalog().latin === null;
if (noFont)
  console.warn(
    'Skipping the picture checks of /aesc plant and /aesc plants: no Latin font (apt-get install fonts-dejavu-core)',
  );

describe.skipIf(noFont)('/aesc plant and plants pictures', () => {
  function gallery(reply: HandlerReply): string[] {
    return container(reply)
      .components.filter((c) => c.type === ComponentType.MediaGallery)
      .flatMap((g) => (g as { items: { media: { url: string } }[] }).items.map((i) => i.media.url));
  }

  it('a site with two or more capacity figures shows its chart as an attachment, one with fewer none', async () => {
    const douai = await run('plant', { name: 'Douai' });
    expect(gallery(douai)).toEqual(['attachment://capacity-douai.png']);
    expect(douai.files?.map((f) => f.name)).toEqual(['capacity-douai.png']);
    expect(douai.data.attachments?.[0]).toMatchObject({ id: '0', filename: 'capacity-douai.png' });
    expect(douai.files?.[0]?.description).toMatch(/capacity/i);
    const smyrna = await run('plant', { name: 'Smyrna' });
    expect(gallery(smyrna)).toEqual([]);
    expect(smyrna.files).toBeUndefined();
    // A view without the chart clears the attachment the message had.
    const history = await click(button(douai, 'Status history').custom_id);
    expect(history.data.attachments).toEqual([]);
  });

  it('the sites list shows the map, zoomed to the region asked for', async () => {
    const usa = await run('plants', { region: 'USA' });
    expect(gallery(usa)).toEqual(['attachment://sites-usa.png']);
    expect(usa.files?.[0]?.description).toContain("editors' geography");
  });
});

describe('/aesc plant autocomplete', () => {
  const complete = (value: string) => aescRoutes.autocomplete('plant', { name: 'name', value }, {}, testContext());

  it('suggests the matching site first, with names of at most 100 characters', () => {
    expect(complete('kentuky')[0]).toMatchObject({ value: 'bowling-green' });
    for (const c of complete('')) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(complete('x'.repeat(6000))).toEqual([]);
  });

  it('suggests years with their event counts for /aesc history', () => {
    const years = aescRoutes.autocomplete('history', { name: 'year', value: '201' }, {}, testContext());
    expect(years).toContainEqual({ name: '2018 (3 events)', value: 2018 });
    expect(aescRoutes.autocomplete('history', { name: 'year', value: 'abc' }, {}, testContext())).toEqual([]);
  });
});

describe('/aesc plants', () => {
  it('groups every site by region, each with its status emoji, and offers a jump to any site', async () => {
    const reply = await run('plants');
    const t = text(reply);
    for (const region of ['### Japan (3)', '### China (4)', '### Europe (4)', '### USA (3)'])
      expect(t).toContain(region);
    expect(t).toContain('🔴 **Florence plant**');
    expect(selects(reply)[0]?.options).toHaveLength(realStore().plants.length);
    expectMarkersMatchSources(reply);
  });

  it('computes its sources from the statuses it shows', async () => {
    const reply = await run('plants', { region: 'USA', status: 'halted' });
    expect(text(reply)).toContain('**Florence plant**');
    expect(expectMarkersMatchSources(reply)).toEqual(['*Automotive Energy Supply Corporation* (Wikipedia)']);
  });

  it('says so ephemerally when nothing matches', async () => {
    const reply = await run('plants', { region: 'Japan', status: 'halted' });
    expect(reply).toMatchObject({ ephemeral: true });
    expect(text(reply)).toContain('No site in the sources is Japan and halted');
  });
});

describe('/aesc history', () => {
  it('pages with "Next" as the primary button and "1 / n" beside it; the disclaimer only once', async () => {
    const first = await run('history');
    const t = text(first);
    expect(t).toContain('Dates are given as precisely as the sources give them');
    const next = button(first, 'Next');
    expect(next.style).toBe(ButtonStyle.Primary);
    const counter = buttons(first).find((b) => /^\d+ \/ \d+$/.test(b.label ?? ''));
    expect(counter).toMatchObject({ disabled: true });
    const pages = Number(/^1 \/ (\d+)$/.exec(counter?.label ?? '')?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(button(first, 'Previous').disabled).toBe(true);
    expect(next.custom_id).toBe(`aesc:history:1:o:-:-:${OWNER}`);
    const ids = buttons(first).map((b) => b.custom_id);
    expect(new Set(ids).size).toBe(ids.length);

    const page2 = await click(next.custom_id);
    expect(page2.type).toBe('update');
    expect(buttons(page2).some((b) => b.label === `2 / ${pages}`)).toBe(true);
    expect(text(page2)).not.toContain('Dates are given as precisely');
    expectMarkersMatchSources(page2);
    // Every page of every view stays within the budget.
    for (let p = 0; p < pages; p++)
      await click(historyCustomId({ page: p, order: 'newest', year: undefined, topic: undefined }, OWNER));
  });

  it('has a year select and no lone order button on a one-page result', async () => {
    const first = await run('history');
    const years = selects(first)[0];
    expect(years?.options.map((o) => o.value)).toContain('2018');
    const y2018 = await choose(years?.custom_id ?? '', ['2018']);
    const t = text(y2018);
    expect(t).toContain('**July 2018 · The GSR Capital sale is cancelled**');
    expect(t).toContain('**August 2018 · Nissan announces the sale to Envision, keeping 25%**');
    expect(buttons(y2018)).toEqual([]);
    expect(selects(y2018)[0]?.options.find((o) => o.default)?.value).toBe('2018');
    const all = await choose(selects(y2018)[0]?.custom_id ?? '', ['all']);
    expect(buttons(all).length).toBeGreaterThan(0);
    expect(await choose(years?.custom_id ?? '', ['1850'])).toMatchObject({ ephemeral: true });
    expect(await choose(years?.custom_id ?? '', ['drop table'])).toMatchObject({ ephemeral: true });
  });

  it('writes a "c. 2009" date once, as a person would', async () => {
    const page = text(await run('history', { year: 2009 }));
    expect(page).toContain("**c. 2009 · A battery plant planned at Nissan's Zama site**");
    expect(page).not.toMatch(/Kanagawa \(c\. 2009\)/);
  });

  it('lists the years that have events when a year has none', async () => {
    const reply = await run('history', { year: 2013 });
    expect(reply).toMatchObject({ type: 'reply', ephemeral: true });
    expect(text(reply)).toContain('no dated event in 2013');
  });

  it('answers a forged or stale button politely, and a click by someone else with their own view', async () => {
    for (const id of [
      'aesc:history:abc',
      'aesc:history:1:o:-:gossip:1',
      'aesc:history:9:x:-:-',
      'aesc:history:2:o:1999:-',
    ]) {
      expect(await click(id)).toMatchObject({ type: 'reply', ephemeral: true });
    }
    const theirs = await click(`aesc:history:1:o:-:-:${OWNER}`, testContext({ invoker: { userId: OTHER } }));
    expect(theirs).toMatchObject({ type: 'reply', ephemeral: true });
    expect(button(theirs, 'Next').custom_id).toContain(OTHER);
  });

  it('round-trips the button state', () => {
    const state = { page: 3, order: 'newest', year: 2018, topic: 'ownership' } as const;
    expect(parseHistoryCustomId(historyCustomId(state, OWNER))).toEqual({ ...state, owner: OWNER });
    expect(historyCustomId(state, OWNER).length).toBeLessThanOrEqual(100);
  });
});

describe('/aesc owner, company, customers, products, sources', () => {
  it('owner: current owners first, then every change of ownership in order', async () => {
    const reply = await run('owner');
    const t = text(reply);
    expect(t).toContain('**Nissan** · 25%');
    expect(t.indexOf('**2007** · Founding agreement')).toBeLessThan(t.indexOf('**2008** · Shareholding'));
    expect(t).toContain('(Nissan 51%, NEC 42%, NEC TOKIN 7%)');
    expect(t).toContain("Stake acquired: Nissan has acquired NEC's 49% stake");
    expect(t.indexOf('**Undated** · Sale reported')).toBeGreaterThan(t.indexOf('**2018** · Ownership changed'));
    expectMarkersMatchSources(reply);
  });

  it('company: the first screen is a summary with both founding years; details one click away', async () => {
    const reply = await run('company');
    const t = text(reply);
    expect(t).toMatch(/\*\*Founded:\*\* \*\*2007\*\*[¹²³˒]+ or \*\*2008\*\*¹ — the sources differ/);
    expect(t).toContain('**Headquarters:** Yokohama, Japan');
    expect(t).toContain('over one million, according to Knudt Flor');
    expect(discordLength(t)).toBeLessThanOrEqual(1000);
    expectMarkersMatchSources(reply);
    const figures = await click(button(reply, 'Key figures').custom_id);
    expect(text(figures)).toContain('21% of the market');
    const claims = await click(button(reply, 'Claims & reports').custom_id);
    expect(text(claims)).toContain('According to Electrek');
    expect(text(claims)).toContain('according to Knudt Flor');
    const people = await click(button(reply, 'Products & people').custom_id);
    expect(text(people)).toContain('Knudt Flor');
  });

  it('navigation: command mentions when the ids are known, else buttons that open the card', async () => {
    const withIds = await run('company', {}, testContext({ commandIds: new Map([['aesc', '123456789012345678']]) }));
    expect(text(withIds)).toContain('</aesc owner:123456789012345678>');
    expect(buttons(withIds).some((b) => b.custom_id.startsWith('aesc:go:'))).toBe(false);
    const without = await run('company');
    expect(text(without)).not.toContain('</aesc');
    const owners = await click(button(without, 'Owners').custom_id);
    expect(owners.type).toBe('update');
    expect(text(owners)).toContain('## Who owns AESC');
    const history = await click(button(owners, 'Ownership history').custom_id);
    expect(text(history)).toContain('## AESC history · ownership');
  });

  it('customers: each with the sites that serve it', async () => {
    const t = text(await run('customers'));
    expect(t).toMatch(/\*\*Renault\*\* — .*🏭 Douai plant/);
    expect(t).toMatch(/\*\*Nissan\*\* — .*Sunderland plant/);
  });

  it("products: the first cell's specifications", async () => {
    const t = text(await run('products'));
    expect(t).toContain('251 × 144.2 × 9.2 mm');
    expect(t).toContain('2060 W/kg');
  });

  it('sources: for each document, which sites and which years it contributes', async () => {
    const t = text(await run('sources'));
    const flor = t.slice(t.indexOf('Knudt Flor'), t.indexOf('Nissan and NEC form AESC'));
    expect(flor).toContain('**Sites:** Douai plant');
    expect(flor).not.toContain('Zama plant');
    const jv = t.slice(t.indexOf('Nissan and NEC form AESC'));
    expect(jv).toContain('**Sites:** Zama plant');
    expect(t).toMatch(/\*\*Years:\*\* 2007–20\d\d/);
    expect(t).toMatch(/quoted \d+ times/);
  });
});

describe('/aesc fact', () => {
  const factCtx = (id: string, userId = OWNER): HandlerContext =>
    testContext({ invoker: { interactionId: id, userId } });

  it('the same fact for the same interaction, different across interactions', async () => {
    const a = text(await run('fact', {}, factCtx('1')));
    expect(text(await run('fact', {}, factCtx('1')))).toBe(a);
    const titles = new Set<string>();
    for (let i = 0; i < 30; i++)
      titles.add(text(await run('fact', {}, factCtx(String(1000 + i)))).split('\n')[0] ?? '');
    expect(titles.size).toBeGreaterThan(5);
  });

  it('"Another fact" shows a different fact in place', async () => {
    const first = await run('fact', {}, factCtx('7'));
    const again = await click(button(first, 'Another fact').custom_id, factCtx('8'));
    expect(again.type).toBe('update');
    expect(text(again).split('\n')[0]).not.toBe(text(first).split('\n')[0]);
    expect(await click(button(first, 'Another fact').custom_id, factCtx('9', OTHER))).toMatchObject({
      ephemeral: true,
    });
  });

  it("attributes the company's own figures to who made them", () => {
    const store = realStore();
    const index = factPool(store).findIndex((f) => f.text.includes('one million'));
    expect(index).toBeGreaterThanOrEqual(0);
    const t = text(checked(cardReply(factCard(store, index, OWNER))));
    expect(t).toContain('According to Knudt Flor');
  });
});

describe('/aesc today and the "on this date" post', () => {
  it('uses UTC without a daily subscription and the store entry for that date', async () => {
    const reply = await run('today', {}, testContext({ clock: fixedClock('2026-08-01T10:00:00Z') }));
    const t = text(reply);
    expect(t).toContain('AESC history for 1 August 2026 (UTC)');
    expect(t).toContain('This month in AESC history');
    expect(t).toContain('**In August 2018, 8 years ago**');
    expect(reply.data.content).toBeUndefined();
  });

  it('never invents a day, and writes a "c." date as a person would', async () => {
    const store = realStore();
    let circa: string | undefined;
    for (let day = 1; day <= 366 && circa === undefined; day++) {
      const d = new Date(Date.UTC(2026, 0, day));
      const entry = store.onThisDate({ year: 2026, month: d.getUTCMonth() + 1, day: d.getUTCDate() });
      if (entry?.event.id === 'zama-facility-plan') {
        circa = text(await run('today', {}, testContext({ clock: fixedClock(d.toISOString()) })));
      }
    }
    expect(circa).toBeDefined();
    expect(circa).toContain('**Around 2009, about 17 years ago**');
    expect(circa).not.toMatch(/In c\. 2009|\(c\. 2009\)/);
    expect(circa).not.toMatch(/On this day/);
  });
});

describe('unknown subcommands', () => {
  it('answers ephemerally', async () => {
    expect(await aescRoutes.execute('nope', {}, testContext())).toMatchObject({ type: 'reply', ephemeral: true });
  });
});
