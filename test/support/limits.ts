// The test-side half of src/discord/limits.ts: every way a payload breaks Discord's message limits, so tests can
// assert that builders never produce a payload that would need `enforceMessageLimits` to cut. Same constants as
// production; covers classic messages and Components V2 (flag 1 << 15).
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import {
  ACTION_ROWS_MAX,
  type AnyComponent,
  BUTTON_LABEL_MAX,
  BUTTON_URL_MAX,
  BUTTONS_PER_ROW_MAX,
  COMPONENTS_V2_TOTAL_MAX,
  CUSTOM_ID_MAX,
  CUSTOM_ID_MIN,
  countComponents,
  discordLength,
  EMBED_AUTHOR_NAME_MAX,
  EMBED_COLOR_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_NAME_MIN,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELD_VALUE_MIN,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_TEXT_MAX,
  EMBED_TITLE_MAX,
  EMBED_URL_MAX,
  EMBEDS_TOTAL_MAX,
  embedsLength,
  isComponentsV2,
  LimitError,
  type LimitViolation,
  MEDIA_DESCRIPTION_MAX,
  MEDIA_GALLERY_ITEMS_MAX,
  MEDIA_URL_MAX,
  MESSAGE_CONTENT_MAX,
  MESSAGE_EMBEDS_MAX,
  type MessagePayload,
  SECTION_TEXTS_MAX,
  SELECT_OPTION_DESCRIPTION_MAX,
  SELECT_OPTION_LABEL_MAX,
  SELECT_OPTION_VALUE_MAX,
  SELECT_OPTIONS_MAX,
  SELECT_PLACEHOLDER_MAX,
  SELECTS_PER_ROW_MAX,
  TEXT_DISPLAY_TOTAL_MAX,
  textDisplays,
  tooLong,
} from '../../src/discord/limits.js';

export type { LimitViolation } from '../../src/discord/limits.js';

/** Every way `data` breaks Discord's message limits; empty when it is safe to send. */
export function checkMessageLimits(data: MessagePayload): LimitViolation[] {
  const out: LimitViolation[] = [];
  tooLong(out, 'content', data.content, MESSAGE_CONTENT_MAX);
  const embeds = data.embeds ?? [];
  if (embeds.length > MESSAGE_EMBEDS_MAX) {
    out.push({ path: 'embeds', message: `${embeds.length} embeds, the limit is ${MESSAGE_EMBEDS_MAX}` });
  }
  embeds.forEach((embed, i) => {
    const p = `embeds[${i}]`;
    tooLong(out, `${p}.title`, embed.title, EMBED_TITLE_MAX);
    tooLong(out, `${p}.description`, embed.description, EMBED_DESCRIPTION_MAX);
    tooLong(out, `${p}.footer.text`, embed.footer?.text, EMBED_FOOTER_TEXT_MAX);
    tooLong(out, `${p}.author.name`, embed.author?.name, EMBED_AUTHOR_NAME_MAX);
    tooLong(out, `${p}.url`, embed.url, EMBED_URL_MAX);
    if (
      embed.color !== undefined &&
      (!Number.isInteger(embed.color) || embed.color < 0 || embed.color > EMBED_COLOR_MAX)
    ) {
      out.push({ path: `${p}.color`, message: `${embed.color} is not a color between 0 and 0xFFFFFF` });
    }
    const fields = embed.fields ?? [];
    if (fields.length > EMBED_FIELDS_MAX) {
      out.push({ path: `${p}.fields`, message: `${fields.length} fields, the limit is ${EMBED_FIELDS_MAX}` });
    }
    fields.forEach((field, j) => {
      tooLong(out, `${p}.fields[${j}].name`, field.name, EMBED_FIELD_NAME_MAX, EMBED_FIELD_NAME_MIN);
      tooLong(out, `${p}.fields[${j}].value`, field.value, EMBED_FIELD_VALUE_MAX, EMBED_FIELD_VALUE_MIN);
    });
  });
  const total = embedsLength(embeds);
  if (total > EMBEDS_TOTAL_MAX) {
    out.push({ path: 'embeds', message: `${total} characters across all embeds, the limit is ${EMBEDS_TOTAL_MAX}` });
  }
  checkComponents(data, out);
  return out;
}

