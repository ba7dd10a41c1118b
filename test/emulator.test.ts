import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertValidCommandDefinitions,
  assertValidCreateMessage,
  assertValidInteractionCallback,
  ContractError,
  checkCommandDefinitions,
  checkInteractionCallback,
} from './support/contract.js';
import { type Emulator, type EmulatorOptions, startEmulator } from './support/emulator.js';

let emu: Emulator | undefined;
let client: Client | undefined;

afterEach(async () => {
  const violations = emu?.contractViolations.map((v) => ({ path: v.request.path, issues: v.issues })) ?? [];
  try {
    await client?.destroy();
    await emu?.close();
  } finally {
    client = undefined;
    emu = undefined;
  }
  // Every body discord.js sent in these tests must match Discord's OpenAPI schemas.
  expect(violations).toEqual([]);
});

async function boot(options: EmulatorOptions = {}): Promise<{ emu: Emulator; client: Client }> {
  emu = await startEmulator({ guilds: 2, ...options });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } });
  const ready = new Promise<void>((resolve) => client?.once('clientReady', () => resolve()));
  await client.login(emu.token);
  await ready;
  return { emu, client };
}

describe('Discord emulator with the real discord.js Client', () => {
  it('logs in, becomes ready and caches every guild with its channels and roles', async () => {
    const { emu, client } = await boot({ channelsPerGuild: 4, rolesPerGuild: 5 });

    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(emu.botUserId);
    expect(client.application?.id).toBe(emu.applicationId);
    expect(client.guilds.cache.size).toBe(2);
    for (const guild of emu.guilds) {
      const cached = client.guilds.cache.get(guild.id);
      expect(cached?.available).toBe(true);
      expect(cached?.channels.cache.size).toBe(4);
      expect(cached?.roles.cache.size).toBe(5);
      expect(cached?.members.me?.id).toBe(emu.botUserId);
    }
    expect(emu.stats.identifies).toBe(1);
    expect(emu.requests.map((r) => `${r.method} ${r.route}`)).toContain('GET /gateway/bot');
    const identify = emu.gatewayReceived.find((p) => p.op === 2);
    expect(identify?.d).toMatchObject({ token: emu.token, intents: GatewayIntentBits.Guilds, shard: [0, 1] });
  });

  it('rejects login with a wrong token (401 on /gateway/bot)', async () => {
    emu = await startEmulator({ token: 'right-token' });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } });
    await expect(client.login('wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    const request = emu.requests.find((r) => r.path === '/gateway/bot');
    expect(request?.status).toBe(401);
    expect(request?.response).toEqual({ message: '401: Unauthorized', code: 0 });
    expect(request?.headers.authorization).toBe('Bot wrong-token');
  });

  it('answers a chat input command with an ephemeral reply (type 4, flags 64)', async () => {
    const { emu, client } = await boot();
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const n = interaction.options.getInteger('n', true);
      const channel = interaction.options.getChannel('where');
      await interaction.reply({ content: `hi ${n} ${channel?.id}`, flags: MessageFlags.Ephemeral });
    });

    const channelId = emu.textChannelId();
    const payload = emu.chatInput({ name: 'hello', options: { n: 3, where: { type: 7, value: channelId } } });
    const callback = await emu.dispatchInteraction(payload);

    expect(callback.status).toBe(204);
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: `hi 3 ${channelId}`, flags: 64 });
    expect(callback.latencyMs).toBeGreaterThanOrEqual(0);
    assertValidInteractionCallback(callback.body);
    expect(callback.request.contractIssues).toBeUndefined();
    expect(callback.request.headers.authorization).toBeUndefined(); // discord.js sends callbacks with auth: false
    const original = await emu.waitForReply(payload.id);
    expect(original.flags).toBe(64);
  });

  it('builds interactions discord.js resolves fully (guild, cached channel, member, permissions)', async () => {
    const { emu, client } = await boot();
    const seen = new Promise<Record<string, unknown>>((resolve) => {
      client.on('interactionCreate', async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        resolve({
          guild: interaction.guild?.id,
          channelType: interaction.channel?.type,
          member: interaction.inCachedGuild() ? interaction.member.id : null,
          canManage: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
          botCanSend: interaction.appPermissions.has(PermissionFlagsBits.SendMessages),
          locale: interaction.locale,
          sub: interaction.options.getSubcommand(),
          user: interaction.options.getUser('who')?.id,
          text: interaction.options.getString('text'),
        });
        await interaction.reply('ok');
      });
    });
    const guild = emu.guilds[1];
    const payload = emu.chatInput({
      name: 'admin',
      subcommand: 'check',
      guildId: guild?.id,
      options: { who: { type: 6, value: emu.userId }, text: 'x' },
      memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel,
      locale: 'de',
    });
    await emu.dispatchInteraction(payload);
    expect(await seen).toEqual({
      guild: guild?.id,
      channelType: ChannelType.GuildText,
      member: emu.userId,
      canManage: true,
      botCanSend: true,
      locale: 'de',
      sub: 'check',
      user: emu.userId,
      text: 'x',
    });
  });

  it('supports DMs, modals (type 9 then submit), selects (type 6 + edit) and withResponse', async () => {
    const { emu, client } = await boot();
    client.on('interactionCreate', async (i) => {
      if (i.isChatInputCommand() && i.commandName === 'feedback') {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('fb')
            .setTitle('Feedback')
            .addLabelComponents(
              new LabelBuilder()
                .setLabel('Text')
                .setTextInputComponent(new TextInputBuilder().setCustomId('text').setStyle(TextInputStyle.Short)),
            ),
        );
      } else if (i.isChatInputCommand()) {
        await i.reply(`dm guild=${i.guildId} user=${i.user.id}`);
      } else if (i.isModalSubmit()) {
        const res = await i.reply({ content: `got ${i.fields.getTextInputValue('text')}`, withResponse: true });
        expect(res.resource?.message?.content).toBe('got great');
      } else if (i.isStringSelectMenu()) {
        await i.deferUpdate();
        await i.editReply({ content: `picked ${i.values.join(',')}`, components: [] });
      }
    });

    const dm = await emu.dispatchInteraction(emu.chatInput({ name: 'hello', guildId: null }));
    expect(dm.data).toMatchObject({ content: `dm guild=null user=${emu.userId}` });

    const modal = await emu.dispatchInteraction(emu.chatInput({ name: 'feedback' }));
    expect(modal.type).toBe(9);
    expect(modal.data).toMatchObject({ custom_id: 'fb', title: 'Feedback' });

    const submit = await emu.dispatchInteraction(emu.modalSubmit({ customId: 'fb', fields: { text: 'great' } }));
    expect(submit.type).toBe(4);
    expect(submit.status).toBe(200);

    const select = emu.stringSelect({
      customId: 'menu',
      values: ['a', 'c'],
      message: {
        content: 'choose',
        components: [
          new ActionRowBuilder<StringSelectMenuBuilder>()
            .addComponents(
              new StringSelectMenuBuilder()
                .setCustomId('menu')
                .addOptions({ label: 'A', value: 'a' }, { label: 'C', value: 'c' }),
            )
            .toJSON(),
        ],
      },
    });
    const deferred = await emu.dispatchInteraction(select);
    expect(deferred.type).toBe(6);
    const final = await emu.waitForReply(select.id);
    expect(final.content).toBe('picked a,c');
  });

  it('sends channel messages through discord.js structures', async () => {
    const { emu, client } = await boot();
    const channel = client.channels.cache.get(emu.textChannelId());
    if (!channel?.isSendable()) throw new Error('expected a sendable channel');
    const sent = await channel.send({
      content: 'hello',
      embeds: [new EmbedBuilder().setTitle('T').setColor(0xff0000)],
    });
    expect(sent.id).toBe(emu.messagesIn(channel.id)[0]?.id);
    expect(sent.embeds[0]?.title).toBe('T');
    const edited = await sent.edit('changed');
    expect(edited.content).toBe('changed');
    await sent.delete();
    expect(emu.messagesIn(channel.id)).toHaveLength(0);
  });

  it('answers autocomplete with type 8 choices', async () => {
    const { emu, client } = await boot();
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      await interaction.respond([
        { name: `${focused.name}=${focused.value}`, value: 'a' },
        { name: 'second', value: 'b' },
      ]);
    });

    const callback = await emu.dispatchInteraction(
      emu.autocomplete({ name: 'facts', subcommand: 'search', focused: { name: 'query', value: 'bat' } }),
    );
    expect(callback.type).toBe(8);
    expect(callback.data).toEqual({
      choices: [
        { name: 'query=bat', value: 'a' },
        { name: 'second', value: 'b' },
      ],
    });
    assertValidInteractionCallback(callback.body);
  });

  it('updates the message of a clicked button (type 7)', async () => {
    const { emu, client } = await boot();
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: 'page 1', components: [row] });
      } else if (interaction.isButton()) {
        expect(interaction.message.content).toBe('page 1');
        await interaction.update({ content: `page 2 via ${interaction.customId}`, components: [] });
      }
    });

    const command = emu.chatInput({ name: 'pages' });
    await emu.dispatchInteraction(command);
    const reply = await emu.waitForReply(command.id);
    expect(reply.components).toHaveLength(1);

    const click = emu.button({ customId: 'more', messageId: reply.id });
    const callback = await emu.dispatchInteraction(click);
    expect(callback.type).toBe(7);
    expect(callback.data).toMatchObject({ content: 'page 2 via more', components: [] });
    assertValidInteractionCallback(callback.body);
    expect(emu.message(reply.id)?.content).toBe('page 2 via more');
  });

  it('defers and then edits @original (PATCH .../messages/%40original)', async () => {
    const { emu, client } = await boot();
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply('done thinking');
      await interaction.followUp({ content: 'and one more thing', flags: MessageFlags.Ephemeral });
    });

    const payload = emu.chatInput({ name: 'slow' });
    const callback = await emu.dispatchInteraction(payload);
    expect(callback.type).toBe(5);
    const edit = await emu.waitForRequest((r) => r.method === 'PATCH' && r.route?.startsWith('/webhooks/') === true);
    expect(edit.url).toContain('/messages/%40original');
    expect(edit.path).toBe(`/webhooks/${emu.applicationId}/${payload.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: 'done thinking' });
    expect(edit.contractIssues).toBeUndefined();
    const reply = await emu.waitForReply(payload.id);
    expect(reply.content).toBe('done thinking');
    expect((reply.flags ?? 0) & MessageFlags.Loading).toBe(0);
    const followup = await emu.waitForRequest((r) => r.method === 'POST' && r.route === '/webhooks/:webhookId/:token');
    expect(followup.query.wait).toBe('true');
    expect(followup.body).toMatchObject({ content: 'and one more thing', flags: 64 });
  });

  it('deduplicates channel messages by nonce with enforce_nonce', async () => {
    const { emu, client } = await boot();
    const channelId = emu.textChannelId();
    const body = { content: 'once', nonce: 'abc-123', enforce_nonce: true };
    const first = (await client.rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
    const second = (await client.rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
    expect(second.id).toBe(first.id);
    expect(emu.messagesIn(channelId)).toHaveLength(1);
    assertValidCreateMessage(body);

    // Without enforce_nonce every POST creates a message, as on Discord.
    await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'x', nonce: 'n' } });
    await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'x', nonce: 'n' } });
    expect(emu.messagesIn(channelId)).toHaveLength(3);
  });

  it('injects per-channel failures (50013 once, then success)', async () => {
    const { emu, client } = await boot();
    const channelId = emu.textChannelId();
    emu.failChannel(channelId, 'missingPermissions', 1);

    const error = await client.rest
      .post(Routes.channelMessages(channelId), { body: { content: 'nope' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50013, status: 403, message: 'Missing Permissions' });

    const ok = (await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'yes' } })) as {
      content: string;
    };
    expect(ok.content).toBe('yes');

    await expect(client.rest.post(Routes.channelMessages('123'), { body: { content: 'x' } })).rejects.toMatchObject({
      code: 10003,
      status: 404,
    });
  });

  it('lets @discordjs/rest retry a 429 and a 500', async () => {
    const { emu, client } = await boot();
    const channelId = emu.textChannelId();
    emu.failChannel(channelId, { status: 429, retryAfter: 0.02 }, 1);
    emu.failChannel(channelId, 'serverError', 1);
    const message = (await client.rest.post(Routes.channelMessages(channelId), {
      body: { content: 'eventually' },
    })) as {
      content: string;
    };
    expect(message.content).toBe('eventually');
    const statuses = emu.requests.filter((r) => r.route === '/channels/:channelId/messages').map((r) => r.status);
    expect(statuses).toEqual([429, 500, 200]);
  });

  it('stores bulk-overwritten commands and types interaction options from them', async () => {
    const { emu, client } = await boot();
    const definitions = [
      new SlashCommandBuilder()
        .setName('fact')
        .setDescription('Get a fact')
        .addNumberOption((o) => o.setName('year').setDescription('Year').setRequired(true))
        .toJSON(),
    ];
    assertValidCommandDefinitions(definitions);
    const guildId = emu.guilds[0]?.id ?? '';
    const registered = await client.application?.commands.set(definitions, guildId);
    expect(registered?.first()?.name).toBe('fact');
    const put = emu.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${emu.applicationId}/guilds/${guildId}/commands`);
    expect(put?.contractIssues).toBeUndefined();
    expect(emu.commands(guildId)).toHaveLength(1);

    let year: number | null = null;
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      year = interaction.options.getNumber('year', true); // throws if the option type were Integer
      await interaction.reply(`year ${year}`);
    });
    const callback = await emu.dispatchInteraction(emu.chatInput({ name: 'fact', guildId, options: { year: 2007 } }));
    expect(callback.type).toBe(4);
    expect(year).toBe(2007);
  });

  it('delivers GUILD_DELETE to the client', async () => {
    const { emu, client } = await boot();
    const guildId = emu.guilds[1]?.id ?? '';
    const deleted = new Promise<string>((resolve) => client.once('guildDelete', (g) => resolve(g.id)));
    emu.guildDelete(guildId);
    expect(await deleted).toBe(guildId);
    expect(client.guilds.cache.has(guildId)).toBe(false);
  });

  it('resumes after a dropped connection and replays the events the client missed', async () => {
    const { emu, client } = await boot();
    const resumed = new Promise<void>((resolve) => client.once('shardResume', () => resolve()));
    const gone = emu.guilds[1]?.id ?? '';
    const deleted = new Promise<string>((resolve) => client.once('guildDelete', (g) => resolve(g.id)));
    emu.dropGatewayConnections(4000); // client will RESUME (after @discordjs/ws's fixed 500 ms back-off)
    emu.guildDelete(gone); // not deliverable on the closing socket: buffered, replayed on RESUME
    await resumed;
    expect(await deleted).toBe(gone);
    expect(emu.stats).toMatchObject({ identifies: 1, resumes: 1, connections: 2 });
    expect(emu.gatewayReceived.find((p) => p.op === 6)?.d).toMatchObject({ token: emu.token });

    client.on('interactionCreate', async (i) => {
      if (i.isChatInputCommand()) await i.reply('still here');
    });
    const callback = await emu.dispatchInteraction(emu.chatInput({ name: 'ping' }));
    expect(callback.data).toMatchObject({ content: 'still here' });
  });

  it('records a late callback as 10062 Unknown interaction', async () => {
    const { emu, client } = await boot({ interactionCallbackWindowMs: 50 });
    const errors: unknown[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await new Promise((r) => setTimeout(r, 100));
      await interaction.reply('too late').catch((e: unknown) => errors.push(e));
    });
    const callback = await emu.dispatchInteraction(emu.chatInput({ name: 'slow' }));
    expect(callback.status).toBe(404);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatchObject({ code: 10062 });
  });
});

