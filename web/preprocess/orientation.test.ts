import { describe, expect, it } from 'vitest';
import { exifOrientation, orientRgb } from './orientation';
import type { Rgb } from './pixels';

/** A 3 × 2 image whose pixel at (x, y) is [10y + x, 0, 0]: a result reads as a grid of source positions. */
const img: Rgb = { data: Uint8Array.from([0, 1, 2, 10, 11, 12].flatMap((v) => [v, 0, 0])), width: 3, height: 2 };
const grid = (r: Rgb) =>
  Array.from({ length: r.height }, (_, y) => Array.from({ length: r.width }, (_, x) => r.data[3 * (y * r.width + x)]));

describe('orientRgb (Pillow exif_transpose)', () => {
  it('turns each of the 8 orientations upright', () => {
    // by hand from the EXIF definitions: the stored row 0 is the visual top (1), right (6), left (8), ...
    const want: Record<number, number[][]> = {
      1: [
        [0, 1, 2],
        [10, 11, 12],
      ],
      2: [
        [2, 1, 0],
        [12, 11, 10],
      ],
      3: [
        [12, 11, 10],
        [2, 1, 0],
      ],
      4: [
        [10, 11, 12],
        [0, 1, 2],
      ],
      5: [
        [0, 10],
        [1, 11],
        [2, 12],
      ],
      6: [
        [10, 0],
        [11, 1],
        [12, 2],
      ],
      7: [
        [12, 2],
        [11, 1],
        [10, 0],
      ],
      8: [
        [2, 12],
        [1, 11],
        [0, 10],
      ],
    };
    for (let o = 1; o <= 8; o++) expect(grid(orientRgb(img, o)), `orientation ${o}`).toEqual(want[o]);
  });
});

/** SOI, an APP0, then an APP1 Exif with one IFD0 entry (Orientation) in the given byte order, then SOS. */
function jpegWithOrientation(o: number, le: boolean): Uint8Array {
  const u16 = (v: number) => (le ? [v & 255, v >> 8] : [v >> 8, v & 255]);
  const u32 = (v: number) => (le ? [...u16(v & 0xffff), ...u16(v >>> 16)] : [...u16(v >>> 16), ...u16(v & 0xffff)]);
  const tiff = [...(le ? [0x49, 0x49] : [0x4d, 0x4d]), ...u16(42), ...u32(8), ...u16(2)];
  const entries = [
    ...u16(0x010f),
    ...u16(2),
    ...u32(1),
    ...u32(0),
    ...u16(0x0112),
    ...u16(3),
    ...u32(1),
    ...u16(o),
    0,
    0,
  ];
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff, ...entries, ...u32(0)];
  const app0 = [0xff, 0xe0, 0, 6, 0x4a, 0x46, 0x49, 0x46];
  const app1 = [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255, ...exif];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...app1, 0xff, 0xda, 0, 2]);
}

describe('exifOrientation', () => {
  it('reads the tag in both byte orders, after other segments and entries', () => {
    for (const le of [true, false])
      for (let o = 1; o <= 8; o++) expect(exifOrientation(jpegWithOrientation(o, le))).toBe(o);
  });
  it('is 1 without EXIF, for an invalid value, and for a cut-off segment', () => {
    expect(exifOrientation(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBe(1);
    expect(exifOrientation(jpegWithOrientation(9, true))).toBe(1);
    expect(exifOrientation(jpegWithOrientation(0, false))).toBe(1);
    expect(exifOrientation(jpegWithOrientation(6, true).subarray(0, 30))).toBe(1);
  });
});
