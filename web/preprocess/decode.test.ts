import { describe, expect, it } from 'vitest';
import { isConstantRgba, undecodableReason } from './decode';

const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('undecodableReason', () => {
  it('says what is wrong from the bytes', () => {
    expect(undecodableReason(new Uint8Array())).toMatch(/empty \(0 bytes\)/);
    expect(undecodableReason(bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]))).toMatch(/HEIC\/HEIF/);
    expect(undecodableReason(bytes('II*', [0], 'xxxx'))).toMatch(/TIFF/);
    expect(undecodableReason(bytes([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))).toMatch(/JPEG is cut short/);
    expect(undecodableReason(bytes([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]))).toMatch(/JPEG is damaged/);
    expect(undecodableReason(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a], 'IHDR'))).toMatch(/PNG is cut short/);
    expect(undecodableReason(bytes('GIF89a', [1, 2]))).toMatch(/damaged or uses a variant/);
    expect(undecodableReason(bytes('%PDF-1.4 hello'))).toMatch(/not an image \(it is a PDF\)/);
    expect(undecodableReason(bytes('<html>'))).toMatch(/not an image \(it looks like text/);
    expect(undecodableReason(bytes([1, 2, 3, 4]))).toMatch(/^it is not an image: its bytes are not JPEG/);
  });
});

describe('isConstantRgba (the blank read-back guard)', () => {
  it('is true for a blank canvas read-back and any one-colour image', () => {
    expect(isConstantRgba(new Uint8ClampedArray(4 * 1500 * 20))).toBe(true);
    expect(isConstantRgba(new Uint8ClampedArray(4 * 9).fill(255))).toBe(true);
    expect(isConstantRgba(Uint8ClampedArray.from({ length: 40 }, (_, i) => [10, 20, 30, 255][i % 4]))).toBe(true);
  });
  it('is false as soon as one channel of one pixel differs', () => {
    for (const at of [0, 1, 2, 3, 4 * 7 + 2]) {
      const px = new Uint8ClampedArray(4 * 8);
      px[at] = 1;
      expect(isConstantRgba(px), `byte ${at}`).toBe(false);
    }
  });
});
