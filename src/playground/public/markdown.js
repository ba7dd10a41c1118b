// Discord markdown to DOM: discord-markdown-parser (simple-markdown with Discord's rules) parses, the
// @skyra/discord-components-core elements display. Written here: the block pass for what the parser leaves as plain
// text (lists and `-# ` subtext lines), timestamps formatted in the viewer's zone, and the mapping of nodes to elements.
import { parse } from 'discord-markdown-parser';

const LIST_LINE = /^\s*(?:([-*])|(\d{1,9})\.)\s+(.*)$/;
const SUBTEXT_LINE = /^-#\s+(.*)$/;
const FENCE = /^\s*```/;

/** The viewer's settings, read when a message is rendered (timestamps, relative times). */
export const viewer = {
  locale: navigator.language || 'en-US',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
};

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) node.setAttribute(k, '');
    else if (v !== false && v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

function safeHref(target) {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** `<t:unix:style>` as Discord shows it, in the viewer's locale and time zone. */
export function formatTimestamp(unix, style = 'f', now = Date.now()) {
  const date = new Date(Number(unix) * 1000);
  if (Number.isNaN(date.getTime())) return `<t:${unix}>`;
  const { locale, timeZone } = viewer;
  const fmt = (opts) => new Intl.DateTimeFormat(locale, { timeZone, ...opts }).format(date);
  switch (style) {
    case 't':
      return fmt({ hour: 'numeric', minute: '2-digit' });
    case 'T':
      return fmt({ hour: 'numeric', minute: '2-digit', second: '2-digit' });
    case 'd':
      return fmt({ year: 'numeric', month: '2-digit', day: '2-digit' });
    case 'D':
      return fmt({ year: 'numeric', month: 'long', day: 'numeric' });
    case 'F':
      return fmt({
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      });
    case 'R': {
      const seconds = (date.getTime() - now) / 1000;
      const units = [
        ['year', 31_536_000],
        ['month', 2_592_000],
        ['day', 86_400],
        ['hour', 3_600],
        ['minute', 60],
        ['second', 1],
      ];
      const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
      return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
    }
    default:
      return fmt({ year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  }
}

/** Hooks the page gives the renderer (clicking a command mention fills the message box). */
export const hooks = { onSlashMention: (_command) => {} };

function nodesToDom(nodes, opts, out) {
  for (const node of nodes) out.append(nodeToDom(node, opts));
  return out;
}

function children(node, opts) {
  if (Array.isArray(node.content)) return nodesToDom(node.content, opts, document.createDocumentFragment());
  return document.createTextNode(typeof node.content === 'string' ? node.content : '');
}

function nodeToDom(node, opts) {
  switch (node.type) {
    case 'text':
      return document.createTextNode(node.content);
    case 'br':
    case 'newline':
      return el('br');
    // Plain elements: the library's bold/italic/underline wrap their slot in template whitespace, which shows as a
    // stray space before punctuation ("**on**." became "on .").
    case 'strong':
      return el('strong', {}, [children(node, opts)]);
    case 'em':
      return el('em', {}, [children(node, opts)]);
    case 'underline':
      return el('u', {}, [children(node, opts)]);
    case 'strike':
    case 'strikethrough':
      return el('s', {}, [children(node, opts)]);
    case 'spoiler':
      return el('discord-spoiler', {}, [children(node, opts)]);
    case 'inlineCode':
      return el('discord-code', { embed: opts.embed }, [String(node.content)]);
    case 'codeBlock':
      return el('discord-code', { multiline: true, embed: opts.embed }, [String(node.content)]);
    case 'blockQuote':
      return el('discord-quote', {}, [children(node, opts)]);
    case 'heading':
      return el('discord-header', { level: Math.min(3, Math.max(1, Number(node.level) || 1)) }, [children(node, opts)]);
    case 'subtext':
      return el('discord-subscript', {}, [children(node, opts)]);
    case 'url':
    case 'autolink':
    case 'link': {
      const href = safeHref(node.target);
      const content = children(node, opts);
      if (!href) return content;
      return el('discord-link', { href, target: '_blank', rel: 'noopener noreferrer' }, [content]);
    }
    case 'timestamp': {
      const text = formatTimestamp(node.timestamp, node.format);
      return el('discord-time', { title: formatTimestamp(node.timestamp, 'F') }, [text]);
    }
    case 'slashCommand': {
      const name = String(node.fullName ?? node.name);
      const mention = el('discord-mention', { type: 'slash', class: 'slash-mention' }, [name]);
      mention.addEventListener('click', () => hooks.onSlashMention(`/${name}`));
      return mention;
    }
    case 'user':
      return el('discord-mention', { type: 'user' }, [node.id === opts.userId ? 'You' : 'user']);
    case 'channel':
      return el('discord-mention', { type: 'channel' }, [opts.channelName?.(node.id) ?? 'channel']);
    case 'role':
      return el('discord-mention', { type: 'role' }, ['role']);
    case 'everyone':
      return el('discord-mention', { type: 'role' }, ['everyone']);
    case 'here':
      return el('discord-mention', { type: 'role' }, ['here']);
    case 'emoji':
      // Custom emoji images live on Discord's CDN; the playground shows the name instead.
      return document.createTextNode(`:${node.name}:`);
    case 'twemoji':
      return document.createTextNode(node.name);
    default:
      return children(node, opts);
  }
}

function inline(text, opts) {
  return nodesToDom(parse(text, 'extended'), opts, document.createDocumentFragment());
}

/**
 * Discord markdown as a DocumentFragment. `opts.embed` for text inside embeds; `opts.channelName(id)` names channel
 * mentions.
 */
export function renderMarkdown(text, opts = {}) {
  const out = document.createDocumentFragment();
  if (typeof text !== 'string' || text === '') return out;
  const lines = text.split('\n');
  let buffer = [];
  let inFence = false;
  const flush = () => {
    if (buffer.length > 0) out.append(inline(buffer.join('\n'), opts));
    buffer = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) inFence = !inFence;
    const sub = inFence ? null : SUBTEXT_LINE.exec(line);
    const item = inFence ? null : LIST_LINE.exec(line);
    if (sub) {
      flush();
      out.append(el('discord-subscript', {}, [inline(sub[1], opts)]));
    } else if (item) {
      flush();
      const ordered = item[2] !== undefined;
      const list = el(ordered ? 'discord-ordered-list' : 'discord-unordered-list', ordered ? { start: item[2] } : {});
      let j = i;
      while (j < lines.length) {
        const m = LIST_LINE.exec(lines[j]);
        if (!m || (m[2] !== undefined) !== ordered) break;
        list.append(el('discord-list-item', {}, [inline(m[3], opts)]));
        j++;
      }
      out.append(list);
      i = j - 1;
    } else {
      buffer.push(line);
    }
  }
  flush();
  return out;
}
