// The gateway transport end to end: the real discord.js Client logs into the local Discord emulator
// (test/support/emulator.ts), interactions arrive over its gateway as raw dispatches into the core, and the answers
// are read back from its REST records. Nothing here replaces our own code with fakes.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import {
  type APIEmbed,
  type APIInteractionResponseCallbackData,
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandModule, HandlerReply, InteractionContext, RawOptions } from '../../src/core/command.js';
import { MESSAGES } from '../../src/core/dispatcher.js';
import { CACHE_LIMITS } from '../../src/discord/client.js';
import { fetchCommandIds } from '../../src/discord/command-ids.js';
import { StartupError } from '../../src/discord/errors.js';
import { ELLIPSIS, MESSAGE_CONTENT_MAX } from '../../src/discord/limits.js';
import { createLogger } from '../../src/log.js';
import { type RunningGateway, startGateway } from '../../src/transport/gateway.js';
import { projectRoot } from '../../src/util/project-root.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../support/emulator.js';
import { checkMessageLimits } from '../support/limits.js';

// A token shaped like a real one, so that a leak into the logs would be recognisable.
const BOT_TOKEN = 'MTU3NDExMjQ2OTg4MDY2ODE2MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123456789ABCD';

let emu: Emulator | undefined;
let bot: RunningGateway | undefined;
let lines: string[] = [];

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await emu?.close();
  emu = undefined;
});

interface LogEntry {
  level: number;
  msg: string;
  [key: string]: unknown;
}
const logs = (): LogEntry[] => lines.map((l) => JSON.parse(l) as LogEntry);

interface BootOptions {
  emulator?: EmulatorOptions;
  deferAfterMs?: number;
  callbackRetryWithinMs?: number;
  onGuildDelete?: (guildId: string) => void;
}

async function boot(commands: CommandModule[], options: BootOptions = {}): Promise<Emulator> {
  const e = await startEmulator({ guilds: 2, token: BOT_TOKEN, ...options.emulator });
  emu = e;
  lines = [];
  const logger = createLogger({
    level: 'debug',
    destination: {
      write: (line: string) => {
        lines.push(line);
      },
    },
  });
  bot = await startGateway({
    config: { DISCORD_TOKEN: e.token, DISCORD_API_URL: e.apiUrl },
    logger,
    commands,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    ...(options.callbackRetryWithinMs !== undefined ? { callbackRetryWithinMs: options.callbackRetryWithinMs } : {}),
    ...(options.onGuildDelete ? { onGuildDelete: options.onGuildDelete } : {}),
  });
  await bot.ready;
  return e;
}

/** Every body the bot sent matched Discord's OpenAPI contract, and no secret reached the logs. */
function expectCleanRun(e: Emulator): void {
  expect(e.contractViolations.map((v) => `${v.request.method} ${v.request.path}: ${JSON.stringify(v.issues)}`)).toEqual(
    [],
  );
  const all = lines.join('\n');
  expect(all).not.toContain(BOT_TOKEN);
  for (const record of e.interactions.values()) expect(all).not.toContain(record.token);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const reply = (data: APIInteractionResponseCallbackData, ephemeral = false): HandlerReply => ({
  type: 'reply',
  ephemeral,
  data,
});

interface Seen {
  subcommand: string | null;
  options: RawOptions;
  ctx: InteractionContext;
}

/** A command module whose behaviour each test chooses. */
function command(
  name: string,
  execute: CommandModule['execute'],
  extra: Partial<Pick<CommandModule, 'autocomplete' | 'button'>> = {},
): CommandModule {
  return {
    definition: {
      name,
      description: `The ${name} command`,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'show',
          description: 'Show something',
          options: [
            { type: ApplicationCommandOptionType.String, name: 'q', description: 'Query', autocomplete: true },
            { type: ApplicationCommandOptionType.Integer, name: 'n', description: 'Count' },
            { type: ApplicationCommandOptionType.Boolean, name: 'verbose', description: 'More' },
            { type: ApplicationCommandOptionType.Channel, name: 'where', description: 'Channel' },
          ],
        },
      ],
    },
    execute,
    ...extra,
  };
}

