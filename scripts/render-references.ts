// Regenerates the reference pictures the render tests compare against: `npm run render-references`.
// Run it on purpose, after a change to the drawing, and look at the new PNGs before committing them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fontCatalog, missingFontMessage } from '../src/render/index.js';
import { pictureCases, REFERENCE_DIR } from '../test/render/cases.js';

if (fontCatalog().latin === null) {
  console.error(`render-references: ${missingFontMessage()}`);
  process.exit(1);
}
mkdirSync(REFERENCE_DIR, { recursive: true });
for (const c of pictureCases()) {
  const picture = c.render();
  if (picture === null) {
    console.error(`render-references: ${c.file}: no picture was made`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(join(REFERENCE_DIR, c.file), picture.data);
  console.log(`${c.file}: ${picture.width}×${picture.height}, ${(picture.data.byteLength / 1024).toFixed(1)} KB`);
}
