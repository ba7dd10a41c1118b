// The interaction core on its own: API interactions in, responses out through the recording responder
// (src/core/responder.ts). Every callback type, the defer path, the error paths, malformed payloads, the metrics
// hook and option reading. The same core behind the real transports is tested in test/e2e/gateway.test.ts and
// test/http.test.ts.
import { DiscordAPIError } from '@discordjs/rest';
import {
  type APIInteraction,
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandModule, HandlerReply, InteractionContext, RawOptions } from '../src/core/command.js';
import { createDispatcher, type InteractionKind, type InteractionOutcome, MESSAGES } from '../src/core/dispatcher.js';
import { parseInteraction, readOptions } from '../src/core/interaction.js';
import { type RecordedCall, recordingResponder } from '../src/core/responder.js';
import { createLogger } from '../src/log.js';

const lines: string[] = [];
const logger = createLogger({
  level: 'debug',
  destination: {
    write: (line: string) => {
      lines.push(line);
    },
  },
});
const logs = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; [k: string]: unknown });

afterEach(() => {
  lines.length = 0;
  vi.useRealTimers();
});

let seq = 0;
const id = () => String(1_000_000_000_000_000_000n + BigInt(++seq));
const base = () => ({
  id: id(),
  application_id: '111111111111111111',
  token: `token-${seq}`,
  locale: 'en-GB',
  guild_id: '222222222222222222',
  channel_id: '333333333333333333',
  app_permissions: '2048',
  member: { user: { id: '444444444444444444' }, permissions: '32' },
  version: 1,
});

function chatInput(name: string, options: unknown[] = [], resolved?: unknown): APIInteraction {
  return {
    ...base(),
    type: InteractionType.ApplicationCommand,
    data: { id: '5', name, type: 1, options, ...(resolved ? { resolved } : {}) },
  } as unknown as APIInteraction;
}
function autocomplete(name: string, options: unknown[]): APIInteraction {
  return {
    ...base(),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: '5', name, type: 1, options },
  } as never;
}
function component(customId: string, componentType = ComponentType.Button, values?: string[]): APIInteraction {
  return {
    ...base(),
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: componentType, ...(values ? { values } : {}) },
    message: { id: '666666666666666666', interaction_metadata: { user: { id: '777777777777777777' } } },
  } as never;
}

const reply = (content: string, ephemeral = false): HandlerReply => ({ type: 'reply', ephemeral, data: { content } });

function module(name: string, parts: Partial<Omit<CommandModule, 'definition'>>): CommandModule {
  return {
    definition: { name, description: name, options: [] },
    execute: parts.execute ?? (() => reply('default')),
    ...(parts.autocomplete ? { autocomplete: parts.autocomplete } : {}),
    ...(parts.button ? { button: parts.button } : {}),
    ...(parts.select ? { select: parts.select } : {}),
  };
}

type Observed = [string | null, string | null, InteractionKind, InteractionOutcome, number | null];
function setup(commands: CommandModule[], deferAfterMs = 50) {
  const observed: Observed[] = [];
  const dispatch = createDispatcher({
    commands,
    logger,
    deferAfterMs,
    metrics: { onInteraction: (...args) => observed.push(args) },
  });
  return { dispatch, observed };
}