describe('chat input commands', () => {
  it('routes by name, extracts subcommand and options, and builds the context from the interaction', async () => {
    let seen: Seen | undefined;
    const e = await boot([
      command('other', () => reply({ content: 'wrong module' })),
      command('facts', (subcommand, options, ctx) => {
        seen = { subcommand, options, ctx };
        return reply({ content: 'AESC was founded in 2007.' });
      }),
    ]);
    const guild = e.guilds[1];
    const channelId = e.textChannelId(guild?.id);
    const announcement = e.channelsOf(guild?.id, ChannelType.GuildAnnouncement)[0];
    if (!announcement) throw new Error('the emulator should generate an announcement channel');
    const botPerms = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
    const payload = e.chatInput({
      name: 'facts',
      subcommand: 'show',
      guildId: guild?.id,
      channelId,
      locale: 'ja',
      memberPermissions: PermissionFlagsBits.ManageGuild,
      appPermissions: PermissionFlagsBits.EmbedLinks,
      options: {
        q: 'battery',
        n: 3,
        verbose: true,
        where: { type: ApplicationCommandOptionType.Channel, value: announcement.id },
      },
      resolved: {
        channels: {
          [announcement.id]: {
            id: announcement.id,
            type: ChannelType.GuildAnnouncement,
            name: 'news',
            permissions: '0',
            app_permissions: botPerms.toString(),
          },
        },
      },
    });

    const callback = await e.dispatchInteraction(payload);

    expect(seen?.subcommand).toBe('show');
    expect(seen?.options).toEqual({
      q: 'battery',
      n: 3,
      verbose: true,
      where: {
        id: announcement.id,
        type: ChannelType.GuildAnnouncement,
        name: 'news',
        permissions: botPerms.toString(),
      },
    });
    // Only what the interaction says: services come with the module, not through the context.
    // guildLocale (issue 13): the server's language, which /aesc-daily set records for the post.
    expect(Object.keys(seen?.ctx ?? {}).sort()).toEqual(['guildLocale', 'invoker', 'locale']);
    expect(seen?.ctx.locale).toBe('ja');
    expect(seen?.ctx.invoker).toEqual({
      userId: e.userId,
      guildId: guild?.id,
      channelId,
      interactionId: payload.id,
      memberPermissions: PermissionFlagsBits.ManageGuild.toString(),
      appPermissions: PermissionFlagsBits.EmbedLinks.toString(),
    });
    expect(callback.status).toBe(204);
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: 'AESC was founded in 2007.', allowed_mentions: { parse: [] } });
    expect(((callback.data?.flags as number | undefined) ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expectCleanRun(e);
  });

  it('works in DMs: no guild, no member permissions', async () => {
    let seen: Seen | undefined;
    const e = await boot([
      command('facts', (subcommand, options, ctx) => {
        seen = { subcommand, options, ctx };
        return reply({ content: 'hi' });
      }),
    ]);
    await e.dispatchInteraction(e.chatInput({ name: 'facts', subcommand: 'show', guildId: null }));
    expect(seen?.ctx.invoker.guildId).toBeNull();
    expect(seen?.ctx.invoker.memberPermissions).toBeNull();
    expect(seen?.options).toEqual({});
  });

  it('answers ephemerally when asked, keeping the handler flags and allowed mentions', async () => {
    const e = await boot([
      command('facts', (_s, _o, ctx) =>
        reply(
          {
            content: `<@${ctx.invoker.userId}> here you go`,
            flags: MessageFlags.SuppressEmbeds,
            allowed_mentions: { users: [ctx.invoker.userId] },
          },
          true,
        ),
      ),
    ]);
    const callback = await e.dispatchInteraction(e.chatInput({ name: 'facts', subcommand: 'show' }));
    expect(callback.type).toBe(4);
    expect(callback.data?.flags).toBe(MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds);
    expect(callback.data?.allowed_mentions).toEqual({ users: [e.userId] });
    expectCleanRun(e);
  });

  it('cuts an oversized reply to Discord limits, marks the cut and logs a warning', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const embeds: APIEmbed[] = [0, 1, 2].map((i) => ({ title: `Part ${i}`, description: long.slice(0, 4000) }));
    const e = await boot([command('facts', () => reply({ content: long, embeds }))]);
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    const callback = await e.dispatchInteraction(payload);

    const data = callback.data as APIInteractionResponseCallbackData;
    expect(checkMessageLimits(data)).toEqual([]);
    expect(data.content?.length).toBeLessThanOrEqual(MESSAGE_CONTENT_MAX);
    expect(data.content?.endsWith(ELLIPSIS)).toBe(true);
    const warnings = logs().filter((l) => l.msg.startsWith('reply cut to fit Discord limits'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatchObject({ level: 40, command: 'facts', subcommand: 'show', interactionId: payload.id });
    expectCleanRun(e);
  });

  it('tells the user a command is unknown (ephemeral) when the deployed commands are out of date', async () => {
    const e = await boot([command('facts', () => reply({ content: 'x' }))]);
    const callback = await e.dispatchInteraction(e.chatInput({ name: 'removed-command' }));
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: MESSAGES.unknownCommand, flags: MessageFlags.Ephemeral });
    expect(logs().find((l) => l.msg.startsWith('unknown command'))).toMatchObject({ command: 'removed-command' });
    expectCleanRun(e);
  });

  it('logs a failing handler with its context and apologises ephemerally without internals', async () => {
    const e = await boot([
      command('facts', () => {
        throw new Error('boom: database exploded at /var/lib/secret');
      }),
    ]);
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    const callback = await e.dispatchInteraction(payload);

    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: MESSAGES.failed, flags: MessageFlags.Ephemeral });
    expect(JSON.stringify(callback.body)).not.toContain('boom');
    const error = logs().find((l) => l.msg === 'command failed');
    expect(error).toMatchObject({
      level: 50,
      command: 'facts',
      subcommand: 'show',
      customId: null,
      guildId: payload.guild_id,
      userId: e.userId,
      interactionId: payload.id,
      err: { type: 'Error', message: 'boom: database exploded at /var/lib/secret' },
    });
    expectCleanRun(e);
  });

  it('answers a fast async handler directly, without deferring', async () => {
    const e = await boot([command('facts', async () => reply({ content: 'saved' }, true))], { deferAfterMs: 1000 });
    const callback = await e.dispatchInteraction(e.chatInput({ name: 'facts', subcommand: 'show' }));
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: 'saved', flags: MessageFlags.Ephemeral });
  });

  it('defers a slow async handler ephemerally; an ephemeral answer then replaces the placeholder', async () => {
    const e = await boot(
      [
        command('facts', async () => {
          await sleep(250);
          return reply({ content: 'slow but done' }, true);
        }),
      ],
      { deferAfterMs: 50 },
    );
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    const callback = await e.dispatchInteraction(payload);
    expect(callback.type).toBe(5);
    expect(callback.data).toMatchObject({ flags: MessageFlags.Ephemeral });
    const final = await e.waitForReply(payload.id);
    expect(final.content).toBe('slow but done');
    expect(final.flags).toBe(MessageFlags.Ephemeral);
    expectCleanRun(e);
  });

  it('sends a slow public answer as a public follow-up and removes the ephemeral placeholder', async () => {
    const e = await boot(
      [
        command('facts', async () => {
          await sleep(250);
          return reply({ content: 'for everyone' });
        }),
      ],
      { deferAfterMs: 50 },
    );
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    const callback = await e.dispatchInteraction(payload);
    expect(callback.type).toBe(5);
    const followup = await e.waitForRequest((r) => r.method === 'POST' && r.route === '/webhooks/:webhookId/:token');
    expect(followup.body).toMatchObject({ content: 'for everyone' });
    expect(((followup.body as { flags?: number }).flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    await e.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original'));
    const record = e.interactions.get(payload.id);
    expect(record?.original).toBeUndefined();
    expect(record?.followups.map((m) => m.content)).toEqual(['for everyone']);
    expectCleanRun(e);
  });

  it('turns a slow failure into an edit of the deferred placeholder', async () => {
    const e = await boot(
      [
        command('facts', async () => {
          await sleep(200);
          throw new Error('late failure');
        }),
      ],
      { deferAfterMs: 50 },
    );
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    expect((await e.dispatchInteraction(payload)).type).toBe(5);
    const final = await e.waitForReply(payload.id);
    expect(final.content).toBe(MESSAGES.failed);
    expect(final.flags).toBe(MessageFlags.Ephemeral);
    expect(logs().find((l) => l.msg === 'command failed')).toMatchObject({ err: { message: 'late failure' } });
  });

  it('logs an expired interaction (10062) without crashing and without trying to apologise', async () => {
    const e = await boot(
      [
        command('facts', async () => {
          await sleep(300);
          return reply({ content: 'too late' });
        }),
        command('ping', () => reply({ content: 'pong' })),
      ],
      { emulator: { interactionCallbackWindowMs: 100 }, deferAfterMs: 10_000 },
    );
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    const callback = await e.dispatchInteraction(payload);
    expect(callback.status).toBe(404);
    const warning = await until(
      () => logs().find((l) => l.msg.startsWith('the interaction expired')),
      `the expiry to be logged: ${lines.join('')}`,
    );
    expect(warning).toMatchObject({ level: 40, command: 'facts', err: { code: 10062, status: 404 } });
    // The URL of the failed callback is logged without the interaction token.
    expect((warning.err as { url: string }).url).toContain(`/interactions/${payload.id}/[redacted]/callback`);
    await sleep(100);
    expect(e.interactions.get(payload.id)?.callbackAttempts).toHaveLength(1);
    // The bot is still answering.
    const next = await e.dispatchInteraction(e.chatInput({ name: 'ping' }));
    expect(next.data).toMatchObject({ content: 'pong' });
    expectCleanRun(e);
  });
});

