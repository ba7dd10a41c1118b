// The owner templates (src/present/owner-templates.ts): a reply built once with a placeholder owner and handed out
// with each asker's id, exactly what building it for that asker gives; and the plant card through them.
import { describe, expect, it } from 'vitest';
import { createCommands } from '../../src/commands/index.js';
import type { HandlerReply } from '../../src/core/command.js';
import { loadFactStore } from '../../src/facts/load.js';
import { ownerTemplates, TEMPLATE_OWNER } from '../../src/present/owner-templates.js';

const ALICE = '111111111111111111';
const BOB = '222222222222222222';

const card = (owner: string, mention = false): HandlerReply => ({
  type: 'reply',
  ephemeral: false,
  data: {
    components: [
      { type: 17, components: [{ type: 10, content: mention ? `hello <@${owner}>` : 'hello' }] },
      { type: 1, components: [{ type: 2, style: 2, label: 'Go', custom_id: `aesc:go:plants:${owner}` }] },
    ],
  },
});

describe('ownerTemplates', () => {
  it('builds once per key and gives each owner the reply built for them', () => {
    const templates = ownerTemplates();
    let builds = 0;
    const build = (o: string) => {
      builds++;
      return card(o);
    };
    expect(templates.get('k', ALICE, build)).toEqual(card(ALICE));
    expect(templates.get('k', BOB, build)).toEqual(card(BOB));
    expect(builds).toBe(1);
    // A copy: changing one answer leaves the kept template and the next answer alone.
    const a = templates.get('k', ALICE, build);
    (a.data.components as { type: number }[]).length = 0;
    expect(templates.get('k', ALICE, build)).toEqual(card(ALICE));
  });

  it('does not keep a reply that uses the owner outside its custom_ids (a mention), and builds it per owner', () => {
    const templates = ownerTemplates();
    let builds = 0;
    const build = (o: string) => {
      builds++;
      return card(o, true);
    };
    expect(templates.get('m', ALICE, build)).toEqual(card(ALICE, true));
    expect(templates.get('m', BOB, build)).toEqual(card(BOB, true));
    expect(JSON.stringify(templates.get('m', BOB, build))).not.toContain(TEMPLATE_OWNER);
    expect(builds).toBe(4); // the placeholder build that was refused, then one per answer
  });

  it('keeps at most `max` keys, dropping the oldest', () => {
    const templates = ownerTemplates(2);
    let builds = 0;
    const build = (o: string) => {
      builds++;
      return card(o);
    };
    templates.get('a', ALICE, build);
    templates.get('b', ALICE, build);
    templates.get('c', ALICE, build);
    expect(templates.size).toBe(2);
    templates.get('a', ALICE, build);
    expect(builds).toBe(4);
  });

  it('keeps files as they are (shared picture bytes) and an owner that is not a snowflake becomes "0"', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const templates = ownerTemplates();
    const build = (o: string): HandlerReply => ({
      ...card(o),
      files: [{ name: 'a.png', contentType: 'image/png', data: bytes }],
    });
    const reply = templates.get('f', 'not-an-id', build);
    expect(reply.files?.[0]?.data).toBe(bytes);
    expect(JSON.stringify(reply.data)).toContain('"custom_id":"aesc:go:plants:0"');
  });
});

describe('/aesc plant through the templates', () => {
  const store = loadFactStore();
  const aesc = createCommands({ store, clock: { now: () => new Date('2026-06-01T00:00:00Z') } }).find(
    (m) => m.definition.name === 'aesc',
  );
  const run = (userId: string, locale = 'en-US') =>
    aesc?.execute('plant', { name: 'sunderland' }, {
      locale,
      invoker: { userId, guildId: null },
    } as never) as HandlerReply;

  it("gives each asker a card whose buttons carry that asker's id, and nothing of the placeholder", () => {
    const a = JSON.stringify(run(ALICE).data);
    const b = JSON.stringify(run(BOB).data);
    expect(a).toContain(`aesc:plant:s:sunderland:${ALICE}`);
    expect(b).toContain(`aesc:plant:s:sunderland:${BOB}`);
    expect(a).not.toContain(TEMPLATE_OWNER);
    expect(b.replaceAll(BOB, ALICE)).toBe(a);
  });

  it('keeps the note of a typed name that matched otherwise ("tenness"), per input, for each asker', () => {
    const typed = (userId: string, value: string) => {
      const reply = aesc?.execute('plant', { name: value }, {
        locale: 'en-US',
        invoker: { userId, guildId: null },
      } as never) as HandlerReply;
      return JSON.stringify(reply.data);
    };
    const a = typed(ALICE, 'tenness');
    expect(a).toContain('\\"tenness\\"');
    expect(a).toMatch(new RegExp(`"custom_id":"aesc:plant:s:[a-z-]+:${ALICE}"`));
    expect(typed(BOB, 'tenness').replaceAll(BOB, ALICE)).toBe(a);
    expect(typed(ALICE, 'tennesse')).toContain('\\"tennesse\\"');
    expect(typed(ALICE, 'tennesse')).not.toContain('\\"tenness\\"');
    expect(JSON.stringify(run(ALICE).data)).not.toContain('tenness'); // the plain card has no note
  });

  it('keeps languages apart', () => {
    expect(JSON.stringify(run(ALICE, 'ja').data)).not.toBe(JSON.stringify(run(ALICE, 'en-US').data));
  });
});