describe('contract checks', () => {
  it('reports unknown keys, bad types and Discord-only rules with readable paths', () => {
    const issues = checkInteractionCallback({
      type: 4,
      data: { content: 'x'.repeat(2001), ephemeral: true, embeds: [{ title: 5 }] },
    });
    const text = issues.map((i) => `${i.path}: ${i.message}`);
    expect(text).toEqual(expect.arrayContaining([expect.stringMatching(/^data\.content: length must be <= 2000/)]));
    expect(text.some((t) => t.startsWith('data.embeds[0].title: expected string'))).toBe(true);

    expect(checkInteractionCallback({ type: 4, data: { content: 'ok', ephemeral: true } })).toEqual([
      { path: 'data.ephemeral', message: 'unknown key (not in the API schema)' },
    ]);
    expect(checkInteractionCallback({ type: 4, data: {} })[0]?.message).toMatch(/empty message/);
    expect(checkInteractionCallback({ type: 8, data: { choices: [{ name: '', value: 'a' }] } })).toEqual([
      { path: 'data.choices[0].name', message: 'length must be >= 1 (got length 0)' },
    ]);
    expect(() => assertValidInteractionCallback({ type: 42 })).toThrow(ContractError);
  });

  it('checks command definitions beyond the schema', () => {
    const issues = checkCommandDefinitions([
      {
        name: 'Fact',
        description: 'x',
        options: [
          { type: 3, name: 'opt', description: 'o' },
          { type: 3, name: 'req', description: 'r', required: true },
        ],
      },
      { name: 'Fact', description: 'dup' },
    ]);
    const text = issues.map((i) => `${i.path}: ${i.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        '[0].name: "Fact" must be lowercase',
        '[0].options[1].required: required options must come before optional ones',
        '[1].name: duplicate command name "Fact" (also at [0])',
      ]),
    );
  });
});
