/**
 * The Check screen in real Chromium (WASM backend) on the default bundle, with real photos from ../shared/data/photos:
 * an ID photo is not flagged at the default threshold; a clearly-OoD photo is flagged by the image score; dragging the
 * threshold slider flips the verdict and updates the expected rates; a caption that contradicts the photo raises the
 * caption flag; an empty caption gives an image-only verdict; editing the class list changes the top class; history
 * survives a reload; a file that is not an image gives a clear message and the screen keeps working.
 *
 * The photos were picked from the bundle's actual scores (Node: onnxruntime-node + the app's preprocessing, see
 * tests/integration/ood_photos.test.ts, which re-checks the picks against the committed bundle on every run).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CHECK_PICKS } from '../integration/ood_photos.picks';
import { defaultModelId, dropFile, openPage, photo, serverAndBrowser, waitForModel } from './helpers';

const env = serverAndBrowser({ webgpu: false });

const attr = async (page: Page, testId: string, name: string) =>
  (await page.getByTestId(testId).getAttribute(name)) ?? '';

/** Checks a photo through the file picker and waits until the card shows that file. */
async function checkPhoto(
  page: Page,
  rel: string,
): Promise<{ flagged: boolean; score: number; threshold: number; raisedBy: string }> {
  await page.getByTestId('photo-input').setInputFiles(photo(rel));
  const name = rel.split('/').pop()!;
  await page.locator(`[data-testid="verdict"] img[alt="${name}"]`).waitFor({ timeout: 60_000 });
  return {
    flagged: (await attr(page, 'verdict', 'data-flagged')) === 'true',
    score: Number(await attr(page, 'verdict', 'data-score')),
    threshold: Number(await attr(page, 'verdict', 'data-threshold')),
    raisedBy: await attr(page, 'verdict', 'data-raised-by'),
  };
}

/** Drags the threshold slider's thumb with the mouse to a fraction of its track (0 = left end). */
async function dragSlider(page: Page, fraction: number): Promise<void> {
  const slider = page.getByTestId('threshold-slider');
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  const [min, max, value] = await slider.evaluate((el: HTMLInputElement) => [
    Number(el.min),
    Number(el.max),
    Number(el.value),
  ]);
  const x = (v: number) => box.x + 8 + ((v - min) / (max - min)) * (box.width - 16);
  await page.mouse.move(x(value), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x(min + fraction * (max - min)), box.y + box.height / 2, { steps: 8 });
  await page.mouse.move(fraction <= 0 ? box.x - 20 : box.x + box.width + 20, box.y + box.height / 2, { steps: 2 });
  await page.mouse.up();
}

