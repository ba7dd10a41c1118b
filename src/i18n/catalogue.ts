// The message catalogue: every label, button and error the bot writes, per language. English (messages/en.json) is
// the source and defines the keys: `t(lang, 'a.key')` with a key that English lacks fails the typecheck, and
// test/i18n/catalogue.test.ts fails when another catalogue lacks a key or keeps one English no longer has.
//
// A language is data: messages/<lang>.json here plus data/i18n/<lang>.json for the facts. Both are found by file
// name at start, validated with zod, and served from memory; nothing in the code lists the languages.
//
// Why our own ~80 lines and not i18next: typed keys from the English file with no declaration merging, no async
// init, and a lookup that is one Map read (bench/i18n.ts measures ja against en-US per reply).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../util/project-root.js';
import type en from './messages/en.json';

export type MessageKey = keyof typeof en;
/** A language code the bot may answer in: `en`, `ja`, … (one per catalogue file). */
export type Lang = string;
export type Params = Readonly<Record<string, string | number>>;

export const SOURCE_LANG = 'en';

const Catalogue = z.record(z.string().regex(/^[a-z0-9]+(\.[A-Za-z0-9]+)*$/), z.string().min(1));

export class CatalogueError extends Error {}

function messagesDir(): string {
  return join(projectRoot(), 'src', 'i18n', 'messages');
}

/** Reads and validates every catalogue file. Errors name the file and the key. */
export function loadCatalogues(dir = messagesDir()): Map<Lang, ReadonlyMap<string, string>> {
  const out = new Map<Lang, ReadonlyMap<string, string>>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const lang = file.slice(0, -'.json'.length);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new CatalogueError(`${file}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = Catalogue.safeParse(json, { jitless: true }); // once, at start: the interpreter is faster than compiling
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CatalogueError(`${file}: key ${JSON.stringify(issue?.path.join('.'))}: ${issue?.message}`);
    }
    out.set(lang, new Map(Object.entries(parsed.data)));
  }
  if (!out.has(SOURCE_LANG)) throw new CatalogueError(`${dir}: no ${SOURCE_LANG}.json, the source catalogue`);
  return out;
}

let catalogues: Map<Lang, ReadonlyMap<string, string>> | undefined;

function all(): Map<Lang, ReadonlyMap<string, string>> {
  catalogues ??= loadCatalogues();
  return catalogues;
}

/** The languages with a catalogue, English first. */
export function languages(): Lang[] {
  return [SOURCE_LANG, ...[...all().keys()].filter((l) => l !== SOURCE_LANG).sort()];
}

/**
 * The language for a Discord locale (`en-US`, `en-GB`, `ja`, `zh-CN`, …): the catalogue for the full locale, else for
 * its language part, else English.
 */
export function langFor(locale: string | null | undefined): Lang {
  if (!locale) return SOURCE_LANG;
  const cats = all();
  if (cats.has(locale)) return locale;
  const base = locale.split('-')[0] ?? '';
  return cats.has(base) ? base : SOURCE_LANG;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The message `key` in `lang` (falling back to English), with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: MessageKey, params?: Params): string {
  const cats = all();
  const text = cats.get(lang)?.get(key) ?? cats.get(SOURCE_LANG)?.get(key) ?? key;
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
