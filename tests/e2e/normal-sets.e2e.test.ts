/**
 * Normal sets in real Chromium (issue 14): a zip of 30 ordinary photos (one of them twice) becomes a normal set on
 * the Check screen through the loaded model; after a reload it is still stored and in force, the KNN score is
 * offered, and a checked photo's verdict names the set ("like/unlike your 30 normal photos"). Its export holds
 * embeddings, keys, sizes and hashes only; an import of a foreign file is refused with its name while the stored set stays. Evaluate
 * scores against it side by side and measures its size curve; Explore draws it when asked; under another model it is
 * listed as that model's, never scored against, and re-encoded from its photos again.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CHECK_PICKS } from '../integration/ood_photos.picks';
import { openPage, photo, photosDir, runOnEvaluate, serverAndBrowser, waitForModel } from './helpers';

const env = serverAndBrowser({ webgpu: false });

const idPhotos = readFileSync(path.join(photosDir, 'labels.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .filter((r) => r[1] === 'id')
  .map((r) => r[0]);

async function checkPhoto(page: Page, rel: string): Promise<string> {
  await page.getByTestId('photo-input').setInputFiles(photo(rel));
  await page.locator(`[data-testid="verdict"] img[alt="${rel.split('/').pop()}"]`).waitFor({ timeout: 60_000 });
  return (await page.getByTestId('verdict-reason').textContent()) ?? '';
}

it('makes a normal set from a zip, keeps it over a reload, and the verdict names it', async () => {
  const { page, errors } = await openPage(env.browser, env.server.url);
  await waitForModel(page);
  await page.getByRole('tab', { name: 'Check' }).click();
  const picked = idPhotos.filter((p) => p !== CHECK_PICKS.idPhoto).slice(0, 30);
  const entries: Record<string, Uint8Array> = {};
  for (const rel of picked) entries[`site/${rel.split('/').pop()}`] = readFileSync(path.join(photosDir, rel));
  entries['site/again.jpg'] = entries[`site/${picked[0].split('/').pop()}`]; // same bytes: counted once
  const zip = Buffer.from(zipSync(entries, { level: 0 }));

  await page.getByText('Make a normal set from your own photos…').click();
  await page
    .getByTestId('normal-set-files')
    .setInputFiles({ name: 'site.zip', mimeType: 'application/zip', buffer: zip });
  expect(await page.getByTestId('normal-set-name').inputValue()).toBe('site');
  await page.getByTestId('normal-set-make').click();
  const outcome = page.getByTestId('normal-set-outcome');
  await outcome.waitFor({ timeout: 90_000 });
  expect(await outcome.textContent()).toMatch(/Made “site” and put it in force/);
  expect(await outcome.textContent()).toMatch(/1 file left out/);

  await page.reload();
  await waitForModel(page);
  await page.getByRole('tab', { name: 'Check' }).click();
  await page.getByTestId('normal-set-active').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('normal-set-active').textContent()).toMatch(/24 photos to compare with, 6 held back/);
  await page.getByTestId('score-knn').check();
  const reason = await checkPhoto(page, CHECK_PICKS.oodPhoto);
  expect(reason).toMatch(/(unlike|like) your 30 normal photos \(“site”\): nearest similarity/);
  await page.getByTestId('score-fused').check();
  expect(await page.getByTestId('fused-recipe').textContent()).toMatch(/percentile of .* \+ percentile of the nearest/);
  expect(await page.getByTestId('verdict-reason').textContent()).toMatch(
    /fused [\d.]+ \(.* at percentile \d+, nearest photos at percentile \d+\)/,
  );

  // Models: the stored set is listed; a foreign file is refused by name and the set stays
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByTestId('normal-set-list').waitFor();
  expect(await page.getByTestId('normal-set-list').textContent()).toMatch(
    /site.*30 \(6 held back, 1 duplicate counted once\)/,
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('normal-set-list').getByRole('button', { name: 'export' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(exported).toMatchObject({ format: 'alignscope-normal-set', name: 'site', modelId: 'cifar10-cma-tiny' });
  expect(exported.files).toHaveLength(30);
  expect(Object.keys(exported.files[0]).sort()).toEqual(['key', 'sha256', 'size']); // no photo, no thumbnail
  await page.getByTestId('normal-set-import').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"something-else"}'),
  });
  await page.getByTestId('normal-set-message').waitFor();
  expect(await page.getByTestId('normal-set-message').textContent()).toMatch(
    /notes\.json is not an AlignScope normal set/,
  );
  expect(await page.getByTestId('normal-set-list').textContent()).toMatch(/site/);

  // Evaluate: the reference evaluation scored against the set too — every score side by side, and the size curve
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('eval-open-reference').click();
  const compare = page.getByTestId('eval-score-compare');
  await compare.waitFor({ timeout: 60_000 });
  for (const n of ['maxlogit', 'knn', 'fused']) await compare.locator(`tr[data-score="${n}"]`).waitFor();
  await page.getByText('How many normal photos are enough?').click();
  await page.getByTestId('eval-size-curve-run').click();
  await page.locator('[data-testid="eval-size-curve-table"] tr[data-size="30"]').waitFor({ timeout: 60_000 });
  // 10 and all 30, then the text score alone
  await page.locator('[data-testid="eval-size-curve-table"] tr[data-size="text"]').waitFor();
  expect(await page.locator('[data-testid="eval-size-curve-table"] tbody tr').count()).toBe(3);
  // the chart: four curves of two sizes, and the text score's two flat lines
  const chartPoints = await page.getByTestId('eval-size-curve-chart').getAttribute('data-points');
  expect(JSON.parse(chartPoints!)).toEqual([2, 2, 2, 2, 2, 2]);

  // a run of the shared photos: its stored KNN scores and the curve's whole-set row are one computation
  await runOnEvaluate(page, path.join(photosDir, 'id'), path.join(photosDir, 'ood'), { nId: 60, nOod: 60 });
  const knnAuroc = await page
    .locator('[data-testid="eval-score-compare"] tr[data-score="knn"] td')
    .nth(2)
    .textContent();
  await page.getByTestId('eval-size-curve').evaluate((el) => ((el as HTMLDetailsElement).open = true));
  await page.getByTestId('eval-size-curve-run').click();
  const whole = page.locator('[data-testid="eval-size-curve-table"] tr[data-size="30"] td');
  await whole.first().waitFor({ timeout: 60_000 });
  expect(await whole.nth(2).textContent()).toBe(knnAuroc);

  // Explore: the set's 30 photos join the map once asked for
  await page.getByRole('tab', { name: 'Explore' }).click();
  const map = page.getByTestId('map');
  await map.locator('xpath=self::*[@data-points!="0"]').waitFor({ timeout: 120_000 });
  const before = Number(await map.getAttribute('data-points'));
  await page.getByTestId('show-normal-set').locator('input').check();
  await page.locator(`[data-testid="map"][data-points="${before + 30}"]`).waitFor({ timeout: 120_000 });

  // another model: the set is listed as another model's, never scored against, and re-encoded from its photos
  await page.getByTestId('model-picker').selectOption('cifar10-flyp-tiny');
  await page.locator('[data-testid="model-status"][data-model-id="cifar10-flyp-tiny"]').waitFor({ timeout: 90_000 });
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByTestId('normal-set-choice').selectOption({ label: 'site (made with cifar10-cma-tiny)' });
  await page.getByTestId('normal-set-mismatch').waitFor();
  await page
    .getByTestId('normal-set-reencode')
    .setInputFiles({ name: 'site.zip', mimeType: 'application/zip', buffer: zip });
  await page.getByTestId('normal-set-outcome').filter({ hasText: 'Re-encoded' }).waitFor({ timeout: 90_000 });
  expect(await page.getByTestId('normal-set-outcome').textContent()).toMatch(
    /Re-encoded “site” with cifar10-flyp-tiny as “site \(2\)”: 30 of its 30 photos found again by their bytes\./,
  );
  expect(await page.getByTestId('normal-set-active').textContent()).toMatch(/24 photos to compare with/);
  expect(errors).toEqual([]);
}, 240_000);
