/**
 * Nothing lost (issue #8): the Chromium PROCESS is killed (SIGKILL, no shutdown) in the middle of an evaluation of
 * ../shared/data/photos; started again on the same profile, the finished part is in IndexedDB, the run is listed as
 * resumable, and resuming encodes only the images that were not finished.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, photosDir, startServer, stored, waitForModel, type Server } from './helpers';

let server: Server;
let profile: string;
let context: BrowserContext | undefined;

async function open(): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  await ctx.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' || new URL(route.request().url()).hostname === 'localhost'
      ? route.fallback()
      : route.abort(),
  );
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(server.url + '#evaluate');
  await waitForModel(page);
  await page.getByTestId('evaluate-screen').waitFor({ timeout: 60_000 });
  return { context: ctx, page };
}

/** The browser's main process: the chromium whose command line holds our profile dir and no --type= (not a child). */
function browserPid(): number {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes(`--user-data-dir=${profile}`) && !l.includes('--type='));
  if (!line) throw new Error('the Chromium process of this test was not found');
  return Number(line.trim().split(/\s+/)[0]);
}

beforeAll(async () => {
  server = await startServer();
  profile = mkdtempSync(path.join(tmpdir(), 'alignscope-crash-'));
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

it('a killed browser loses at most the batch in flight, and the run resumes without redoing finished photos', async () => {
  // 1. Start a run of the shared photos (ID folder and OoD folder).
  let { context: ctx, page } = await open();
  context = ctx;
  await page.getByTestId('eval-dir-id').setInputFiles(path.join(photosDir, 'id'));
  await page.getByTestId('eval-dir-ood').setInputFiles(path.join(photosDir, 'ood'));
  await page.getByTestId('eval-start').click();
  const progress = page.getByTestId('eval-progress');
  await progress.waitFor({ timeout: 60_000 });

  // 2. Kill the browser process as soon as some batches are stored but the run is not finished.
  const read = async () => ({
    doneAtKill: Number((await progress.getAttribute('data-done', { timeout: 60_000 })) ?? 0),
    total: Number((await progress.getAttribute('data-total')) ?? 0),
  });
  let { doneAtKill, total } = await read();
  while (doneAtKill < 8) {
    await new Promise((r) => setTimeout(r, 50));
    ({ doneAtKill, total } = await read());
  }
  expect(doneAtKill, 'the run finished before it could be interrupted').toBeLessThan(total);
  process.kill(browserPid(), 'SIGKILL');
  await ctx.close().catch(() => undefined); // the driver notices the dead browser
  console.log(`killed at ${doneAtKill}/${total}`);

  // 3. Same profile again: the finished part is there and the run can be resumed.
  ({ context: ctx, page } = await open());
  context = ctx;
  const after = await stored(page);
  expect(after.runs).toHaveLength(1);
  const run = after.runs[0];
  expect(run.doneCount).toBeGreaterThanOrEqual(doneAtKill); // the batch in flight may or may not have landed
  expect(run.doneCount).toBeLessThan(total);
  expect(after.images).toBe(run.doneCount); // images and progress were written together
  const item = page.getByTestId('eval-run');
  await expect.poll(() => item.getAttribute('data-status'), { timeout: 30_000 }).toBe('paused'); // "running" by a dead tab → paused
  expect(Number(await item.getAttribute('data-done'))).toBe(run.doneCount);

  // 4. Resume with the photos folder dropped again (matched by content): only the unfinished photos are encoded.
  await item.getByTestId('eval-run-resume').click();
  await page.getByTestId('eval-resume-dir').setInputFiles(photosDir);
  const go = page.getByTestId('eval-resume-go');
  if (await go.count()) await go.click();
  await expect.poll(() => item.getAttribute('data-status'), { timeout: 180_000, interval: 500 }).toBe('done');
  const final = await stored(page);
  const encoded = await page.evaluate(() => window.__alignscopeEval?.encoded ?? -1);
  const skipped = final.runs[0].skipped.length;
  console.log(
    `resumed: ${run.doneCount} kept, ${encoded} encoded after the restart, ${skipped} skipped, ${final.images} stored`,
  );
  expect(final.runs[0].doneCount + skipped).toBe(total);
  expect(final.images).toBe(final.runs[0].doneCount);
  expect(encoded).toBe(total - run.doneCount - skipped);
});

it('a full disk mid-run (IndexedDB QuotaExceededError): the run stops with the storage message, finished batches stay, and it resumes once there is room', async () => {
  // Same profile and browser as above; from the next load on, puts into the images store fail once __idbFull.after is passed.
  const ctx = context!;
  await ctx.addInitScript(() => {
    const w = window as unknown as { __idbFull: { after: number; puts: number } };
    w.__idbFull = { after: Infinity, puts: 0 };
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'images' && ++w.__idbFull.puts > w.__idbFull.after)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const page = ctx.pages()[0];
  await page.reload();
  await waitForModel(page);
  await page.getByTestId('evaluate-screen').waitFor({ timeout: 60_000 });
  const oldIds = await page.getByTestId('eval-run').evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));
  await page.evaluate(() => ((window as unknown as { __idbFull: { after: number } }).__idbFull.after = 20));

  await page.getByTestId('eval-dir-id').setInputFiles(path.join(photosDir, 'id'));
  await page.getByTestId('eval-dir-ood').setInputFiles(path.join(photosDir, 'ood'));
  await page.getByTestId('eval-start').click();
  // The reason is said in the banner and stays on the run's row in the list.
  let runId: string | null | undefined;
  await expect
    .poll(
      async () => {
        runId = await page
          .getByTestId('eval-run')
          .evaluateAll(
            (els, old) => els.map((e) => e.getAttribute('data-run-id')).find((id) => !old.includes(id)),
            oldIds,
          );
        return runId ? page.locator(`[data-testid=eval-run][data-run-id="${runId}"]`).getAttribute('data-status') : '';
      },
      { timeout: 120_000, interval: 500 },
    )
    .toBe('failed');
  const run = page.locator(`[data-testid=eval-run][data-run-id="${runId}"]`);
  const rowText = (await run.textContent()) ?? '';
  console.log(`quota → ${rowText}`);
  expect(rowText).toMatch(/storage for this site is full.*Finished images and earlier runs are kept/);
  await expect
    .poll(
      async () =>
        (await page.getByTestId('eval-notice').count()) ? await page.getByTestId('eval-notice').textContent() : '',
      { timeout: 10_000 },
    )
    .toMatch(/storage for this site is full/);
  const s = await stored(page);
  const rec = s.runs.find((r) => r.id === runId)!;
  expect(rec.doneCount).toBeGreaterThan(0); // the batches before the disk filled
  expect(rec.doneCount).toBeLessThanOrEqual(20); // the failing batch was not half-stored
  expect(rec.doneCount).toBeLessThan(rec.files.length);
  expect(s.runs).toHaveLength(oldIds.length + 1); // the earlier run is untouched

  // Room again: resume, and only the unfinished photos are encoded.
  await page.evaluate(() => ((window as unknown as { __idbFull: { after: number } }).__idbFull.after = Infinity));
  if (await page.getByTestId('eval-notice').count())
    await page.getByTestId('eval-notice').getByRole('button', { name: 'Dismiss' }).click();
  const before = await page.evaluate(() => window.__alignscopeEval?.encoded ?? 0);
  await run.getByTestId('eval-run-resume').click();
  await page.getByTestId('eval-resume-dir').setInputFiles(photosDir);
  const go = page.getByTestId('eval-resume-go');
  if (await go.count()) await go.click();
  await expect.poll(() => run.getAttribute('data-status'), { timeout: 180_000, interval: 500 }).toBe('done');
  const final = (await stored(page)).runs.find((r) => r.id === runId)!;
  const encoded = (await page.evaluate(() => window.__alignscopeEval?.encoded ?? 0)) - before;
  console.log(
    `quota run: ${rec.doneCount} kept at the quota error, ${encoded} encoded on resume, ${final.doneCount} done`,
  );
  expect(final.doneCount + final.skipped.length).toBe(final.files.length);
  expect(encoded).toBe(final.files.length - rec.doneCount - final.skipped.length);
});
