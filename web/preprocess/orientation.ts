/**
 * EXIF orientation for the reduced JPEG decode (jpegDraft.ts): libjpeg returns pixels as stored, while the browser
 * (createImageBitmap 'from-image') and the recipe (Pillow's exif_transpose) turn them upright. Hand-written: one tag
 * read synchronously on the worker's hot path, where an EXIF library would parse (and ship) far more.
 */
import type { Rgb } from './pixels';

const u16 = (b: Uint8Array, at: number, le: boolean) => (le ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1]);
const u32 = (b: Uint8Array, at: number, le: boolean) =>
  le ? u16(b, at + 2, true) * 65536 + u16(b, at, true) : u16(b, at, false) * 65536 + u16(b, at + 2, false);

/** The JPEG's EXIF orientation, 1..8, from the first APP1 Exif segment's IFD0; 1 when absent or invalid (as Pillow). */
export function exifOrientation(b: Uint8Array): number {
  let at = 2; // after SOI
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1];
    if (marker === 0xda || marker === 0xd9) break; // image data: no metadata after it
    const len = (b[at + 2] << 8) | b[at + 3];
    const seg = at + 4;
    const isExif = marker === 0xe1 && len >= 16 && String.fromCharCode(...b.subarray(seg, seg + 4)) === 'Exif';
    if (isExif && seg + len - 2 <= b.length) {
      const tiff = seg + 6;
      const le = b[tiff] === 0x49; // "II": little-endian, "MM": big-endian
      const ifd = tiff + u32(b, tiff + 4, le);
      if (ifd + 2 > b.length) return 1;
      const n = u16(b, ifd, le);
      for (let i = 0; i < n && ifd + 2 + 12 * (i + 1) <= b.length; i++) {
        const e = ifd + 2 + 12 * i;
        if (u16(b, e, le) !== 0x0112) continue;
        const o = u16(b, e + 8, le);
        return o >= 1 && o <= 8 ? o : 1;
      }
      return 1;
    }
    at = seg + len - 2;
  }
  return 1;
}

/**
 * `img` turned upright for EXIF orientation `o`, as Pillow's exif_transpose: 2 mirror, 3 rotate 180, 4 flip,
 * 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90 anticlockwise.
 */
export function orientRgb(img: Rgb, o: number): Rgb {
  if (o < 2 || o > 8) return img;
  const { width: W, height: H, data } = img;
  const swap = o >= 5;
  const w = swap ? H : W;
  const h = swap ? W : H;
  const out = new Uint8Array(w * h * 3);
  // source (sx, sy) of output (x, y), for orientations 2..8
  type From = (x: number, y: number) => [number, number];
  const table: From[] = [
    (x, y) => [W - 1 - x, y],
    (x, y) => [W - 1 - x, H - 1 - y],
    (x, y) => [x, H - 1 - y],
    (x, y) => [y, x],
    (x, y) => [y, H - 1 - x],
    (x, y) => [W - 1 - y, H - 1 - x],
    (x, y) => [W - 1 - y, x],
  ];
  const from = table[o - 2];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [sx, sy] = from(x, y);
      const s = 3 * (sy * W + sx);
      const d = 3 * (y * w + x);
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
  return { data: out, width: w, height: h };
}
