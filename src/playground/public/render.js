// A message payload (content, embeds, components, attachments) as Discord displays it, built from
// @skyra/discord-components-core's web components. Written here: Components V2 (containers, sections, text displays,
// separators, media galleries, thumbnails, files), which the library does not have, and `attachment://` images
// resolved from the files the API returned.
import { BOT_AVATAR, USER_AVATAR } from './config.js';
import { renderMarkdown } from './markdown.js';

const EPHEMERAL = 1 << 6;
const IS_COMPONENTS_V2 = 1 << 15;
const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'destructive', 5: 'secondary', 6: 'primary' };
const SELECTS = new Set([3, 5, 6, 7, 8]);

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) node.setAttribute(k, '');
    else if (v !== false && v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** Only http(s) links are followed (a bot's payload is data, never script). */
function link(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : undefined;
}

function hex(color) {
  return typeof color === 'number' ? `#${color.toString(16).padStart(6, '0')}` : undefined;
}

/** `attachment://name` to the file's data URL; http(s) URLs as they are; anything else nothing. */
function media(url, files) {
  if (typeof url !== 'string') return undefined;
  if (url.startsWith('attachment://')) return files.get(url.slice('attachment://'.length));
  return /^https?:\/\//.test(url) ? url : undefined;
}

export function isEphemeral(data) {
  return ((data?.flags ?? 0) & EPHEMERAL) !== 0;
}

function embedElement(embed, ctx) {
  const md = (text) => renderMarkdown(text, { embed: true, channelName: ctx.channelName });
  const node = el('discord-embed', {
    slot: 'embeds',
    color: hex(embed.color),
    'embed-title': embed.title,
    url: link(embed.url),
    'author-name': embed.author?.name,
    'author-image': media(embed.author?.icon_url, ctx.files),
    'author-url': link(embed.author?.url),
    thumbnail: media(embed.thumbnail?.url, ctx.files),
    image: media(embed.image?.url, ctx.files),
  });
  if (embed.description) node.append(el('discord-embed-description', { slot: 'description' }, [md(embed.description)]));
  if (Array.isArray(embed.fields) && embed.fields.length > 0) {
    const fields = el('discord-embed-fields', { slot: 'fields' });
    let inlineIndex = 0;
    for (const f of embed.fields) {
      inlineIndex = f.inline ? (inlineIndex % 3) + 1 : 0;
      fields.append(
        el(
          'discord-embed-field',
          { 'field-title': f.name, inline: Boolean(f.inline), 'inline-index': f.inline ? inlineIndex : undefined },
          [md(f.value ?? '')],
        ),
      );
    }
    node.append(fields);
  }
  if (embed.footer?.text || embed.timestamp) {
    node.append(
      el(
        'discord-embed-footer',
        {
          slot: 'footer',
          'footer-image': media(embed.footer?.icon_url, ctx.files),
          timestamp: embed.timestamp
            ? new Date(embed.timestamp).toLocaleString(ctx.locale, { timeZone: ctx.timeZone })
            : undefined,
        },
        [embed.footer?.text ?? ''],
      ),
    );
  }
  return node;
}

function emojiText(emoji) {
  if (!emoji) return '';
  return emoji.id ? `:${emoji.name ?? 'emoji'}: ` : `${emoji.name ?? ''} `;
}

function buttonElement(c, ctx) {
  const label = `${emojiText(c.emoji)}${c.label ?? ''}`.trim();
  const attrs = { type: BUTTON_STYLES[c.style] ?? 'secondary', disabled: Boolean(c.disabled) };
  if (c.style === 5 && link(c.url)) attrs.url = link(c.url);
  const node = el('discord-button', attrs, [label]);
  if (c.custom_id) node.dataset.customId = c.custom_id;
  if (!c.disabled && c.style !== 5 && c.custom_id) {
    node.addEventListener('click', () => ctx.onComponent({ custom_id: c.custom_id, component_type: 2 }));
  }
  if (c.style === 5 && link(c.url) && !c.disabled) {
    node.addEventListener('click', () => window.open(link(c.url), '_blank', 'noopener'));
  }
  return node;
}

function selectElement(c, ctx) {
  const selected = (c.options ?? []).find((o) => o.default);
  const node = el('discord-string-select-menu', {
    placeholder: selected?.label ?? c.placeholder ?? 'Make a selection',
    disabled: Boolean(c.disabled),
  });
  node.dataset.customId = c.custom_id;
  const options = c.type === 3 ? (c.options ?? []) : (ctx.selectOptions?.(c.type) ?? []);
  for (const o of options) {
    const option = el('discord-string-select-menu-option', {
      label: `${emojiText(o.emoji)}${o.label}`.trim(),
      description: o.description,
    });
    option.dataset.value = o.value;
    // The library's own hook: it runs once per choice (a click listener would run twice, because the option is a
    // <label> around a checkbox and the browser forwards the click to it).
    if (!c.disabled)
      option.selectOption = () =>
        ctx.onComponent({ custom_id: c.custom_id, component_type: c.type, values: [o.value] });
    node.append(option);
  }
  return node;
}

function actionRow(row, ctx) {
  const node = el('discord-action-row');
  for (const c of row.components ?? []) {
    if (c.type === 2) node.append(buttonElement(c, ctx));
    else if (SELECTS.has(c.type)) node.append(selectElement(c, ctx));
  }
  return node;
}

// ---- Components V2 ---------------------------------------------------------------------------------------------

function v2(component, ctx) {
  const md = (text) => renderMarkdown(text, { channelName: ctx.channelName });
  switch (component.type) {
    case 1:
      return actionRow(component, ctx);
    case 9: {
      const accessory = component.accessory ? v2(component.accessory, ctx) : null;
      return el('div', { class: 'cv2-section' }, [
        el(
          'div',
          { class: 'cv2-section-body' },
          (component.components ?? []).map((c) => v2(c, ctx)),
        ),
        accessory ? el('div', { class: 'cv2-section-accessory' }, [accessory]) : null,
      ]);
    }
    case 2: {
      const row = el('discord-action-row', { class: 'cv2-accessory-row' });
      row.append(buttonElement(component, ctx));
      return row;
    }
    case 10:
      return el('div', { class: 'cv2-text' }, [md(component.content ?? '')]);
    case 11: {
      const src = media(component.media?.url, ctx.files);
      return src
        ? el('img', { class: 'cv2-thumbnail', src, alt: component.description ?? '' })
        : el('div', { class: 'cv2-thumbnail cv2-missing' }, ['image']);
    }
    case 12: {
      const items = component.items ?? [];
      return el(
        'div',
        { class: `cv2-gallery cv2-gallery-${Math.min(items.length, 4)}` },
        items.map((item) => {
          const src = media(item.media?.url, ctx.files);
          return src
            ? el('img', { src, alt: item.description ?? '', title: item.description ?? '' })
            : el('div', { class: 'cv2-missing' }, [item.description ?? 'image']);
        }),
      );
    }
    case 13: {
      const name = String(component.file?.url ?? '').replace(/^attachment:\/\//, '');
      return el('discord-file-attachment', { name, href: ctx.files.get(name), type: 'file' });
    }
    case 14:
      return el('div', {
        class: `cv2-separator${component.divider === false ? '' : ' cv2-divider'}${component.spacing === 2 ? ' cv2-large' : ''}`,
      });
    case 17: {
      const node = el(
        'div',
        { class: 'cv2-container' },
        (component.components ?? []).map((c) => v2(c, ctx)),
      );
      const accent = hex(component.accent_color);
      if (accent) node.style.borderLeftColor = accent;
      return node;
    }
    default:
      return el('div', { class: 'cv2-unknown' }, [`(component type ${component.type} is not shown by the playground)`]);
  }
}

/** "Today at 9:41 PM", "Yesterday at …" or the date, in the viewer's zone, as Discord labels a message. */
function messageTime(date, ctx) {
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone }).format(d);
  const time = new Intl.DateTimeFormat(ctx.locale, {
    timeZone: ctx.timeZone,
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
  const today = day(new Date());
  if (day(date) === today) return `Today at ${time}`;
  if (day(new Date(Date.now() - 86_400_000)) === day(date)) return `Yesterday at ${time}`;
  return `${new Intl.DateTimeFormat(ctx.locale, { timeZone: ctx.timeZone, dateStyle: 'medium' }).format(date)} ${time}`;
}

/**
 * The element for one message. `rec`: `{ data, author: 'bot'|'user', command?, timestamp, files: Map }`;
 * `ctx`: `{ onComponent(rec, data), onDismiss(rec), channelName(id), selectOptions(type), locale, timeZone }`.
 */
export function renderMessage(rec, ctx) {
  const data = rec.data ?? {};
  const bot = rec.author !== 'user';
  const node = el('discord-message', {
    author: bot ? 'AESC Bot' : 'You',
    avatar: bot ? BOT_AVATAR : USER_AVATAR,
    bot,
    ephemeral: isEphemeral(data),
    timestamp: messageTime(rec.timestamp ?? new Date(), ctx),
  });
  node.dataset.key = rec.key;
  node.classList.add(bot ? 'bot-message' : 'user-message');
  if (isEphemeral(data)) node.dismissMessageClicked = () => ctx.onDismiss(rec);
  const files = rec.files ?? new Map();
  const inner = { ...ctx, files, onComponent: (d) => ctx.onComponent(rec, d) };
  if (rec.command) {
    node.append(el('discord-command', { slot: 'reply', author: 'You', avatar: USER_AVATAR, command: rec.command }));
  }
  if ((data.flags ?? 0) & IS_COMPONENTS_V2) {
    node.append(
      el(
        'div',
        { slot: 'components', class: 'cv2' },
        (data.components ?? []).map((c) => v2(c, inner)),
      ),
    );
  } else {
    if (data.content) node.append(renderMarkdown(data.content, { channelName: ctx.channelName }));
    for (const embed of data.embeds ?? []) node.append(embedElement(embed, inner));
    const rows = (data.components ?? []).filter((c) => c.type === 1);
    if (rows.length > 0)
      node.append(
        el(
          'discord-attachments',
          { slot: 'components' },
          rows.map((r) => actionRow(r, inner)),
        ),
      );
  }
  // Attachments the payload does not show itself (not referenced by an embed or a component).
  const shown = JSON.stringify([data.embeds ?? [], data.components ?? []]);
  const loose = (data.attachments ?? []).filter((a) => a.filename && !shown.includes(`attachment://${a.filename}`));
  if (loose.length > 0) {
    node.append(
      el(
        'discord-attachments',
        { slot: 'attachments' },
        loose.map((a) => {
          const href = files.get(a.filename);
          const type = rec.fileTypes?.get(a.filename) ?? '';
          return type.startsWith('image/')
            ? el('discord-image-attachment', { url: href, alt: a.description ?? a.filename })
            : el('discord-file-attachment', { name: a.filename, href, type: 'file' });
        }),
      ),
    );
  }
  return node;
}

/** A notice from the playground itself (a bad command line, a failed request): red, not from the bot. */
export function renderPlaygroundNotice(text, kind = 'error') {
  return el('div', { class: `playground-notice playground-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, [
    text,
  ]);
}
