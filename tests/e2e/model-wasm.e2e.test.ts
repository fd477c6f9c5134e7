/**
 * Chromium without WebGPU: the app says so, runs on WASM (threaded: the page is cross-origin isolated), and a
 * photo chosen with the file picker shows its top-5 classes; a fixture photo reproduces the recipe's embedding
 * (fixtures.json) within 1e-4; a long caption is flagged as cut.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import {
  debugView,
  defaultModelId,
  fmtTimings,
  distDir,
  openPage,
  photo,
  photosDir,
  serverAndBrowser,
  waitForModel,
} from './helpers';

const env = serverAndBrowser({ webgpu: false });

it('falls back to WASM with a notice and classifies a photo', async () => {
  const { page, blocked, errors } = await openPage(env.browser, env.server.url);
  expect(await waitForModel(page)).toBe(defaultModelId());
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect.poll(() => page.getByTestId('backend-badge').getAttribute('data-ep')).toBe('wasm');
  const notice = await page.getByTestId('backend-notice').textContent();
  expect(notice).toMatch(/^no WebGPU (adapter|in this browser): WASM, \d+ threads?/);

  await page.getByTestId('photo-input').setInputFiles(photo('id/ship/' + 'n03095699_container_ship.JPEG'));
  await page.getByTestId('top-class').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('top5').locator('tr').count()).toBe(5);
  const debug = await debugView(page);
  expect(debug.lastImageEp).toBe('wasm');
  const probs = debug.lastTop!.map((t) => t.p);
  expect(probs[0]).toBeGreaterThanOrEqual(probs[1]);
  console.log(
    `[e2e wasm] ${notice}; load ${fmtTimings(debug.loadTimings)}; container ship → ${debug.lastTop!.map((t) => `${t.label} ${(t.p * 100).toFixed(1)}%`).join(', ')}`,
  );

  // In the browser the decoder gives PIL's pixels exactly, so a fixture photo reproduces the recipe's embedding.
  const fixtures = JSON.parse(
    readFileSync(path.join(distDir, 'models', defaultModelId(), 'fixtures.json'), 'utf8'),
  ) as {
    images: Array<{ path: string; member?: string; image_embeds: number[] }>;
  };
  const ref = fixtures.images.find((f) => !f.member && f.path.startsWith('photos/'));
  if (ref) {
    const before = JSON.stringify(debug.lastImageEmbedding);
    await page.getByTestId('photo-input').setInputFiles(path.resolve(photosDir, '..', ref.path));
    // wait for this photo's embedding, not the previous photo's
    await expect
      .poll(async () => JSON.stringify((await debugView(page)).lastImageEmbedding) !== before, { timeout: 60_000 })
      .toBe(true);
    const after = await debugView(page);
    const mine = after.lastImageEmbedding!;
    // the recipe decodes JPEGs reduced (training/data.py jpeg_draft) and so does the browser, through libjpeg-turbo in WebAssembly
    const manifest = JSON.parse(
      readFileSync(path.join(distDir, 'models', defaultModelId(), 'manifest.json'), 'utf8'),
    ) as { image: { decode?: string } };
    expect(after.lastImageReducedDecode).toBe(manifest.image.decode === 'jpeg-draft');
    expect(mine.length).toBe(ref.image_embeds.length);
    const n = Math.hypot(...ref.image_embeds);
    const maxDiff = Math.max(...mine.map((v, i) => Math.abs(v - ref.image_embeds[i] / n)));
    console.log(`[e2e wasm] ${ref.path}: browser vs recipe embedding max |Δ| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
  }

  await page.getByTestId('caption').fill('a photo of a ship');
  await page.getByTestId('caption-cosine').waitFor();
  const cos = Number(await page.getByTestId('caption-cosine').getAttribute('data-cos'));
  expect(cos).toBeGreaterThan(-1);
  expect(cos).toBeLessThan(1);
  expect(await page.getByTestId('caption-truncated').count()).toBe(0);
  await page.getByTestId('caption').fill(Array(40).fill('a big red truck').join(' '));
  await page.getByTestId('caption-truncated').waitFor();
  expect(blocked).toEqual([]);
  expect(errors).toEqual([]);
});
