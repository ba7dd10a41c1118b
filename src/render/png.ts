// SVG -> PNG with resvg, loading only the given font files (never the system's list), so the same SVG and the
// same font files give the same pixels everywhere.
import { Resvg } from '@resvg/resvg-js';
import type { FontSet } from './fonts.js';

export interface RenderedPng {
  png: Uint8Array;
  width: number;
  height: number;
}

export function svgToPng(svg: string, fonts: FontSet): RenderedPng {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: fonts.files, defaultFontFamily: fonts.family },
    shapeRendering: 2,
    textRendering: 1,
  });
  const image = resvg.render();
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