/** Throws a `LimitError` listing every violation. */
export function assertMessageLimits(data: MessagePayload): void {
  const violations = checkMessageLimits(data);
  if (violations.length > 0) throw new LimitError(violations);
}

function checkComponents(data: MessagePayload, out: LimitViolation[]): void {
  const top = (data.components ?? []) as unknown as AnyComponent[];
  const customIds = new Map<string, string>();
  const seeCustomId = (path: string, id: unknown) => {
    if (typeof id !== 'string') return;
    tooLong(out, `${path}.custom_id`, id, CUSTOM_ID_MAX, CUSTOM_ID_MIN);
    const previous = customIds.get(id);
    if (previous !== undefined) out.push({ path: `${path}.custom_id`, message: `duplicates ${previous}.custom_id` });
    else customIds.set(id, path);
  };
  if (isComponentsV2(data)) {
    checkComponentsV2(data, top, out, seeCustomId);
    return;
  }
  if (top.length > ACTION_ROWS_MAX) {
    out.push({ path: 'components', message: `${top.length} action rows, the limit is ${ACTION_ROWS_MAX}` });
  }
  top.forEach((row, i) => {
    const rp = `components[${i}]`;
    if (row.type !== ComponentType.ActionRow) {
      out.push({ path: rp, message: `type ${row.type} at top level needs the IsComponentsV2 flag; use an action row` });
      return;
    }
    const children = row.components ?? [];
    if (children.length === 0) out.push({ path: rp, message: 'an action row needs at least one component' });
    const buttons = children.filter((c) => c.type === ComponentType.Button).length;
    if (buttons > BUTTONS_PER_ROW_MAX) {
      out.push({ path: rp, message: `${buttons} buttons in one row, the limit is ${BUTTONS_PER_ROW_MAX}` });
    }
    if (buttons > 0 && buttons < children.length) {
      out.push({ path: rp, message: 'buttons and select menus cannot share an action row' });
    } else if (buttons === 0 && children.length > SELECTS_PER_ROW_MAX) {
      out.push({
        path: rp,
        message: `${children.length} select menus in one row, the limit is ${SELECTS_PER_ROW_MAX}`,
      });
    }
    children.forEach((c, j) => {
      const cp = `${rp}.components[${j}]`;
      if (c.type === ComponentType.Button) {
        tooLong(out, `${cp}.label`, c.label as string | undefined, BUTTON_LABEL_MAX);
        if (c.style === ButtonStyle.Link) tooLong(out, `${cp}.url`, c.url as string | undefined, BUTTON_URL_MAX);
        else if (c.style !== ButtonStyle.Premium && typeof c.custom_id !== 'string') {
          out.push({ path: `${cp}.custom_id`, message: 'a non-link button needs a custom_id' });
        }
      } else {
        tooLong(out, `${cp}.placeholder`, c.placeholder as string | undefined, SELECT_PLACEHOLDER_MAX);
        const options = (c.options ?? []) as { label: string; value: string; description?: string }[];
        if (options.length > SELECT_OPTIONS_MAX) {
          out.push({ path: `${cp}.options`, message: `${options.length} options, the limit is ${SELECT_OPTIONS_MAX}` });
        }
        options.forEach((o, k) => {
          tooLong(out, `${cp}.options[${k}].label`, o.label, SELECT_OPTION_LABEL_MAX, 1);
          tooLong(out, `${cp}.options[${k}].value`, o.value, SELECT_OPTION_VALUE_MAX, 1);
          tooLong(out, `${cp}.options[${k}].description`, o.description, SELECT_OPTION_DESCRIPTION_MAX);
        });
      }
      seeCustomId(cp, c.custom_id);
    });
  });
}

