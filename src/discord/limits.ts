// Every Discord limit the bot can run into, in one place, and what production does with them: `enforceMessageLimits`
// in front of every send (replies through the core, the daily post through REST), `clampChoices` for autocomplete,
// `assertFilesFit` for files, `validateCommandDefinitions` before a deploy.
//
// Design: builders keep within the limits (paginate, measure) so that nothing ever needs cutting.
// `enforceMessageLimits` is the safety net: when it has to cut, it cuts at a word boundary, marks the cut with "…"
// and reports a note (the dispatcher logs it as a warning), so nothing is ever lost silently. Tests assert that
// builders never need the net with `checkMessageLimits` (test/support/limits.ts), which reads the same constants.
// Both classic messages (content, embeds, action rows) and Components V2 messages (flag 1 << 15) are covered.
//
// Lengths: Discord's API is written in Python and counts Unicode code points ("\u{1F600}" is 1 character, while
// JavaScript's `.length` says 2). `discordLength` counts the same way; truncation never splits a surrogate pair or
// a grapheme cluster (emoji with modifiers, flags, combining accents).
import {
  type APIApplicationCommandOption,
  type APIApplicationCommandOptionChoice,
  type APIEmbed,
  type APIEmbedField,
  type APIInteractionResponseCallbackData,
  type APIMessageTopLevelComponent,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  MessageFlags,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';

// ---- messages --------------------------------------------------------------------------------

/** Characters in a message's `content`. */
export const MESSAGE_CONTENT_MAX = 2000;
/** Embeds in one message. */
export const MESSAGE_EMBEDS_MAX = 10;
/** Files attached to one message. */
export const MESSAGE_ATTACHMENTS_MAX = 10;

// ---- embeds ----------------------------------------------------------------------------------

export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELDS_MAX = 25;
/** Field names and values must not be empty (Discord answers "This field is required"). */
export const EMBED_FIELD_NAME_MIN = 1;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MIN = 1;
export const EMBED_FIELD_VALUE_MAX = 1024;
export const EMBED_FOOTER_TEXT_MAX = 2048;
export const EMBED_AUTHOR_NAME_MAX = 256;
/** Sum of title + description + field names + field values + footer text + author name, across ALL embeds of a message. */
export const EMBEDS_TOTAL_MAX = 6000;
export const EMBED_URL_MAX = 2048;
export const EMBED_COLOR_MAX = 0xffffff;

// ---- components (classic action rows) --------------------------------------------------------

export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW_MAX = 5;
/** A select menu fills its action row alone. */
export const SELECTS_PER_ROW_MAX = 1;
export const CUSTOM_ID_MIN = 1;
export const CUSTOM_ID_MAX = 100;
export const BUTTON_LABEL_MAX = 80;
export const BUTTON_URL_MAX = 512;
export const SELECT_OPTIONS_MAX = 25;
export const SELECT_OPTION_LABEL_MAX = 100;
export const SELECT_OPTION_VALUE_MAX = 100;
export const SELECT_OPTION_DESCRIPTION_MAX = 100;
export const SELECT_PLACEHOLDER_MAX = 150;

// ---- components v2 (flag IsComponentsV2 = 1 << 15; OpenAPI spec *ComponentForMessageRequest) -------------------

/** Components of any depth in one message (accessories count too). */
export const COMPONENTS_V2_TOTAL_MAX = 40;
/** Characters across all text display components of one message (and of one text display). */
export const TEXT_DISPLAY_TOTAL_MAX = 4000;
/** Text displays in a section (at least 1), next to its accessory. */
export const SECTION_TEXTS_MAX = 3;
/** Items of a media gallery (at least 1). */
export const MEDIA_GALLERY_ITEMS_MAX = 10;
/** Alt text of a thumbnail or a media gallery item. */
export const MEDIA_DESCRIPTION_MAX = 1024;
/** `media.url` of thumbnails and gallery items (`attachment://name` or http(s)). */
export const MEDIA_URL_MAX = 2048;

// ---- autocomplete and choices ----------------------------------------------------------------

export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const CHOICE_NAME_MIN = 1;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_STRING_VALUE_MAX = 100;
/** Integer and number choice values must be within ±2^53. */
export const CHOICE_NUMBER_ABS_MAX = 2 ** 53;

// ---- application commands --------------------------------------------------------------------

export const COMMAND_NAME_MIN = 1;
export const COMMAND_NAME_MAX = 32;
/**
 * Chat-input command, subcommand and option names: Discord's documented regex (unicode flag), the one pattern used
 * everywhere (deploy checks, contract checks, localisation tests). Letters that have a lowercase variant must be
 * lowercase; that part is checked separately (`name === name.toLowerCase()`).
 */
export const COMMAND_NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const COMMAND_DESCRIPTION_MIN = 1;
export const COMMAND_DESCRIPTION_MAX = 100;
/** Options (or subcommands) per command, options per subcommand, subcommands per group. */
export const COMMAND_OPTIONS_MAX = 25;
export const OPTION_CHOICES_MAX = 25;
export const OPTION_STRING_LENGTH_MAX = 6000;
/**
 * Combined characters of name, description and choice names/values over a command and all its options. Discord has
 * documented both 4000 and 8000 over time; we hold ourselves to the lower figure.
 */
export const COMMAND_TOTAL_CHARS_MAX = 4000;
export const GLOBAL_CHAT_INPUT_COMMANDS_MAX = 100;
export const GUILD_CHAT_INPUT_COMMANDS_MAX = 100;

// ---- timing ----------------------------------------------------------------------------------

/** An interaction must be answered (or deferred) within 3 s or its token stops accepting the first response. */
export const INTERACTION_INITIAL_RESPONSE_MS = 3_000;
/** Follow-ups and edits through the interaction token work for 15 minutes. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;

/** Marks every cut the bot makes. */
export const ELLIPSIS = '…';

// ---- text helpers ----------------------------------------------------------------------------

/** Length as Discord counts it: Unicode code points (a lone surrogate counts as one). */
export function discordLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** A word boundary is only used if it keeps at least this share of the allowed length. */
const WORD_BOUNDARY_MIN_SHARE = 0.6;

/**
 * The UTF-16 index at which to cut `text` so that the part before it has at most `budget` code points and ends on a
 * grapheme boundary. Only a small window around the cut is segmented (the segmenter is slow on long texts).
 */
function cutIndex(text: string, budget: number): number {
  let i = 0;
  for (let cp = 0; cp < budget && i < text.length; cp++) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  if (i >= text.length) return text.length;
  let from = Math.max(0, i - 32);
  const first = text.charCodeAt(from);
  if (first >= 0xdc00 && first <= 0xdfff) from++; // do not start the window inside a surrogate pair
  let boundary = from;
  for (const { index } of graphemes.segment(text.slice(from, i + 32))) {
    if (from + index > i) break;
    boundary = from + index;
  }
  return boundary;
}

/**
 * `text` if it fits in `max` characters; otherwise its start, cut at a word boundary when one is close to the
 * limit (else at a grapheme boundary), followed by "…". The result always fits in `max`.
 */
export function truncateText(text: string, max: number): string {
  // UTF-16 length is never below the code-point count: most texts are decided without measuring.
  if (text.length <= max || discordLength(text) <= max) return text;
  if (max <= 0) return '';
  let kept = text.slice(0, cutIndex(text, max - 1));
  const nextChar = text.slice(kept.length, kept.length + 1);
  if (!/\s/u.test(nextChar)) {
    // The cut falls inside a word: go back to the last whitespace if that keeps most of the text.
    let ws = -1;
    const floor = Math.ceil(kept.length * WORD_BOUNDARY_MIN_SHARE);
    for (let i = kept.length - 1; i >= floor; i--) {
      if (/\s/u.test(kept.charAt(i))) {
        ws = i;
        break;
      }
    }
    if (ws > 0) kept = kept.slice(0, ws);
  }
  // No dangling separators before the ellipsis ("word, …" reads as "word…").
  const tidy = kept.replace(/[\s,;:([{\-–—]+$/u, '');
  return (tidy.length > 0 ? tidy : kept.trimEnd()) + ELLIPSIS;
}

// ---- embeds ----------------------------------------------------------------------------------

/** Discord's embed size: title + description + field names + field values + footer text + author name. */
export function embedLength(embed: APIEmbed): number {
  let n = 0;
  if (embed.title) n += discordLength(embed.title);
  if (embed.description) n += discordLength(embed.description);
  if (embed.footer?.text) n += discordLength(embed.footer.text);
  if (embed.author?.name) n += discordLength(embed.author.name);
  for (const field of embed.fields ?? []) n += discordLength(field.name) + discordLength(field.value);
  return n;
}

/** Sum of `embedLength` over all embeds of one message (the 6000 limit applies to this sum). */
export function embedsLength(embeds: readonly APIEmbed[] | undefined): number {
  let n = 0;
  for (const embed of embeds ?? []) n += embedLength(embed);
  return n;
}

// ---- violations ------------------------------------------------------------------------------

export type MessagePayload = APIInteractionResponseCallbackData | RESTPostAPIChannelMessageJSONBody;

export interface LimitViolation {
  /** JSON-ish path into the payload, e.g. `embeds[1].fields[3].value`. */
  path: string;
  message: string;
}

export class LimitError extends Error {
  readonly violations: readonly LimitViolation[];
  constructor(violations: readonly LimitViolation[]) {
    super(`Payload breaks Discord limits:\n${violations.map((v) => `- ${v.path}: ${v.message}`).join('\n')}`);
    this.name = 'LimitError';
    this.violations = violations;
  }
}

export function tooLong(
  out: LimitViolation[],
  path: string,
  text: string | undefined | null,
  max: number,
  min = 0,
): void {
  if (text === undefined || text === null) return;
  const len = discordLength(text);
  if (len > max) out.push({ path, message: `${len} characters, the limit is ${max}` });
  else if (len < min) out.push({ path, message: `${len} characters, at least ${min} required` });
}

export function isComponentsV2(data: { flags?: number | undefined }): boolean {
  return typeof data.flags === 'number' && (data.flags & MessageFlags.IsComponentsV2) !== 0;
}

export type AnyComponent = { type: number; custom_id?: string; components?: AnyComponent[] } & Record<string, unknown>;

// ---- files ------------------------------------------------------------------------------------

/** Alt text (`description`) of an attachment. */
export const ATTACHMENT_DESCRIPTION_MAX = 1024;

/**
 * Files sent with a reply: at most 10, each with a name, unique names, alt text within 1,024 characters, and each
 * listed in `data.attachments` as `{ id: index, filename }` when the payload lists attachments. Throws a LimitError
 * (a builder's bug: files cannot be cut to fit).
 */
export function assertFilesFit(
  data: { attachments?: readonly { id: string | number; filename?: string }[] | undefined },
  files: readonly { name: string; description?: string | undefined }[],
): void {
  const out: LimitViolation[] = [];
  if (files.length > MESSAGE_ATTACHMENTS_MAX) {
    out.push({ path: 'files', message: `${files.length} files, the limit is ${MESSAGE_ATTACHMENTS_MAX}` });
  }
  const names = new Set<string>();
  files.forEach((f, i) => {
    if (!f.name) out.push({ path: `files[${i}].name`, message: 'a file needs a name' });
    else if (names.has(f.name)) out.push({ path: `files[${i}].name`, message: `duplicates "${f.name}"` });
    names.add(f.name);
    tooLong(out, `files[${i}].description`, f.description, ATTACHMENT_DESCRIPTION_MAX);
    const listed = data.attachments?.find((a) => String(a.id) === String(i));
    if (data.attachments && (!listed || (listed.filename !== undefined && listed.filename !== f.name))) {
      out.push({ path: `attachments`, message: `files[${i}] ("${f.name}") is not listed as { id: ${i}, filename }` });
    }
  });
  if (out.length > 0) throw new LimitError(out);
}

// ---- enforcing -------------------------------------------------------------------------------

/** What `enforceMessageLimits` changed, for the log. */
export interface LimitNote {
  path: string;
  message: string;
}

/**
 * A copy of `data` guaranteed to be within Discord's message limits (the input is never mutated), with
 * `allowed_mentions: { parse: [] }` added when absent. Cut text ends with "…"; dropped fields leave a visible
 * "…" field saying how many are missing; every change is reported through `onNote`. Builders should paginate so
 * that this never has anything to do.
 */
export function enforceMessageLimits(
  data: APIInteractionResponseCallbackData,
  onNote?: (note: LimitNote) => void,
): APIInteractionResponseCallbackData;
export function enforceMessageLimits(
  data: RESTPostAPIChannelMessageJSONBody,
  onNote?: (note: LimitNote) => void,
): RESTPostAPIChannelMessageJSONBody;
export function enforceMessageLimits<T extends MessagePayload>(data: T, onNote?: (note: LimitNote) => void): T {
  // Every reply passes here, and nearly all fit: a cheap conservative check comes first, so that the full
  // pass (which copies and measures every text) runs only for payloads that might not fit.
  if (clearlyWithinLimits(data)) {
    return data.allowed_mentions === undefined ? { ...data, allowed_mentions: { parse: [] } } : { ...data };
  }
  const note = (path: string, message: string) => onNote?.({ path, message });
  const out: T = { ...data };
  if (out.allowed_mentions === undefined) out.allowed_mentions = { parse: [] };

  if (typeof out.content === 'string' && discordLength(out.content) > MESSAGE_CONTENT_MAX) {
    const before = discordLength(out.content);
    out.content = truncateText(out.content, MESSAGE_CONTENT_MAX);
    note('content', `cut from ${before} to ${discordLength(out.content)} characters`);
  }

  if (out.embeds) {
    let embeds = out.embeds.map((e, i) => fitEmbed(e, `embeds[${i}]`, note));
    if (embeds.length > MESSAGE_EMBEDS_MAX) {
      note('embeds', `dropped ${embeds.length - MESSAGE_EMBEDS_MAX} embeds over the limit of ${MESSAGE_EMBEDS_MAX}`);
      const dropped = embeds.length - MESSAGE_EMBEDS_MAX;
      embeds = embeds.slice(0, MESSAGE_EMBEDS_MAX);
      const last = embeds[embeds.length - 1];
      if (last) {
        const marker = `${ELLIPSIS} ${dropped} more not shown`;
        const footer = last.footer?.text ? `${last.footer.text} · ${marker}` : marker;
        last.footer = { ...last.footer, text: truncateText(footer, EMBED_FOOTER_TEXT_MAX) };
      }
    }
    fitTotal(embeds, note);
    out.embeds = embeds;
  }

  if (isComponentsV2(out)) {
    // With the flag, Discord refuses content and embeds: the components are the whole message. Empty ones ('' or
    // null content, no embeds) are allowed and kept: an update clears an older embed message's embeds with them.
    const hasContent = out.content !== undefined && out.content !== null && out.content !== '';
    const hasEmbeds = out.embeds !== undefined && out.embeds.length > 0;
    if (hasContent || hasEmbeds) {
      note('content', 'dropped content/embeds: a Components V2 message cannot carry them');
      if (hasContent) delete out.content;
      if (hasEmbeds) delete out.embeds;
    }
    if (out.components) out.components = fitComponentsV2(out.components, note) as typeof out.components;
  } else if (out.components) {
    out.components = fitComponents(out.components, note) as typeof out.components;
  }
  return out;
}

type Note = (path: string, message: string) => void;

/**
 * True when `data` certainly fits: judged by UTF-16 lengths, which are never smaller than the code-point counts
 * Discord uses, and by the structure the builders produce (action rows of buttons only). False means "measure
 * properly", not "too long".
 */
function clearlyWithinLimits(data: MessagePayload): boolean {
  if (typeof data.content === 'string' && data.content.length > MESSAGE_CONTENT_MAX) return false;
  const embeds = data.embeds;
  if (embeds) {
    if (embeds.length > MESSAGE_EMBEDS_MAX) return false;
    let total = 0;
    for (const e of embeds) {
      const title = e.title?.length ?? 0;
      const description = e.description?.length ?? 0;
      const footer = e.footer?.text.length ?? 0;
      const author = e.author?.name.length ?? 0;
      if (title > EMBED_TITLE_MAX || description > EMBED_DESCRIPTION_MAX) return false;
      if (footer > EMBED_FOOTER_TEXT_MAX || author > EMBED_AUTHOR_NAME_MAX) return false;
      total += title + description + footer + author;
      const fields = e.fields;
      if (fields) {
        if (fields.length > EMBED_FIELDS_MAX) return false;
        for (const f of fields) {
          const name = f.name.length;
          const value = f.value.length;
          if (name === 0 || value === 0 || name > EMBED_FIELD_NAME_MAX || value > EMBED_FIELD_VALUE_MAX) return false;
          total += name + value;
        }
      }
    }
    if (total > EMBEDS_TOTAL_MAX) return false;
  }
  const components = data.components;
  if (components && isComponentsV2(data)) return clearlyWithinV2(data);
  if (components) {
    if (components.length > ACTION_ROWS_MAX) return false;
    const seen = new Set<string>();
    for (const row of components) {
      if (row.type !== ComponentType.ActionRow || row.components.length > BUTTONS_PER_ROW_MAX) return false;
      for (const c of row.components) {
        if (c.type !== ComponentType.Button) return false;
        if ('label' in c && typeof c.label === 'string' && c.label.length > BUTTON_LABEL_MAX) return false;
        if ('custom_id' in c) {
          const id = c.custom_id;
          if (id.length < CUSTOM_ID_MIN || id.length > CUSTOM_ID_MAX || seen.has(id)) return false;
          seen.add(id);
        }
      }
    }
  }
  return true;
}

/** A copy of `embed` within the per-embed limits. */
function fitEmbed(embed: APIEmbed, p: string, note: Note): APIEmbed {
  const e: APIEmbed = { ...embed };
  const cut = (path: string, text: string, max: number): string => {
    const fitted = truncateText(text, max);
    if (fitted !== text) note(path, `cut from ${discordLength(text)} to ${discordLength(fitted)} characters`);
    return fitted;
  };
  if (e.title !== undefined) e.title = cut(`${p}.title`, e.title, EMBED_TITLE_MAX);
  if (e.description !== undefined) e.description = cut(`${p}.description`, e.description, EMBED_DESCRIPTION_MAX);
  if (e.footer) e.footer = { ...e.footer, text: cut(`${p}.footer.text`, e.footer.text, EMBED_FOOTER_TEXT_MAX) };
  if (e.author) e.author = { ...e.author, name: cut(`${p}.author.name`, e.author.name, EMBED_AUTHOR_NAME_MAX) };
  if (e.fields) {
    let fields = e.fields.map((f, j) => {
      const fp = `${p}.fields[${j}]`;
      let { name, value } = f;
      if (name.length === 0) {
        name = '\u200b';
        note(`${fp}.name`, 'empty name replaced by a zero-width space');
      }
      if (value.length === 0) {
        value = '\u200b';
        note(`${fp}.value`, 'empty value replaced by a zero-width space');
      }
      name = cut(`${fp}.name`, name, EMBED_FIELD_NAME_MAX);
      value = cut(`${fp}.value`, value, EMBED_FIELD_VALUE_MAX);
      return name === f.name && value === f.value ? f : { ...f, name, value };
    });
    if (fields.length > EMBED_FIELDS_MAX) {
      const dropped = fields.length - (EMBED_FIELDS_MAX - 1);
      note(`${p}.fields`, `dropped ${dropped} fields over the limit of ${EMBED_FIELDS_MAX}`);
      fields = [...fields.slice(0, EMBED_FIELDS_MAX - 1), { name: ELLIPSIS, value: `${dropped} more not shown` }];
    }
    e.fields = fields;
  }
  return e;
}

/** Field values shorter than this are not worth keeping when the 6000 total forces cuts: the field is dropped. */
const MIN_USEFUL_FIELD_VALUE = 16;

/** Brings the sum over all embeds within 6000, cutting from the end of the message (the least important part). */
function fitTotal(embeds: APIEmbed[], note: Note): void {
  let over = embedsLength(embeds) - EMBEDS_TOTAL_MAX;
  if (over <= 0) return;
  note('embeds', `${over + EMBEDS_TOTAL_MAX} characters across all embeds, cut to fit ${EMBEDS_TOTAL_MAX}`);

  // Pass 1: body text (field values, then description), from the last embed backwards.
  for (let i = embeds.length - 1; i >= 0 && over > 0; i--) {
    const e = embeds[i] as APIEmbed;
    if (e.fields) {
      const fields = [...e.fields];
      for (let j = fields.length - 1; j >= 0 && over > 0; j--) {
        const f = fields[j] as APIEmbedField;
        const len = discordLength(f.value);
        const target = len - over;
        if (target < MIN_USEFUL_FIELD_VALUE) {
          fields.splice(j, 1);
          over -= len + discordLength(f.name);
          note(`embeds[${i}].fields[${j}]`, 'dropped to fit the 6000-character total');
        } else {
          const value = truncateText(f.value, target);
          over -= len - discordLength(value);
          fields[j] = { ...f, value };
          note(`embeds[${i}].fields[${j}].value`, 'cut to fit the 6000-character total');
        }
      }
      if (fields.length < e.fields.length) {
        const removed = e.fields.length - fields.length;
        const marker = { name: ELLIPSIS, value: `${removed} more not shown` };
        // The marker costs characters too; only add it if it fits in what was freed.
        const cost = discordLength(marker.name) + discordLength(marker.value);
        if (over + cost <= 0) {
          fields.push(marker);
          over += cost;
        }
      }
      e.fields = fields;
    }
    if (over > 0 && e.description) {
      const len = discordLength(e.description);
      const target = len - over;
      if (target < 1) {
        delete e.description;
        over -= len;
      } else {
        e.description = truncateText(e.description, target);
        over -= len - discordLength(e.description);
      }
      note(`embeds[${i}].description`, 'cut to fit the 6000-character total');
    }
  }
  // Pass 2 (only with absurd titles/footers): the short texts, from the end, down to a lone "…".
  for (let i = embeds.length - 1; i >= 0 && over > 0; i--) {
    const e = embeds[i] as APIEmbed;
    const shrink = (text: string, path: string): string => {
      const len = discordLength(text);
      if (over <= 0 || len <= 1) return text;
      const fitted = truncateText(text, Math.max(1, len - over));
      over -= len - discordLength(fitted);
      note(path, 'cut to fit the 6000-character total');
      return fitted;
    };
    if (e.footer) e.footer = { ...e.footer, text: shrink(e.footer.text, `embeds[${i}].footer.text`) };
    if (e.author) e.author = { ...e.author, name: shrink(e.author.name, `embeds[${i}].author.name`) };
    if (e.title !== undefined) e.title = shrink(e.title, `embeds[${i}].title`);
    if (e.fields) e.fields = e.fields.map((f, j) => ({ ...f, name: shrink(f.name, `embeds[${i}].fields[${j}].name`) }));
  }
  // Last resort: drop whole embeds from the end.
  while (embedsLength(embeds) > EMBEDS_TOTAL_MAX && embeds.length > 1) {
    embeds.pop();
    note(`embeds[${embeds.length}]`, 'dropped to fit the 6000-character total');
  }
}

function fitComponents(
  components: readonly APIMessageTopLevelComponent[],
  note: Note,
  seen = new Set<string>(),
  basePath = 'components',
): APIMessageTopLevelComponent[] {
  let rows = components.filter((row, i) => {
    if (row.type === ComponentType.ActionRow) return true;
    note(`components[${i}]`, `dropped: component type ${row.type} needs the IsComponentsV2 flag`);
    return false;
  }) as unknown as (AnyComponent & { components: AnyComponent[] })[];
  if (rows.length > ACTION_ROWS_MAX) {
    note('components', `dropped ${rows.length - ACTION_ROWS_MAX} action rows over the limit of ${ACTION_ROWS_MAX}`);
    rows = rows.slice(0, ACTION_ROWS_MAX);
  }
  const fitted = rows.map((row, i) => {
    const rp = rows.length === 1 && basePath !== 'components' ? basePath : `${basePath}[${i}]`;
    let children = row.components.filter((c, j) => {
      const id = c.custom_id;
      if (typeof id === 'string') {
        // A cut custom_id would carry forged state: drop the component instead.
        if (discordLength(id) < CUSTOM_ID_MIN || discordLength(id) > CUSTOM_ID_MAX || seen.has(id)) {
          note(`${rp}.components[${j}]`, `dropped: custom_id is empty, longer than ${CUSTOM_ID_MAX} or a duplicate`);
          return false;
        }
        seen.add(id);
      }
      return true;
    });
    const buttons = children.filter((c) => c.type === ComponentType.Button);
    if (buttons.length > 0 && buttons.length < children.length) {
      note(rp, 'dropped select menus sharing a row with buttons');
      children = buttons;
    }
    const max = buttons.length > 0 ? BUTTONS_PER_ROW_MAX : SELECTS_PER_ROW_MAX;
    if (children.length > max) {
      note(rp, `dropped ${children.length - max} components over the per-row limit of ${max}`);
      children = children.slice(0, max);
    }
    children = children.map((c, j) => fitComponent(c, `${rp}.components[${j}]`, note));
    return { ...row, components: children };
  });
  return fitted.filter((row) => row.components.length > 0) as unknown as APIMessageTopLevelComponent[];
}

function fitComponent(c: AnyComponent, path: string, note: Note): AnyComponent {
  const out: AnyComponent = { ...c };
  const cut = (key: string, max: number) => {
    const text = out[key];
    if (typeof text !== 'string') return;
    const fitted = truncateText(text, max);
    if (fitted !== text) {
      out[key] = fitted;
      note(`${path}.${key}`, `cut from ${discordLength(text)} to ${discordLength(fitted)} characters`);
    }
  };
  if (c.type === ComponentType.Button) {
    cut('label', BUTTON_LABEL_MAX);
    return out;
  }
  cut('placeholder', SELECT_PLACEHOLDER_MAX);
  if (Array.isArray(c.options)) {
    let options = (c.options as { label: string; value: string; description?: string }[]).filter((o, k) => {
      const ok = o.value.length > 0 && discordLength(o.value) <= SELECT_OPTION_VALUE_MAX;
      if (!ok) note(`${path}.options[${k}]`, `dropped: value must be 1-${SELECT_OPTION_VALUE_MAX} characters`);
      return ok;
    });
    if (options.length > SELECT_OPTIONS_MAX) {
      note(`${path}.options`, `dropped ${options.length - SELECT_OPTIONS_MAX} options over the limit`);
      options = options.slice(0, SELECT_OPTIONS_MAX);
    }
    out.options = options.map((o) => ({
      ...o,
      label: truncateText(o.label.length > 0 ? o.label : o.value, SELECT_OPTION_LABEL_MAX),
      ...(o.description !== undefined
        ? { description: truncateText(o.description, SELECT_OPTION_DESCRIPTION_MAX) }
        : {}),
    }));
  }
  return out;
}

// ---- components v2 -----------------------------------------------------------------------------

const V2 = {
  ActionRow: ComponentType.ActionRow as number,
  Button: ComponentType.Button as number,
  Section: ComponentType.Section as number,
  TextDisplay: ComponentType.TextDisplay as number,
  Thumbnail: ComponentType.Thumbnail as number,
  MediaGallery: ComponentType.MediaGallery as number,
  Container: ComponentType.Container as number,
  StringSelect: ComponentType.StringSelect as number,
};

/** A string select that certainly fits (the fast check of an action row holding only it); false means "measure". */
function clearlyFitsSelect(c: AnyComponent, seen: Set<string>): boolean {
  const id = c.custom_id;
  if (typeof id !== 'string' || id.length < CUSTOM_ID_MIN || id.length > CUSTOM_ID_MAX || seen.has(id)) return false;
  seen.add(id);
  if (typeof c.placeholder === 'string' && c.placeholder.length > SELECT_PLACEHOLDER_MAX) return false;
  const options = c.options as { label?: unknown; value?: unknown; description?: unknown }[] | undefined;
  if (!Array.isArray(options) || options.length === 0 || options.length > SELECT_OPTIONS_MAX) return false;
  for (const o of options) {
    if (typeof o.label !== 'string' || o.label.length === 0 || o.label.length > SELECT_OPTION_LABEL_MAX) return false;
    if (typeof o.value !== 'string' || o.value.length === 0 || o.value.length > SELECT_OPTION_VALUE_MAX) return false;
    if (
      o.description !== undefined &&
      (typeof o.description !== 'string' || o.description.length > SELECT_OPTION_DESCRIPTION_MAX)
    )
      return false;
  }
  return true;
}

/** Every component of a tree, accessories included. */
export function countComponents(components: readonly AnyComponent[] | undefined): number {
  let n = 0;
  for (const c of components ?? []) {
    n++;
    if (Array.isArray(c.components)) n += countComponents(c.components);
    const accessory = c.accessory as AnyComponent | undefined;
    if (accessory && typeof accessory === 'object') n++;
  }
  return n;
}

/** The text of every text display, in order. */
export function textDisplays(components: readonly AnyComponent[] | undefined, out: string[] = []): string[] {
  for (const c of components ?? []) {
    if (c.type === V2.TextDisplay && typeof c.content === 'string') out.push(c.content);
    if (Array.isArray(c.components)) textDisplays(c.components, out);
  }
  return out;
}

/** Conservative fast check of a Components V2 payload (UTF-16 lengths, never smaller than code points). */
function clearlyWithinV2(data: MessagePayload): boolean {
  if ((data.content !== undefined && data.content !== null && data.content !== '') || (data.embeds?.length ?? 0) > 0)
    return false;
  const top = (data.components ?? []) as unknown as AnyComponent[];
  if (countComponents(top) > COMPONENTS_V2_TOTAL_MAX) return false;
  let text = 0;
  const seen = new Set<string>();
  const ok = (c: AnyComponent): boolean => {
    if (typeof c.custom_id === 'string') {
      if (c.custom_id.length < CUSTOM_ID_MIN || c.custom_id.length > CUSTOM_ID_MAX || seen.has(c.custom_id))
        return false;
      seen.add(c.custom_id);
    }
    if (typeof c.label === 'string' && c.label.length > BUTTON_LABEL_MAX) return false;
    if (c.type === V2.TextDisplay) {
      const len = typeof c.content === 'string' ? c.content.length : 0;
      if (len === 0) return false;
      text += len;
    } else if (c.type === V2.Section) {
      const n = c.components?.length ?? 0;
      if (n === 0 || n > SECTION_TEXTS_MAX || !c.accessory) return false;
    } else if (c.type === V2.MediaGallery) {
      const items = (c.items ?? []) as { description?: string; media?: { url?: string } }[];
      if (items.length === 0 || items.length > MEDIA_GALLERY_ITEMS_MAX) return false;
      for (const item of items) {
        if ((item.description?.length ?? 0) > MEDIA_DESCRIPTION_MAX) return false;
        if ((item.media?.url?.length ?? 0) > MEDIA_URL_MAX) return false;
      }
    } else if (c.type === V2.Thumbnail) {
      if (((c.description as string | undefined)?.length ?? 0) > MEDIA_DESCRIPTION_MAX) return false;
    } else if (c.type === V2.ActionRow) {
      const n = c.components?.length ?? 0;
      const only = n === 1 ? (c.components?.[0] as AnyComponent) : undefined;
      if (only?.type === V2.StringSelect) return clearlyFitsSelect(only, seen);
      if (n === 0 || n > BUTTONS_PER_ROW_MAX || c.components?.some((b) => b.type !== V2.Button)) return false;
    } else if (c.type === V2.Container) {
      if ((c.components?.length ?? 0) === 0) return false;
    }
    for (const child of c.components ?? []) if (!ok(child)) return false;
    const accessory = c.accessory as AnyComponent | undefined;
    return !accessory || ok(accessory);
  };
  return top.every(ok) && text <= TEXT_DISPLAY_TOTAL_MAX;
}

/**
 * A copy of a Components V2 tree within the limits: the 4,000-character text total (cut from the end, marked "…"),
 * 40 components, sections of 1-3 texts with a valid accessory (else the texts stand alone), galleries of 1-10 items,
 * alt texts of 1,024, valid custom_ids (a component whose custom_id cannot be sent is dropped), action rows as for
 * classic messages. Empty containers and galleries are dropped.
 */
function fitComponentsV2(top: readonly APIMessageTopLevelComponent[], note: Note): APIMessageTopLevelComponent[] {
  const seen = new Set<string>();
  let budget = TEXT_DISPLAY_TOTAL_MAX;
  const cutText = (text: unknown, max: number, path: string): string | undefined => {
    if (typeof text !== 'string') return undefined;
    const fitted = truncateText(text, max);
    if (fitted !== text) note(path, `cut from ${discordLength(text)} to ${discordLength(fitted)} characters`);
    return fitted;
  };
  const fitOne = (c: AnyComponent, path: string): AnyComponent[] => {
    switch (c.type) {
      case V2.TextDisplay: {
        const content = typeof c.content === 'string' ? c.content : '';
        const len = discordLength(content);
        if (len === 0 || budget < 2) {
          note(path, len === 0 ? 'dropped: empty text display' : 'dropped to fit the 4000-character text total');
          return [];
        }
        if (len <= budget) {
          budget -= len;
          return [c];
        }
        const cut = truncateText(content, budget);
        note(path, `cut from ${len} to ${discordLength(cut)} characters to fit the 4000-character text total`);
        budget -= discordLength(cut);
        return [{ ...c, content: cut }];
      }
      case V2.Section: {
        let texts = (c.components ?? []).flatMap((t, i) => fitOne(t, `${path}.components[${i}]`));
        if (texts.length > SECTION_TEXTS_MAX) {
          note(`${path}.components`, `dropped ${texts.length - SECTION_TEXTS_MAX} texts over ${SECTION_TEXTS_MAX}`);
          texts = texts.slice(0, SECTION_TEXTS_MAX);
        }
        const accessory = c.accessory ? fitOne(c.accessory as AnyComponent, `${path}.accessory`)[0] : undefined;
        if (texts.length === 0) return [];
        if (!accessory) {
          note(path, 'section without a valid accessory: its texts stand alone');
          return texts;
        }
        return [{ ...c, components: texts, accessory }];
      }
      case V2.Thumbnail: {
        const url = (c.media as { url?: string } | undefined)?.url ?? '';
        if (discordLength(url) > MEDIA_URL_MAX) {
          note(path, `dropped: media url over ${MEDIA_URL_MAX} characters`);
          return [];
        }
        const description = cutText(c.description, MEDIA_DESCRIPTION_MAX, `${path}.description`);
        return [description === undefined ? c : { ...c, description }];
      }
      case V2.MediaGallery: {
        let items = ((c.items ?? []) as { description?: string; media?: { url?: string } }[]).filter((item, k) => {
          const ok = discordLength(item.media?.url ?? '') <= MEDIA_URL_MAX;
          if (!ok) note(`${path}.items[${k}]`, `dropped: media url over ${MEDIA_URL_MAX} characters`);
          return ok;
        });
        if (items.length > MEDIA_GALLERY_ITEMS_MAX) {
          note(
            `${path}.items`,
            `dropped ${items.length - MEDIA_GALLERY_ITEMS_MAX} items over ${MEDIA_GALLERY_ITEMS_MAX}`,
          );
          items = items.slice(0, MEDIA_GALLERY_ITEMS_MAX);
        }
        items = items.map((item, k) => {
          const description = cutText(item.description, MEDIA_DESCRIPTION_MAX, `${path}.items[${k}].description`);
          return description === undefined ? item : { ...item, description };
        });
        return items.length > 0 ? [{ ...c, items }] : [];
      }
      case V2.Button: {
        const id = c.custom_id;
        if (typeof id === 'string') {
          if (discordLength(id) < CUSTOM_ID_MIN || discordLength(id) > CUSTOM_ID_MAX || seen.has(id)) {
            note(path, `dropped: custom_id is empty, longer than ${CUSTOM_ID_MAX} or a duplicate`);
            return [];
          }
          seen.add(id);
        }
        return [fitComponent(c, path, note)];
      }
      case V2.ActionRow:
        return fitComponents(
          [c as unknown as APIMessageTopLevelComponent],
          note,
          seen,
          path,
        ) as unknown as AnyComponent[];
      case V2.Container: {
        const children = (c.components ?? []).flatMap((child, i) => fitOne(child, `${path}.components[${i}]`));
        if (children.length === 0) {
          note(path, 'dropped: empty container');
          return [];
        }
        const out: AnyComponent = { ...c, components: children };
        const color = c.accent_color;
        if (
          color !== undefined &&
          color !== null &&
          (typeof color !== 'number' || color < 0 || color > EMBED_COLOR_MAX)
        ) {
          delete out.accent_color;
          note(`${path}.accent_color`, 'dropped: not a colour between 0 and 0xFFFFFF');
        }
        return [out];
      }
      default:
        return [c];
    }
  };
  const out = (top as unknown as AnyComponent[]).flatMap((c, i) => fitOne(c, `components[${i}]`));
  // 40 components in all: drop from the end (the least important part), innermost first.
  let count = countComponents(out);
  if (count > COMPONENTS_V2_TOTAL_MAX) note('components', `${count} components, cut to ${COMPONENTS_V2_TOTAL_MAX}`);
  while (count > COMPONENTS_V2_TOTAL_MAX && out.length > 0) {
    const last = out[out.length - 1] as AnyComponent;
    if (last.type === V2.Container && (last.components?.length ?? 0) > 1) {
      out[out.length - 1] = { ...last, components: (last.components ?? []).slice(0, -1) };
    } else {
      out.pop();
    }
    count = countComponents(out);
  }
  return out as unknown as APIMessageTopLevelComponent[];
}

// ---- autocomplete ----------------------------------------------------------------------------

export type Choice = APIApplicationCommandOptionChoice<string | number>;

/**
 * At most 25 choices that Discord will accept: names cut to 100 characters with "…"; choices whose value cannot
 * be sent (string over 100 characters, non-finite or out-of-range number, empty name) are dropped, because cutting
 * a value would change what the user selects. Each change is reported through `onNote`.
 */
export function clampChoices(choices: readonly Choice[], onNote?: (note: LimitNote) => void): Choice[] {
  const out: Choice[] = [];
  for (let i = 0; i < choices.length && out.length < AUTOCOMPLETE_CHOICES_MAX; i++) {
    const choice = choices[i] as Choice;
    const { value } = choice;
    let problem: string | null = null;
    if (typeof value === 'string') {
      if (discordLength(value) > CHOICE_STRING_VALUE_MAX) problem = `value longer than ${CHOICE_STRING_VALUE_MAX}`;
    } else if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > CHOICE_NUMBER_ABS_MAX) {
      problem = 'value is not a finite number within ±2^53';
    }
    const trimmedName = typeof choice.name === 'string' ? choice.name.trim() : '';
    if (problem === null && trimmedName.length === 0) problem = 'empty name';
    if (problem !== null) {
      onNote?.({ path: `choices[${i}]`, message: `dropped: ${problem}` });
      continue;
    }
    const name = truncateText(trimmedName, CHOICE_NAME_MAX);
    if (name !== trimmedName) onNote?.({ path: `choices[${i}].name`, message: `cut to ${CHOICE_NAME_MAX} characters` });
    out.push(name === choice.name ? choice : { ...choice, name });
  }
  if (choices.length > AUTOCOMPLETE_CHOICES_MAX) {
    onNote?.({ path: 'choices', message: `kept the first ${AUTOCOMPLETE_CHOICES_MAX} of ${choices.length}` });
  }
  return out;
}

// ---- command definitions ---------------------------------------------------------------------

export class CommandDefinitionError extends Error {
  readonly problems: readonly string[];
  constructor(command: string, problems: readonly string[]) {
    super(`Command "/${command}" breaks Discord's rules:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'CommandDefinitionError';
    this.problems = problems;
  }
}

type OptionLike = APIApplicationCommandOption & {
  options?: OptionLike[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string | null> | null }[];
  autocomplete?: boolean;
  required?: boolean;
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
};

function checkName(problems: string[], where: string, name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string') {
    problems.push(`${where}: name is missing`);
    return;
  }
  const len = discordLength(name);
  if (len < COMMAND_NAME_MIN || len > COMMAND_NAME_MAX) {
    problems.push(`${where}: name "${name}" has ${len} characters, expected ${COMMAND_NAME_MIN}-${COMMAND_NAME_MAX}`);
    return;
  }
  if (!chatInput) return;
  if (!COMMAND_NAME_PATTERN.test(name)) {
    problems.push(`${where}: name "${name}" may only contain letters, digits, "-", "_" and "'" (no spaces)`);
  } else if (name !== name.toLowerCase()) {
    problems.push(`${where}: name "${name}" must be lowercase ("${name.toLowerCase()}")`);
  }
}

function checkDescription(problems: string[], where: string, description: unknown): void {
  if (typeof description !== 'string') {
    problems.push(`${where}: description is missing`);
    return;
  }
  const len = discordLength(description);
  if (len < COMMAND_DESCRIPTION_MIN || len > COMMAND_DESCRIPTION_MAX) {
    problems.push(
      `${where}: description has ${len} characters, expected ${COMMAND_DESCRIPTION_MIN}-${COMMAND_DESCRIPTION_MAX}`,
    );
  }
}

function checkLocalizations(
  problems: string[],
  where: string,
  names: Record<string, string | null> | null | undefined,
  descriptions: Record<string, string | null> | null | undefined,
  chatInput: boolean,
): void {
  for (const [locale, name] of Object.entries(names ?? {})) {
    if (name !== null) checkName(problems, `${where} (name_localizations.${locale})`, name, chatInput);
  }
  for (const [locale, description] of Object.entries(descriptions ?? {})) {
    if (description !== null) checkDescription(problems, `${where} (description_localizations.${locale})`, description);
  }
}

const SUB = ApplicationCommandOptionType.Subcommand;
const GROUP = ApplicationCommandOptionType.SubcommandGroup;
const CHOICE_TYPES: readonly number[] = [
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
];

/**
 * Throws a `CommandDefinitionError` naming the command and every offending option/choice when `def` breaks
 * Discord's rules (names, descriptions, counts, choices, nesting, ordering, total size). Used by deploy and tests.
 */
export function validateCommandDefinition(def: RESTPostAPIApplicationCommandsJSONBody): void {
  const problems: string[] = [];
  const chatInput = def.type === undefined || def.type === ApplicationCommandType.ChatInput;
  const commandName = typeof def.name === 'string' ? def.name : '(unnamed)';
  checkName(problems, 'command', def.name, chatInput);
  if (chatInput) checkDescription(problems, 'command', def.description);
  checkLocalizations(problems, 'command', def.name_localizations, def.description_localizations, chatInput);
  let total = discordLength(def.name ?? '') + discordLength(chatInput ? (def.description ?? '') : '');

  const checkOptions = (options: readonly OptionLike[] | undefined, where: string, depth: number): void => {
    if (!options) return;
    if (options.length > COMMAND_OPTIONS_MAX) {
      problems.push(`${where}: ${options.length} options, the limit is ${COMMAND_OPTIONS_MAX}`);
    }
    const names = new Set<string>();
    const nested = options.filter((o) => o.type === SUB || o.type === GROUP).length;
    if (nested > 0 && nested < options.length) {
      problems.push(`${where}: subcommands/groups cannot be mixed with plain options at the same level`);
    }
    let seenOptional = false;
    for (const o of options) {
      const at = `${where} > option "${String(o.name)}"`;
      checkName(problems, at, o.name, true);
      checkDescription(problems, at, o.description);
      checkLocalizations(problems, at, o.name_localizations, o.description_localizations, true);
      total += discordLength(String(o.name ?? '')) + discordLength(String(o.description ?? ''));
      if (names.has(o.name)) problems.push(`${at}: duplicate option name`);
      names.add(o.name);

      if (o.type === SUB || o.type === GROUP) {
        if (o.type === GROUP && depth > 0) problems.push(`${at}: a subcommand group can only be at the top level`);
        if (o.type === SUB && depth > 1) problems.push(`${at}: subcommands can only be nested one group deep`);
        const children = o.options ?? [];
        if (o.type === GROUP && children.some((c) => c.type !== SUB)) {
          problems.push(`${at}: a subcommand group may only contain subcommands`);
        }
        if (o.type === SUB && children.some((c) => c.type === SUB || c.type === GROUP)) {
          problems.push(`${at}: a subcommand cannot contain subcommands or groups`);
        }
        checkOptions(children, at, depth + 1);
        continue;
      }
      if (o.required) {
        if (seenOptional) problems.push(`${at}: required options must come before optional ones`);
      } else seenOptional = true;

      const choices = o.choices;
      if (choices !== undefined) {
        if (!CHOICE_TYPES.includes(o.type))
          problems.push(`${at}: only string, integer and number options can have choices`);
        if (choices.length > OPTION_CHOICES_MAX) {
          problems.push(`${at}: ${choices.length} choices, the limit is ${OPTION_CHOICES_MAX}`);
        }
        if (o.autocomplete && choices.length > 0) problems.push(`${at}: cannot have both choices and autocomplete`);
        choices.forEach((c, k) => {
          const cat = `${at} > choice ${k + 1} "${String(c.name)}"`;
          const nameLen = typeof c.name === 'string' ? discordLength(c.name) : 0;
          if (nameLen < CHOICE_NAME_MIN || nameLen > CHOICE_NAME_MAX) {
            problems.push(`${cat}: name has ${nameLen} characters, expected ${CHOICE_NAME_MIN}-${CHOICE_NAME_MAX}`);
          }
          for (const [locale, n] of Object.entries(c.name_localizations ?? {})) {
            const l = typeof n === 'string' ? discordLength(n) : 0;
            if (n !== null && (l < CHOICE_NAME_MIN || l > CHOICE_NAME_MAX)) {
              problems.push(`${cat} (name_localizations.${locale}): ${l} characters, expected 1-${CHOICE_NAME_MAX}`);
            }
          }
          if (o.type === ApplicationCommandOptionType.String) {
            if (typeof c.value !== 'string') problems.push(`${cat}: value must be a string`);
            else if (discordLength(c.value) > CHOICE_STRING_VALUE_MAX) {
              problems.push(
                `${cat}: value has ${discordLength(c.value)} characters, the limit is ${CHOICE_STRING_VALUE_MAX}`,
              );
            }
          } else if (
            typeof c.value !== 'number' ||
            !Number.isFinite(c.value) ||
            Math.abs(c.value) > CHOICE_NUMBER_ABS_MAX
          ) {
            problems.push(`${cat}: value must be a finite number within ±2^53`);
          } else if (o.type === ApplicationCommandOptionType.Integer && !Number.isInteger(c.value)) {
            problems.push(`${cat}: value must be an integer`);
          }
          total += nameLen + discordLength(String(c.value));
        });
      }
      if (o.autocomplete && !CHOICE_TYPES.includes(o.type)) {
        problems.push(`${at}: only string, integer and number options can autocomplete`);
      }
      for (const key of ['min_length', 'max_length'] as const) {
        const v = o[key];
        if (v === undefined) continue;
        if (o.type !== ApplicationCommandOptionType.String)
          problems.push(`${at}: ${key} only applies to string options`);
        if (!Number.isInteger(v) || v < (key === 'min_length' ? 0 : 1) || v > OPTION_STRING_LENGTH_MAX) {
          problems.push(`${at}: ${key} ${v} is outside ${key === 'min_length' ? 0 : 1}-${OPTION_STRING_LENGTH_MAX}`);
        }
      }
      if (o.min_length !== undefined && o.max_length !== undefined && o.min_length > o.max_length) {
        problems.push(`${at}: min_length is greater than max_length`);
      }
      if (o.min_value !== undefined && o.max_value !== undefined && o.min_value > o.max_value) {
        problems.push(`${at}: min_value is greater than max_value`);
      }
    }
  };
  checkOptions((def as { options?: OptionLike[] }).options, `command "/${commandName}"`, 0);
  if (total > COMMAND_TOTAL_CHARS_MAX) {
    problems.push(
      `command: ${total} characters in names, descriptions and choices, the limit is ${COMMAND_TOTAL_CHARS_MAX}`,
    );
  }
  if (problems.length > 0) throw new CommandDefinitionError(commandName, problems);
}

/** Validates a whole set: each definition, plus unique names and the per-scope command count. */
export function validateCommandDefinitions(defs: readonly RESTPostAPIApplicationCommandsJSONBody[]): void {
  const seen = new Set<string>();
  for (const def of defs) {
    validateCommandDefinition(def);
    const key = `${def.type ?? ApplicationCommandType.ChatInput}:${def.name}`;
    if (seen.has(key)) throw new CommandDefinitionError(def.name, ['two commands share this name']);
    seen.add(key);
  }
  const chatInput = defs.filter(
    (d) => (d.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput,
  );
  if (chatInput.length > GLOBAL_CHAT_INPUT_COMMANDS_MAX) {
    throw new CommandDefinitionError('*', [
      `${chatInput.length} chat-input commands, the limit is ${GLOBAL_CHAT_INPUT_COMMANDS_MAX}`,
    ]);
  }
}
