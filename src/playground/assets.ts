// The page's files, served by the bot itself: no asset comes from the internet. The script is one bundle made at
// startup with esbuild from `src/playground/public/app.js` and the libraries it imports from node_modules
// (@skyra/discord-components-core's web components, lit, discord-markdown-parser), kept in memory and cached in
// dist/playground/ until one of its input files changes (a start then takes about 0.8 s less).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../util/project-root.js';

export interface Asset {
  body: Buffer;
  /** The same bytes gzipped, for clients that accept it. */
  gzip: Buffer;
  type: string;
}

function asset(body: Buffer, type: string): Asset {
  return { body, gzip: gzipSync(body), type };
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

/** Where the last bundle is kept (dist/ is build output and git-ignored), with what it was made from. */
function cacheDir(): string {
  return join(projectRoot(), 'dist', 'playground');
}

interface BundleManifest {
  esbuild: string;
  /** Every input file of the bundle (relative to the project) with its size and modification time. */
  inputs: Record<string, [size: number, mtimeMs: number]>;
}

/** The cached bundle when none of its inputs changed since it was made; otherwise undefined. */
async function cachedBundle(): Promise<Buffer | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(cacheDir(), 'manifest.json'), 'utf8')) as BundleManifest;
    const root = projectRoot();
    const checks = await Promise.all(
      Object.entries(manifest.inputs).map(async ([file, [size, mtime]]) => {
        const st = await stat(join(root, file));
        return st.size === size && st.mtimeMs === mtime;
      }),
    );
    if (checks.length === 0 || !checks.every(Boolean)) return undefined;
    return await readFile(join(cacheDir(), 'app.js'));
  } catch {
    return undefined;
  }
}

async function bundle(dir: string): Promise<Buffer> {
  const cached = await cachedBundle();
  if (cached) return cached;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new AssetError(
      'The playground page is bundled with esbuild, a dev dependency: install the dependencies with `npm ci` (without --omit=dev).',
    );
  }
  const root = projectRoot();
  const result = await esbuild.build({
    entryPoints: [join(dir, 'app.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: root,
  });
  const out = result.outputFiles[0];
  if (!out) throw new AssetError('esbuild produced no output for the playground page.');
  const body = Buffer.from(out.contents);
  // Keep it for the next start; a read-only checkout just bundles again.
  try {
    const inputs: BundleManifest['inputs'] = {};
    await Promise.all(
      Object.keys(result.metafile.inputs).map(async (file) => {
        const st = await stat(join(root, file));
        inputs[file] = [st.size, st.mtimeMs];
      }),
    );
    await mkdir(cacheDir(), { recursive: true });
    await writeFile(join(cacheDir(), 'app.js'), body);
    await writeFile(join(cacheDir(), 'manifest.json'), JSON.stringify({ esbuild: esbuild.version, inputs }));
  } catch {
    // no cache then
  }
  return body;
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
    files.set('style.css', asset(css, 'text/css; charset=utf-8'));
    files.set('app.js', asset(script, 'text/javascript; charset=utf-8'));
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
