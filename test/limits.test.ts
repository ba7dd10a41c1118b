import {
  type APIEmbed,
  type APIEmbedField,
  type APIInteractionResponseCallbackData,
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  AUTOCOMPLETE_CHOICES_MAX,
  CommandDefinitionError,
  clampChoices,
  discordLength,
  ELLIPSIS,
  EMBED_FIELD_VALUE_MAX,
  EMBEDS_TOTAL_MAX,
  embedLength,
  embedsLength,
  enforceMessageLimits,
  LimitError,
  type LimitNote,
  MESSAGE_CONTENT_MAX,
  truncateText,
  validateCommandDefinition,
  validateCommandDefinitions,
} from '../src/discord/limits.js';
import { assertMessageLimits, checkMessageLimits } from './support/limits.js';

const words = (n: number, word = 'battery') => Array.from({ length: n }, () => word).join(' ');
const collect = () => {
  const notes: LimitNote[] = [];
  return { notes, onNote: (n: LimitNote) => notes.push(n) };
};

describe('discordLength', () => {
  it('counts code points like Discord (Python), not UTF-16 units', () => {
    expect(discordLength('abc')).toBe(3);
    expect(discordLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(discordLength('日本語')).toBe(3);
    expect(discordLength('👍🏽')).toBe(2); // thumbs up + skin tone modifier: two code points
    expect(discordLength('\ud800x')).toBe(2); // a lone surrogate counts as one
  });
});

describe('truncateText', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateText('hello world', 11)).toBe('hello world');
  });

  it('cuts at a word boundary and marks the cut with …', () => {
    const out = truncateText('The quick brown fox jumps over the lazy dog', 20);
    expect(out).toBe('The quick brown fox…');
    expect(discordLength(out)).toBeLessThanOrEqual(20);
  });

  it('drops dangling punctuation before the ellipsis', () => {
    expect(truncateText('alpha, beta, gamma delta', 14)).toBe('alpha, beta…');
  });

  it('hard-cuts a single long word instead of keeping almost nothing', () => {
    const out = truncateText(`a ${'x'.repeat(50)}`, 20);
    expect(out).toBe(`a ${'x'.repeat(17)}…`);
    expect(discordLength(out)).toBe(20);
  });

  it('never splits a surrogate pair or a grapheme cluster', () => {
    const flags = '🇯🇵🇺🇸🇬🇧🇫🇷'; // 4 flags, 2 code points each
    const out = truncateText(flags, 6);
    expect(out).toBe('🇯🇵🇺🇸…');
    expect(discordLength(out)).toBeLessThanOrEqual(6);
    const family = '👨‍👩‍👧 and more text';
    const cut = truncateText(family, 4);
    expect(cut).toBe('…'); // the family emoji alone is 5 code points: never half of it
    const accents = 'e\u0301'.repeat(10); // é as e + combining accent
    const cutAccents = truncateText(accents, 6);
    expect(cutAccents).toBe(`${'e\u0301'.repeat(2)}…`);
    expect(cutAccents.normalize('NFC')).toBe('éé…');
  });

  it('counts astral characters as one when deciding what fits', () => {
    const text = '😀'.repeat(100);
    expect(truncateText(text, 100)).toBe(text);
    expect(truncateText(text, 99)).toBe(`${'😀'.repeat(98)}…`);
  });
});

describe('embedLength', () => {
  it('sums title, description, field names and values, footer text and author name', () => {
    const embed: APIEmbed = {
      title: 'abc', // 3
      description: 'de', // 2
      fields: [
        { name: 'f', value: 'gh' }, // 3
        { name: 'ij', value: 'k' }, // 3
      ],
      footer: { text: 'lmno', icon_url: 'https://example.com/not-counted.png' }, // 4
      author: { name: 'p', url: 'https://example.com/also-not-counted' }, // 1
      url: 'https://example.com/never-counted',
    };
    expect(embedLength(embed)).toBe(16);
  });
});

