// The text a reader sees in a reply payload (message content, embeds, Components V2 text, buttons, select menus,
// attachments' alt text), and the English labels of the catalogue, for the "no English left in a ja reply" checks.
import en from '../../src/i18n/messages/en.json' with { type: 'json' };

/** Every visible string of a payload (a handler's `data` or a callback's `data`). */
export function visibleTexts(data: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string') {
      if (VISIBLE_KEYS.has(key)) out.push(node);
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) walk(item, key);
      return;
    }
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) if (k !== 'custom_id' && k !== 'url') walk(v, k);
    }
  };
  walk(data, '');
  return out;
}

const VISIBLE_KEYS = new Set(['content', 'title', 'description', 'name', 'value', 'text', 'label', 'placeholder']);

/** The text without what is verbatim source text: quoted lines ("> …") and text in double quotes. */
export function withoutQuotes(text: string): string {
  return (
    text
      .split('\n')
      .filter((line) => !/^(-# )?> /.test(line))
      .join('\n')
      // Command mentions and command names are names: </aesc plants:123>, **/aesc plants**, `/aesc x`.
      .replace(/<\/[\w -]+:\d+>/g, '')
      .replace(/\/aesc(-daily)?( [\w-]+)?/g, '')
      .replace(/"[^"\n]*"/g, '')
      .replace(/“[^”\n]*”/g, '')
  );
}

/** Catalogue entries that are proper names or the same in every language (not labels to check). */
const NOT_LABELS = [/^language\./, /^region\./, /^source\./, /^list\./, /^date\.(year|month|day|circa|by)$/];

/**
 * The English labels of the catalogue: each value's fragments between placeholders and markdown, that have a word of
 * four or more letters (a fragment like " · " or "(" is no label).
 */
export function englishLabels(): string[] {
  const labels = new Set<string>();
  for (const [key, value] of Object.entries(en as Record<string, string>)) {
    if (NOT_LABELS.some((re) => re.test(key))) continue;
    for (const part of value.split(/\{\w+\}|\*\*|`|[—·:()]/)) {
      const fragment = part.trim().replace(/[.,;…]+$/, '');
      // An acronym alone (JSON, AESC) or a time zone (Europe/London) is a name, not a label.
      if (/[A-Za-z]{4,}/.test(fragment) && !/^[A-Z]+$/.test(fragment) && !/^[A-Z][a-z]+\/[A-Za-z_]+$/.test(fragment))
        labels.add(fragment);
    }
  }
  return [...labels];
}

/**
 * The English labels found in a reply's visible text (quotes excluded). `ignoreCode` also leaves out inline code
 * (`/aesc-daily set time:09:00`, `mon-fri`): typed syntax that stays the same in every language.
 */
export function englishLeft(data: unknown, labels = englishLabels(), opts: { ignoreCode?: boolean } = {}): string[] {
  const joined = visibleTexts(data).join('\n');
  const text = withoutQuotes(opts.ignoreCode ? joined.replace(/`[^`\n]*`/g, '') : joined);
  return labels.filter((label) => new RegExp(`(^|[^A-Za-z])${escapeRegExp(label)}($|[^A-Za-z])`).test(text));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- issue 13, the last English: words that came from outside the catalogue (test/i18n/leftovers.test.ts) ----

/**
 * English that reached ja replies from outside the catalogue before issue 13's last fixes: Discord's error messages,
 * V8's JSON parser, zod's type names and our schema's own refinements, a download's error. Checked besides the
 * catalogue's labels (englishLabels).
 */
export const LEFTOVER_WORDS = [
  'Missing Access',
  'Missing Permissions',
  'Unknown Channel',
  'Internal Server Error',
  'Invalid Form Body',
  'Request entity too large',
  'Not Found',
  'Unexpected',
  'Expected',
  'JSON at position',
  'is not valid JSON',
  'end of JSON input',
  'must be',
  'needs at least one day',
  'Discord id',
  'time zone',
  'string',
  'number',
  'boolean',
  'object',
  'array',
  'undefined',
  'null',
  'fetch failed',
  'download',
  'logged in',
];