describe('buttons', () => {
  const pager = (button: CommandModule['button']) =>
    command(
      'history',
      () =>
        reply({
          content: 'Page 1',
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'history:page:2', label: 'Next' },
              ],
            },
          ],
        }),
      { button },
    );

  it('routes by the custom_id prefix and updates the message (type 7)', async () => {
    const received: string[] = [];
    const e = await boot([
      command('facts', () => reply({ content: 'x' }), { button: () => reply({ content: 'wrong module' }) }),
      pager((customId, ctx) => {
        received.push(`${customId} ${ctx.invoker.userId}`);
        return { type: 'update', data: { content: `Page ${customId.split(':')[2]}`, components: [] } };
      }),
    ]);
    const slash = e.chatInput({ name: 'history', subcommand: 'show' });
    await e.dispatchInteraction(slash);
    const message = await e.waitForReply(slash.id);

    const click = e.button({ customId: 'history:page:2', messageId: message.id });
    const callback = await e.dispatchInteraction(click);
    expect(received).toEqual([`history:page:2 ${e.userId}`]);
    expect(callback.type).toBe(7);
    expect(callback.data).toMatchObject({ content: 'Page 2', components: [], allowed_mentions: { parse: [] } });
    expect(e.message(message.id)?.content).toBe('Page 2');
    expectCleanRun(e);
  });

  it('lets the module answer a forged custom_id with its own polite ephemeral message', async () => {
    const e = await boot([
      pager((customId) =>
        customId === 'history:page:2'
          ? { type: 'update', data: { content: 'ok' } }
          : reply({ content: 'This page no longer exists.' }, true),
      ),
    ]);
    const callback = await e.dispatchInteraction(e.button({ customId: 'history:page:999999' }));
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: 'This page no longer exists.', flags: MessageFlags.Ephemeral });
  });

  it('answers "expired or not valid" when no module owns the prefix or the module has no buttons', async () => {
    const e = await boot([command('facts', () => reply({ content: 'x' }))]);
    for (const customId of ['unknown:thing', 'facts:page:2', 'no-colon-at-all']) {
      const callback = await e.dispatchInteraction(e.button({ customId }));
      expect(callback.type).toBe(4);
      expect(callback.data).toMatchObject({ content: MESSAGES.invalidButton, flags: MessageFlags.Ephemeral });
    }
    expectCleanRun(e);
  });

  it('logs a failing button handler with the custom_id and apologises ephemerally', async () => {
    const e = await boot([
      pager(() => {
        throw new Error('bad state');
      }),
    ]);
    const click = e.button({ customId: 'history:page:2' });
    const callback = await e.dispatchInteraction(click);
    expect(callback.data).toMatchObject({ content: MESSAGES.failed, flags: MessageFlags.Ephemeral });
    expect(logs().find((l) => l.msg === 'button failed')).toMatchObject({
      command: 'history',
      customId: 'history:page:2',
      interactionId: click.id,
      err: { message: 'bad state' },
    });
  });

  it('treats an "update" reply to a slash command as a bug: logged, user apologised to', async () => {
    const e = await boot([command('facts', () => ({ type: 'update', data: { content: 'nope' } }))]);
    const callback = await e.dispatchInteraction(e.chatInput({ name: 'facts', subcommand: 'show' }));
    expect(callback.data).toMatchObject({ content: MESSAGES.failed, flags: MessageFlags.Ephemeral });
    expect(logs().find((l) => l.msg === 'could not send the reply')).toMatchObject({
      err: { message: 'handler returned an "update" reply to an interaction without a message' },
    });
  });
});