describe('checkMessageLimits', () => {
  it('flags 6000 characters across several embeds even when each embed is fine on its own', () => {
    const embeds: APIEmbed[] = [0, 1, 2].map(() => ({ description: 'x'.repeat(2001) }));
    expect(embeds.every((e) => embedLength(e) <= 4096)).toBe(true);
    const violations = checkMessageLimits({ embeds });
    expect(violations).toEqual([{ path: 'embeds', message: '6003 characters across all embeds, the limit is 6000' }]);
    expect(checkMessageLimits({ embeds: embeds.slice(0, 2) })).toEqual([]);
  });

  it('flags field counts and field sizes with exact paths', () => {
    const fields: APIEmbedField[] = Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: 'v' }));
    fields[3] = { name: 'y'.repeat(257), value: 'z'.repeat(1025) };
    fields[4] = { name: '', value: '' };
    const paths = checkMessageLimits({ embeds: [{ fields }] }).map((v) => v.path);
    expect(paths).toEqual([
      'embeds[0].fields',
      'embeds[0].fields[3].name',
      'embeds[0].fields[3].value',
      'embeds[0].fields[4].name',
      'embeds[0].fields[4].value',
    ]);
  });

  it('flags content, embed count, buttons per row, rows, labels and custom ids', () => {
    const button = (id: string, label = 'ok') => ({
      type: ComponentType.Button as const,
      style: ButtonStyle.Secondary as const,
      custom_id: id,
      label,
    });
    const data: APIInteractionResponseCallbackData = {
      content: 'c'.repeat(2001),
      embeds: Array.from({ length: 11 }, () => ({ title: 't' })),
      components: [
        { type: ComponentType.ActionRow, components: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => button(id)) },
        { type: ComponentType.ActionRow, components: [button('x'.repeat(101), 'l'.repeat(81)), button('a')] },
        ...Array.from({ length: 4 }, (_, i) => ({
          type: ComponentType.ActionRow as const,
          components: [button(`r${i}`)],
        })),
      ],
    };
    const violations = checkMessageLimits(data);
    expect(violations.map((v) => v.path)).toEqual([
      'content',
      'embeds',
      'components',
      'components[0]',
      'components[1].components[0].label',
      'components[1].components[0].custom_id',
      'components[1].components[1].custom_id',
    ]);
    expect(violations[3]?.message).toBe('6 buttons in one row, the limit is 5');
    expect(violations[6]?.message).toBe('duplicates components[0].components[0].custom_id');
    expect(() => assertMessageLimits(data)).toThrow(LimitError);
  });

  it('accepts a payload exactly at every limit', () => {
    const data: APIInteractionResponseCallbackData = {
      content: 'c'.repeat(MESSAGE_CONTENT_MAX),
      embeds: [
        { title: 't'.repeat(256), description: 'd'.repeat(4096), footer: { text: 'f'.repeat(1648) } }, // 6000 total
      ],
      components: Array.from({ length: 5 }, (_, r) => ({
        type: ComponentType.ActionRow as const,
        components: Array.from({ length: 5 }, (_, b) => ({
          type: ComponentType.Button as const,
          style: ButtonStyle.Primary as const,
          custom_id: `${r}:${b}:`.padEnd(100, 'x'),
          label: 'l'.repeat(80),
        })),
      })),
    };
    expect(embedsLength(data.embeds)).toBe(EMBEDS_TOTAL_MAX);
    expect(checkMessageLimits(data)).toEqual([]);
  });
});

