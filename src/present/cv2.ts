// The Components V2 building blocks every card is made of: a container with an accent colour, text displays,
// separators, a media gallery for rendered pictures, and action rows of buttons or a select menu. Plain data
// (discord-api-types), no Discord client. `visibleText` measures what a person reads, for the layout budgets.
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInContainer,
  type APIContainerComponent,
  type APIInteractionResponseCallbackData,
  type APIMessageTopLevelComponent,
  type APISelectMenuOption,
  type APIStringSelectComponent,
  type APITextDisplayComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  SeparatorSpacingSize,
} from 'discord-api-types/v10';
import type { HandlerReply, ReplyFile } from '../core/command.js';
import { truncateText } from '../discord/limits.js';
import type { Citations } from './citations.js';

/** Discord's limits that cards keep within (checked again by src/discord/limits.ts on the way out). */
export const TEXT_DISPLAY_MAX = 4000;
export const BUTTON_LABEL_MAX = 80;
export const SELECT_LABEL_MAX = 100;
export const SELECT_DESCRIPTION_MAX = 100;

export function textDisplay(content: string): APITextDisplayComponent {
  return { type: ComponentType.TextDisplay, content: truncateText(content, TEXT_DISPLAY_MAX) };
}

export function separator(divider = true, large = false): APIComponentInContainer {
  return {
    type: ComponentType.Separator,
    divider,
    spacing: large ? SeparatorSpacingSize.Large : SeparatorSpacingSize.Small,
  };
}

export interface ButtonSpec {
  label: string;
  customId: string;
  style?: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;
  disabled?: boolean;
  emoji?: string;
}

export function button(b: ButtonSpec): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: b.style ?? ButtonStyle.Secondary,
    label: truncateText(b.label, BUTTON_LABEL_MAX),
    custom_id: b.customId,
    ...(b.disabled ? { disabled: true } : {}),
    ...(b.emoji ? { emoji: { name: b.emoji } } : {}),
  };
}

export function buttonRow(buttons: readonly ButtonSpec[]): APIActionRowComponent<APIButtonComponent> {
  return { type: ComponentType.ActionRow, components: buttons.slice(0, 5).map(button) };
}

export interface SelectSpec {
  customId: string;
  placeholder: string;
  options: readonly { label: string; value: string; description?: string; emoji?: string; default?: boolean }[];
}

export function selectRow(s: SelectSpec): APIActionRowComponent<APIStringSelectComponent> {
  const options: APISelectMenuOption[] = s.options.slice(0, 25).map((o) => ({
    label: truncateText(o.label, SELECT_LABEL_MAX),
    value: o.value,
    ...(o.description ? { description: truncateText(o.description, SELECT_DESCRIPTION_MAX) } : {}),
    ...(o.emoji ? { emoji: { name: o.emoji } } : {}),
    ...(o.default ? { default: true } : {}),
  }));
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: s.customId, placeholder: s.placeholder, options }],
  };
}

/**
 * One card: a container with an accent colour. Text may carry citation placeholders (see citations.ts);
 * `build` resolves them and appends the one sources line, so markers and sources always agree.
 */
export class Card {
  private readonly body: (
    | APIComponentInContainer
    | { deferred: string }
    | { section: string[]; accessory: ButtonSpec }
  )[] = [];
  private readonly rows: APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>[] = [];
  private readonly files: ReplyFile[] = [];

  constructor(
    private readonly accent: number,
    private readonly citations?: Citations,
  ) {}

  /** A text display (markdown); empty text is skipped. */
  text(content: string): this {
    if (content.trim() !== '') this.body.push({ deferred: content });
    return this;
  }

  /** A small line at the very top of the card (e.g. what a typed name matched). */
  note(content: string): this {
    this.body.unshift({ deferred: content });
    return this;
  }

  /** Text (one to three displays) with a button beside it, as a section's accessory. */
  section(content: string | readonly string[], accessory: ButtonSpec): this {
    const texts = (typeof content === 'string' ? [content] : content).filter((t) => t.trim() !== '').slice(0, 3);
    if (texts.length === 0) return this;
    this.body.push({ section: texts, accessory });
    return this;
  }

  separator(divider = true): this {
    this.body.push(separator(divider));
    return this;
  }

  /** A rendered picture, shown in a media gallery and sent as an attachment. */
  picture(file: ReplyFile): this {
    this.files.push(file);
    this.body.push({
      type: ComponentType.MediaGallery,
      items: [
        {
          media: { url: `attachment://${file.name}` },
          ...(file.description ? { description: truncateText(file.description, 1024) } : {}),
        },
      ],
    });
    return this;
  }

