#!/usr/bin/env node
// Measures how far the browser's image preprocessing is from the PyTorch recipe's (PIL decode + PIL bilinear
// resize + floor centre crop, training/data.py::to_model_pixels) on the shared photos, and what that does
// to the default bundle's image embeddings. Results go into docs/preprocessing.md.
//   node scripts/measure-preprocess.mjs [--limit N] [--bundle DIR]   (default: models/index.json's default bundle)
// Methods compared with PIL:
//   canvas   createImageBitmap decode + OffscreenCanvas drawImage resize (imageSmoothingQuality 'high') + crop
//   app      createImageBitmap decode + the app's Pillow-exact JS resize (web/preprocess/pixels.ts) — what AlignScope does
//   jpegjs   jpeg-js decode + the app's JS resize (what the Node parity test did until 2026-12-03; it uses sharp now)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-node';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const photos = path.resolve(repo, '../shared/data/photos');
const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;
const files = readFileSync(path.join(photos, 'labels.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[0])
  .slice(0, limit);

const vite = await createServer({ root: repo, server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
const { preprocessRgba, normalizeToChw, centerCropRgb, rgbaToRgb } =
  await vite.ssrLoadModule('/web/preprocess/pixels.ts');
const { normalizeRows } = await vite.ssrLoadModule('/web/inference/encoders.ts');
const bundleArg = process.argv.indexOf('--bundle');
let bundleDir;
if (bundleArg > 0) bundleDir = path.resolve(process.argv[bundleArg + 1]);
else {
  const index = JSON.parse(readFileSync(path.join(repo, 'models/index.json'), 'utf8'));
  const entry = index.models.find((m) => m.default) ?? index.models[0];
  bundleDir = path.join(repo, 'models', entry.path);
}
const manifest = JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8'));
const S = manifest.image.size;

// PIL reference pixels, through the recipe's own function.
const pil = execFileSync(
  '/usr/bin/python3',
  [
    '-c',
    `
import sys
from PIL import Image
from training.data import to_model_pixels
for p in sys.argv[2:]:
    sys.stdout.buffer.write(to_model_pixels(Image.open(sys.argv[1] + '/' + p), ${S}).tobytes())
`,
    photos,
    ...files,
  ],
  { cwd: repo, maxBuffer: 1 << 28 },
);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage();
await page.route('**/*', (r) => r.abort());
const perFile = [];
for (const f of files) {
  const b64 = readFileSync(path.join(photos, f)).toString('base64');
  const r = await page.evaluate(
    async ({ b64, S }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes]), {
        imageOrientation: 'from-image',
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'none',
      });
      const full = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d', { willReadFrequently: true });
      full.drawImage(bmp, 0, 0);
      const rgba = full.getImageData(0, 0, bmp.width, bmp.height).data;
      const [w, h] =
        bmp.width <= bmp.height
          ? [S, Math.trunc((S * bmp.height) / bmp.width)]
          : [Math.trunc((S * bmp.width) / bmp.height), S];
      const small = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
      small.imageSmoothingEnabled = true;
      small.imageSmoothingQuality = 'high';
      small.drawImage(bmp, 0, 0, w, h);
      const enc = (a) => {
        let s = '';
        for (let i = 0; i < a.length; i += 0x8000) s += String.fromCharCode(...a.subarray(i, i + 0x8000));
        return btoa(s);
      };
      return {
        width: bmp.width,
        height: bmp.height,
        rgba: enc(rgba),
        sw: w,
        sh: h,
        small: enc(small.getImageData(0, 0, w, h).data),
      };
    },
    { b64, S },
  );
  perFile.push(r);
}
await browser.close();

const spec = manifest.image;
const per = 3 * S * S;
const tensors = {
  pil: new Float32Array(files.length * per),
  canvas: new Float32Array(files.length * per),
  app: new Float32Array(files.length * per),
  jpegjs: new Float32Array(files.length * per),
};
const pixelDiff = { canvas: [], app: [], jpegjs: [] };
const toRgbCrop = (rgba, w, h) => centerCropRgb(rgbaToRgb(rgba, w, h), S);
files.forEach((f, i) => {
  const ref = { data: new Uint8Array(pil.subarray(i * S * S * 3, (i + 1) * S * S * 3)), width: S, height: S };
  normalizeToChw(ref, spec, tensors.pil, i * per);
  const r = perFile[i];
  const canvasRgb = toRgbCrop(Buffer.from(r.small, 'base64'), r.sw, r.sh);
  normalizeToChw(canvasRgb, spec, tensors.canvas, i * per);
  preprocessRgba(Buffer.from(r.rgba, 'base64'), r.width, r.height, spec, tensors.app, i * per);
  const jj = jpeg.decode(readFileSync(path.join(photos, f)), {
    useTArray: true,
    formatAsRGBA: true,
    maxMemoryUsageInMB: 2048,
  });
  preprocessRgba(jj.data, jj.width, jj.height, spec, tensors.jpegjs, i * per);
  for (const m of ['canvas', 'app', 'jpegjs']) {
    // back to 0..255 units for the pixel comparison
    let max = 0,
      sum = 0;
    for (let c = 0; c < 3; c++)
      for (let k = 0; k < S * S; k++) {
        const j = i * per + c * S * S + k;
        const d = (Math.abs(tensors[m][j] - tensors.pil[j]) * spec.std[c]) / spec.rescale;
        max = Math.max(max, d);
        sum += d;
      }
    pixelDiff[m].push({ max, mean: sum / per });
  }
});

const session = await ort.InferenceSession.create(path.join(bundleDir, manifest.vision.file));
const embed = async (t) => {
  const out = new Float32Array(files.length * manifest.embedDim);
  for (let i = 0; i < files.length; i += 32) {
    const b = Math.min(32, files.length - i);
    const r = await session.run({
      [manifest.vision.input]: new ort.Tensor('float32', t.subarray(i * per, (i + b) * per), [b, 3, S, S]),
    });
    out.set(r[manifest.vision.output].data, i * manifest.embedDim);
  }
  return normalizeRows(out, manifest.embedDim);
};
const ref = await embed(tensors.pil);
const D = manifest.embedDim;
const rows = [];
for (const m of ['canvas', 'app', 'jpegjs']) {
  const e = await embed(tensors[m]);
  const cos = files.map((_, i) => {
    let s = 0;
    for (let j = 0; j < D; j++) s += e[i * D + j] * ref[i * D + j];
    return s;
  });
  const px = pixelDiff[m];
  rows.push({
    method: m,
    images: files.length,
    pixelMaxAbs: Math.max(...px.map((p) => p.max)),
    pixelMeanAbs: px.reduce((s, p) => s + p.mean, 0) / px.length,
    cosMean: cos.reduce((a, b) => a + b, 0) / cos.length,
    cosMin: Math.min(...cos),
    worst: files[cos.indexOf(Math.min(...cos))],
  });
}
console.table(rows);
writeFileSync(
  path.join(repo, `test-results/preprocess-diff-${manifest.id}.json`),
  JSON.stringify({ model: manifest.id, rows }, null, 1),
);
await vite.close();
