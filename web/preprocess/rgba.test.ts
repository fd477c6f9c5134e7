import { describe, expect, it } from 'vitest';
import type { ImageSpec } from '../model/manifest';
import { preprocessRgb, preprocessRgba, resizeRgb, resizeRgba, rgbaToRgb } from './pixels';

function randomRgba(width: number, height: number, seed: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(width * height * 4);
  let s = seed;
  for (let i = 0; i < px.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    px[i] = s >>> 24;
  }
  return px;
}

const spec = (interpolation: ImageSpec['interpolation'], resize: ImageSpec['resize'], size: number): ImageSpec => ({
  size,
  decode: 'full',
  resize,
  resizeTo: size,
  interpolation,
  crop: 'center',
  cropSize: size,
  rescale: 1 / 255,
  mean: [0.48, 0.46, 0.41],
  std: [0.27, 0.26, 0.28],
});

describe('RGBA read in place (the worker path) equals RGBA → RGB then resize', () => {
  for (const [w, h] of [
    [500, 375],
    [375, 500],
    [33, 32],
    [32, 90],
    [7, 7],
  ]) {
    for (const interpolation of ['bilinear', 'bicubic'] as const) {
      it(`${w}×${h} ${interpolation}`, () => {
        const rgba = randomRgba(w, h, w * 31 + h);
        const rgb = rgbaToRgb(rgba, w, h);
        for (const [ow, oh] of [
          [32, 32],
          [w, 16],
          [Math.max(1, w >> 1), h],
        ]) {
          const a = resizeRgba(rgba, w, h, ow, oh, interpolation);
          const b = resizeRgb(rgb, ow, oh, interpolation);
          expect([a.width, a.height]).toEqual([b.width, b.height]);
          expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
        }
        for (const resize of ['shortest_edge', 'exact'] as const) {
          const s = spec(interpolation, resize, Math.min(w, h, 32));
          const a = preprocessRgba(rgba, w, h, s);
          expect(Buffer.from(a.buffer).equals(Buffer.from(preprocessRgb(rgb, s).buffer))).toBe(true);
        }
      });
    }
  }
  it('names the size when the buffer is short', () => {
    expect(() => resizeRgba(new Uint8ClampedArray(10), 4, 4, 2, 2, 'bilinear')).toThrow(/expected 64 for 4×4 RGBA/);
  });
});