describe('enforceMessageLimits', () => {
  it('adds allowed_mentions { parse: [] } when absent and keeps an explicit one', () => {
    expect(enforceMessageLimits({ content: 'hi @everyone' }).allowed_mentions).toEqual({ parse: [] });
    const explicit = { content: 'hi', allowed_mentions: { users: ['123456789012345678'] } };
    expect(enforceMessageLimits(explicit).allowed_mentions).toEqual({ users: ['123456789012345678'] });
  });

  it('leaves a payload within limits untouched apart from allowed_mentions, and reports nothing', () => {
    const { notes, onNote } = collect();
    const data = { content: 'hello', embeds: [{ title: 'AESC', fields: [{ name: 'Founded', value: '2007' }] }] };
    const out = enforceMessageLimits(data, onNote);
    expect(out).toEqual({ ...data, allowed_mentions: { parse: [] } });
    expect(notes).toEqual([]);
  });

  it('measures code points when UTF-16 lengths look too long: 6,000 emoji across embeds are kept whole', () => {
    const { notes, onNote } = collect();
    // 3 embeds x 2,000 battery emoji: 12,000 UTF-16 units, but 6,000 characters as Discord counts them.
    const embeds = [0, 1, 2].map(() => ({ description: '🔋'.repeat(2000) }));
    const out = enforceMessageLimits({ embeds }, onNote);
    expect(out.embeds).toEqual(embeds);
    expect(notes).toEqual([]);
    const over = enforceMessageLimits({ embeds: [...embeds, { description: '🔋' }] }, onNote);
    expect(embedsLength(over.embeds)).toBe(6000);
    expect(notes.length).toBeGreaterThan(0);
  });

  it('cuts over-long content at a word boundary, marks it and reports it, without mutating the input', () => {
    const { notes, onNote } = collect();
    const content = words(400); // 3199 characters
    const data = { content };
    const out = enforceMessageLimits(data, onNote);
    expect(data.content).toBe(content);
    expect(discordLength(out.content ?? '')).toBeLessThanOrEqual(MESSAGE_CONTENT_MAX);
    expect(out.content?.endsWith(`battery${ELLIPSIS}`)).toBe(true);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.path).toBe('content');
  });

  it('brings several embeds over 6000 characters in total within the limit, cutting from the end', () => {
    const { notes, onNote } = collect();
    const embeds: APIEmbed[] = [
      { title: 'Page 1', description: words(300) }, // ~2400
      { title: 'Page 2', description: words(300) },
      { title: 'Page 3', description: words(300), fields: [{ name: 'Source', value: words(100) }] },
    ];
    const before = embedsLength(embeds);
    expect(before).toBeGreaterThan(EMBEDS_TOTAL_MAX);
    const out = enforceMessageLimits({ embeds }, onNote);
    expect(checkMessageLimits(out)).toEqual([]);
    expect(embedsLength(out.embeds)).toBeLessThanOrEqual(EMBEDS_TOTAL_MAX);
    // The first embed is intact; the cut happened at the end and is visible.
    expect(out.embeds?.[0]).toEqual(embeds[0]);
    const cutText = [out.embeds?.[2]?.description, out.embeds?.[2]?.fields?.[0]?.value].filter(Boolean).join(' ');
    expect(cutText.includes(ELLIPSIS) || (out.embeds?.[2]?.fields?.length ?? 0) === 0).toBe(true);
    expect(notes.some((n) => n.path === 'embeds')).toBe(true);
    // The input was not mutated.
    expect(embedsLength(embeds)).toBe(before);
  });

  it('fits each field and replaces fields over 25 with a visible marker', () => {
    const { notes, onNote } = collect();
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `Fact ${i + 1}`, value: `value ${i + 1}` }));
    fields[0] = { name: 'Long', value: words(200) };
    const out = enforceMessageLimits({ embeds: [{ fields }] }, onNote);
    const outFields = out.embeds?.[0]?.fields ?? [];
    expect(outFields).toHaveLength(25);
    expect(outFields[24]).toEqual({ name: ELLIPSIS, value: '6 more not shown' });
    expect(discordLength(outFields[0]?.value ?? '')).toBeLessThanOrEqual(EMBED_FIELD_VALUE_MAX);
    expect(outFields[0]?.value.endsWith(ELLIPSIS)).toBe(true);
    expect(checkMessageLimits(out)).toEqual([]);
    expect(notes.map((n) => n.path)).toEqual(['embeds[0].fields[0].value', 'embeds[0].fields']);
  });

  it('drops embeds over 10 and says so in the last footer', () => {
    const embeds = Array.from({ length: 12 }, (_, i) => ({ title: `Page ${i + 1}` }));
    const out = enforceMessageLimits({ embeds });
    expect(out.embeds).toHaveLength(10);
    expect(out.embeds?.[9]?.footer?.text).toBe(`${ELLIPSIS} 2 more not shown`);
    expect(checkMessageLimits(out)).toEqual([]);
  });

  it('survives pathological input: everything over every limit still comes out valid', () => {
    const big = (n: number) => words(n, 'ünïcødé😀');
    const embeds: APIEmbed[] = Array.from({ length: 12 }, () => ({
      title: big(100),
      description: big(1000),
      footer: { text: big(500) },
      author: { name: big(100) },
      fields: Array.from({ length: 30 }, () => ({ name: big(50), value: big(300) })),
    }));
    const out = enforceMessageLimits({ content: big(1000), embeds });
    expect(checkMessageLimits(out)).toEqual([]);
  });

  it('always produces a valid payload from random oversized input (seeded)', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = ['a', 'bc', ' ', '😀', 'é', 'e\u0301', '🇯🇵', '\n', ',', '日本'];
    const text = (max: number) => Array.from({ length: rand(max) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 25; i++) {
      const embeds: APIEmbed[] = Array.from({ length: rand(13) }, () => ({
        ...(rand(2) ? { title: text(400) } : {}),
        ...(rand(2) ? { description: text(5000) } : {}),
        ...(rand(2) ? { footer: { text: text(2500) } } : {}),
        ...(rand(2) ? { author: { name: text(400) } } : {}),
        fields: Array.from({ length: rand(30) }, () => ({ name: text(300), value: text(1300) })),
      }));
      const out = enforceMessageLimits({ content: text(2600), embeds });
      expect(checkMessageLimits(out)).toEqual([]);
    }
  });

  it('keeps at most 5 buttons per row and 5 rows, and drops buttons whose custom_id cannot be sent', () => {
    const { notes, onNote } = collect();
    const row = (prefix: string, n: number) => ({
      type: ComponentType.ActionRow as const,
      components: Array.from({ length: n }, (_, i) => ({
        type: ComponentType.Button as const,
        style: ButtonStyle.Secondary as const,
        custom_id: `${prefix}:${i}`,
        label: i === 0 ? 'L'.repeat(100) : `b${i}`,
      })),
    });
    const bad = {
      type: ComponentType.ActionRow as const,
      components: [
        {
          type: ComponentType.Button as const,
          style: ButtonStyle.Secondary as const,
          custom_id: 'x'.repeat(101),
          label: 'forged',
        },
      ],
    };
    const out = enforceMessageLimits(
      { components: [row('a', 7), bad, row('c', 1), row('d', 1), row('e', 1), row('f', 1)] },
      onNote,
    );
    expect(checkMessageLimits(out)).toEqual([]);
    const rows = out.components as { components: { custom_id: string; label: string }[] }[];
    // Row f was over the 5-row limit; row "bad" lost its only button and disappeared.
    expect(rows.map((r) => r.components.map((c) => c.custom_id).join(','))).toEqual([
      'a:0,a:1,a:2,a:3,a:4',
      'c:0',
      'd:0',
      'e:0',
    ]);
    expect(rows[0]?.components[0]?.label).toBe(`${'L'.repeat(79)}${ELLIPSIS}`);
    expect(notes.length).toBeGreaterThanOrEqual(3);
  });
});

