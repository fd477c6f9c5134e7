/**
 * Issue 13's property over the decode and preprocessing path, in real Chromium: sequences of photos of random sizes
 * (1 px to 30,000 px sides, strips, big photos followed by small ones, PNG and JPEG) are checked one after another on
 * one page, and every embedding must equal the one a fresh page gives the same photo alone, to 1e-5. A decode that
 * leaks state from one photo into the next (the shared canvas grown to the union of two huge photos scored every
 * later photo as black) breaks it. The photos are synthetic (gradients + seeded noise), written by /usr/bin/python3
 * with PIL at test time; the sequences come from fast-check with a fixed seed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { debugView, openPage, serverAndBrowser, waitForModel } from './helpers';
import { pickFile } from './robust-kit';

type Spec = { name: string; w: number; h: number; seed: number; format: 'png' | 'jpg' };

// A side: tiny, ordinary or huge; a photo stays under the app's 40 MP downscale limit and JPEG's 65,535 px.
const side = fc.oneof(
  fc.integer({ min: 1, max: 8 }),
  fc.integer({ min: 9, max: 2000 }),
  fc.integer({ min: 2001, max: 30000 }),
);
const photoSpec = fc
  .record({ w: side, h: side, seed: fc.nat(1000), format: fc.constantFrom<'png' | 'jpg'>('png', 'jpg') })
  .filter((s) => s.w * s.h <= 36_000_000);
const SEQUENCES = fc
  .sample(fc.array(photoSpec, { minLength: 3, maxLength: 4 }), { numRuns: 3, seed: 1313 })
  .map((seq, i) => seq.map((s, j): Spec => ({ ...s, name: `p${i}-${j}-${s.w}x${s.h}.${s.format}` })));
// Always in: a 30000×1 strip, a 1×1 photo, and a huge photo followed by a small one.
SEQUENCES.push([
  { name: 'strip-30000x1.png', w: 30000, h: 1, seed: 1, format: 'png' },
  { name: 'huge-6000x6000.jpg', w: 6000, h: 6000, seed: 2, format: 'jpg' },
  { name: 'dot-1x1.png', w: 1, h: 1, seed: 3, format: 'png' },
  { name: 'small-40x30.jpg', w: 40, h: 30, seed: 4, format: 'jpg' },
]);

const GENERATOR = String.raw`
import json, os, sys
import numpy as np
from PIL import Image
out, specs = sys.argv[1], json.load(open(sys.argv[2]))
for s in specs:
    w, h = s["w"], s["h"]
    rng = np.random.default_rng(s["seed"])
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    img = np.empty((h, w, 3), np.float32)
    img[..., 0] = x * rng.uniform(80, 255)
    img[..., 1] = y * rng.uniform(80, 255)
    img[..., 2] = rng.uniform(0, 255) * (1 - (x + y) / 2)
    img += rng.normal(0, 12, (min(h, 64), min(w, 64), 3)).astype(np.float32)[np.arange(h) % 64][:, np.arange(w) % 64]
    im = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    im.save(os.path.join(out, s["name"]), **({"quality": 90} if s["format"] == "jpg" else {}))
`;

const env = serverAndBrowser({ webgpu: false });
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'alignscope-decode-prop-'));
  const specs = path.join(dir, 'specs.json');
  writeFileSync(specs, JSON.stringify(SEQUENCES.flat()));
  execFileSync('/usr/bin/python3', ['-c', GENERATOR, dir, specs], { stdio: 'inherit' });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function checkScreen(): Promise<Page> {
  const { page } = await openPage(env.browser, env.server.url + '#check');
  await waitForModel(page);
  await page.getByRole('tab', { name: 'Check' }).click();
  return page;
}

/** Checks one photo on `page`; its image embedding once it is in the history. */
async function embed(page: Page, s: Spec): Promise<number[]> {
  await pickFile(page, 'photo-input', path.join(dir, s.name), s.name, s.format === 'png' ? 'image/png' : 'image/jpeg');
  await expect
    .poll(async () => (await page.getByTestId('history-item').locator('.name').allTextContents())[0], {
      timeout: 120_000,
      interval: 200,
    })
    .toBe(s.name);
  const e = (await debugView(page)).lastImageEmbedding ?? [];
  expect(e.length, s.name).toBeGreaterThan(0);
  return e;
}

it.each(SEQUENCES.map((seq) => [seq.map((s) => s.name).join(' → '), seq] as const))(
  'in order on one page = alone on a fresh page, to 1e-5: %s',
  async (_, seq) => {
    const page = await checkScreen();
    const inOrder: number[][] = [];
    for (const s of seq) inOrder.push(await embed(page, s));
    await page.context().close();
    for (let i = 0; i < seq.length; i++) {
      const fresh = await checkScreen();
      const alone = await embed(fresh, seq[i]);
      await fresh.context().close();
      const diff = Math.max(...alone.map((v, j) => Math.abs(v - inOrder[i][j])));
      console.log(`${seq[i].name}: max |Δ| ${diff.toExponential(2)}`);
      expect(diff, seq[i].name).toBeLessThanOrEqual(1e-5);
    }
  },
  400_000,
);
