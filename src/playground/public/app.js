// The playground page: a Discord-like channel in front of the real bot. Everything the bot answers comes from
// `POST /api/interactions` (the same core dispatcher as the gateway and HTTP transports); this file only builds the
// interactions Discord's client would send and shows the answers.
import './config.js';
import '@skyra/discord-components-core';
import { CommandLineError, parseCommandLine } from './command-line.js';
import { createComposer } from './composer.js';
import { hooks, viewer } from './markdown.js';
import { renderMessage, renderPlaygroundNotice } from './render.js';

const $ = (sel) => document.querySelector(sel);

const state = {
  definitions: [],
  sandbox: null,
  channelId: null,
  /** channelId -> { list: HTMLElement, records: [] } */
  views: new Map(),
  sinkSeq: 0,
  composer: null,
  keys: 0,
};

// ---- small helpers ---------------------------------------------------------------------------------------------

let idCounter = 0;
function snowflake() {
  idCounter = (idCounter + 1) % 4096;
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) | (2n << 17n) | BigInt(idCounter));
}

class ApiError extends Error {}

async function api(path, body) {
  const res = await fetch(
    path,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const json = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new ApiError([json.error, ...(json.details ?? [])].filter(Boolean).join('\n'));
  return json;
}

function channel(id) {
  return state.sandbox.channels.find((c) => c.id === id);
}

function channelLabel(c) {
  return c.type === 2 ? `🔊 ${c.name}` : c.type === 5 ? `📢 ${c.name}` : `# ${c.name}`;
}

function view(channelId) {
  let v = state.views.get(channelId);
  if (!v) {
    const list = document.createElement('discord-messages');
    list.className = 'channel-log';
    list.dataset.channelId = channelId;
    list.hidden = true;
    $('#log').append(list);
    v = { list, records: [] };
    state.views.set(channelId, v);
  }
  return v;
}

function scrollDown() {
  const scroller = $('#log');
  scroller.scrollTop = scroller.scrollHeight;
}

// ---- messages --------------------------------------------------------------------------------------------------

const renderContext = {
  onComponent: (rec, data) => void clickComponent(rec, data),
  onDismiss: (rec) => removeRecord(rec),
  channelName: (id) => channel(id)?.name ?? 'unknown-channel',
  selectOptions: () => [],
  get locale() {
    return viewer.locale;
  },
  get timeZone() {
    return viewer.timeZone;
  },
};

function filesOf(result) {
  const files = new Map();
  const types = new Map();
  for (const f of result.files ?? []) {
    // A blob: URL, not a data: one: browsers refuse to open data: URLs, so a file link would do nothing.
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
    files.set(f.name, URL.createObjectURL(new Blob([bytes], { type: f.contentType })));
    types.set(f.name, f.contentType);
  }
  return { files, types };
}

function addRecord(channelId, rec) {
  const v = view(channelId);
  rec.key = `m${++state.keys}`;
  rec.id ??= snowflake();
  rec.channelId = channelId;
  rec.timestamp ??= new Date();
  rec.element = renderMessage(rec, renderContext);
  v.records.push(rec);
  v.list.append(rec.element);
  if (channelId === state.channelId) scrollDown();
  else markUnread(channelId);
  return rec;
}

function rerender(rec) {
  const next = renderMessage(rec, renderContext);
  rec.element.replaceWith(next);
  rec.element = next;
}

function removeRecord(rec) {
  const v = view(rec.channelId);
  v.records = v.records.filter((r) => r !== rec);
  rec.element.remove();
}

function notice(text, kind = 'error') {
  const node = renderPlaygroundNotice(text, kind);
  view(state.channelId).list.append(node);
  scrollDown();
  return node;
}

/** The message object Discord sends with a component interaction. */
function apiMessage(rec) {
  const d = rec.data ?? {};
  return {
    id: rec.id,
    channel_id: rec.channelId,
    author: {
      id: state.sandbox.bot.id,
      username: 'AESC Bot',
      discriminator: '0',
      global_name: 'AESC Bot',
      avatar: null,
      bot: true,
    },
    content: d.content ?? '',
    embeds: d.embeds ?? [],
    components: d.components ?? [],
    attachments: (d.attachments ?? []).map((a, i) => ({
      id: String(a.id ?? i),
      filename: a.filename,
      size: 0,
      url: `attachment://${a.filename}`,
      proxy_url: '',
    })),
    flags: d.flags ?? 0,
    timestamp: rec.timestamp.toISOString(),
    edited_timestamp: null,
    type: rec.command ? 20 : 0,
    ...(rec.interactionId
      ? {
          interaction_metadata: {
            id: rec.interactionId,
            type: 2,
            user: {
              id: state.sandbox.user.id,
              username: 'you',
              discriminator: '0',
              global_name: state.sandbox.user.name,
              avatar: null,
            },
            authorizing_integration_owners: { 0: state.sandbox.guild.id },
          },
        }
      : {}),
  };
}

/** Applies `{ response, edits, followUps, deleted, files }` to the channel as Discord would. */
function applyResult(result, { channelId, command, target, interactionId }) {
  const { files, types } = filesOf(result);
  const r = result.response;
  let original = null;
  switch (r?.type) {
    case 4:
      original = addRecord(channelId, { data: r.data ?? {}, command, interactionId, files, fileTypes: types });
      break;
    case 5:
      original = addRecord(channelId, {
        data: { content: '*AESC Bot is thinking…*', flags: r.data?.flags ?? 0 },
        command,
        interactionId,
        files,
        fileTypes: types,
      });
      break;
    case 6:
      original = target;
      break;
    case 7:
      if (target) {
        target.data = {
          ...target.data,
          ...r.data,
          flags: ((r.data?.flags ?? target.data.flags ?? 0) & ~64) | (target.data.flags & 64),
        };
        target.files = new Map([...(target.files ?? []), ...files]);
        target.fileTypes = new Map([...(target.fileTypes ?? []), ...types]);
        rerender(target);
        original = target;
      }
      break;
    case 9:
      notice('The bot answered with a modal; the playground does not show modals.');
      break;
    case 1:
      notice('PONG (the answer to a PING).', 'info');
      break;
    default:
      notice(`The bot sent no initial response (${JSON.stringify(r ?? null).slice(0, 120)}).`);
  }
  for (const edit of result.edits ?? []) {
    if (!original) break;
    const ephemeral = original.data.flags & 64;
    original.data = { ...original.data, ...edit, flags: ((edit.flags ?? original.data.flags ?? 0) & ~64) | ephemeral };
    if (r?.type === 5 && original.data.content === '*AESC Bot is thinking…*' && edit.content === undefined)
      original.data.content = '';
    original.files = new Map([...(original.files ?? []), ...files]);
    original.fileTypes = new Map([...(original.fileTypes ?? []), ...types]);
    rerender(original);
  }
  if (result.deleted && original) removeRecord(original);
  // Follow-ups (and new messages answering a component) belong to the interaction that made the original, as Discord's do.
  const origin = interactionId ?? target?.interactionId;
  for (const f of result.followUps ?? [])
    addRecord(channelId, { data: f, interactionId: origin, files, fileTypes: types });
}

// ---- interactions ----------------------------------------------------------------------------------------------

async function runCommandLine(text) {
  let data;
  try {
    data = parseCommandLine(text, state.definitions, state.sandbox.channels, state.composer.uploads);
  } catch (err) {
    if (err instanceof CommandLineError) {
      notice(err.message);
      return false;
    }
    throw err;
  }
  const { display, ...commandData } = data;
  const channelId = state.channelId;
  try {
    const id = snowflake();
    const result = await api('/api/interactions', {
      id,
      type: 2,
      channel_id: channelId,
      locale: viewer.locale,
      data: commandData,
    });
    applyResult(result, { channelId, command: display, interactionId: id });
  } catch (err) {
    notice(`The request failed: ${err.message}`);
    return false;
  } finally {
    void pollSink();
  }
  return true;
}

async function clickComponent(rec, data) {
  try {
    const id = snowflake();
    const result = await api('/api/interactions', {
      id,
      type: 3,
      channel_id: rec.channelId,
      locale: viewer.locale,
      data,
      message: apiMessage(rec),
    });
    applyResult(result, { channelId: rec.channelId, target: rec, interactionId: rec.interactionId ?? id });
  } catch (err) {
    notice(`The request failed: ${err.message}`);
  } finally {
    void pollSink();
  }
}

/** Messages the bot posted over REST (the daily post), shown in their channels exactly as sent. */
async function pollSink() {
  const sent = await api(`/api/sandbox/messages?after=${state.sinkSeq}`).catch(() => []);
  for (const s of sent) {
    if (s.seq <= state.sinkSeq) continue; // two polls overlapped
    state.sinkSeq = s.seq;
    addRecord(s.channelId, {
      id: s.message.id,
      data: s.message,
      timestamp: new Date(s.message.timestamp),
      files: new Map(),
      sent: s.body,
    });
  }
  return sent;
}

// ---- page chrome -----------------------------------------------------------------------------------------------

function markUnread(channelId) {
  document.querySelector(`.channel[data-channel-id="${channelId}"]`)?.classList.add('unread');
}

function switchChannel(id) {
  const c = channel(id);
  if (!c) return;
  state.channelId = id;
  for (const [cid, v] of state.views) v.list.hidden = cid !== id;
  view(id).list.hidden = false;
  for (const node of document.querySelectorAll('.channel')) {
    node.classList.toggle('selected', node.dataset.channelId === id);
    if (node.dataset.channelId === id) node.classList.remove('unread');
  }
  $('#channel-name').textContent = channelLabel(c);
  $('#channel-topic').textContent = c.topic;
  $('#input').placeholder = `Message ${channelLabel(c).replace('# ', '#')} — type / for the bot's commands`;
  scrollDown();
}

function buildSidebar() {
  $('#guild-name').textContent = state.sandbox.guild.name;
  const list = $('#channels');
  list.replaceChildren();
  for (const c of state.sandbox.channels) {
    const item = document.createElement('button');
    item.type = 'button';
    item.className = 'channel';
    item.dataset.channelId = c.id;
    item.textContent = channelLabel(c);
    item.title = c.topic + (c.botCanPost ? '' : ' (the bot cannot post here)');
    item.addEventListener('click', () => switchChannel(c.id));
    list.append(item);
  }
}

function rerenderAll() {
  for (const v of state.views.values()) for (const rec of v.records) rerender(rec);
}

function buildSettings() {
  const locales = [
    ...new Set(
      [navigator.language, 'en-US', 'en-GB', 'ja', 'de', 'fr', 'es-ES', 'pt-BR', 'zh-CN', 'ko'].filter(Boolean),
    ),
  ];
  const localeSelect = $('#locale');
  for (const l of locales) localeSelect.append(new Option(l, l));
  localeSelect.value = viewer.locale;
  localeSelect.addEventListener('change', () => {
    viewer.locale = localeSelect.value;
    rerenderAll();
  });
  const zone = $('#timezone');
  const zones = $('#timezones');
  for (const z of Intl.supportedValuesOf?.('timeZone') ?? ['UTC']) zones.append(new Option(z));
  zone.value = viewer.timeZone;
  zone.addEventListener('change', () => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone.value });
      viewer.timeZone = zone.value;
      zone.setCustomValidity('');
      rerenderAll();
    } catch {
      zone.setCustomValidity('Not a time zone');
      zone.reportValidity();
    }
  });
  const date = $('#daily-date');
  date.value = new Intl.DateTimeFormat('en-CA', { timeZone: viewer.timeZone }).format(new Date());
  $('#post-now').addEventListener('click', () => void postNow());
}

