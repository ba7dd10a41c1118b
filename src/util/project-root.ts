// Finds the project folder (the one holding package.json) from this module's own location, so paths such as
// data/ resolve the same way from src/ (vitest, tsx) and from dist/src/ (after `npm run build`).
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Absolute path of the nearest folder at or above this module that contains a package.json. */
export function projectRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (;;) {
    // dist/ is skipped: tsc copies package.json there when a module imports it (resolveJsonModule).
    if (basename(dir) !== 'dist' && existsSync(join(dir, 'package.json'))) {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json found in ${start} or any folder above it.`);
    dir = parent;
  }
}
