/**
 * Parity: the bundle's ONNX encoders, fed through the app's OWN preprocessing (web/preprocess/pixels.ts) and
 * tokenizer (web/text/tokenize.ts), reproduce the reference embeddings the Python recipe wrote into fixtures.json.
 *
 * Text: ids identical, embeddings within 1e-4.
 * Images: the only difference left is the JPEG decoder (jpeg-js here, libjpeg in PIL; both then go through the
 * Pillow-exact resize). IMAGE_COSINE_MIN / IMAGE_MAX_ABS are the tolerances measured on the fixture photos
 * (docs/preprocessing.md gives the numbers).
 */
import { existsSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { preprocessRgba } from '../../web/preprocess/pixels';
import { cosine, decodeJpeg, indexedBundles, maxAbsDiff, openBundle, photosDir, readManifest, repo, tinyBundle } from './nodeBundle';

export const IMAGE_COSINE_MIN = 0.999;
export const IMAGE_MAX_ABS = 0.02;

const fixturesSchema = z.object({
  texts: z.array(z.object({ text: z.string(), ids: z.array(z.number().int()), embedding: z.array(z.number()) })).min(1),
  images: z.array(z.object({ path: z.string(), embedding: z.array(z.number()) })).default([]),
});

/** Fixture image paths may be relative to shared/data/photos, shared/data or the repo. */
function resolvePhoto(p: string): string {
  for (const base of [photosDir, path.resolve(photosDir, '..'), repo]) {
    const full = path.resolve(base, p);
    if (existsSync(full)) return full;
  }
  throw new Error(`fixture photo ${p} not found under ${photosDir}`);
}

const bundles = [...indexedBundles(), { id: 'tiny (test fixture)', dir: tinyBundle, isDefault: false }];

describe.each(bundles)('parity of $id', ({ dir }) => {
  const manifest = readManifest(dir);
  const fixtures = fixturesSchema.parse(JSON.parse(readFileSync(path.join(dir, manifest.fixtures ?? 'fixtures.json'), 'utf8')));

  it('text: same ids, embeddings within 1e-4', async () => {
    const enc = await openBundle(dir, manifest);
    const r = await enc.encodeTexts(fixtures.texts.map((t) => t.text));
    fixtures.texts.forEach((t, i) => {
      expect(r.ids[i], t.text).toEqual(t.ids);
      const mine = r.embeddings.subarray(i * r.dim, (i + 1) * r.dim);
      expect(maxAbsDiff(mine, t.embedding), t.text).toBeLessThanOrEqual(1e-4);
    });
    await enc.release();
  });

  it.skipIf(fixtures.images.length === 0)(`images: cosine ≥ ${IMAGE_COSINE_MIN}, max abs ≤ ${IMAGE_MAX_ABS}`, async () => {
    const enc = await openBundle(dir, manifest);
    const per = enc.pixelsPerImage;
    const pixels = new Float32Array(fixtures.images.length * per);
    fixtures.images.forEach((f, i) => {
      const img = decodeJpeg(resolvePhoto(f.path));
      preprocessRgba(img.data, img.width, img.height, manifest.image, pixels, i * per);
    });
    const emb = await enc.encodePixels(pixels, fixtures.images.length);
    const d = manifest.embedDim;
    const rows = fixtures.images.map((f, i) => {
      const mine = emb.subarray(i * d, (i + 1) * d);
      return { path: f.path, cos: cosine(mine, f.embedding), maxAbs: maxAbsDiff(mine, f.embedding) };
    });
    console.log(`[parity ${manifest.id}] images:`, rows.map((r) => `${r.path} cos=${r.cos.toFixed(6)} max|Δ|=${r.maxAbs.toExponential(2)}`).join('; '));
    for (const r of rows) {
      expect(r.cos, r.path).toBeGreaterThanOrEqual(IMAGE_COSINE_MIN);
      expect(r.maxAbs, r.path).toBeLessThanOrEqual(IMAGE_MAX_ABS);
    }
    await enc.release();
  });
});
