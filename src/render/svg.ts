// Small helpers for writing SVG by hand: escaping, numbers, text. The pictures are plain SVG strings that resvg
// turns into PNG; no DOM.

/** Text for SVG content or an attribute value. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A coordinate with at most one decimal: smaller SVG, same pixels. */
export function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * The font families text is set in: `latin` for everything, or, when `cjk` is given, `cjk` for each text that has
 * CJK characters. resvg re-reads a font file for every glyph it draws, so a 6 MB CJK font costs about ten times as
 * much per glyph as the Latin one: texts without CJK characters (numbers, names, units) stay in the Latin font.
 * (Mixing both in one text with <tspan>s costs more still: resvg then searches every font for each character.)
 */
export interface Families {
  latin: string;
  cjk?: string;
}

const CJK_CHAR = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

export interface TextOptions {
  size: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'normal' | 'bold';
  fill?: string;
  family: string | Families;
  /** White outline behind the letters so text stays readable over lines and shapes. */
  halo?: boolean;
}

export function text(x: number, y: number, content: string, o: TextOptions): string {
  const families = typeof o.family === 'string' ? { latin: o.family } : o.family;
  const family = families.cjk !== undefined && CJK_CHAR.test(content) ? families.cjk : families.latin;
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-family="${esc(family)}"`,
    `font-size="${o.size}"`,
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
    o.weight === 'bold' ? 'font-weight="bold"' : '',
    `fill="${o.fill ?? '#1b1f24'}"`,
    o.halo ? 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' : '',
  ].filter((a) => a !== '');
  return `<text ${attrs.join(' ')}>${esc(content)}</text>`;
}

/** Rough width of a line of text in a sans font (average glyph about 0.6 em): for layout, not for measuring. */
export function approxWidth(content: string, size: number): number {
  let w = 0;
  for (const ch of content) w += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\uffef]/.test(ch) ? 1 : 0.6;
  return w * size;
}

/** Cut a line to about `width` pixels, ending in "…". */
export function fitText(content: string, size: number, width: number): string {
  if (approxWidth(content, size) <= width) return content;
  const chars = [...content];
  while (chars.length > 1 && approxWidth(`${chars.join('')}…`, size) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

export function svgDocument(width: number, height: number, body: string, background = '#ffffff'): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="${background}"/>${body}</svg>`;
}
