import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { centerCropRgb, preprocessRgb, resizeRgb, shortestEdgeSize, type Rgb } from './pixels';

/** Pillow itself (Debian's /usr/bin/python3) is the reference for the resize. */
function pilResize(img: Rgb, w: number, h: number, mode: 'bilinear' | 'bicubic'): Uint8Array {
  const script = `
import sys
from PIL import Image
w, h, ow, oh, m = sys.argv[1:6]
data = sys.stdin.buffer.read()
im = Image.frombytes('RGB', (int(w), int(h)), data)
out = im.resize((int(ow), int(oh)), Image.BILINEAR if m == 'bilinear' else Image.BICUBIC)
sys.stdout.buffer.write(out.tobytes())`;
  const out = execFileSync(
    '/usr/bin/python3',
    ['-c', script, String(img.width), String(img.height), String(w), String(h), mode],
    {
      input: Buffer.from(img.data),
      maxBuffer: 1 << 26,
    },
  );
  return new Uint8Array(out);
}

function randomImage(width: number, height: number, seed: number): Rgb {
  const data = new Uint8Array(width * height * 3);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // smooth-ish content plus noise, so both flat and edgy regions are exercised
    data[i] = ((i % 251) + (s >>> 26)) & 255;
  }
  return { data, width, height };
}

describe('Pillow-exact resize', () => {
  const cases: Array<[number, number, number, number, 'bilinear' | 'bicubic']> = [
    [500, 375, 42, 32, 'bilinear'],
    [75, 56, 42, 32, 'bilinear'],
    [20, 30, 32, 48, 'bilinear'], // upscaling
    [333, 517, 32, 49, 'bicubic'],
  ];
  for (const [w, h, ow, oh, mode] of cases) {
    it(`${w}×${h} → ${ow}×${oh} ${mode} equals PIL byte for byte`, () => {
      const img = randomImage(w, h, w * 31 + h);
      const mine = resizeRgb(img, ow, oh, mode);
      const ref = pilResize(img, ow, oh, mode);
      expect(mine.data.length).toBe(ref.length);
      let maxDiff = 0;
      for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(mine.data[i] - ref[i]));
      expect(maxDiff).toBe(0);
    });
  }
});

describe('shortest edge (torchvision int()) + centre crop (floor offset)', () => {
  it('keeps aspect with int() of the long side', () => {
    expect(shortestEdgeSize(500, 375, 32)).toEqual([42, 32]);
    expect(shortestEdgeSize(375, 500, 32)).toEqual([32, 42]);
    expect(shortestEdgeSize(32, 32, 32)).toEqual([32, 32]);
  });
  it('floors the crop offset like the recipe (not torchvision round-half-even)', () => {
    const img: Rgb = { data: new Uint8Array(43 * 1 * 3).map((_, i) => Math.floor(i / 3)), width: 43, height: 1 };
    // (43 - 1) / 2 = 21 exactly; (44 - 1) / 2 = 21.5 → 21; (46 - 1) / 2 = 22.5 → 22
    expect(centerCropRgb(img, 1).data[0]).toBe(21);
    const img2: Rgb = { data: new Uint8Array(44 * 3).map((_, i) => Math.floor(i / 3)), width: 44, height: 1 };
    expect(centerCropRgb(img2, 1).data[0]).toBe(21);
    const img3: Rgb = { data: new Uint8Array(46 * 3).map((_, i) => Math.floor(i / 3)), width: 46, height: 1 };
    expect(centerCropRgb(img3, 1).data[0]).toBe(22);
  });
  it('normalises into CHW float32', () => {
    const img: Rgb = { data: new Uint8Array(32 * 32 * 3).fill(255), width: 32, height: 32 };
    const t = preprocessRgb(img, {
      size: 32,
      decode: 'full',
      resize: 'shortest_edge',
      resizeTo: 32,
      interpolation: 'bilinear',
      crop: 'center',
      cropSize: 32,
      rescale: 1 / 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.25, 0.5],
    });
    expect(t.length).toBe(3 * 32 * 32);
    expect(t[0]).toBeCloseTo(1, 6);
    expect(t[32 * 32]).toBeCloseTo(2, 6);
  });
});
