/**
 * Evaluate screen in Chromium (WASM, production build): the bundle's reference evaluation drawn and moved by
 * dragging the threshold; a run over ../shared/data/photos (id/ normal, ood/ not normal) encoded once, kept over a
 * reload, resumed after a reload mid-run without re-encoding finished photos; a CSV export re-imports to the same numbers.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { zipSync } from 'fflate';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultModelId,
  distDir,
  launch,
  openPage,
  photosDir,
  startServer,
  waitForModel,
  type Server,
} from './helpers';

let server: Server;
let browser: Browser;
let page: Page;
let errors: string[];
let blocked: string[];

// The bundle's files, read once (the build may be rebuilt by another job while this file runs).
let manifest: { referenceEval: string; scoring: { default: string } };
let ref: { sets: { kind: string; scores: Record<string, number[]> }[] };

beforeAll(async () => {
  const modelDir = path.join(distDir, 'models', defaultModelId());
  manifest = JSON.parse(readFileSync(path.join(modelDir, 'manifest.json'), 'utf8'));
  ref = JSON.parse(readFileSync(path.join(modelDir, manifest.referenceEval), 'utf8'));
  defaultScoreName = manifest.scoring.default;
  server = await startServer();
  browser = await launch({ webgpu: false });
  ({ page, errors, blocked } = await openPage(browser, `${server.url}#evaluate`));
  await waitForModel(page);
});
afterAll(async () => {
  await browser?.close();
  server?.stop();
});

const ID_DIR = path.join(photosDir, 'id');
const OOD_DIR = path.join(photosDir, 'ood');
const N_PHOTOS = 120;

const attr = async (p: Page, testId: string, name: string) => (await p.getByTestId(testId).getAttribute(name)) ?? '';
const points = async (p: Page, testId: string): Promise<number[]> => JSON.parse(await attr(p, testId, 'data-points'));
const encoded = (p: Page) => p.evaluate(() => window.__alignscopeEval?.encoded ?? -1);
const confusion = (p: Page) => p.getByTestId('eval-confusion').locator('td').allTextContents();
/** The numbers shown for the bundle's default score (selected explicitly: a reload or import must not change it). */
const numbers = async (p: Page) => {
  await p.getByTestId('eval-score').selectOption(defaultScore());
  return [
    await p.getByTestId('eval-metrics').innerText(),
    await p.getByTestId('eval-confusion').innerText(),
    await p.getByTestId('eval-id-accuracy').innerText(),
  ];
};
let defaultScoreName = '';
const defaultScore = (): string => defaultScoreName;

