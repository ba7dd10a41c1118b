// Shared by the fact tests: copies of the real data/ to break one thing at a time.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DataError, defaultDataDir, loadDataFiles } from '../../src/facts/load.js';
import type { DataFileName } from '../../src/facts/schema.js';

export const DATA_DIR = defaultDataDir();

const made: string[] = [];

/** A fresh copy of data/ (with data/schema/) in a temp folder; removed by `removeDataCopies`. */
export function copyData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aesc-facts-'));
  cpSync(DATA_DIR, dir, { recursive: true });
  made.push(dir);
  return dir;
}

export function removeDataCopies(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The parsed JSON of a data file, untyped on purpose: the tests write things the schema forbids. */
// biome-ignore lint/suspicious/noExplicitAny: broken records are the point of these tests
export type Json = any;

export function readJson(dir: string, file: DataFileName): Json {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

/** Edits one data file of a copy in place. */
export function editJson(dir: string, file: DataFileName, edit: (doc: Json) => void): void {
  const doc = readJson(dir, file);
  edit(doc);
  writeFileSync(join(dir, file), `${JSON.stringify(doc, null, 2)}\n`);
}

/** Loads `dir`, expects a DataError, and returns its problem lines. */
export function loadProblems(dir: string): string[] {
  let error: unknown;
  try {
    loadDataFiles(dir);
  } catch (e) {
    error = e;
  }
  expect(error, 'the broken data should not load').toBeInstanceOf(DataError);
  return (error as DataError).problems;
}

/** Index of the record with this id in a parsed array (fails the test when absent). */
export function indexOfId(records: readonly { id: string }[], id: string): number {
  const i = records.findIndex((r) => r.id === id);
  expect(i, `record "${id}" should exist in the real data`).toBeGreaterThanOrEqual(0);
  return i;
}