describe('autocomplete', () => {
  it('passes the focused option and the others, clamps to 25 choices and 100-character names', async () => {
    let seen: unknown;
    const e = await boot([
      command('facts', () => reply({ content: 'x' }), {
        autocomplete: (subcommand, focused, options) => {
          seen = { subcommand, focused, options };
          return Array.from({ length: 30 }, (_, i) => ({
            name: i === 0 ? `${'Very long plant name '.repeat(8)}end` : `Plant ${i}`,
            value: `p${i}`,
          }));
        },
      }),
    ]);
    const callback = await e.dispatchInteraction(
      e.autocomplete({ name: 'facts', subcommand: 'show', focused: { name: 'q', value: 'pla' }, options: { n: 2 } }),
    );
    expect(seen).toEqual({ subcommand: 'show', focused: { name: 'q', value: 'pla' }, options: { q: 'pla', n: 2 } });
    expect(callback.type).toBe(8);
    const choices = (callback.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices).toHaveLength(25);
    expect(choices[0]?.name.length).toBeLessThanOrEqual(100);
    expect(choices[0]?.name.endsWith(ELLIPSIS)).toBe(true);
    expect(choices[24]).toEqual({ name: 'Plant 24', value: 'p24' });
    expectCleanRun(e);
  });

  it('always answers: an empty list when the handler throws, is async, or does not exist', async () => {
    const e = await boot([
      command('throws', () => reply({ content: 'x' }), {
        autocomplete: () => {
          throw new Error('index not ready');
        },
      }),
      command('async', () => reply({ content: 'x' }), {
        autocomplete: (async () => [{ name: 'a', value: 'a' }]) as unknown as CommandModule['autocomplete'],
      }),
      command('none', () => reply({ content: 'x' })),
    ]);
    for (const name of ['throws', 'async', 'none', 'unknown-command']) {
      const callback = await e.dispatchInteraction(
        e.autocomplete({ name, subcommand: 'show', focused: { name: 'q', value: 'x' } }),
      );
      expect(callback.type, name).toBe(8);
      expect(callback.data, name).toEqual({ choices: [] });
    }
    const errors = logs().filter((l) => l.msg === 'autocomplete failed');
    expect(errors.map((l) => [l.command, (l.err as { message: string }).message])).toEqual([
      ['throws', 'index not ready'],
      ['async', 'autocomplete must synchronously return an array of choices'],
    ]);
    expectCleanRun(e);
  });
});

