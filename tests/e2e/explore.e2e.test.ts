/**
 * Explore in real Chromium on the production build (strict CSP), default bundle's reference evaluation:
 * the map and the sphere draw (pixels read back from their WebGL canvases), the map draws exactly the reference
 * subsample + class prompts + negative prompts, hovering a point names it, a lasso lists what it encloses, UMAP replaces PCA with the same points,
 * and the side-by-side view shows both bundled models.
 */
import { expect, it } from 'vitest';
import { canvasPixels, drawnPoints, referenceCounts } from './explore-kit';
import path from 'node:path';
import { openPage, photo, photosDir, serverAndBrowser, waitForModel } from './helpers';

const env = serverAndBrowser({ webgpu: false });

it('map and sphere of the reference evaluation: drawn, counted, hoverable; UMAP toggle; side by side', async () => {
  const ref = referenceCounts();
  const { page, errors, blocked } = await openPage(env.browser, `${env.server.url}#explore`);
  await page.setViewportSize({ width: 1300, height: 1100 });
  expect(await waitForModel(page)).toBe(ref.modelId);

  const expected = ref.rows + ref.prompts + ref.negatives;
  expect(await drawnPoints(page, 'map')).toBe(expected);
  expect(await page.getByTestId('map').getAttribute('data-method')).toBe('pca');
  const mapPixels = await canvasPixels(page, '[data-testid="map"] canvas:not(.map-overlay)');
  expect(mapPixels.width).toBeGreaterThan(100);
  expect(mapPixels.nonWhite).toBeGreaterThan(30);

  // Sphere: each kind capped at 1500 points (negatives at 300).
  const sphereExpected =
    Math.min(ref.idRows, 1500) +
    Math.min(ref.rows - ref.idRows, 1500) +
    Math.min(ref.prompts, 1500) +
    Math.min(ref.negatives, 300);
  expect(await drawnPoints(page, 'sphere')).toBe(sphereExpected);
  const spherePixels = await canvasPixels(page, '[data-testid="sphere"] canvas');
  expect(spherePixels.coloured).toBeGreaterThan(20);
  expect(await page.getByTestId('gap').textContent()).toMatch(/^\d\.\d{3}$/);

  // Hover: move the real mouse onto point 0 (its screen position comes from the renderer).
  const map = page.getByTestId('map');
  await map.scrollIntoViewIfNeeded();
  const pos = await map.evaluate((el) =>
    (el as HTMLElement & { __map?: { screenPosition(i: number): [number, number] | undefined } }).__map?.screenPosition(
      0,
    ),
  );
  expect(pos).toBeTruthy();
  const box = (await map.locator('canvas').first().boundingBox())!;
  await page.mouse.move(box.x + pos![0] + 3, box.y + pos![1] + 3);
  await page.mouse.move(box.x + pos![0], box.y + pos![1], { steps: 2 });
  const tooltip = page.getByTestId('map-tooltip');
  await tooltip.waitFor({ timeout: 10_000 });
  const shown = (await tooltip.locator('strong').textContent()) ?? '';
  expect(ref.names.has(shown)).toBe(true);

  // Lasso: draw a rectangle around the whole map; the list names every drawn point.
  await page.getByLabel('Select (lasso)').check();
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.down();
  for (const [fx, fy] of [
    [0.998, 0],
    [0.998, 0.998],
    [0, 0.998],
    [0, 0.01],
  ])
    await page.mouse.move(box.x + 2 + fx * (box.width - 4), box.y + 2 + fy * (box.height - 4), { steps: 4 });
  await page.mouse.up();
  await expect
    .poll(async () => (await page.getByTestId('selection').locator('p strong').first().textContent()) ?? '')
    .toBe(String(expected));
  await page.getByLabel('Select (lasso)').uncheck();

  // Colour by flag; moving the threshold to the top flags every image at once, live.
  await page.getByLabel('colour by').selectOption('flagged');
  const mapCanvas = '[data-testid="map"] canvas:not(.map-overlay)';
  await expect.poll(async () => (await canvasPixels(page, mapCanvas)).flaggedRed).toBeGreaterThan(0);
  const before = (await canvasPixels(page, mapCanvas)).flaggedRed;
  const slider = page.getByLabel('threshold');
  await slider.fill((await slider.getAttribute('max')) ?? '0');
  await expect.poll(async () => (await canvasPixels(page, mapCanvas)).flaggedRed).toBeGreaterThan(before);
  await page.getByLabel('colour by').selectOption('class');

  // UMAP: same points, laid out by the worker (progress shown while it runs).
  await page.getByTestId('method-umap').check();
  await page.locator('[data-testid="map"][data-method="umap"]').waitFor({ timeout: 90_000 });
  expect(await drawnPoints(page, 'map')).toBe(expected);

  // Side by side (PCA, so the shared worker does not lay out two more UMAPs): both bundled models, the same photos.
  await page.getByTestId('method-pca').check();
  await page.getByLabel('Side by side (FLYP vs CMA)').check();
  await page.getByTestId('compare').waitFor({ timeout: 120_000 });
  const left = await drawnPoints(page, 'compare-map-0', 90_000);
  const right = await drawnPoints(page, 'compare-map-1', 90_000);
  expect(left).toBe(right);
  expect(await page.getByTestId('compare-numbers').count()).toBe(2);
  // Each model's average FPR95 / AUROC, computed here by web/ood from the reference scores over the sets the recipe
  // averages, equals the recipe's own figure in metrics.json (to the 2 decimals shown).
  for (const text of await page.getByTestId('compare-numbers').allTextContents()) {
    const fpr = /FPR95[^%]*?(\d+\.\d+) %recipe (\d+\.\d+) %/.exec(text);
    const auroc = /AUROC[^%]*?(\d+\.\d+) %recipe (\d+\.\d+) %/.exec(text);
    expect(fpr && fpr[1]).toBe(fpr && fpr[2]);
    expect(auroc && auroc[1]).toBe(auroc && auroc[2]);
  }

  expect(errors).toEqual([]);
  expect(blocked).toEqual([]);
}, 300_000);

