/**
 * Bad models the app-core e2e (model-bad-input) does not try yet: a truncated ONNX served whole, a wrong output
 * name, an input shape that disagrees with the manifest, a tokenizer whose ids run past the text model's vocabulary,
 * one file answering 404, a refused connection, and a storage quota error while caching downloaded files. Each gives
 * a message naming the file (or loads anyway, for the quota), and the model loaded before stays usable.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import { debugView, dropBytes, openPage, photo, repo, serverAndBrowser, waitForModel } from './helpers';

const tiny = path.join(repo, 'tests/fixtures/bundles/tiny');
const manifest = JSON.parse(readFileSync(path.join(tiny, 'manifest.json'), 'utf8'));
const file = (name: string) => readFileSync(path.join(tiny, name));
const json = (o: unknown) => Buffer.from(JSON.stringify(o));
const vision = file('vision.onnx');

type Body = Buffer | 404 | 'refused';
const CASES: Record<string, { files: Record<string, Body>; expect: RegExp }> = {
  'truncated-onnx': {
    files: { 'vision.onnx': vision.subarray(0, vision.length >> 1) },
    expect: /vision\.onnx: ONNX Runtime cannot open it/,
  },
  'wrong-output-name': {
    files: { 'manifest.json': json({ ...manifest, text: { ...manifest.text, output: 'pooled' } }) },
    expect: /text\.onnx: has no output "pooled" \(outputs: text_embeds\)/,
  },
  'wrong-input-size': {
    files: {
      'manifest.json': json({ ...manifest, image: { ...manifest.image, size: 48, resizeTo: 48, cropSize: 48 } }),
    },
    expect: /vision\.onnx: "pixel_values" is declared \[batch, 3, 32, 32\] but the manifest's image\.size is 48/,
  },
  'tokenizer-beyond-vocab': {
    files: { 'tokenizer.json': readFileSync(path.join(repo, 'models/cifar10-cma-tiny/tokenizer.json')) },
    expect:
      /tokenizer\.json: gives token id \d+ but text\.onnx has only 28 token embeddings: this tokenizer does not belong to this text model/,
  },
  'text-onnx-404': { files: { 'text.onnx': 404 }, expect: /text\.onnx: .*(not found|404)/ },
  refused: {
    files: { 'manifest.json': 'refused', 'config.json': 'refused' },
    expect: /manifest\.json: cannot download|manifest\.json: .*(refused|network)/,
  },
};

const env = serverAndBrowser({ webgpu: false });
const good = readFileSync(photo('id/dog/n02085620_Chihuahua.JPEG'));

async function serve(page: Page) {
  await page.route('**/e2e-robust/**', async (route: Route) => {
    const [, name, ...rest] = new URL(route.request().url()).pathname.split('/').filter(Boolean);
    const rel = rest.join('/');
    const body: Body =
      CASES[name]?.files[rel] ??
      (['manifest.json', 'tokenizer.json', 'vision.onnx', 'text.onnx'].includes(rel) ? file(rel) : 404);
    if (body === 404) return route.fulfill({ status: 404, body: 'not found' });
    if (body === 'refused') return route.abort('connectionrefused');
    return route.fulfill({
      status: 200,
      headers: { 'content-type': rel.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
      body,
    });
  });
}

async function loadUrl(page: Page, url: string) {
  await page.getByTestId('model-url').fill(url);
  await page.getByTestId('model-url').press('Enter');
}

async function scores(page: Page, name: string) {
  await page.getByRole('tab', { name: 'Check' }).click();
  await dropBytes(page, 'photo-drop', name, good, 'image/jpeg');
  await expect
    .poll(async () => (await page.getByTestId('history-item').locator('.name').first().textContent()) ?? '', {
      timeout: 60_000,
    })
    .toBe(name);
  expect((await debugView(page)).lastImageEmbedding?.length).toBeGreaterThan(0);
}

it('each bad bundle is named by file and problem; the loaded model keeps working and keeps its history', async () => {
  const { page, errors } = await openPage(env.browser, env.server.url + '#check', serve);
  const id = await waitForModel(page);
  await scores(page, 'before.jpg');
  await page.getByRole('tab', { name: 'Models' }).click();
  for (const [name, c] of Object.entries(CASES)) {
    await loadUrl(page, `${env.server.url}e2e-robust/${name}/`);
    const alert = page.getByTestId('model-error');
    await alert.waitFor({ timeout: 60_000 });
    const text = (await alert.textContent()) ?? '';
    console.log(`${name} → ${text}`);
    expect(text, name).toMatch(c.expect);
    expect(await page.getByTestId('model-status').getAttribute('data-model-id'), name).toBe(id);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }
  await scores(page, 'after.jpg');
  expect(await page.getByTestId('history-item').locator('.name').allTextContents()).toEqual([
    'after.jpg',
    'before.jpg',
  ]);
  expect(errors).toEqual([]);
  await page.context().close();
});

it('a quota error while caching model files: the model still loads and scores, and the Models screen says the offline copy is missing', async () => {
  const { page, errors } = await openPage(env.browser, env.server.url + '#models', async (p) => {
    await serve(p);
    await p.addInitScript(() => {
      const w = window as unknown as { __quotaHits: number };
      w.__quotaHits = 0;
      Cache.prototype.put = function () {
        w.__quotaHits++;
        return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      };
    });
  });
  await waitForModel(page);
  await loadUrl(page, `${env.server.url}e2e-robust/good/`);
  await expect
    .poll(() => page.getByTestId('model-status').getAttribute('data-model-id'), { timeout: 60_000 })
    .toBe('tiny');
  expect(await page.getByTestId('model-error').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __quotaHits: number }).__quotaHits)).toBeGreaterThan(0);
  const note = page.getByTestId('cache-problem');
  await note.waitFor({ timeout: 30_000 });
  const text = (await note.textContent()) ?? '';
  console.log(`cache quota → ${text}`);
  expect(text).toMatch(
    /Could not keep .*vision\.onnx.* for offline use: the browser's storage for this site is full\. The model works/,
  );
  await scores(page, 'tiny.jpg');
  expect(errors).toEqual([]);
  await page.context().close();
});