describe('clampChoices', () => {
  it('keeps at most 25 choices', () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({ name: `choice ${i}`, value: `v${i}` }));
    const out = clampChoices(choices);
    expect(out).toHaveLength(AUTOCOMPLETE_CHOICES_MAX);
    expect(out[24]).toEqual({ name: 'choice 24', value: 'v24' });
  });

  it('cuts names to 100 characters with … and drops choices whose value cannot be sent', () => {
    const { notes, onNote } = collect();
    const out = clampChoices(
      [
        { name: words(30), value: 'long-name' },
        { name: 'value too long', value: 'x'.repeat(101) },
        { name: 'value at limit', value: 'x'.repeat(100) },
        { name: '   ', value: 'blank-name' },
        { name: 'not finite', value: Number.NaN },
        { name: 'too big', value: 2 ** 54 },
        { name: 'number', value: 42 },
        { name: '日本語の名前😀', value: 'unicode' },
      ],
      onNote,
    );
    expect(out.map((c) => c.value)).toEqual(['long-name', 'x'.repeat(100), 42, 'unicode']);
    expect(discordLength(out[0]?.name ?? '')).toBeLessThanOrEqual(100);
    expect(out[0]?.name.endsWith(`battery${ELLIPSIS}`)).toBe(true);
    expect(out[3]?.name).toBe('日本語の名前😀');
    expect(notes.map((n) => n.path)).toEqual([
      'choices[0].name',
      'choices[1]',
      'choices[3]',
      'choices[4]',
      'choices[5]',
    ]);
  });

  it('counts a 100-character name of emoji as fitting (code points, not UTF-16)', () => {
    const name = '😀'.repeat(100);
    expect(clampChoices([{ name, value: 'e' }])[0]?.name).toBe(name);
  });
});

