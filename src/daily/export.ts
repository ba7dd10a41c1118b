// `/aesc-daily export` / `import` (issue 12 section 4): a server's daily post settings as a versioned JSON file.
// The file is deterministic (no timestamps, fixed key order), so export → import → export gives the same bytes.
// Import validates with zod; every problem names the field. Channel, role and tag ids are checked against the server
// by the import handler (they need Discord), not here.
import { z } from 'zod';
import { type Lang, SOURCE_LANG } from '../i18n/catalogue.js';
import { zodErrorsIn } from '../i18n/zod-errors.js';

import type { DailySetting } from './settings.js';
import { EVERY_DAY, type Subscription } from './store.js';
import { canonicalTimeZone, formatWallTime, parseWallTime } from './time.js';

export const EXPORT_FORMAT = 'aesc-bot/daily-settings';
export const EXPORT_VERSION = 1;
/** Largest import file accepted (an export is about 400 bytes). */
export const MAX_IMPORT_BYTES = 16 * 1024;

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const CHANNEL_TYPES = [0, 5, 10, 11, 12, 15, 16] as const;

/** Version 1 of the file. Unknown keys are refused, so a typo never silently drops a setting. */
export const dailyExportV1 = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  guildId: snowflake,
  setting: z.strictObject({
    enabled: z.boolean(),
    channelId: snowflake,
    channelType: z.union(CHANNEL_TYPES.map((t) => z.literal(t))),
    time: z.string().refine((t) => parseWallTime(t) !== null, 'must be a 24-hour time HH:MM'),
    timezone: z
      .string()
      .max(64)
      .refine((t) => canonicalTimeZone(t) !== null, 'must be an IANA time zone such as Europe/London'),
    roleId: snowflake.nullable(),
    days: z.array(z.enum(DAY_KEYS)).min(1, 'needs at least one day').max(7),
    publish: z.boolean(),
    tagId: snowflake.nullable(),
  }),
});

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
      /** In English. */
      message: string;
      problem?: ImportProblem;
      params?: Record<string, string | number>;
    };

/** Check an uploaded file: size, UTF-8 JSON, format and version, then every field. Never throws. */
/** Reads an exported file. `lang` words zod's field problems in the admin's language (English by default). */
export function parseImport(bytes: Uint8Array, lang: Lang = SOURCE_LANG): ParseImportResult {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      message: `The file is ${bytes.byteLength} bytes; an export is at most ${MAX_IMPORT_BYTES}.`,
      problem: 'size',
      params: { bytes: bytes.byteLength, max: MAX_IMPORT_BYTES },
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return {
      ok: false,
      message: 'The file is not text (UTF-8). Upload the JSON file made by `/aesc-daily export`.',
      problem: 'encoding',
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      message: `The file is not valid JSON (${(err as Error).message.slice(0, 120)}). Upload the file made by \`/aesc-daily export\`.`,
      problem: 'json',
      params: { why: (err as Error).message.slice(0, 120) },
    };
  }
  const head = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== EXPORT_FORMAT) {
    return {
      ok: false,
      message: `This is not an export of \`/aesc-daily\` (its \`format\` is not "${EXPORT_FORMAT}").`,
      problem: 'format',
      params: { format: EXPORT_FORMAT },
    };
  }
  if (head.data.version !== EXPORT_VERSION) {
    return {
      ok: false,
      message: `The file is version ${JSON.stringify(head.data.version).slice(0, 20)}; this bot reads version ${EXPORT_VERSION}.`,
      problem: 'version',
      params: { version: String(JSON.stringify(head.data.version)).slice(0, 20), supported: EXPORT_VERSION },
    };
  }
  const parsed = dailyExportV1.safeParse(json, zodErrorsIn(lang));
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 5)
      .map((i) => `- \`${i.path.join('.') || '(file)'}\`: ${i.message}`.slice(0, 200));
    return {
      ok: false,
      message: `The file has ${parsed.error.issues.length} problem(s):\n${lines.join('\n')}`,
      problem: 'fields',
      params: { count: parsed.error.issues.length, lines: lines.join('\n') },
    };
  }
  const s = parsed.data.setting;
  const time = parseWallTime(s.time);
  const timezone = canonicalTimeZone(s.timezone);
  if (!time || !timezone)
    return { ok: false, message: 'The file has an invalid time or time zone.', problem: 'timeOrZone' };
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
