/**
 * Model files are kept in Cache Storage: the Models screen lists them with sizes, a second visit loads the model
 * with the model files unreachable, and "Clear cache" empties it.
 */
import { expect, it } from 'vitest';
import { defaultModelId, openPage, serverAndBrowser, waitForModel } from './helpers';

const env = serverAndBrowser({ webgpu: false });

it('lists cached model files, loads from the cache without network, and clears it', async () => {
  const { page, errors } = await openPage(env.browser, env.server.url + '#models');
  expect(await waitForModel(page)).toBe(defaultModelId());
  const table = page.getByTestId('cache-table');
  await table.waitFor({ timeout: 20_000 });
  const rows = await table.locator('tbody tr').allTextContents();
  expect(rows.some((r) => /vision\.onnx\d+\.\d MB/.test(r))).toBe(true);
  expect(rows.some((r) => /text\.onnx/.test(r))).toBe(true);

  // Second visit, same browser profile, every /models/ request failing: the model still loads from the cache.
  let modelRequests = 0;
  await page.route('**/models/**', (route) => {
    modelRequests++;
    return route.abort('internetdisconnected');
  });
  await page.reload();
  expect(await waitForModel(page)).toBe(defaultModelId());
  expect(modelRequests).toBeGreaterThan(0); // it did try (revalidation) and fell back to the cache

  await page.getByTestId('clear-cache').click();
  await expect.poll(() => page.getByTestId('cache-table').count()).toBe(0);
  expect(errors).toEqual([]);
});