function checkComponentsV2(
  data: MessagePayload,
  top: AnyComponent[],
  out: LimitViolation[],
  seeCustomId: (path: string, id: unknown) => void,
): void {
  if (data.content !== undefined && data.content !== null && data.content !== '') {
    out.push({ path: 'content', message: 'a Components V2 message cannot carry content' });
  }
  if (data.embeds !== undefined && data.embeds.length > 0) {
    out.push({ path: 'embeds', message: 'a Components V2 message cannot carry embeds' });
  }
  const count = countComponents(top);
  if (count > COMPONENTS_V2_TOTAL_MAX) {
    out.push({ path: 'components', message: `${count} components, the limit is ${COMPONENTS_V2_TOTAL_MAX}` });
  }
  const text = textDisplays(top).reduce((n, t) => n + discordLength(t), 0);
  if (text > TEXT_DISPLAY_TOTAL_MAX) {
    out.push({
      path: 'components',
      message: `${text} characters of text displays, the limit is ${TEXT_DISPLAY_TOTAL_MAX}`,
    });
  }
  const walk = (c: AnyComponent, path: string) => {
    seeCustomId(path, c.custom_id);
    switch (c.type) {
      case ComponentType.TextDisplay:
        tooLong(out, `${path}.content`, typeof c.content === 'string' ? c.content : '', TEXT_DISPLAY_TOTAL_MAX, 1);
        break;
      case ComponentType.Section: {
        const n = c.components?.length ?? 0;
        if (n < 1 || n > SECTION_TEXTS_MAX) {
          out.push({ path, message: `${n} text displays in a section, expected 1-${SECTION_TEXTS_MAX}` });
        }
        if (c.components?.some((t) => t.type !== ComponentType.TextDisplay)) {
          out.push({ path, message: 'a section holds text displays only' });
        }
        if (!c.accessory) out.push({ path, message: 'a section needs an accessory (thumbnail or button)' });
        break;
      }
      case ComponentType.Thumbnail:
        tooLong(out, `${path}.description`, c.description as string | undefined, MEDIA_DESCRIPTION_MAX);
        tooLong(out, `${path}.media.url`, (c.media as { url?: string } | undefined)?.url, MEDIA_URL_MAX, 1);
        break;
      case ComponentType.MediaGallery: {
        const items = (c.items ?? []) as { description?: string; media?: { url?: string } }[];
        if (items.length < 1 || items.length > MEDIA_GALLERY_ITEMS_MAX) {
          out.push({ path, message: `${items.length} gallery items, expected 1-${MEDIA_GALLERY_ITEMS_MAX}` });
        }
        items.forEach((item, k) => {
          tooLong(out, `${path}.items[${k}].description`, item.description, MEDIA_DESCRIPTION_MAX);
          tooLong(out, `${path}.items[${k}].media.url`, item.media?.url, MEDIA_URL_MAX, 1);
        });
        break;
      }
      case ComponentType.Container: {
        const n = c.components?.length ?? 0;
        if (n < 1) out.push({ path, message: 'an empty container' });
        const color = c.accent_color;
        if (
          color !== undefined &&
          color !== null &&
          (typeof color !== 'number' || color < 0 || color > EMBED_COLOR_MAX)
        ) {
          out.push({
            path: `${path}.accent_color`,
            message: `${String(color)} is not a colour between 0 and 0xFFFFFF`,
          });
        }
        break;
      }
      case ComponentType.ActionRow: {
        const children = c.components ?? [];
        if (children.length === 0) out.push({ path, message: 'an action row needs at least one component' });
        const buttons = children.filter((b) => b.type === ComponentType.Button).length;
        if (buttons > BUTTONS_PER_ROW_MAX) {
          out.push({ path, message: `${buttons} buttons in one row, the limit is ${BUTTONS_PER_ROW_MAX}` });
        }
        break;
      }
      case ComponentType.Button:
        tooLong(out, `${path}.label`, c.label as string | undefined, BUTTON_LABEL_MAX);
        if (c.style === ButtonStyle.Link) tooLong(out, `${path}.url`, c.url as string | undefined, BUTTON_URL_MAX);
        break;
      default:
        break;
    }
    c.components?.forEach((child, i) => {
      walk(child, `${path}.components[${i}]`);
    });
    const accessory = c.accessory as AnyComponent | undefined;
    if (accessory && typeof accessory === 'object') walk(accessory, `${path}.accessory`);
  };
  top.forEach((c, i) => {
    walk(c, `components[${i}]`);
  });
}