describe('validateCommandDefinition', () => {
  const base = (): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
    name: 'aesc',
    description: 'Facts about AESC',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'plant',
        description: 'A plant',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'name',
            description: 'Plant name',
            required: true,
            autocomplete: true,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'region',
            description: 'Region',
            choices: [
              { name: 'Japan', value: 'japan' },
              { name: 'United States', value: 'us' },
            ],
          },
        ],
      },
    ],
  });
  const problems = (def: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] => {
    try {
      validateCommandDefinition(def);
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(CommandDefinitionError);
      return [...(err as CommandDefinitionError).problems];
    }
  };

  it('accepts a valid definition', () => {
    expect(problems(base())).toEqual([]);
  });

  it('accepts names of exactly 32 characters and unicode letters, rejects 33', () => {
    expect(problems({ ...base(), name: 'a'.repeat(32) })).toEqual([]);
    expect(problems({ ...base(), name: '電池' })).toEqual([]);
    expect(problems({ ...base(), name: 'बैटरी' })).toEqual([]); // Devanagari with combining signs
    expect(problems({ ...base(), name: "l'usine" })).toEqual([]); // the apostrophe of Discord's documented pattern
    const err = problems({ ...base(), name: 'a'.repeat(33) });
    expect(err).toEqual([`command: name "${'a'.repeat(33)}" has 33 characters, expected 1-32`]);
  });

  it('rejects uppercase, spaces and punctuation in names, naming the command', () => {
    expect(() => validateCommandDefinition({ ...base(), name: 'Aesc' })).toThrow(
      /Command "\/Aesc".*\n- command: name "Aesc" must be lowercase \("aesc"\)/,
    );
    expect(problems({ ...base(), name: 'aesc facts' })[0]).toMatch(/may only contain letters, digits/);
    expect(problems({ ...base(), name: 'aesc!' })[0]).toMatch(/may only contain letters, digits/);
    expect(problems({ ...base(), name: '' })[0]).toMatch(/0 characters, expected 1-32/);
  });

  it('checks descriptions, names the offending option and choice', () => {
    const def = base();
    const sub = def.options?.[0] as { options: { description: string; choices?: { name: string; value: string }[] }[] };
    (sub.options[0] as { description: string }).description = 'd'.repeat(101);
    sub.options[1]?.choices?.push({ name: 'n'.repeat(101), value: 'v'.repeat(101) });
    expect(problems(def)).toEqual([
      'command "/aesc" > option "plant" > option "name": description has 101 characters, expected 1-100',
      `command "/aesc" > option "plant" > option "region" > choice 3 "${'n'.repeat(101)}": name has 101 characters, expected 1-100`,
      `command "/aesc" > option "plant" > option "region" > choice 3 "${'n'.repeat(101)}": value has 101 characters, the limit is 100`,
    ]);
  });

  it('rejects more than 25 options and more than 25 choices', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({
      type: ApplicationCommandOptionType.String as const,
      name: `o${i}`,
      description: 'option',
    }));
    expect(problems({ name: 'x', description: 'x', options: many })).toEqual([
      'command "/x": 26 options, the limit is 25',
    ]);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `${i}` }));
    expect(
      problems({
        name: 'x',
        description: 'x',
        options: [{ type: ApplicationCommandOptionType.String, name: 'o', description: 'o', choices }],
      }),
    ).toEqual(['command "/x" > option "o": 26 choices, the limit is 25']);
  });

  it('rejects required options after optional ones, mixing subcommands with options, and choices with autocomplete', () => {
    const found = problems({
      name: 'x',
      description: 'x',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'a', description: 'a' },
        { type: ApplicationCommandOptionType.String, name: 'b', description: 'b', required: true },
        {
          type: ApplicationCommandOptionType.String,
          name: 'c',
          description: 'c',
          autocomplete: true,
          choices: [{ name: 'one', value: '1' }],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: 'd', description: 'd' },
      ] as RESTPostAPIChatInputApplicationCommandsJSONBody['options'],
    });
    expect(found).toEqual([
      'command "/x": subcommands/groups cannot be mixed with plain options at the same level',
      'command "/x" > option "b": required options must come before optional ones',
      'command "/x" > option "c": cannot have both choices and autocomplete',
    ]);
  });

  it('rejects duplicate command names in a set', () => {
    expect(() => validateCommandDefinitions([base(), base()])).toThrow(/two commands share this name/);
  });
});