const unknownInteraction = () =>
  new DiscordAPIError({ code: 10062, message: 'Unknown interaction' }, 10062, 404, 'POST', 'http://x/callback', {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kinds = (calls: readonly RecordedCall[]) =>
  calls.map((c) => (c.kind === 'respond' ? `respond:${c.body.type}` : c.kind));

describe('callback types', () => {
  it('PING gets PONG (1)', async () => {
    const { dispatch, observed } = setup([]);
    const r = recordingResponder();
    await dispatch({ ...base(), type: InteractionType.Ping } as never, r);
    expect(r.response).toEqual({ type: 1 });
    expect(observed[0]?.slice(2, 4)).toEqual(['ping', 'ok']);
  });

  it('a reply is CHANNEL_MESSAGE_WITH_SOURCE (4), ephemeral when asked, with allowed_mentions none', async () => {
    let ctx: InteractionContext | undefined;
    const { dispatch, observed } = setup([
      module('facts', {
        execute: (_s, _o, c) => {
          ctx = c;
          return reply('hello', true);
        },
      }),
    ]);
    const r = recordingResponder();
    const interaction = chatInput('facts');
    await dispatch(interaction, r);
    expect(r.response).toEqual({
      type: 4,
      data: { content: 'hello', flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
    });
    expect(ctx).toEqual({
      locale: 'en-GB',
      invoker: {
        userId: '444444444444444444',
        guildId: '222222222222222222',
        channelId: '333333333333333333',
        interactionId: interaction.id,
        memberPermissions: '32',
        appPermissions: '2048',
      },
    });
    expect(observed).toEqual([['facts', null, 'command', 'ok', expect.any(Number)]]);
  });

  it('an update is UPDATE_MESSAGE (7) for a button, with the message and its owner in the context', async () => {
    let seen: { customId: string; ctx: InteractionContext } | undefined;
    const { dispatch } = setup([
      module('pager', {
        button: (customId, ctx) => {
          seen = { customId, ctx };
          return { type: 'update', data: { content: 'page 2' } };
        },
      }),
    ]);
    const r = recordingResponder();
    await dispatch(component('pager:page:2'), r);
    expect(r.response).toEqual({ type: 7, data: { content: 'page 2', allowed_mentions: { parse: [] } } });
    expect(seen?.customId).toBe('pager:page:2');
    expect(seen?.ctx.message).toEqual({ id: '666666666666666666', interactionUserId: '777777777777777777' });
  });

  it('routes string selects with their values to `select`', async () => {
    const { dispatch, observed } = setup([
      module('pick', {
        select: (customId, values) => ({ type: 'update', data: { content: `${customId}=${values}` } }),
      }),
    ]);
    const r = recordingResponder();
    await dispatch(component('pick:plant', ComponentType.StringSelect, ['smyrna']), r);
    expect(r.response).toMatchObject({ type: 7, data: { content: 'pick:plant=smyrna' } });
    expect(observed[0]?.slice(0, 4)).toEqual(['pick', null, 'select', 'ok']);
  });

  it('autocomplete is APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (8) with the focused option', async () => {
    let seen: unknown;
    const { dispatch } = setup([
      module('facts', {
        autocomplete: (subcommand, focused, options) => {
          seen = { subcommand, focused, options };
          return [{ name: 'Smyrna', value: 'smyrna' }];
        },
      }),
    ]);
    const r = recordingResponder();
    await dispatch(
      autocomplete('facts', [
        {
          name: 'plant',
          type: 1,
          options: [
            { name: 'name', type: 3, value: 'smy', focused: true },
            { name: 'n', type: 4, value: 2 },
          ],
        },
      ]),
      r,
    );
    expect(r.response).toEqual({ type: 8, data: { choices: [{ name: 'Smyrna', value: 'smyrna' }] } });
    expect(seen).toEqual({
      subcommand: 'plant',
      focused: { name: 'name', value: 'smy' },
      options: { name: 'smy', n: 2 },
    });
  });
});

describe('the defer policy', () => {
  it('a synchronous handler starts no timer; an async one does (and clears it)', async () => {
    vi.useFakeTimers();
    const { dispatch } = setup([
      module('sync', { execute: () => reply('now') }),
      module('async', { execute: async () => reply('soon') }),
    ]);
    const sync = recordingResponder({
      before: () => {
        expect(vi.getTimerCount()).toBe(0);
      },
    });
    await dispatch(chatInput('sync'), sync);
    expect(sync.response).toMatchObject({ type: 4 });
    let timersWhileRunning = -1;
    const asyncResponder = recordingResponder();
    const done = dispatch(chatInput('async'), asyncResponder);
    timersWhileRunning = vi.getTimerCount();
    await done;
    expect(timersWhileRunning).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(asyncResponder.response).toMatchObject({ type: 4, data: { content: 'soon' } });
  });

  it('defers a slow command ephemerally (5); an ephemeral answer edits the placeholder', async () => {
    const { dispatch, observed } = setup([
      module('slow', {
        execute: async () => {
          await sleep(120);
          return reply('done', true);
        },
      }),
    ]);
    const r = recordingResponder();
    await dispatch(chatInput('slow'), r);
    expect(kinds(r.calls)).toEqual(['respond:5', 'editOriginal']);
    expect(r.response).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(r.edits).toEqual([{ content: 'done', allowed_mentions: { parse: [] } }]);
    expect(observed[0]?.[3]).toBe('deferred');
    expect(observed[0]?.[4]).toBeLessThan(120);
  });

  it('a slow public answer becomes a public follow-up and the ephemeral placeholder is deleted', async () => {
    const { dispatch } = setup([
      module('slow', {
        execute: async () => {
          await sleep(120);
          return reply('for everyone');
        },
      }),
    ]);
    const r = recordingResponder();
    await dispatch(chatInput('slow'), r);
    expect(kinds(r.calls)).toEqual(['respond:5', 'followUp', 'deleteOriginal']);
    expect(r.followUps[0]).toMatchObject({ content: 'for everyone', flags: 0 });
  });

  it('a slow button is deferred as an update (6) and finished with an edit of the message', async () => {
    const { dispatch } = setup([
      module('pager', {
        button: async () => {
          await sleep(120);
          return { type: 'update', data: { content: 'page 3' } };
        },
      }),
    ]);
    const r = recordingResponder();
    await dispatch(component('pager:3'), r);
    expect(kinds(r.calls)).toEqual(['respond:6', 'editOriginal']);
    expect(r.edits[0]).toMatchObject({ content: 'page 3' });
  });

  it('a slow failure edits the deferred placeholder with the apology', async () => {
    const { dispatch, observed } = setup([
      module('slow', {
        execute: async () => {
          await sleep(120);
          throw new Error('late');
        },
      }),
    ]);
    const r = recordingResponder();
    await dispatch(chatInput('slow'), r);
    expect(kinds(r.calls)).toEqual(['respond:5', 'editOriginal']);
    expect(r.edits[0]).toMatchObject({ content: MESSAGES.failed });
    expect(observed[0]?.[3]).toBe('error');
  });
});

describe('files', () => {
  const file = { name: 'chart.png', contentType: 'image/png', data: new Uint8Array([1, 2, 3]) };

  it('passes files with the initial response and lists attachment ids as strings', async () => {
    const { dispatch } = setup([
      module('chart', {
        execute: () => ({
          type: 'reply',
          ephemeral: false,
          data: { content: 'chart', attachments: [{ id: 0, filename: 'chart.png' }] },
          files: [file],
        }),
      }),
    ]);
    const r = recordingResponder();
    await dispatch(chatInput('chart'), r);
    expect(r.response).toMatchObject({ type: 4, data: { attachments: [{ id: '0', filename: 'chart.png' }] } });
    expect(r.files).toEqual([file]);
  });

  it('refuses (apology, logged) files that are not listed in data.attachments', async () => {
    const { dispatch } = setup([
      module('chart', {
        execute: () => ({
          type: 'reply',
          ephemeral: false,
          data: { content: 'chart', attachments: [{ id: 1, filename: 'other.png' }] },
          files: [file],
        }),
      }),
    ]);
    const r = recordingResponder();
    await dispatch(chatInput('chart'), r);
    expect(r.response).toMatchObject({ type: 4, data: { content: MESSAGES.failed } });
    expect(logs().find((l) => l.msg === 'could not send the reply')).toBeDefined();
  });
});

describe('error paths', () => {
  it('a throwing handler is logged with context and the user gets an ephemeral apology without internals', async () => {
    const { dispatch, observed } = setup([
      module('facts', {
        execute: () => {
          throw new Error('db exploded at /var/secret');
        },
      }),
    ]);
    const r = recordingResponder();
    const interaction = chatInput('facts', [{ name: 'show', type: 1, options: [] }]);
    await dispatch(interaction, r);
    expect(r.response).toEqual({
      type: 4,
      data: { content: MESSAGES.failed, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
    });
    expect(JSON.stringify(r.response)).not.toContain('exploded');
    expect(logs().find((l) => l.msg === 'command failed')).toMatchObject({
      level: 50,
      command: 'facts',
      subcommand: 'show',
      guildId: '222222222222222222',
      userId: '444444444444444444',
      interactionId: interaction.id,
      err: { message: 'db exploded at /var/secret' },
    });
    expect(observed[0]?.slice(0, 4)).toEqual(['facts', 'show', 'command', 'error']);
  });

  it('an expired interaction (10062) is logged, not apologised for, and counted as expired', async () => {
    const { dispatch, observed } = setup([module('facts', { execute: () => reply('too late') })]);
    const r = recordingResponder({
      before: () => {
        throw unknownInteraction();
      },
    });
    await dispatch(chatInput('facts'), r);
    expect(r.calls).toEqual([]);
    expect(logs().find((l) => l.msg.startsWith('the interaction expired'))).toMatchObject({ level: 40 });
    expect(observed[0]?.[3]).toBe('expired');
    expect(observed[0]?.[4]).toBeNull();
  });

  it('another failure to send is logged at error and the apology is tried once', async () => {
    const { dispatch, observed } = setup([module('facts', { execute: () => reply('x') })]);
    const r = recordingResponder({
      before: (_call, index) => {
        if (index === 0) throw new Error('socket hang up');
      },
    });
    await dispatch(chatInput('facts'), r);
    expect(r.response).toMatchObject({ type: 4, data: { content: MESSAGES.failed } });
    expect(observed[0]?.[3]).toBe('error');
  });

  it('unknown command, unknown button prefix, a module without buttons: specific ephemeral answers', async () => {
    const { dispatch, observed } = setup([module('facts', {})]);
    const unknown = recordingResponder();
    await dispatch(chatInput('gone'), unknown);
    expect(unknown.response).toMatchObject({ type: 4, data: { content: MESSAGES.unknownCommand, flags: 64 } });
    for (const customId of ['nope:1', 'facts:1', 'no-colon']) {
      const r = recordingResponder();
      await dispatch(component(customId), r);
      expect(r.response, customId).toMatchObject({ type: 4, data: { content: MESSAGES.invalidButton, flags: 64 } });
    }
    expect(observed.map((o) => o[3])).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('an "update" reply to a slash command is a bug: logged, user apologised to', async () => {
    const { dispatch } = setup([module('facts', { execute: () => ({ type: 'update', data: { content: 'x' } }) })]);
    const r = recordingResponder();
    await dispatch(chatInput('facts'), r);
    expect(r.response).toMatchObject({ type: 4, data: { content: MESSAGES.failed } });
  });

  it('autocomplete always answers: [] when the handler throws, is async, or is missing', async () => {
    const { dispatch, observed } = setup([
      module('throws', {
        autocomplete: () => {
          throw new Error('index not ready');
        },
      }),
      module('async', { autocomplete: (async () => []) as unknown as CommandModule['autocomplete'] }),
      module('none', {}),
    ]);
    for (const name of ['throws', 'async', 'none', 'unknown']) {
      const r = recordingResponder();
      await dispatch(autocomplete(name, [{ name: 'q', type: 3, value: 'x', focused: true }]), r);
      expect(r.response, name).toEqual({ type: 8, data: { choices: [] } });
    }
    expect(observed.map((o) => o[3])).toEqual(['error', 'error', 'ok', 'ok']);
  });

  it('modal submits get "not supported"; an observer that throws changes nothing', async () => {
    const dispatch = createDispatcher({
      commands: [],
      logger,
      metrics: {
        onInteraction: () => {
          throw new Error('metrics down');
        },
      },
    });
    const r = recordingResponder();
    await dispatch(
      { ...base(), type: InteractionType.ModalSubmit, data: { custom_id: 'm', components: [] } } as never,
      r,
    );
    expect(r.response).toMatchObject({ type: 4, data: { content: MESSAGES.unsupported } });
    expect(logs().find((l) => l.msg === 'the interaction observer threw')).toBeDefined();
  });
});

describe('malformed payloads (issue 8 item 17)', () => {
  const cases: [string, (i: Record<string, unknown>) => unknown][] = [
    ['member.permissions "abc"', (i) => ({ ...i, member: { user: { id: '4' }, permissions: 'abc' } })],
    ['data null', (i) => ({ ...i, data: null })],
    ['data.options not an array', (i) => ({ ...i, data: { name: 'facts', type: 1, options: 'x' } })],
    ['no member and no user', (i) => ({ ...i, member: undefined })],
    ['type unknown', (i) => ({ ...i, type: 99 })],
  ];

  it.each(cases)('answers %s with an ephemeral notice when it can be answered', async (_what, mutate) => {
    const { dispatch, observed } = setup([module('facts', { execute: () => reply('should not run') })]);
    const r = recordingResponder();
    await dispatch(mutate(chatInput('facts') as never) as APIInteraction, r);
    expect(r.response).toEqual({
      type: 4,
      data: { content: MESSAGES.malformed, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
    });
    expect(observed[0]?.[3]).toBe('invalid');
    expect(logs().find((l) => l.msg === 'malformed interaction payload refused')).toMatchObject({ level: 40 });
  });

  it('answers malformed autocomplete with no choices, and ignores what has no id or token', async () => {
    const { dispatch } = setup([]);
    const ac = recordingResponder();
    await dispatch({ ...(autocomplete('facts', []) as object), data: null } as never, ac);
    expect(ac.response).toEqual({ type: 8, data: { choices: [] } });
    for (const payload of [null, 42, 'x', {}, { id: 'abc', token: 't' }, { id: '1', token: '' }]) {
      const r = recordingResponder();
      await dispatch(payload as never, r);
      expect(r.calls, JSON.stringify(payload)).toEqual([]);
    }
  });

  it('parseInteraction names the fields, never the values', () => {
    const parsed = parseInteraction({
      ...chatInput('facts'),
      member: { user: { id: '4' }, permissions: 'secret-ish' },
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toContain('member.permissions');
      expect(parsed.reason).not.toContain('secret-ish');
    }
  });
});

describe('readOptions', () => {
  it('reads subcommand groups, resolved channels (bot permissions only), ids, and keeps unresolved channels as bare ids', () => {
    const read = readOptions(
      [
        {
          name: 'admin',
          type: ApplicationCommandOptionType.SubcommandGroup,
          options: [
            {
              name: 'set',
              type: ApplicationCommandOptionType.Subcommand,
              options: [
                { name: 'where', type: ApplicationCommandOptionType.Channel, value: '123' },
                { name: 'unresolved', type: ApplicationCommandOptionType.Channel, value: '456' },
                { name: 'user', type: ApplicationCommandOptionType.User, value: '789' },
              ],
            },
          ],
        },
      ] as never,
      {
        channels: {
          '123': {
            id: '123',
            type: ChannelType.GuildText,
            name: 'general',
            permissions: '0',
            app_permissions: '3072',
          } as never,
        },
      },
    );
    const expected: RawOptions = {
      where: { id: '123', type: ChannelType.GuildText, name: 'general', permissions: '3072' },
      // Not resolved: its bare id, which option validation refuses ("must be a channel"), never dropped.
      unresolved: '456',
      user: '789',
    };
    expect(read).toEqual({ subcommand: 'admin set', options: expected, focused: null });
  });
});