describe('client and startup', () => {
  it('caches guilds but not channels, roles, members, users or emojis, and still resolves channel options', async () => {
    let where: unknown;
    const e = await boot([
      command('facts', (_s, options) => {
        where = options.where;
        return reply({ content: 'ok' });
      }),
    ]);
    const client = bot?.client;
    expect(client?.guilds.cache.size).toBe(2);
    expect(client?.channels.cache.size).toBe(0);
    expect(client?.users.cache.map((u) => u.id)).toEqual([e.botUserId]);
    for (const guild of client?.guilds.cache.values() ?? []) {
      expect(guild.channels.cache.size).toBe(0);
      expect(guild.roles.cache.size).toBe(0);
      expect(guild.emojis.cache.size).toBe(0);
      expect(guild.members.cache.map((m) => m.id)).toEqual([e.botUserId]);
      expect(guild.members.me?.id).toBe(e.botUserId);
    }
    expect(CACHE_LIMITS.MessageManager).toBe(0);

    const channelId = e.textChannelId();
    await e.dispatchInteraction(
      e.chatInput({
        name: 'facts',
        subcommand: 'show',
        options: { where: { type: ApplicationCommandOptionType.Channel, value: channelId } },
      }),
    );
    expect(where).toMatchObject({ id: channelId, type: ChannelType.GuildText, name: e.channel(channelId)?.name });
    expect(client?.channels.cache.size).toBe(0);
  });

  it('forwards guildDelete to the hook when the bot is removed, not during an outage', async () => {
    const removed: string[] = [];
    const e = await boot([], { onGuildDelete: (id) => removed.push(id) });
    const [first, second] = e.guilds.map((g) => g.id);
    if (!first || !second) throw new Error('two guilds expected');
    e.guildDelete(first, { unavailable: true });
    e.guildDelete(second);
    await until(() => (removed.length > 0 ? true : undefined), 'the guildDelete hook');
    await sleep(50);
    expect(removed).toEqual([second]);
    expect(logs().find((l) => l.msg === 'removed from a guild')).toMatchObject({ guildId: second });
  });

  it('rejects a wrong token with a StartupError that says what to do (and never shows the token)', async () => {
    emu = await startEmulator({ token: BOT_TOKEN });
    const wrong = `${BOT_TOKEN.slice(0, -4)}WXYZ`;
    const error = await startGateway({
      config: { DISCORD_TOKEN: wrong, DISCORD_API_URL: emu.apiUrl },
      logger: createLogger({ level: 'silent' }),
      commands: [],
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^Discord rejected the token \(DISCORD_TOKEN\)\. Reset it in the Developer Portal/,
    );
    expect((error as Error).message).not.toContain(wrong);
    expect(emu.requests.find((r) => r.path === '/gateway/bot')?.status).toBe(401);
  });

  it('reports an unreachable API as a StartupError naming the URL', async () => {
    const error = await startGateway({
      config: { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: 'http://127.0.0.1:9/api' },
      logger: createLogger({ level: 'silent' }),
      commands: [],
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^Could not reach the Discord API at http:\/\/127\.0\.0\.1:9\/api \(/);
  });
});

describe('main process (node src/main.ts)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  /** The environment of a fresh process: nothing of ours inherited, only what the test sets. */
  function env(vars: Record<string, string>): NodeJS.ProcessEnv {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$)/.test(k)),
    );
    return { ...clean, ...vars };
  }

  function run(vars: Record<string, string>, args: string[] = []) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: projectRoot(),
      env: env(vars),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exit, out: () => stdout, err: () => stderr };
  }

  it('starts, becomes ready, and exits 0 on SIGTERM after a clean shutdown', async () => {
    const e = await startEmulator({ token: BOT_TOKEN });
    emu = e;
    const proc = run({
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: e.applicationId,
      DISCORD_API_URL: e.apiUrl,
      DATABASE_URL: ':memory:',
    });
    await until(() => (proc.out().includes('"msg":"ready"') ? true : undefined), 'the ready log line', 15_000);
    expect(e.connectedClients).toBe(1);
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    expect(proc.out()).toContain('"msg":"stopped"');
    expect(proc.out()).not.toContain(BOT_TOKEN);
    // discord.js's cache warning went to the log, not to stderr.
    expect(proc.err()).toBe('');
  }, 30_000);

  it('exits 1 with every configuration problem on stderr and no stack trace', async () => {
    const proc = run({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: 'not-a-number', LOG_LEVEL: 'chatty' });
    expect(await proc.exit).toBe(1);
    const err = proc.err();
    expect(err).toContain('Invalid configuration');
    expect(err).toContain('DISCORD_APPLICATION_ID: "not-a-number" is not a snowflake');
    expect(err).toContain('LOG_LEVEL: "chatty" is not a log level');
    expect(err).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('exits 1 naming the problem when the fact data cannot be loaded', async () => {
    // A plain path: the configuration check refuses values that look like secrets (random suffixes can).
    const empty = join(tmpdir(), `aesc-empty-data-${process.pid}`);
    mkdirSync(empty, { recursive: true });
    try {
      const proc = run({
        DISCORD_TOKEN: BOT_TOKEN,
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
        DATA_DIR: empty,
      });
      expect(await proc.exit).toBe(1);
      expect(proc.err()).toMatch(/^The fact data is invalid/);
      expect(proc.err()).toContain(empty);
      expect(proc.err()).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 30_000);

  it('exits 1 with the operator message when Discord rejects the token', async () => {
    const e = await startEmulator({ token: BOT_TOKEN });
    emu = e;
    const proc = run({
      DISCORD_TOKEN: 'wrong.token.value',
      DISCORD_APPLICATION_ID: e.applicationId,
      DISCORD_API_URL: e.apiUrl,
    });
    expect(await proc.exit).toBe(1);
    expect(proc.err()).toMatch(/^Discord rejected the token \(DISCORD_TOKEN\)/);
    expect(proc.err()).not.toMatch(/\n\s+at /);
  }, 30_000);
});

// ---- issue 8 items 4, 12, 16, 17 --------------------------------------------------------------------------

/** A server that answers every request with `status` and an HTML page (a typo'd host, a proxy, a portal). */
async function htmlServer(status: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end('<html><body><h1>Welcome to the hotel Wi-Fi</h1> please log in</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('hardening: fatal gateway closes (issue 8 item 4)', () => {
  it('ends in onFatal with one clear message on 4004 and 4014 while running, instead of a silent zombie', async () => {
    for (const code of [4004, 4014]) {
      const fatal: string[] = [];
      const e = await startEmulator({ token: BOT_TOKEN });
      emu = e;
      bot = await startGateway({
        config: { DISCORD_TOKEN: e.token, DISCORD_API_URL: e.apiUrl },
        logger: createLogger({ level: 'silent' }),
        commands: [],
        onFatal: (message) => fatal.push(message),
      });
      await bot.ready;
      e.dropGatewayConnections(code);
      await until(() => (fatal.length > 0 ? true : undefined), `onFatal for ${code}`);
      expect(fatal[0]).toMatch(new RegExp(`^Discord closed the gateway: .*\\(${code}\\)`));
      await bot.stop();
      bot = undefined;
      await e.close();
      emu = undefined;
    }
  });

  it('keeps reconnecting (no onFatal) after a resumable close such as 4000', async () => {
    const fatal: string[] = [];
    const e = await startEmulator({ token: BOT_TOKEN });
    emu = e;
    bot = await startGateway({
      config: { DISCORD_TOKEN: e.token, DISCORD_API_URL: e.apiUrl },
      logger: createLogger({ level: 'silent' }),
      commands: [],
      onFatal: (message) => fatal.push(message),
    });
    await bot.ready;
    e.dropGatewayConnections(4000);
    await until(() => (e.stats.resumes > 0 ? true : undefined), 'the resume');
    expect(fatal).toEqual([]);
  });

  it('the process exits 1 with the message when the token is reset while it runs (4004)', async () => {
    const e = await startEmulator({ token: BOT_TOKEN });
    emu = e;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot(),
      env: {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$)/.test(k)),
        ),
        DISCORD_TOKEN: BOT_TOKEN,
        DISCORD_APPLICATION_ID: e.applicationId,
        DISCORD_API_URL: e.apiUrl,
        DATABASE_URL: ':memory:',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    try {
      await until(() => (out.includes('"msg":"ready"') ? true : undefined), 'the ready log line', 15_000);
      e.dropGatewayConnections(4004);
      expect(await exit).toBe(1);
      expect(err).toMatch(/^Discord closed the gateway: authentication failed \(4004\)/);
      expect(err).not.toMatch(/\n\s+at /);
      expect(out + err).not.toContain(BOT_TOKEN);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  }, 30_000);
});

describe('hardening: a DISCORD_API_URL that is not Discord (issue 8 item 12)', () => {
  it('names the variable and what came back, for an HTML 404 and an HTML 200', async () => {
    for (const status of [404, 200]) {
      const html = await htmlServer(status);
      try {
        const rest = new REST({ api: html.url, retries: 0 }).setToken(BOT_TOKEN);
        const error = await fetchCommandIds(rest, { applicationId: '123456789012345678', apiUrl: html.url }).catch(
          (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(StartupError);
        const message = (error as Error).message;
        expect(message).toContain(`DISCORD_API_URL (${html.url}) does not answer like Discord's API`);
        expect(message).toContain(`HTTP ${status}`);
        expect(message).toContain('Welcome to the hotel Wi-Fi');
        expect(message).not.toContain('No Description');
        expect(message).not.toContain(BOT_TOKEN);
      } finally {
        await html.close();
      }
    }
  });

  it('the process exits 1 with that message, not "No Description" or a TypeError', async () => {
    const html = await htmlServer(404);
    try {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: projectRoot(),
        env: {
          ...Object.fromEntries(
            Object.entries(process.env).filter(([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$)/.test(k)),
          ),
          DISCORD_TOKEN: BOT_TOKEN,
          DISCORD_APPLICATION_ID: '123456789012345678',
          DISCORD_API_URL: html.url,
          DATABASE_URL: ':memory:',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      proc.stderr?.on('data', (c: Buffer) => {
        err += c.toString();
      });
      const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(err).toMatch(
        /^DISCORD_API_URL \(http:\/\/127\.0\.0\.1:\d+\/api\) does not answer like Discord's API: it returned HTTP 404 "<html>/,
      );
      expect(err).not.toMatch(/No Description|TypeError|\n\s+at /);
    } finally {
      await html.close();
    }
  }, 30_000);
});

describe('hardening: the callback connection is reset (issue 8 item 16)', () => {
  it('retries the initial callback once and the user gets the answer', async () => {
    const e = await boot([command('facts', () => reply({ content: 'after a reset' }))]);
    e.resetConnections({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ }, 1);
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    const callback = await e.dispatchInteraction(payload);
    expect(callback.status).toBe(204);
    expect(callback.data).toMatchObject({ content: 'after a reset' });
    const attempts = e.requests.filter((r) => r.path.startsWith(`/interactions/${payload.id}/`));
    expect(attempts.map((r) => r.status)).toEqual([-1, 204]);
    expect(logs().find((l) => l.msg === 'callback connection reset: retrying once')).toMatchObject({ level: 40 });
    expect(logs().filter((l) => l.level >= 50)).toEqual([]);
    expectCleanRun(e);
  });

  it('does not retry when the 3-second window is nearly over: the failure is logged, nothing hangs', async () => {
    // The window is shortened to 100 ms here (2,500 ms in production); the handler answers after 200 ms.
    const e = await boot(
      [
        command('facts', async () => {
          await sleep(200);
          return reply({ content: 'late' });
        }),
      ],
      { deferAfterMs: 10_000, callbackRetryWithinMs: 100 },
    );
    e.resetConnections({ method: 'POST', path: /\/callback$/ }, 1);
    const payload = e.chatInput({ name: 'facts', subcommand: 'show' });
    await e.dispatchInteraction(payload, { timeoutMs: 100 }).catch(() => undefined);
    await until(() => logs().find((l) => l.msg === 'could not send the reply'), 'the logged failure', 5_000);
    const attempts = e.requests.filter((r) => r.path.startsWith(`/interactions/${payload.id}/`));
    // The reset callback, then the apology attempt; no blind retry of the answer.
    expect(attempts[0]?.status).toBe(-1);
    expect(logs().some((l) => l.msg === 'callback connection reset: retrying once')).toBe(false);
  });
});

describe('hardening: malformed payloads over the gateway (issue 8 item 17)', () => {
  it('answers member.permissions "abc" and data null with a notice, and nothing rejects unhandled', async () => {
    const e = await boot([command('facts', () => reply({ content: 'ok' }))]);
    const base = e.chatInput({ name: 'facts', subcommand: 'show' });
    const bad = { ...base, member: { ...(base.member as object), permissions: 'abc' } } as typeof base;
    const first = await e.dispatchInteraction(bad);
    expect(first.type).toBe(4);
    expect(first.data).toMatchObject({ content: MESSAGES.malformed, flags: MessageFlags.Ephemeral });
    const nullData = { ...e.chatInput({ name: 'facts', subcommand: 'show' }), data: null } as unknown as typeof base;
    const second = await e.dispatchInteraction(nullData);
    expect(second.data).toMatchObject({ content: MESSAGES.malformed });
    // An unanswerable one (no token) is ignored with a warning, and the bot keeps answering.
    const noToken = { ...e.chatInput({ name: 'facts', subcommand: 'show' }), token: 42 } as unknown as typeof base;
    e.sendDispatch('INTERACTION_CREATE', noToken);
    await until(
      () => logs().find((l) => l.msg === 'malformed interaction payload refused' && l.answered === false),
      'the warning',
    );
    const after = await e.dispatchInteraction(e.chatInput({ name: 'facts', subcommand: 'show' }));
    expect(after.data).toMatchObject({ content: 'ok' });
    await sleep(50);
  });
});
