// The reduced JPEG decode (manifest image.decode "jpeg-draft") against the recipe's own: the app's libjpeg-turbo
// module (web/preprocess/jpegDraft, through the CLI's decodeImage, as the worker runs it) and training/data.py
// decode_bytes (Pillow's draft) must give the model the same uint8 pixels, on the shared photos and on JPEGs made
// here in every EXIF orientation, grey, progressive and 4:4:4. Runs the real Python; skipped where it is missing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, jpegTurbo } from '../../cli/decode';
import { jpegDraft } from '../../web/preprocess/jpegDraft';
import { centerCropRgb, resizeRgb, rgbaToRgb, shortestEdgeSize } from '../../web/preprocess/pixels';
import { photosDir } from './nodeBundle';

const ROOT = path.resolve(__dirname, '../..');
const PY = '/usr/bin/python3';
const havePython = (() => {
  try {
    execFileSync(PY, ['-c', 'import numpy, PIL'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const SIZE = 32;
const spec = { decode: 'jpeg-draft', resizeTo: SIZE } as const;

/** The recipe's model pixels (uint8 HWC) for each file, by training/data.py decode_bytes. */
function recipePixels(files: { name: string; b64: string }[]): number[][] {
  const script = `import base64,json,sys
from training.data import decode_bytes
print(json.dumps([decode_bytes(base64.b64decode(f['b64']), f['name'], ${SIZE}).reshape(-1).tolist() for f in json.load(sys.stdin)]))`;
  const out = execFileSync(PY, ['-c', script], { cwd: ROOT, input: JSON.stringify(files), maxBuffer: 256 << 20 });
  return JSON.parse(out.toString()) as number[][];
}

/** The app's model pixels before normalisation: the decode, then the Pillow-exact resize and crop. */
async function appPixels(bytes: Uint8Array): Promise<number[]> {
  const d = await decodeImage(bytes, spec);
  const rgb = d.channels === 3 ? d : rgbaToRgb(d.data, d.width, d.height);
  const [w, h] = shortestEdgeSize(rgb.width, rgb.height, SIZE);
  return Array.from(centerCropRgb(resizeRgb(rgb, w, h, 'bilinear'), SIZE).data);
}

/** A 320 × 240 picture with edges and texture in every corner, so a wrong rotation or crop shows. */
async function madeJpeg(opts: { orientation?: number; grey?: boolean; progressive?: boolean; chroma?: '4:4:4' }) {
  const W = 320;
  const H = 240;
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = 3 * (y * W + x);
      raw[i] = (x * 255) / W;
      raw[i + 1] = (y * 255) / H;
      raw[i + 2] = ((x >> 3) + (y >> 3)) % 2 ? 220 : 30 + ((x * y) % 50);
    }
  let img = sharp(raw, { raw: { width: W, height: H, channels: 3 } });
  if (opts.grey) img = img.toColourspace('b-w');
  img = img.jpeg({ quality: 90, progressive: opts.progressive ?? false, chromaSubsampling: opts.chroma ?? '4:2:0' });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  return new Uint8Array(await img.toBuffer());
}

describe.skipIf(!havePython)('reduced JPEG decode: the app and the recipe give the model the same pixels', () => {
  it('on the shared photos (those decoded reduced, and the rest in full)', async () => {
    const files = ['id', 'ood'].flatMap((side) =>
      readdirSync(path.join(photosDir, side), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))
        .map((e) => path.join(e.parentPath, e.name)),
    );
    expect(files.length).toBeGreaterThan(100);
    const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
    const ref = recipePixels(files.map((f, i) => ({ name: f, b64: Buffer.from(bytes[i]).toString('base64') })));
    const turbo = jpegTurbo();
    let reduced = 0;
    for (const [i, b] of bytes.entries()) {
      if (jpegDraft(turbo, b, SIZE)) reduced++;
      const mine = await appPixels(b);
      const worst = Math.max(...mine.map((v, j) => Math.abs(v - ref[i][j])));
      // reduced: libjpeg on both sides, equal; in full: sharp's libjpeg-turbo here, Pillow's there, equal too
      expect(worst, path.relative(photosDir, files[i])).toBe(0);
    }
    expect(reduced, 'photos large enough to decode reduced').toBeGreaterThan(40);
  });

  it('in every EXIF orientation, grey, progressive and 4:4:4', async () => {
    const cases = [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((orientation) => ({ name: `orientation ${orientation}`, orientation })),
      { name: 'grey', grey: true },
      { name: 'progressive', progressive: true, orientation: 6 },
      { name: '4:4:4', chroma: '4:4:4' as const },
    ];
    const bytes = await Promise.all(cases.map((c) => madeJpeg(c)));
    const ref = recipePixels(cases.map((c, i) => ({ name: c.name, b64: Buffer.from(bytes[i]).toString('base64') })));
    for (const [i, c] of cases.entries()) expect(await appPixels(bytes[i]), c.name).toEqual(ref[i]);
  });

  it('leaves CMYK, small and damaged JPEGs to the ordinary decode', async () => {
    const turbo = jpegTurbo();
    const photo = await madeJpeg({});
    expect(jpegDraft(turbo, photo, SIZE)?.width).toBe(160); // 320 × 240 at 1/2 (240 / 4 = 60 < 64)
    const cmyk = new Uint8Array(await sharp(photo).toColourspace('cmyk').jpeg().toBuffer());
    expect(jpegDraft(turbo, cmyk, SIZE)).toBeNull();
    const small = new Uint8Array(await sharp(photo).resize(100, 75).jpeg().toBuffer());
    expect(jpegDraft(turbo, small, SIZE)).toBeNull();
    expect(jpegDraft(turbo, photo.subarray(0, photo.length >> 1), SIZE)).toBeNull(); // cut short: a warning
    const garbage = Uint8Array.from(photo);
    garbage.fill(0x11, 600, 4000);
    expect(() => jpegDraft(turbo, garbage, SIZE)).not.toThrow();
    // and the module still decodes the next photo after an aborted one
    expect(jpegDraft(turbo, photo, SIZE)?.height).toBe(120);
  });
});
