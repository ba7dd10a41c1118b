// `/aesc-daily export` / `import` (issue 12 section 4): a server's daily post settings as a versioned JSON file.
// The file is deterministic (no timestamps, fixed key order), so export → import → export gives the same bytes.
// Import validates with zod; every problem names the field. Channel, role and tag ids are checked against the server
// by the import handler (they need Discord), not here.
import { z } from 'zod';
import { type Lang, SOURCE_LANG, t } from '../i18n/catalogue.js';
import { zodErrorsIn } from '../i18n/zod-errors.js';

import type { DailySetting } from './settings.js';
import { EVERY_DAY, type Subscription } from './store.js';
import { canonicalTimeZone, formatWallTime, parseWallTime } from './time.js';

export const EXPORT_FORMAT = 'aesc-bot/daily-settings';
export const EXPORT_VERSION = 1;
/** Largest import file accepted (an export is about 400 bytes). */
export const MAX_IMPORT_BYTES = 16 * 1024;

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const CHANNEL_TYPES = [0, 5, 10, 11, 12, 15, 16] as const;

/**
 * Version 1 of the file, with our own field messages (`daily.importFile.field.*`) in `lang`. Unknown keys are refused,
 * so a typo never silently drops a setting. A schema's own message wins over zod's per-parse locale, so each language
 * gets its own schema (built once).
 */
function exportSchema(lang: Lang) {
  const snowflake = z.string().regex(/^\d{17,20}$/, t(lang, 'daily.importFile.field.snowflake'));
  return z.strictObject({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    guildId: snowflake,
    setting: z.strictObject({
      enabled: z.boolean(),
      channelId: snowflake,
      channelType: z.union(CHANNEL_TYPES.map((t) => z.literal(t))),
      time: z.string().refine((t) => parseWallTime(t) !== null, t(lang, 'daily.importFile.field.time')),
      timezone: z
        .string()
        .max(64)
        .refine((t) => canonicalTimeZone(t) !== null, t(lang, 'daily.importFile.field.timezone')),
      roleId: snowflake.nullable(),
      days: z.array(z.enum(DAY_KEYS)).min(1, t(lang, 'daily.importFile.field.days')).max(7),
      publish: z.boolean(),
      tagId: snowflake.nullable(),
    }),
  });
}

/** Version 1 of the file, with English messages. */
export const dailyExportV1 = exportSchema(SOURCE_LANG);

const schemas = new Map<Lang, typeof dailyExportV1>([[SOURCE_LANG, dailyExportV1]]);

function schemaIn(lang: Lang): typeof dailyExportV1 {
  let schema = schemas.get(lang);
  if (!schema) {
    schema = exportSchema(lang);
    schemas.set(lang, schema);
  }
  return schema;
}

export type DailyExport = z.infer<typeof dailyExportV1>;

export interface ImportedSetting {
  guildId: string;
  enabled: boolean;
  setting: DailySetting;
}

function daysOf(weekdays: number): (typeof DAY_KEYS)[number][] {
  return DAY_KEYS.filter((_, i) => (weekdays & (1 << i)) !== 0);
}

function maskOf(days: readonly (typeof DAY_KEYS)[number][]): number {
  let mask = 0;
  for (const d of days) mask |= 1 << DAY_KEYS.indexOf(d);
  return mask === 0 ? EVERY_DAY : mask;
}

/** The export object of a subscription. */
export function toExport(sub: Subscription): DailyExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    guildId: sub.guildId,
    setting: {
      enabled: sub.enabled,
      channelId: sub.channelId,
      channelType: (CHANNEL_TYPES as readonly number[]).includes(sub.channelType)
        ? (sub.channelType as DailyExport['setting']['channelType'])
        : 0,
      time: sub.time,
      timezone: sub.timezone,
      roleId: sub.roleId,
      days: daysOf(sub.weekdays),
      publish: sub.publish,
      tagId: sub.tagId,
    },
  };
}

