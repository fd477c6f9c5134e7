/**
 * Two tabs of the app on one profile (issue 13, item 4), in real Chromium: the run that tab A is encoding stays
 * "running" when tab B opens (B used to mark it "paused / interrupted"), B cannot delete it behind A's back, B's list
 * follows A's progress without a reload, and the run ends with every photo encoded exactly once.
 * Tab A's CPU is throttled (DevTools' CPU throttling) so that its run lasts long enough for B to act during it.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { photosDir, serverAndBrowser, stored, waitForModel } from './helpers';

const env = serverAndBrowser({ webgpu: false });

async function openEvaluate(page: Page, url: string): Promise<void> {
  await page.goto(url + '#evaluate');
  await waitForModel(page);
  await page.getByTestId('evaluate-screen').waitFor({ timeout: 60_000 });
}

it("a second tab neither interrupts, resumes nor deletes the first tab's running run, and its list follows it", async () => {
  const context = await env.browser.newContext();
  await context.route('**/*', (route) =>
    ['127.0.0.1', 'localhost'].includes(new URL(route.request().url()).hostname) ? route.fallback() : route.abort(),
  );
  try {
    const a = await context.newPage();
    await openEvaluate(a, env.server.url);
    await a.getByTestId('eval-dir-id').setInputFiles(path.join(photosDir, 'id'));
    await a.getByTestId('eval-dir-ood').setInputFiles(path.join(photosDir, 'ood'));
    const cdp = await context.newCDPSession(a);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 12 });
    await a.getByTestId('eval-start').click();
    const runA = a.getByTestId('eval-run').first();
    await expect
      .poll(async () => Number(await runA.getAttribute('data-done')), { timeout: 120_000 })
      .toBeGreaterThan(0);

    const b = await context.newPage();
    await openEvaluate(b, env.server.url);
    const runB = b.getByTestId('eval-run').first();
    const id = await runA.getAttribute('data-run-id');
    expect(await runB.getAttribute('data-run-id')).toBe(id);
    // B sees A's run as running, never interrupted, and offers no resume for it
    expect(await runB.getAttribute('data-status')).toBe('running');
    expect(await runB.getByTestId('eval-run-resume').count()).toBe(0);
    // B's delete is refused with a sentence, and the run goes on in A
    b.once('dialog', (d) => void d.accept());
    await runB.getByTestId('eval-run-delete').click();
    await expect
      .poll(async () => (await b.getByTestId('eval-notice').count()) && b.getByTestId('eval-notice').textContent())
      .toMatch(/is being encoded in another tab of AlignScope: cancel it there, or close that tab first/);
    expect(await runA.getAttribute('data-status')).toBe('running');
    // B's list follows A's progress without a reload
    const seenInB = Number(await runB.getAttribute('data-done'));
    await expect
      .poll(async () => Number(await runB.getAttribute('data-done')), { timeout: 120_000 })
      .toBeGreaterThan(seenInB);

    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await expect.poll(() => runA.getAttribute('data-status'), { timeout: 180_000 }).toBe('done');
    await expect.poll(() => runB.getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    // every photo encoded and stored exactly once (the shared photos: 120, none unreadable)
    expect(Number(await runA.getAttribute('data-done'))).toBe(120);
    expect((await stored(b)).images).toBe(120);
  } finally {
    await context.close();
  }
}, 420_000);