it('a photo checked on the Check screen appears on the map once asked for; hovering it shows its file name and thumbnail', async () => {
  const ref = referenceCounts();
  const { page, errors } = await openPage(env.browser, `${env.server.url}#check`);
  expect(await waitForModel(page)).toBe(ref.modelId);
  await page.evaluate(() => localStorage.removeItem('alignscope.history'));
  const file = 'id/cat/n02123045_tabby.JPEG';
  await page.getByTestId('photo-input').setInputFiles(photo(file));
  await page.locator('[data-testid="verdict"] img[alt="n02123045_tabby.JPEG"]').waitFor({ timeout: 90_000 });

  await page.getByRole('tab', { name: 'Explore' }).click();
  // Checked photos are the person's own: hidden until asked for (issue 12), and the switch says so
  const toggle = page.getByTestId('show-checked');
  expect(await toggle.getAttribute('data-on')).toBe('false');
  expect(await toggle.textContent()).toMatch(/Show my 1 checked photo on the map/);
  await page.locator(`[data-testid="map"][data-points="${ref.rows + ref.prompts + ref.negatives}"]`).waitFor({
    timeout: 120_000,
  });
  await toggle.locator('input').check();
  const expected = ref.rows + ref.prompts + ref.negatives + 1;
  await page.locator(`[data-testid="map"][data-points="${expected}"]`).waitFor({ timeout: 120_000 });
  // Checked photos come last in the drawn order.
  const map = page.getByTestId('map');
  await map.scrollIntoViewIfNeeded();
  await map.evaluate(
    (el, i) => (el as HTMLElement & { __map?: { hover(i: number): void } }).__map?.hover(i),
    expected - 1,
  );
  const tooltip = page.getByTestId('map-tooltip');
  await tooltip.waitFor({ timeout: 10_000 });
  expect(await tooltip.locator('strong').textContent()).toBe('n02123045_tabby.JPEG');
  expect(await tooltip.textContent()).toMatch(/checked photos/);
  expect(await tooltip.locator('img').getAttribute('src')).toMatch(/^data:image\//);
  expect(errors).toEqual([]);
}, 300_000);

it('refuses photos embedded by another model (or in another dimension) with a message, and draws the rest', async () => {
  const ref = referenceCounts();
  const entry = (id: string, modelId: string, dim: number) => ({
    id,
    at: Date.now(),
    fileName: `${id}.jpg`,
    thumb: '',
    modelId,
    scoreName: 'mcm',
    score: 0.5,
    threshold: 0.4,
    flagged: false,
    reason: '',
    topClass: 'cat',
    embedding: Array.from({ length: dim }, (_, i) => (i === 0 ? 1 : 0)),
  });
  const history = [entry('other-model', 'someone-elses-clip', 512), entry('wrong-dim', ref.modelId, 7)];
  const { page, errors } = await openPage(env.browser, `${env.server.url}#explore`, (p) =>
    p.addInitScript((h) => localStorage.setItem('alignscope.history', h), JSON.stringify(history)),
  );
  expect(await waitForModel(page)).toBe(ref.modelId);
  await page.getByTestId('show-checked').locator('input').check();
  expect(await drawnPoints(page, 'map')).toBe(ref.rows + ref.prompts + ref.negatives);
  await expect
    .poll(async () => (await page.getByTestId('explore').textContent()) ?? '')
    .toMatch(/2 checked photo\(s\) come from another model and are not drawn/);
  expect(errors).toEqual([]);
}, 300_000);

it('after an evaluation run of the shared photos, Explore draws that run (its embeddings) with the threshold from Evaluate', async () => {
  const ref = referenceCounts();
  const { page, errors } = await openPage(env.browser, `${env.server.url}#evaluate`);
  expect(await waitForModel(page)).toBe(ref.modelId);
  await page.evaluate(() => localStorage.removeItem('alignscope.history'));
  await page.getByTestId('eval-dir-id').setInputFiles(path.join(photosDir, 'id'));
  await page.getByTestId('eval-dir-ood').setInputFiles(path.join(photosDir, 'ood'));
  await page.getByTestId('eval-start').click();
  await page.locator('[data-testid="eval-run"][data-status="done"]').waitFor({ timeout: 240_000 });
  const results = page.locator('[data-testid="eval-results"][data-open="run"]');
  await results.waitFor({ timeout: 60_000 });
  await expect
    .poll(async () => Number(await results.getAttribute('data-n-ood')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const nId = Number(await results.getAttribute('data-n-id'));
  const nOod = Number(await results.getAttribute('data-n-ood'));

  await page.getByRole('tab', { name: 'Explore' }).click();
  const expected = nId + nOod + ref.prompts + ref.negatives;
  await page.locator(`[data-testid="map"][data-points="${expected}"]`).waitFor({ timeout: 120_000 });
  const text = (await page.getByTestId('explore').textContent()) ?? '';
  expect(text).toMatch(/Map of run "/);
  expect(text).toMatch(/from Evaluate/);
  expect(errors).toEqual([]);
}, 400_000);