/** The file's bytes: pretty JSON with a final newline, keys in schema order. */
export function serializeExport(data: DailyExport): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`);
}

export function exportFileName(guildId: string): string {
  return `aesc-daily-${guildId}.json`;
}

/** What is wrong with a file, for a reply in the admin's language (catalogue `daily.importFile.<problem>`). */
export type ImportProblem = 'size' | 'encoding' | 'json' | 'format' | 'version' | 'fields' | 'timeOrZone';

export type ParseImportResult =
  | { ok: true; value: ImportedSetting }
  | {
      ok: false;
      /** In English (for logs and English replies; a `fields` problem lists zod's lines in the language asked for). */
      message: string;
      /** In the language `parseImport` was asked for (the same as `message` for English). */
      text: string;
      problem?: ImportProblem;
      params?: Record<string, string | number>;
    };

/**
 * Where V8's JSON.parse stopped, from its message: line and column (1-based), and whether that is the end of the
 * text (the file stops too early); null when the message does not say.
 */
export function jsonErrorPosition(text: string, err: unknown): { line: number; column: number; end: boolean } | null {
  const message = err instanceof Error ? err.message : '';
  // "… in JSON at position 12" (Node 20, also "… (line 2 column 5)" in newer V8); "Unexpected end of JSON input".
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : null;
  if (offset === null || offset > text.length) {
    const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
    return lineColumn ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]), end: false } : null;
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n'), end: offset >= text.trimEnd().length };
}

/** The problem in `lang`: the catalogue's `daily.importFile.<problem>` (English: the message itself). */
function failure(
  lang: Lang,
  message: string,
  problem: ImportProblem,
  params?: Record<string, string | number>,
): Extract<ParseImportResult, { ok: false }> {
  const text = lang === SOURCE_LANG ? message : t(lang, `daily.importFile.${problem}`, params);
  return { ok: false, message, text, problem, ...(params ? { params } : {}) };
}

/**
 * Checks an uploaded file: size, UTF-8 JSON, format and version, then every field. Never throws. `text` says the
 * problem in `lang` (zod's own messages too, through its locale; ours through the catalogue); `message` in English.
 */
export function parseImport(bytes: Uint8Array, lang: Lang = SOURCE_LANG): ParseImportResult {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return failure(lang, `The file is ${bytes.byteLength} bytes; an export is at most ${MAX_IMPORT_BYTES}.`, 'size', {
      bytes: bytes.byteLength,
      max: MAX_IMPORT_BYTES,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return failure(
      lang,
      'The file is not text (UTF-8). Upload the JSON file made by `/aesc-daily export`.',
      'encoding',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // English keeps V8's description; other languages say where, in their own words (never V8's English).
    const why = (err as Error).message.slice(0, 120);
    const message = `The file is not valid JSON (${why}). Upload the file made by \`/aesc-daily export\`.`;
    const at = jsonErrorPosition(text, err);
    const localized =
      at === null
        ? t(lang, 'daily.importFile.jsonBad')
        : at.end
          ? t(lang, 'daily.importFile.jsonEnd')
          : t(lang, 'daily.importFile.jsonAt', { line: at.line, column: at.column });
    return {
      ok: false,
      message,
      text: lang === SOURCE_LANG ? message : localized,
      problem: 'json',
      params: { why, ...(at ? { line: at.line, column: at.column } : {}) },
    };
  }
  const head = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== EXPORT_FORMAT) {
    return failure(
      lang,
      `This is not an export of \`/aesc-daily\` (its \`format\` is not "${EXPORT_FORMAT}").`,
      'format',
      { format: EXPORT_FORMAT },
    );
  }
  if (head.data.version !== EXPORT_VERSION) {
    const version = String(JSON.stringify(head.data.version)).slice(0, 20);
    return failure(lang, `The file is version ${version}; this bot reads version ${EXPORT_VERSION}.`, 'version', {
      version,
      supported: EXPORT_VERSION,
    });
  }
  const parsed = schemaIn(lang).safeParse(json, zodErrorsIn(lang));
  if (!parsed.success) {
    const whole = t(lang, 'daily.importFile.wholeFile');
    const lines = parsed.error.issues
      .slice(0, 5)
      .map((i) => `- \`${i.path.join('.') || whole}\`: ${i.message}`.slice(0, 200));
    const count = parsed.error.issues.length;
    return failure(lang, `The file has ${count} problem(s):\n${lines.join('\n')}`, 'fields', {
      count,
      lines: lines.join('\n'),
    });
  }
  const s = parsed.data.setting;
  const time = parseWallTime(s.time);
  const timezone = canonicalTimeZone(s.timezone);
  if (!time || !timezone) return failure(lang, 'The file has an invalid time or time zone.', 'timeOrZone');
  return {
    ok: true,
    value: {
      guildId: parsed.data.guildId,
      enabled: s.enabled,
      setting: {
        channelId: s.channelId,
        channelType: s.channelType,
        time: formatWallTime(time),
        timezone,
        roleId: s.roleId,
        weekdays: maskOf(s.days),
        publish: s.publish,
        tagId: s.tagId,
      },
    },
  };
}