/** Coloured (non-white, non-transparent) pixels of a chart's canvas. */
function inkedPixels(p: Page, testId: string): Promise<number> {
  return p.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid="${id}"] canvas`) as HTMLCanvasElement | null;
    if (!canvas) return 0;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
    return n;
  }, testId);
}

/** Drags the histogram's threshold handle by dx pixels, as a person does with the mouse. */
async function dragThreshold(p: Page, dx: number): Promise<void> {
  const chart = p.getByTestId('eval-histogram');
  await chart.scrollIntoViewIfNeeded(); // mouse events only reach what is in the viewport
  const box = (await chart.boundingBox())!;
  const x = box.x + Number(await attr(p, 'eval-histogram', 'data-handle-x'));
  const y = box.y + box.height / 2;
  await p.mouse.move(x, y);
  await p.mouse.down();
  for (let i = 1; i <= 6; i++) await p.mouse.move(x + (dx * i) / 6, y);
  await p.mouse.up();
}

async function waitForRun(p: Page, id: string, status: string, done?: number, timeout = 90_000): Promise<void> {
  const sel = `[data-testid=eval-run][data-run-id="${id}"][data-status=${status}]${done === undefined ? '' : `[data-done="${done}"]`}`;
  await p.locator(sel).waitFor({ timeout });
}

describe('Evaluate', () => {
  it('opens the reference evaluation: charts drawn with every point, the threshold drags and the confusion matrix follows', async () => {
    await page.getByTestId('eval-open-reference').click();
    await page.locator('[data-testid=eval-results][data-open=reference]').waitFor();
    const score = await page.getByTestId('eval-score').inputValue();
    expect(score).toBe(manifest.scoring.default);

    const sets = ref.sets;
    expect(await points(page, 'eval-histogram')).toEqual(sets.map(() => 40));
    const idScores = sets.filter((s) => s.kind === 'id').flatMap((s) => s.scores[score]);
    const oodScores = sets.filter((s) => s.kind !== 'id').flatMap((s) => s.scores[score]);
    const rocPoints = await points(page, 'eval-roc');
    expect(rocPoints[0]).toBe(new Set([...idScores, ...oodScores]).size + 1); // every distinct threshold + (0,0)
    expect(rocPoints.at(-1)).toBe(1); // the operating point
    await expect.poll(() => inkedPixels(page, 'eval-histogram')).toBeGreaterThan(2000);
    await expect.poll(() => inkedPixels(page, 'eval-roc')).toBeGreaterThan(2000);

    const before = await confusion(page);
    const t0 = Number(await attr(page, 'eval-histogram', 'data-threshold'));
    await dragThreshold(page, 90);
    await expect.poll(async () => Number(await attr(page, 'eval-histogram', 'data-threshold'))).toBeGreaterThan(t0);
    const after = await confusion(page);
    expect(after).not.toEqual(before);
    // more flagged to the right: normal photos kept can only fall, not-normal photos flagged only rise
    expect(Number(after[0])).toBeLessThanOrEqual(Number(before[0]));
    expect(Number(after[3])).toBeGreaterThanOrEqual(Number(before[3]));
    expect(Number(after[0]) + Number(after[1])).toBe(idScores.length);
    expect(await page.getByTestId('eval-strategy-tpr95').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('eval-strategy-tpr95').click();
    expect(await confusion(page)).toEqual(before);
  });

  let firstRunId = '';
  let firstNumbers: string[] = [];

  it('runs the photo folders, encoding each photo once, and keeps the run over a reload', async () => {
    await page.getByTestId('eval-dir-id').setInputFiles(ID_DIR);
    await page.getByTestId('eval-dir-ood').setInputFiles(OOD_DIR);
    const start = Date.now();
    await page.getByTestId('eval-start').click();
    const run = page.locator('[data-testid=eval-run]').first();
    await run.waitFor();
    firstRunId = (await run.getAttribute('data-run-id'))!;
    await waitForRun(page, firstRunId, 'done', N_PHOTOS);
    const seconds = (Date.now() - start) / 1000;
    expect(await encoded(page)).toBe(N_PHOTOS);
    await page.locator(`[data-testid=eval-results][data-open=run][data-n-id="60"][data-n-ood="60"]`).waitFor();
    expect(await points(page, 'eval-histogram')).toEqual([40, 40]);
    await expect.poll(() => inkedPixels(page, 'eval-histogram')).toBeGreaterThan(2000);
    firstNumbers = await numbers(page);
    expect(firstNumbers[2]).toMatch(/\d+ of 60 named correctly; 60 of 60 normal photos/);
    console.log(
      `[e2e evaluate] 120 photos in ${seconds.toFixed(1)} s (${(N_PHOTOS / seconds).toFixed(1)} photos/s, WASM) · ${firstNumbers[2]}`,
    );

    await page.reload();
    await waitForModel(page);
    await waitForRun(page, firstRunId, 'done', N_PHOTOS);
    await page.locator(`[data-run-id="${firstRunId}"] [data-testid=eval-run-open]`).click();
    await page.locator('[data-testid=eval-results][data-open=run]').waitFor();
    expect(await numbers(page)).toEqual(firstNumbers);
    expect(await encoded(page)).toBe(0);
  });

  it('a CSV export re-imports to the same numbers, and its distinct scores are the ROC points', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('eval-export-csv').click()]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    const rows = csv.trim().split(/\r?\n/).slice(1);
    expect(rows.length).toBe(N_PHOTOS);
    const score = await page.getByTestId('eval-score').inputValue();
    const col = csv.split(/\r?\n/)[0].split(',').indexOf(`score_${score}`);
    const distinct = new Set(rows.map((r) => r.split(',')[col])).size; // keys hold no commas here
    expect((await points(page, 'eval-roc'))[0]).toBe(distinct + 1);

    const csvPath = path.join(path.dirname(file), 'exported-run.csv');
    (await import('node:fs')).copyFileSync(file, csvPath);
    await page.getByTestId('eval-import').setInputFiles(csvPath);
    await page.locator('[data-testid=eval-run][data-status=done]').filter({ hasText: 'imported' }).waitFor();
    await page.getByTestId('eval-results').filter({ hasText: '(imported)' }).waitFor();
    expect(await numbers(page)).toEqual(firstNumbers);
  });

  it('a zip of photos runs too; a text file and a duplicate photo are skipped and listed with the reason', async () => {
    const names = readdirSync(OOD_DIR).sort().slice(0, 5);
    const entries: Record<string, Uint8Array> = { 'notes.txt': new TextEncoder().encode('not a photo') };
    for (const n of names) entries[`odd/${n}`] = readFileSync(path.join(OOD_DIR, n));
    entries['odd/zz-copy.jpg'] = entries[`odd/${names[0]}`];
    const zipPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'eval-zip-')), 'strange.zip');
    writeFileSync(zipPath, zipSync(entries));
    await page.getByTestId('eval-dir-id').setInputFiles(path.join(ID_DIR, 'ship'));
    await page.getByTestId('eval-files-ood').setInputFiles(zipPath);
    const runsBefore = await page.getByTestId('eval-run').count();
    await page.getByTestId('eval-start').click();
    await expect.poll(() => page.getByTestId('eval-run').count(), { timeout: 60_000 }).toBe(runsBefore + 1);
    const run = page.locator('[data-testid=eval-run]').first(); // newest first
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect(Number(await run.getAttribute('data-done'))).toBe(11 + 5);
    await page.locator('[data-testid=eval-results][data-open=run][data-n-id="11"][data-n-ood="5"]').waitFor();
    // after a run: how long it took and how fast (issue 12)
    await expect
      .poll(() => page.getByTestId('eval-notice').textContent())
      .toMatch(/^Finished: 16 photos encoded in [\d.]+ s \([\d.]+ photos\/s\)\./);
    const skipped = page.getByTestId('eval-skipped');
    await skipped.locator('summary').click();
    expect(await skipped.locator('li[data-reason=not-image]').innerText()).toMatch(
      /strange\.zip\/notes\.txt: not a JPEG/,
    );
    expect(await skipped.locator('li[data-reason=duplicate]').innerText()).toMatch(
      new RegExp(`strange\\.zip/odd/zz-copy\\.jpg: same bytes as strange\\.zip/odd/${names[0].replace('.', '\\.')}`),
    );
    // a folder named like a class labels its photos: ID accuracy over all 11 ships
    expect(await page.getByTestId('eval-id-accuracy').innerText()).toMatch(
      /\d+ of 11 named correctly; 11 of 11 normal photos/,
    );
  });

  it('cancel stops a run between batches (kept, resumable); delete removes it', async () => {
    await page.getByTestId('eval-dir-id').setInputFiles(ID_DIR);
    await page.getByTestId('eval-dir-ood').setInputFiles(OOD_DIR);
    await page.getByTestId('eval-start').click();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=eval-progress]')?.getAttribute('data-done') ?? 0) >= 8,
      null,
      { polling: 10 },
    );
    const runId = (await page.locator('[data-testid=eval-run][data-status=running]').getAttribute('data-run-id'))!;
    await page.getByTestId('eval-cancel').click();
    await waitForRun(page, runId, 'paused');
    await expect
      .poll(() => page.getByTestId('eval-notice').textContent())
      .toMatch(/Run cancelled\. Finished photos are kept/);
    const kept = Number(await page.locator(`[data-run-id="${runId}"]`).getAttribute('data-done'));
    expect(kept).toBeGreaterThanOrEqual(8);
    expect(kept).toBeLessThan(N_PHOTOS);
    expect(await page.locator(`[data-run-id="${runId}"] [data-testid=eval-run-resume]`).count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.locator(`[data-run-id="${runId}"] [data-testid=eval-run-delete]`).click();
    await expect.poll(() => page.locator(`[data-run-id="${runId}"]`).count()).toBe(0);
  });

  it('a run interrupted by a reload resumes without encoding finished photos again', async () => {
    await page.getByTestId('eval-dir-id').setInputFiles(ID_DIR);
    await page.getByTestId('eval-dir-ood').setInputFiles(OOD_DIR);
    await page.getByTestId('eval-start').click();
    const running = page.locator('[data-testid=eval-run][data-status=running]');
    await running.waitFor();
    const runId = (await running.getAttribute('data-run-id'))!;
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=eval-progress]')?.getAttribute('data-done') ?? 0) >= 16,
      null,
      { polling: 10 },
    );
    await page.reload();
    await waitForModel(page);
    await waitForRun(page, runId, 'paused');
    const kept = Number(await page.locator(`[data-run-id="${runId}"]`).getAttribute('data-done'));
    expect(kept).toBeGreaterThanOrEqual(16);
    expect(kept).toBeLessThan(N_PHOTOS);

    await page.locator(`[data-run-id="${runId}"] [data-testid=eval-run-resume]`).click();
    await page.getByTestId('eval-resume-dir').setInputFiles(ID_DIR);
    await page.getByTestId('eval-resume-dir').setInputFiles(OOD_DIR);
    await page.getByTestId('eval-resume-go').click();
    await waitForRun(page, runId, 'done', N_PHOTOS);
    expect(await encoded(page)).toBe(N_PHOTOS - kept);
    console.log(`[e2e evaluate] reload after ${kept} photos; the resume encoded the other ${N_PHOTOS - kept}`);
    await page.locator(`[data-run-id="${runId}"] [data-testid=eval-run-open]`).click();
    await page.locator('[data-testid=eval-results][data-open=run][data-n-id="60"]').waitFor();
    expect(await numbers(page)).toEqual(firstNumbers); // same photos, same model: the same numbers
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