describe('Components V2 (flag 1 << 15)', () => {
  const V2 = MessageFlags.IsComponentsV2 as number;
  const text = (content: string) => ({ type: ComponentType.TextDisplay, content });
  const container = (components: unknown[]) => ({ type: ComponentType.Container, components });
  const v2 = (components: unknown[], extra: Record<string, unknown> = {}) =>
    ({ flags: V2, components, ...extra }) as unknown as APIInteractionResponseCallbackData;

  it('flags content and embeds, 4,000 characters of text in total, 40 components, section and gallery sizes', () => {
    const issues = checkMessageLimits(
      v2(
        [
          container([text('a'.repeat(2500)), text('b'.repeat(1600))]),
          { type: ComponentType.Section, components: [text('x'), text('y'), text('z'), text('w')] },
          {
            type: ComponentType.MediaGallery,
            items: Array.from({ length: 11 }, () => ({ media: { url: 'attachment://m.png' } })),
          },
          ...Array.from({ length: 32 }, () => ({ type: ComponentType.Separator })),
        ],
        { content: 'not allowed', embeds: [{ title: 'no' }] },
      ),
    );
    const messages = issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'content: a Components V2 message cannot carry content',
        'embeds: a Components V2 message cannot carry embeds',
        'components: 41 components, the limit is 40',
        'components: 4104 characters of text displays, the limit is 4000',
        'components[1]: 4 text displays in a section, expected 1-3',
        'components[1]: a section needs an accessory (thumbnail or button)',
        'components[2]: 11 gallery items, expected 1-10',
      ]),
    );
  });

  it('accepts a card exactly at the limits, and the fast path leaves it untouched', () => {
    const card = v2([
      container([
        text('a'.repeat(1000)),
        {
          type: ComponentType.Section,
          components: [text('b'.repeat(1000)), text('c'.repeat(1000))],
          accessory: {
            type: ComponentType.Thumbnail,
            media: { url: 'attachment://t.png' },
            description: 'd'.repeat(1024),
          },
        },
        text('\u{1F600}'.repeat(1000)), // 1,000 code points, 2,000 UTF-16 units
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'x'.repeat(100), label: 'Next' },
          ],
        },
      ]),
      ...Array.from({ length: 31 }, () => ({ type: ComponentType.Separator })),
    ]);
    expect(checkMessageLimits(card)).toEqual([]);
    const { notes, onNote } = collect();
    const out = enforceMessageLimits(card, onNote);
    expect(notes).toEqual([]);
    expect(out.components).toEqual(card.components);
  });

  it('enforce cuts the text total from the end, drops content/embeds, and brings 60 components to 40', () => {
    const input = v2(
      [
        container([text('a'.repeat(3000)), text('b'.repeat(3000)), text('c'.repeat(100))]),
        ...Array.from({ length: 60 }, () => ({ type: ComponentType.Separator })),
      ],
      { content: 'x' },
    );
    const { notes, onNote } = collect();
    const out = enforceMessageLimits(input, onNote);
    expect(checkMessageLimits(out)).toEqual([]);
    expect(out.content).toBeUndefined();
    const first = (out.components ?? [])[0] as unknown as { components: { content: string }[] };
    expect(first.components[0]?.content).toBe('a'.repeat(3000));
    expect(first.components[1]?.content.endsWith(ELLIPSIS)).toBe(true);
    expect(first.components).toHaveLength(2); // the third text no longer fits
    expect(notes.map((n) => n.path)).toEqual(
      expect.arrayContaining(['content', 'components[0].components[1]', 'components[0].components[2]', 'components']),
    );
    expect(input.content).toBe('x'); // the input is not mutated
  });

  it('enforce drops components that cannot be sent and keeps the rest valid', () => {
    const out = enforceMessageLimits(
      v2([
        container([]),
        {
          type: ComponentType.Section,
          components: [text('kept alone')],
          accessory: { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'y'.repeat(101), label: 'x' },
        },
        {
          type: ComponentType.MediaGallery,
          items: Array.from({ length: 12 }, (_, i) => ({
            media: { url: `attachment://${i}.png` },
            description: 'e'.repeat(2000),
          })),
        },
        { type: ComponentType.Container, accent_color: 0x1000000, components: [text('t')] },
      ]),
    );
    expect(checkMessageLimits(out)).toEqual([]);
    const types = (out.components ?? []).map((c) => c.type);
    expect(types).toEqual([ComponentType.TextDisplay, ComponentType.MediaGallery, ComponentType.Container]);
    const gallery = out.components?.[1] as unknown as { items: { description: string }[] };
    expect(gallery.items).toHaveLength(10);
    expect(discordLength(gallery.items[0]?.description ?? '')).toBeLessThanOrEqual(1024);
  });
});
