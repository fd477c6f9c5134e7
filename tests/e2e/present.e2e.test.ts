/**
 * Meeting mode in real Chromium on the production build: the story steps forward and back with the keyboard,
 * the picture adds the unknown photos in step 2, full screen engages, a step exports as a PNG, and all of it
 * keeps working with the network gone once the screen has loaded.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { canvasPixels, drawnPoints, referenceCounts } from './explore-kit';
import { openPage, photosDir, runOnEvaluate, serverAndBrowser, waitForModel } from './helpers';
import path from 'node:path';

const env = serverAndBrowser({ webgpu: false });

it('steps through the story with the arrow keys and exports a step', async () => {
  const ref = referenceCounts();
  const { page, errors } = await openPage(env.browser, `${env.server.url}#present`);
  expect(await waitForModel(page)).toBe(ref.modelId);
  const present = page.getByTestId('present');
  const step = async () => Number(await present.getAttribute('data-step'));

  // Step 1: only the normal photos and their class prompts.
  expect(await drawnPoints(page, 'present-map')).toBe(ref.idRows + ref.prompts);
  expect(await step()).toBe(1);
  // The story counts the whole evaluation (all scores), not just the drawn subsample.
  const facts = async () => (await present.textContent()) ?? '';
  expect(await facts()).toContain(`normal photos${ref.idCount.toLocaleString('en')}`);
  expect((await canvasPixels(page, '[data-testid="present-map"] canvas:not(.map-overlay)')).nonWhite).toBeGreaterThan(
    10,
  );

  // From here on the network is gone (a meeting room's wifi): everything the story needs is already in memory.
  await page.context().setOffline(true);
  await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid="present"][data-step="2"]').waitFor();
  // Step 2: all images and class prompts (the negative prompts are not part of the story).
  await page
    .locator(`[data-testid="present-map"][data-points="${ref.rows + ref.prompts}"]`)
    .waitFor({ timeout: 30_000 });
  expect(await facts()).toContain(`unknown photos${ref.oodCount.toLocaleString('en')}`);

  // Step 2 shows the separation as score histograms, normal vs each unknown source (issue 12).
  await page.getByTestId('present-histogram').waitFor();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid="present"][data-step="4"]').waitFor();
  expect(await page.getByTestId('present-title').textContent()).toMatch(/costs per day/);
  await expect
    .poll(async () => (await page.getByTestId('present').textContent()) ?? '')
    .toMatch(/false alarms per day/);
  // Step 4's picture: the cost-per-day curve over every threshold, drawn.
  await page.getByTestId('present-cost').waitFor();
  await expect
    .poll(async () => (await canvasPixels(page, '[data-testid="present-cost"] canvas')).coloured)
    .toBeGreaterThan(50);

  // Step 5: example photos come only from the person's own run; on the reference evaluation it says so.
  await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid="present"][data-step="5"]').waitFor();
  expect(await page.getByTestId('present-title').textContent()).toMatch(/The line, in photos/);
  expect(await present.textContent()).toMatch(/Run your own photos on the Evaluate screen/);
  expect(await page.getByTestId('present-example').count()).toBe(0);

  // Step 6: the two shipped bundles (FLYP and CMA) on the same axes, each with its own default score (issue 12).
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight'); // past the end: stays on the last step
  await page.locator('[data-testid="present"][data-step="6"]').waitFor();
  expect(await page.getByTestId('present-title').textContent()).toMatch(/side by side/);
  expect(await page.getByTestId('present-counter').textContent()).toMatch(/6 \/ 6/);
  await expect
    .poll(async () => (await canvasPixels(page, '[data-testid="present-compare"] canvas')).coloured)
    .toBeGreaterThan(50);
  await expect.poll(async () => (await page.getByTestId('present').textContent()) ?? '').toMatch(/CMA.*FLYP|FLYP.*CMA/);

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.locator('[data-testid="present"][data-step="3"]').waitFor();
  expect(await page.getByTestId('present-title').textContent()).toMatch(/draw the line/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('present-export').click()]);
  expect(download.suggestedFilename()).toBe('alignscope-step-3-threshold.png');
  const png = readFileSync((await download.path())!);
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  expect(png.length).toBeGreaterThan(5000);

  await page.getByTestId('present-fullscreen').click();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null))
    .toBe('present');
  await page.keyboard.press('Home');
  await page.locator('[data-testid="present"][data-step="1"]').waitFor();
  expect(errors).toEqual([]);
}, 300_000);

it("shows the person's own caught, missed and false-alarm photos at the line, and exports them", async () => {
  const { page, errors } = await openPage(env.browser, `${env.server.url}#evaluate`);
  await waitForModel(page);
  await runOnEvaluate(page, path.join(photosDir, 'id'), path.join(photosDir, 'ood'), { nId: 60, nOod: 60 });
  await page.getByRole('tab', { name: 'Present' }).click();
  await page.getByTestId('present').waitFor();
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid="present"][data-step="5"]').waitFor();
  expect(await page.getByTestId('present').textContent()).toMatch(/from your own run/);
  const rows = page.getByTestId('present-examples');
  await rows.waitFor();
  // at the default line (95 % of the normal photos kept) some unknown photos are caught, some slip through, and
  // normal photos are flagged: each row shows up to six of the run's own photos, with a thumbnail made from the file
  for (const kind of ['caught', 'missed', 'falseAlarms']) {
    const n = Number(await page.getByTestId(`present-examples-${kind}`).getAttribute('data-n'));
    expect(n, kind).toBeGreaterThan(0);
    expect(n, kind).toBeLessThanOrEqual(6);
  }
  const first = page.getByTestId('present-examples-caught').getByTestId('present-example').first();
  expect(await first.getAttribute('data-key')).toMatch(/^ood\//);
  expect(await first.locator('img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
  await expect.poll(() => first.locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(50);
  const falseAlarm = page.getByTestId('present-examples-falseAlarms').getByTestId('present-example').first();
  expect(await falseAlarm.getAttribute('data-key')).toMatch(/^id\//);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('present-export').click()]);
  expect(download.suggestedFilename()).toBe('alignscope-step-5-examples.png');
  expect(readFileSync((await download.path())!).length).toBeGreaterThan(50_000); // the thumbnails are drawn in
  expect(errors).toEqual([]);
}, 300_000);
