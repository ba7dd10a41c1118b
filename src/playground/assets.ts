// The page's files, served by the bot itself: no asset comes from the internet. The script is one bundle made at
// startup with esbuild from `src/playground/public/app.js` and the libraries it imports from node_modules
// (@skyra/discord-components-core's web components, lit, discord-markdown-parser), kept in memory.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../util/project-root.js';

export interface Asset {
  body: Buffer;
  type: string;
}

export interface PlaygroundAssets {
  /** The HTML page. */
  page(): string;
  /** An asset under /assets/, undefined when there is none of that name. */
  asset(name: string): Promise<Asset | undefined>;
  /** Resolves once the bundle is built; rejects with the reason it could not be. */
  ready: Promise<void>;
}

export class AssetError extends Error {}

export function publicDir(): string {
  return join(projectRoot(), 'src', 'playground', 'public');
}

async function bundle(dir: string): Promise<Buffer> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new AssetError(
      'The playground page is bundled with esbuild, a dev dependency: install the dependencies with `npm ci` (without --omit=dev).',
    );
  }
  const result = await esbuild.build({
    entryPoints: [join(dir, 'app.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    absWorkingDir: projectRoot(),
  });
  const out = result.outputFiles[0];
  if (!out) throw new AssetError('esbuild produced no output for the playground page.');
  return Buffer.from(out.contents);
}

export function createAssets(): PlaygroundAssets {
  const dir = publicDir();
  let html = '';
  const files = new Map<string, Asset>();
  const ready = (async () => {
    const [page, css, script] = await Promise.all([
      readFile(join(dir, 'index.html'), 'utf8'),
      readFile(join(dir, 'style.css')),
      bundle(dir),
    ]);
    html = page;
    files.set('style.css', { body: css, type: 'text/css; charset=utf-8' });
    files.set('app.js', { body: script, type: 'text/javascript; charset=utf-8' });
  })();
  // Callers await `ready`; this only keeps an early failure from being an unhandled rejection.
  ready.catch(() => undefined);
  return {
    ready,
    page: () => html,
    async asset(name) {
      await ready;
      return files.get(name);
    },
  };
}
