// Decoding and comparing PNGs for the picture tests (pngjs: resvg renders but does not decode).
import { PNG } from 'pngjs';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8Array;
}

export function decodePng(png: Uint8Array): DecodedPng {
  const img = PNG.sync.read(Buffer.from(png));
  return { width: img.width, height: img.height, data: img.data };
}

/**
 * The fraction of pixels in which some channel differs by more than `threshold` (0-255). The threshold ignores the
 * faint edge differences a different rasteriser version may give; a moved bar, a changed label or another colour
 * still counts. Pictures of different sizes differ everywhere (1).
 */
export function differingFraction(a: DecodedPng, b: DecodedPng, threshold = 48): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)) > threshold) {
        differing++;
        break;
      }
    }
  }
  return differing / (a.width * a.height);
}

/** Pixels darker than mid-grey inside a rectangle: "is there ink here". */
export function inkIn(img: DecodedPng, x0: number, y0: number, x1: number, y1: number): number {
  let ink = 0;
  for (let y = y0; y < Math.min(y1, img.height); y++) {
    for (let x = x0; x < Math.min(x1, img.width); x++) {
      const i = (y * img.width + x) * 4;
      const lum = ((img.data[i] ?? 255) + (img.data[i + 1] ?? 255) + (img.data[i + 2] ?? 255)) / 3;
      if (lum < 128) ink++;
    }
  }
  return ink;
}
