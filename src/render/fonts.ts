// The font files the renderer loads. resvg is given explicit files (never the system's whole font list), so a
// picture renders the same on every machine that has the same files. Looked up once, then cached.
//
// Latin text uses DejaVu Sans (Debian `fonts-dejavu-core`), else Liberation Sans or Noto Sans. Japanese (and other
// CJK) text needs a CJK font: IPAex Gothic (Debian `fonts-ipaexfont-gothic`, one face, about 11 ms to load) is
// preferred over Noto Sans CJK (`fonts-noto-cjk`, a 19 MB collection that costs about 90 ms to load per render).
// AESC_FONT_DIRS (folders separated by ":") replaces the folders searched, e.g. to pin the fonts to a folder of
// the deployment's own.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface FontSet {
  /** Font files to load, regular first. */
  files: string[];
  /** The family name the SVG asks for. */
  family: string;
  /** When set, texts with CJK characters are set in this family (its files are in `files` too). */
  cjkFamily?: string;
}

interface FontCandidate {
  file: string;
  bold?: string;
  family: string;
}

const LATIN: readonly FontCandidate[] = [
  { file: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', family: 'DejaVu Sans' },
  { file: 'LiberationSans-Regular.ttf', bold: 'LiberationSans-Bold.ttf', family: 'Liberation Sans' },
  { file: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf', family: 'Noto Sans' },
];

const CJK: readonly FontCandidate[] = [
  { file: 'ipaexg.ttf', family: 'IPAexGothic' },
  { file: 'ipag.ttf', family: 'IPAGothic' },
  { file: 'NotoSansCJKjp-Regular.otf', bold: 'NotoSansCJKjp-Bold.otf', family: 'Noto Sans CJK JP' },
  { file: 'NotoSansCJK-Regular.ttc', bold: 'NotoSansCJK-Bold.ttc', family: 'Noto Sans CJK JP' },
];

const DEFAULT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', '/usr/share/fonts-dejavu-core'];

export interface FontCatalog {
  latin: FontSet | null;
  cjk: FontSet | null;
  /** Where it looked, for the message when nothing usable was found. */
  searched: string[];
}

/** Every font file under the folders (depth-limited, unreadable folders skipped), by file name. */
function scan(dirs: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      if (/\.(ttf|otf|ttc)$/i.test(name)) {
        if (!found.has(name)) found.set(name, path);
      } else if (depth < 4) {
        try {
          if (statSync(path).isDirectory()) walk(path, depth + 1);
        } catch {
          // a dangling link or a folder we may not read: not a font
        }
      }
    }
  };
  for (const d of dirs) walk(d, 0);
  return found;
}

function pick(found: Map<string, string>, candidates: readonly FontCandidate[]): FontSet | null {
  for (const c of candidates) {
    const regular = found.get(c.file);
    if (regular === undefined) continue;
    const bold = c.bold === undefined ? undefined : found.get(c.bold);
    return { files: bold === undefined ? [regular] : [regular, bold], family: c.family };
  }
  return null;
}

/** Looks the fonts up in the given folders (tests use this with their own folders). */
export function findFonts(dirs: readonly string[]): FontCatalog {
  const found = scan(dirs);
  return { latin: pick(found, LATIN), cjk: pick(found, CJK), searched: [...dirs] };
}

let catalog: FontCatalog | undefined;

/** The machine's fonts, looked up once. */
export function fontCatalog(): FontCatalog {
  if (catalog === undefined) {
    const dirs = (process.env.AESC_FONT_DIRS ?? '').split(':').filter((d) => d.trim() !== '');
    catalog = findFonts(dirs.length > 0 ? dirs : DEFAULT_DIRS);
  }
  return catalog;
}

// CJK punctuation, kana, CJK ideographs, Hangul, compatibility ideographs and full-width forms.
const CJK_TEXT = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/**
 * The fonts for a picture whose text is `text`: the Latin font alone when it suffices (fast, and the reference
 * images do not depend on whether a CJK font is installed), the CJK font when the text needs one. Null when no
 * usable font exists; the caller then makes no picture.
 */
export function fontsFor(text: string, cat: FontCatalog = fontCatalog()): FontSet | null {
  if (!CJK_TEXT.test(text)) return cat.latin ?? cat.cjk;
  if (cat.cjk === null) return cat.latin;
  if (cat.latin === null) return cat.cjk;
  // Both: Latin texts in the Latin font, texts with CJK characters in the CJK font (see Families in svg.ts).
  return { files: [...cat.latin.files, ...cat.cjk.files], family: cat.latin.family, cjkFamily: cat.cjk.family };
}

/** One line naming what to install, for logs and skipped tests. */
export function missingFontMessage(cat: FontCatalog = fontCatalog()): string | null {
  if (cat.latin !== null && cat.cjk !== null) return null;
  const missing: string[] = [];
  if (cat.latin === null) missing.push('a Latin font (Debian: apt-get install fonts-dejavu-core)');
  if (cat.cjk === null) missing.push('a Japanese font (Debian: apt-get install fonts-ipaexfont-gothic)');
  return `No ${missing.join(' and no ')} found in ${cat.searched.join(', ')}`;
}
