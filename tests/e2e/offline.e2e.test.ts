/**
 * Offline start (issue 12): once the app has been opened, it starts again with the network gone — the page and its
 * build files from the service worker (public/sw.js), the model from the app's Cache Storage — and checks a photo.
 */
import { expect, it } from 'vitest';
import { openPage, photo, serverAndBrowser, waitForModel } from './helpers';

const env = serverAndBrowser({ webgpu: false });

it('starts and checks a photo with the network off, after one visit', async () => {
  const { page, errors } = await openPage(env.browser, env.server.url + '#check');
  await waitForModel(page);
  // the worker is active and controls the page; one reload under its control keeps the shell (assets/)
  expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? ''))).toMatch(
    /\/sw\.js$/,
  );
  await page.reload();
  await waitForModel(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await page.context().setOffline(true);
  try {
    await page.reload();
    await waitForModel(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // threaded WASM still allowed
    await page.getByRole('tab', { name: 'Check' }).click();
    await page.getByTestId('photo-input').setInputFiles(photo('id/cat/n02123045_tabby.JPEG'));
    await page.getByTestId('verdict').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('verdict').getAttribute('data-flagged')).toMatch(/^(true|false)$/);
  } finally {
    await page.context().setOffline(false);
  }
  expect(errors).toEqual([]);
}, 240_000);