it('flags OoD photos, not ID ones; threshold, caption and class edits change the verdict as they should', async () => {
  const { page, blocked, errors } = await openPage(env.browser, env.server.url);
  expect(await waitForModel(page)).toBe(defaultModelId());
  await page.evaluate(() => localStorage.removeItem('alignscope.history'));

  // ID photo, default threshold (TPR-95 on the bundle's calibration), no caption → not flagged, image-only verdict.
  const id = await checkPhoto(page, CHECK_PICKS.idPhoto);
  expect(id.flagged, `${CHECK_PICKS.idPhoto}: score ${id.score} vs threshold ${id.threshold}`).toBe(false);
  await page.getByTestId('threshold-default').waitFor();
  await page.getByTestId('caption-none').waitFor();
  expect(await page.getByTestId('verdict-reason').textContent()).toMatch(/^Looks in-distribution/);
  expect(Number(await attr(page, 'threshold-rates', 'data-false-alarm'))).toBeLessThanOrEqual(0.05);
  expect(await page.getByTestId('top-class').getAttribute('data-label')).toBe(CHECK_PICKS.idClass);
  // The caption check's own false-alarm rate on ordinary captions, measured here on the bundle's hand-written ones.
  const natural = page.getByTestId('caption-natural-rate');
  await natural.waitFor({ timeout: 30_000 });
  expect(Number(await natural.getAttribute('data-false-alarm'))).toBeLessThan(0.05);
  expect(await natural.textContent()).toMatch(/flags [\d.]+ % of photos by mistake and can.t tell for [\d.]+ %/);

  // Clearly-OoD photo → flagged by the image score.
  const ood = await checkPhoto(page, CHECK_PICKS.oodPhoto);
  expect(ood.flagged, `${CHECK_PICKS.oodPhoto}: score ${ood.score} vs threshold ${ood.threshold}`).toBe(true);
  expect(ood.raisedBy).toContain('image');
  expect(await page.getByTestId('verdict-reason').textContent()).toMatch(
    /^Flagged — the photo looks out of distribution/,
  );
  const detectionBefore = Number(await attr(page, 'threshold-rates', 'data-detection'));

  // Drag the threshold to the far left (below every score): the OoD photo is no longer flagged; rates follow.
  await dragSlider(page, 0);
  await expect.poll(() => attr(page, 'verdict', 'data-flagged')).toBe('false');
  await page.getByTestId('threshold-reset').waitFor();
  expect(Number(await attr(page, 'threshold-rates', 'data-false-alarm'))).toBe(0);
  expect(Number(await attr(page, 'threshold-rates', 'data-detection'))).toBeLessThan(detectionBefore);
  // … and to the far right: now it flags again (everything is flagged).
  await dragSlider(page, 1);
  await expect.poll(() => attr(page, 'verdict', 'data-flagged')).toBe('true');
  await page.getByTestId('threshold-reset').click();
  await page.getByTestId('threshold-default').waitFor();
  // The number box is a draft until Enter: backspacing down to a half-typed value moves nothing; Escape restores.
  const box = page.getByTestId('threshold-input');
  const shown = await box.inputValue();
  await box.click();
  await box.press('End');
  for (let i = 0; i < shown.length - 1; i++) await box.press('Backspace');
  expect(await box.inputValue()).toBe(shown.slice(0, 1));
  await page.getByTestId('threshold-default').waitFor(); // still the default: nothing committed
  await box.press('Escape');
  expect(await box.inputValue()).toBe(shown);
  // The threshold typed at the photo's own score (Enter commits): a borderline verdict, said in the title.
  expect(await attr(page, 'verdict-title', 'data-borderline')).toBe('false');
  await box.fill(String(Number(await attr(page, 'verdict', 'data-score'))));
  await box.press('Enter');
  await expect.poll(() => attr(page, 'verdict-title', 'data-borderline')).toBe('true');
  expect(await page.getByTestId('verdict-title').textContent()).toMatch(/· borderline/);
  await page.getByTestId('threshold-reset').click();
  await page.getByTestId('threshold-default').waitFor();

  // Another score and temperature: the threshold returns to the default, recalibrated on the reference embeddings.
  await page.getByTestId('score-mcm').check();
  await page.getByTestId('temperature').fill('0.5');
  await expect
    .poll(async () => (await page.getByTestId('threshold').textContent()) ?? '')
    .toMatch(/recomputed on the bundle's \d+ reference ID embeddings/);
  expect(Number(await attr(page, 'threshold-rates', 'data-false-alarm'))).toBeLessThanOrEqual(0.05);
  await page.getByTestId('score-neglabel').check();
  await expect.poll(() => attr(page, 'verdict', 'data-raised-by')).toContain('image');
  await page.getByTestId(`score-${CHECK_PICKS.defaultScore}`).check();
  await page.getByTestId('threshold-default').waitFor();

  // The ID photo with a caption that contradicts it → caption flag (agreement), image itself still fine.
  await checkPhoto(page, CHECK_PICKS.idPhoto);
  await page.getByTestId('caption').fill(CHECK_PICKS.contradictingCaption);
  await expect.poll(() => attr(page, 'verdict', 'data-raised-by'), { timeout: 30_000 }).toContain('caption-agreement');
  expect(await attr(page, 'verdict', 'data-raised-by')).not.toContain('image');
  expect(await page.getByTestId('verdict-reason').textContent()).toMatch(/caption does not match the photo/);
  // History holds the verdict the card shows (the caption's flag), not the image-only one recorded before it.
  await expect.poll(() => page.getByTestId('history-item').first().getAttribute('data-flagged')).toBe('true');
  expect(await page.getByTestId('history-item').first().textContent()).toContain(CHECK_PICKS.idPhoto.split('/').pop());
  // A matching caption clears it; an empty caption goes back to the image-only verdict.
  await page.getByTestId('caption').fill(CHECK_PICKS.matchingCaption);
  await expect.poll(() => attr(page, 'verdict', 'data-raised-by'), { timeout: 30_000 }).toBe('');
  // An ordinary caption the text encoder does not read as a class: "can't tell", never "does not match" (issue 12).
  await page.getByTestId('caption').fill('a large container ship at sea.');
  await page.getByTestId('caption-cant-tell').waitFor({ timeout: 30_000 });
  expect(await attr(page, 'verdict', 'data-raised-by')).toBe('');
  expect(await page.getByTestId('verdict-reason').textContent()).toMatch(
    /can't tell whether the caption fits \(not counted\)/,
  );
  await page.getByTestId('caption').fill('');
  await page.getByTestId('caption-none').waitFor();

  // "What is normal": drop the photo's class from the list → the top class changes; reset brings it back.
  await page.getByTestId('classes-editor').locator('summary').click();
  const classes = (await page.getByTestId('classes-text').inputValue()).split('\n');
  await page.getByTestId('classes-text').fill(classes.filter((c) => c !== CHECK_PICKS.idClass).join('\n'));
  await page.getByTestId('classes-save').click();
  await expect
    .poll(() => page.getByTestId('top-class').getAttribute('data-label'), { timeout: 30_000 })
    .not.toBe(CHECK_PICKS.idClass);
  await page.getByTestId('classes-reset').click();
  await expect
    .poll(() => page.getByTestId('top-class').getAttribute('data-label'), { timeout: 30_000 })
    .toBe(CHECK_PICKS.idClass);

  // A file that is not an image: a message naming it; the previous state of the screen stays usable.
  await dropFile(page, 'photo-drop', photo('labels.tsv'), 'image/jpeg');
  const err = await page.getByTestId('check-error').textContent({ timeout: 30_000 });
  expect(err).toMatch(/labels\.tsv/);
  const again = await checkPhoto(page, CHECK_PICKS.idPhoto);
  expect(again.flagged).toBe(false);
  expect(await page.getByTestId('check-error').count()).toBe(0);

  // Not a photo at all (a chart the app draws itself, as PNG): it still gets a verdict, with its reason.
  await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 300;
    c.height = 200;
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 300, 200);
    g.fillStyle = '#3367d6';
    [40, 120, 80, 160].forEach((h, i) => g.fillRect(30 + i * 65, 190 - h, 40, h));
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'bar-chart.png', { type: 'image/png' }));
    document
      .querySelector('[data-testid="photo-drop"]')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.locator('[data-testid="verdict"] img[alt="bar-chart.png"]').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('verdict-reason').textContent()).toMatch(/^(Flagged|Looks in-distribution) — /);

  // History: every checked photo, newest first, still there after a reload.
  await expect.poll(() => page.getByTestId('history-item').first().textContent()).toContain('bar-chart.png');
  const n = await page.getByTestId('history-item').count();
  expect(n).toBeGreaterThanOrEqual(4);
  await page.reload();
  await waitForModel(page);
  await expect.poll(() => page.getByTestId('history-item').count()).toBe(n);
  expect(await page.getByTestId('history-item').nth(1).getAttribute('data-flagged')).toBe('false'); // the ID photo, before the chart
  // A history item reopens its verdict (issue 12): the ID photo again, from what history kept, after the reload.
  const kept = page.getByTestId('history-item').nth(1);
  const keptName = (await kept.locator('.name').textContent())!;
  await kept.getByTestId('history-open').click();
  await expect.poll(() => attr(page, 'verdict', 'data-flagged')).toBe('false');
  expect(await page.locator(`[data-testid="verdict"] img[alt="${keptName}"]`).count()).toBe(1);
  await expect.poll(() => page.getByTestId('history-item').count()).toBe(n); // the same entry, not a new one

  expect(blocked).toEqual([]);
  expect(errors).toEqual([]);
});