async function postNow() {
  const button = $('#post-now');
  button.disabled = true;
  try {
    const result = await api('/api/daily/post-now', { date: $('#daily-date').value || undefined });
    const sent = await pollSink();
    const first = sent[0] ?? null;
    if (first && first.channelId !== state.channelId) switchChannel(first.channelId);
    notice(result.summary, result.messages.length > 0 ? 'info' : 'warning');
  } catch (err) {
    notice(`Post now failed: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

async function main() {
  const [definitions, sandbox] = await Promise.all([api('/api/commands'), api('/api/sandbox')]);
  state.definitions = definitions;
  state.sandbox = sandbox;
  state.composer = createComposer({
    input: $('#input'),
    box: $('#suggestions'),
    definitions: () => state.definitions,
    channels: () => state.sandbox.channels,
    channelLabel,
    autocomplete: async (name, options) => {
      const result = await api('/api/interactions', {
        type: 4,
        channel_id: state.channelId,
        locale: viewer.locale,
        data: { name, type: 1, options },
      });
      return result.response?.type === 8 ? (result.response.data?.choices ?? []) : [];
    },
    upload: async (file) => {
      const res = await fetch(`/api/attachments?filename=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'content-type': file.type || 'application/octet-stream' },
        body: file,
      });
      const json = await res.json();
      if (!res.ok) throw new ApiError(json.error ?? `HTTP ${res.status}`);
      return json;
    },
    send: (text) => runCommandLine(text),
    error: (message) => notice(message),
  });
  hooks.onSlashMention = (command) => state.composer.prefill(`${command} `);
  buildSidebar();
  buildSettings();
  switchChannel(sandbox.channels[0].id);
  await pollSink();
  // For bench/playground.ts: milliseconds since navigation start at which the box works, and the ?run= reply shows.
  globalThis.__playgroundUsableAt = performance.now();
  const run = new URLSearchParams(location.search).get('run');
  if (run) {
    await runCommandLine(run);
    globalThis.__playgroundReplyAt = performance.now();
  }
  document.body.dataset.ready = 'true';
  $('#input').focus();
  // The real scheduler ticks every minute in the sandbox too: show what it posts without waiting for a click.
  setInterval(() => void pollSink(), 10_000);
}

main().catch((err) => {
  document.body.dataset.ready = 'error';
  const box = document.createElement('pre');
  box.className = 'fatal';
  box.textContent = `The playground could not start: ${err.message}`;
  document.body.prepend(box);
});