  buttons(buttons: readonly ButtonSpec[]): this {
    if (buttons.length > 0) this.rows.push(buttonRow(buttons));
    return this;
  }

  select(s: SelectSpec): this {
    if (s.options.length > 0) this.rows.push(selectRow(s));
    return this;
  }

  /** The container (with the sources line last) and the files it refers to. */
  build(): { components: APIMessageTopLevelComponent[]; files: ReplyFile[] } {
    const resolve = (t: string) => (this.citations ? this.citations.resolve(t) : t);
    const children: APIComponentInContainer[] = this.body.map((c) => {
      if ('deferred' in c) return textDisplay(resolve(c.deferred));
      if ('section' in c) {
        return {
          type: ComponentType.Section,
          components: c.section.map((t) => textDisplay(resolve(t))),
          accessory: button(c.accessory),
        };
      }
      return c;
    });
    const sources = this.citations?.line();
    if (sources) children.push(textDisplay(sources));
    children.push(...this.rows);
    const container: APIContainerComponent = {
      type: ComponentType.Container,
      accent_color: this.accent,
      components: children,
    };
    return { components: [container], files: this.files };
  }
}

function cv2Data(components: APIMessageTopLevelComponent[], files: readonly ReplyFile[]) {
  const data: APIInteractionResponseCallbackData = {
    flags: MessageFlags.IsComponentsV2,
    components,
    allowed_mentions: { parse: [] },
  };
  if (files.length > 0) {
    data.attachments = files.map((f, i) => ({
      id: String(i),
      filename: f.name,
      ...(f.description ? { description: f.description } : {}),
    }));
  }
  return data;
}

/** A new message with a card (public unless asked). */
export function cardReply(card: Card, ephemeral = false): HandlerReply {
  const { components, files } = card.build();
  const data = cv2Data(components, files);
  return files.length > 0 ? { type: 'reply', ephemeral, data, files } : { type: 'reply', ephemeral, data };
}

/** Replaces the message the component sits on with a card. */
export function cardUpdate(card: Card): HandlerReply {
  const { components, files } = card.build();
  const data = cv2Data(components, files);
  // The message may have been an embed (before the cards) or may carry a picture this view does not show.
  data.embeds = [];
  if (files.length === 0) data.attachments = [];
  return files.length > 0 ? { type: 'update', data, files } : { type: 'update', data };
}

/**
 * What a person reads in a message: content, embed text (title, description, fields, footer, author) and every
 * text display at any depth. The layout budgets (1,500 per reply, 1,000 for a plant's first screen) count this.
 */
export function visibleText(data: {
  content?: string | null;
  embeds?:
    | readonly {
        title?: string;
        description?: string;
        fields?: readonly { name: string; value: string }[];
        footer?: { text: string };
        author?: { name: string };
      }[]
    | null;
  components?: readonly unknown[] | null;
}): string {
  const parts: string[] = [];
  if (data.content) parts.push(data.content);
  for (const e of data.embeds ?? []) {
    for (const t of [e.author?.name, e.title, e.description, e.footer?.text]) if (t) parts.push(t);
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  const walk = (c: unknown): void => {
    if (c === null || typeof c !== 'object') return;
    const o = c as { type?: number; content?: unknown; components?: unknown[]; accessory?: unknown };
    if (o.type === ComponentType.TextDisplay && typeof o.content === 'string') parts.push(o.content);
    for (const child of o.components ?? []) walk(child);
    if (o.accessory) walk(o.accessory);
  };
  for (const c of data.components ?? []) walk(c);
  return parts.join('\n');
}

export { ButtonStyle };

/**
 * The answer to a click on a card's component: the owner's message changes in place; anyone else gets the same
 * view as an ephemeral message of their own, whose components they in turn own.
 */
export function clickAnswer(
  allowed: boolean,
  owner: string,
  clicker: string,
  build: (owner: string) => Card,
): HandlerReply {
  return allowed ? cardUpdate(build(owner)) : cardReply(build(clicker), true);
}

/** Adds "where to go next" to a card: a line of command mentions, or a row of buttons. */
export function addNavigation(card: Card, nav: { line: string } | { buttons: ButtonSpec[] }): Card {
  return 'line' in nav ? card.text(nav.line) : card.buttons(nav.buttons);
}
