/**
 * Parity: each bundle's ONNX encoders, fed through the app's OWN preprocessing (web/preprocess/pixels.ts) and
 * tokenizer (web/text/tokenize.ts), reproduce the reference the Python recipe wrote into fixtures.json.
 *
 * Text: input ids identical, embeddings within 1e-4 (max abs, un-normalised, as the recipe stores them).
 * Images: the resize is Pillow-exact and the decoder is libjpeg-turbo on both sides (sharp here, PIL in the recipe),
 * so the preprocessed pixels (first 16 values, and their mean) and the embeddings are held to the recipe's own 1e-4.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { preprocessDecoded } from '../../cli/decode';
import { normalizeRows } from '../../web/inference/encoders';
import type { Manifest } from '../../web/model/manifest';
import {
  cosine,
  decodeImage,
  decodeImageFile,
  indexedBundles,
  maxAbsDiff,
  openBundle,
  photosDir,
  readManifest,
  readTarMember,
  tinyBundle,
} from './nodeBundle';

/**
 * Image tolerance on the normalised embeddings: the same pixels go in, so only float rounding differs (measured
 * 2026-12-03: max |Δ| 1.5e-7 on every fixture of both bundles and the random-weight fixture). Until then jpeg-js
 * decoded here and its IDCT rounding reached the model: cosine 0.9982, max |Δ| 1.5e-2 on a 32-px CIFAR JPEG.
 */
const IMAGE_TOLERANCE = { cosine: 0.99999, maxAbs: 1e-4 };
/** Max abs difference of the preprocessed tensor's first 16 values (normalised units): the pixels are identical. */
export const PIXEL_MAX_ABS = 1e-5;

const sharedData = path.resolve(photosDir, '..');

const fixturesSchema = z.object({
  captions: z
    .array(z.object({ text: z.string(), input_ids: z.array(z.number().int()), text_embeds: z.array(z.number()) }))
    .min(1),
  images: z
    .array(
      z.object({
        path: z.string(),
        member: z.string().optional(),
        pixel_sum: z.number(),
        pixel_first: z.array(z.number()),
        image_embeds: z.array(z.number()),
      }),
    )
    .default([]),
});

async function fixtureImage(f: { path: string; member?: string }, spec: Manifest['image']) {
  if (f.member) {
    return decodeImage(await readTarMember(path.join(sharedData, f.path), f.member), spec);
  }
  const file = path.join(sharedData, f.path);
  if (!existsSync(file)) throw new Error(`fixture photo ${f.path} not found under ${sharedData}`);
  return decodeImageFile(file, spec);
}

const bundles = [...indexedBundles(), { id: 'tiny (test fixture)', dir: tinyBundle, isDefault: false }];
const tol = IMAGE_TOLERANCE;

describe.each(bundles)('parity of $id', ({ dir }) => {
  const manifest = readManifest(dir);
  const fixtures = fixturesSchema.parse(
    JSON.parse(readFileSync(path.join(dir, manifest.fixtures ?? 'fixtures.json'), 'utf8')),
  );

  it('text: same ids, raw embeddings within 1e-4', async () => {
    const enc = await openBundle(dir, manifest);
    const r = await enc.encodeTexts(fixtures.captions.map((t) => t.text));
    fixtures.captions.forEach((t, i) => {
      expect(r.ids[i], t.text).toEqual(t.input_ids);
      // the app normalises; compare against the recipe's raw embedding normalised the same way
      const ref = normalizeRows(Float32Array.from(t.text_embeds), t.text_embeds.length);
      expect(maxAbsDiff(r.embeddings.subarray(i * r.dim, (i + 1) * r.dim), ref), t.text).toBeLessThanOrEqual(1e-4);
    });
    const long = fixtures.captions.findIndex((t) => t.input_ids.every((id) => id !== manifest.tokenizer.padTokenId));
    if (long >= 0) expect(r.truncated[long] || r.ids[long].length === manifest.tokenizer.contextLength).toBe(true);
    await enc.release();
  });

  it.skipIf(fixtures.images.length === 0)(
    `images: pixels within ${PIXEL_MAX_ABS}, cosine ≥ ${tol.cosine}, max abs ≤ ${tol.maxAbs}`,
    async () => {
      const enc = await openBundle(dir, manifest);
      const per = enc.pixelsPerImage;
      const pixels = new Float32Array(fixtures.images.length * per);
      for (const [i, f] of fixtures.images.entries()) {
        const img = await fixtureImage(f, manifest.image);
        preprocessDecoded(img, manifest.image, pixels, i * per);
      }
      const emb = await enc.encodePixels(pixels, fixtures.images.length);
      const d = manifest.embedDim;
      const rows = fixtures.images.map((f, i) => {
        const mine = emb.subarray(i * d, (i + 1) * d);
        const ref = normalizeRows(Float32Array.from(f.image_embeds), d);
        const px = pixels.subarray(i * per, i * per + f.pixel_first.length);
        let sum = 0;
        for (const v of pixels.subarray(i * per, (i + 1) * per)) sum += v;
        return {
          name: f.member ?? f.path,
          cos: cosine(mine, ref),
          maxAbs: maxAbsDiff(mine, ref),
          pxMax: maxAbsDiff(px, f.pixel_first),
          meanDiff: Math.abs(sum - f.pixel_sum) / per,
        };
      });
      console.log(
        `[parity ${manifest.id}] ` +
          rows
            .map(
              (r) =>
                `${path.basename(r.name)}: cos=${r.cos.toFixed(6)} max|Δemb|=${r.maxAbs.toExponential(2)} max|Δpx16|=${r.pxMax.toFixed(4)} |Δmean px|=${r.meanDiff.toExponential(2)}`,
            )
            .join('; '),
      );
      for (const r of rows) {
        expect(r.pxMax, r.name).toBeLessThanOrEqual(PIXEL_MAX_ABS);
        expect(r.cos, r.name).toBeGreaterThanOrEqual(tol.cosine);
        expect(r.maxAbs, r.name).toBeLessThanOrEqual(tol.maxAbs);
      }
      await enc.release();
    },
  );
});
