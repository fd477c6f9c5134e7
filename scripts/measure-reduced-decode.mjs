#!/usr/bin/env node
// Issue 17, "decode at the size you need": can the browser decode a JPEG at 1/8 or 1/4 scale as libjpeg's DCT
// scaling does (Pillow's Image.draft), so that the recipe could move to the same reduced decode and parity hold by
// construction? Times createImageBitmap with and without resize options in Chromium on the shared photos, and
// compares the reduced pixels with Pillow's draft decode of the same scale. Results go into docs/preprocessing.md.
//   node scripts/measure-reduced-decode.mjs [--limit N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const photos = path.resolve(repo, '../shared/data/photos');
const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;
const files = readFileSync(path.join(photos, 'labels.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => path.join(photos, l.split('\t')[0]))
  .slice(0, limit);

const server = http
  .createServer((req, res) => {
    const f = files[Number(req.url.slice(1))];
    res.setHeader('content-type', f ? 'image/jpeg' : 'text/html');
    res.end(f ? readFileSync(f) : '<html></html>');
  })
  .listen(0);
const url = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const QUALITIES = ['pixelated', 'low', 'medium', 'high'];
try {
  const page = await browser.newPage();
  await page.goto(`${url}/page`);
  const r = await page.evaluate(
    async ({ url, n, qualities }) => {
      const blobs = await Promise.all(Array.from({ length: n }, (_, i) => fetch(`${url}/${i}`).then((x) => x.blob())));
      const sizes = [];
      for (const b of blobs) {
        const p = await createImageBitmap(b);
        sizes.push([p.width, p.height]);
        p.close();
      }
      const opts = { premultiplyAlpha: 'none', colorSpaceConversion: 'none' };
      const reduced = (i, div, q) => ({
        ...opts,
        resizeWidth: Math.ceil(sizes[i][0] / div),
        resizeHeight: Math.ceil(sizes[i][1] / div),
        resizeQuality: q,
      });
      const timeOf = async (o) => {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) (await createImageBitmap(blobs[i], o(i))).close();
        return (performance.now() - t0) / n;
      };
      const ms = {};
      for (let rep = 0; rep < 3; rep++)
        for (const [name, o] of [['full', () => opts], ...qualities.map((q) => [`1/8 ${q}`, (i) => reduced(i, 8, q)])])
          ms[name] = Math.min(ms[name] ?? Infinity, await timeOf(o));
      const pixels = [];
      for (let i = 0; i < n; i++) {
        const per = {};
        for (const div of [8, 4])
          for (const q of qualities) {
            const o = reduced(i, div, q);
            const bm = await createImageBitmap(blobs[i], o);
            const c = new OffscreenCanvas(o.resizeWidth, o.resizeHeight).getContext('2d');
            c.drawImage(bm, 0, 0);
            bm.close();
            const px = c.getImageData(0, 0, o.resizeWidth, o.resizeHeight).data;
            let bin = ''; // base64: a JSON array of every byte runs Node out of memory on 120 photos
            for (let j = 0; j < px.length; j += 8192) bin += String.fromCharCode(...px.subarray(j, j + 8192));
            per[`${div}/${q}`] = btoa(bin);
          }
        pixels.push(per);
      }
      return { ms, sizes, pixels };
    },
    { url, n: files.length, qualities: QUALITIES },
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'alignscope-reduced-'));
  writeFileSync(path.join(dir, 'chrome.json'), JSON.stringify({ files, ...r }));
  // Pillow's draft picks the largest DCT scale (1/2, 1/4, 1/8) that keeps the image at least the requested size
  const compare = `
import base64, json, sys, numpy as np
from PIL import Image
d = json.load(open(sys.argv[1]))
acc = {}
for f, (W, H), per in zip(d["files"], d["sizes"], d["pixels"]):
    for key, arr in per.items():
        div = int(key.split("/")[0])
        im = Image.open(f); im.draft("RGB", (W // div, H // div)); a = np.asarray(im.convert("RGB"), np.int16)
        c = np.frombuffer(base64.b64decode(arr), np.uint8).astype(np.int16).reshape(-(-H // div), -(-W // div), 4)[:, :, :3]
        if a.shape != c.shape: continue
        e = np.abs(a - c); acc.setdefault(key, []).append((e.mean(), e.max()))
for key, v in acc.items():
    print(f"| {key} | {len(v)} | {np.mean([m for m, _ in v]):.2f} | {max(x for _, x in v)} |")
`;
  console.log(
    'ms per photo (best of 3):',
    JSON.stringify(Object.fromEntries(Object.entries(r.ms).map(([k, v]) => [k, +v.toFixed(2)]))),
  );
  console.log('| scale / resizeQuality | photos | mean abs diff vs Pillow draft (0-255) | max |');
  console.log('|---|---|---|---|');
  process.stdout.write(
    execFileSync('/usr/bin/python3', ['-c', compare, path.join(dir, 'chrome.json')], { encoding: 'utf8' }),
  );
} finally {
  await browser.close();
  server.close();
}
