/**
 * Bad model input in the UI: each broken bundle (served under /e2e-bad/<case>/ by the test, through page.route)
 * gives a message naming the file and the problem, and the default model keeps working.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import { debugView, defaultModelId, dropFile, openPage, photo, repo, serverAndBrowser, waitForModel } from './helpers';

const tiny = path.join(repo, 'tests/fixtures/bundles/tiny');
const manifest = JSON.parse(readFileSync(path.join(tiny, 'manifest.json'), 'utf8'));
const file = (name: string) => readFileSync(path.join(tiny, name));

/** case → (file → body or a failure); files not listed come from the tiny fixture bundle. */
const CASES: Record<string, { files: Record<string, Buffer | 'abort' | 'cut' | 404>; expect: RegExp }> = {
  'malformed-manifest': {
    files: { 'manifest.json': Buffer.from(JSON.stringify({ ...manifest, embedDim: 'wide' })) },
    expect: /manifest\.json: field "embedDim"/,
  },
  'not-json': {
    files: { 'manifest.json': Buffer.from('{"format": "alignscope') },
    expect: /manifest\.json: not valid JSON/,
  },
  'missing-bundle': {
    files: { 'manifest.json': 404, 'config.json': 404 },
    expect: /manifest\.json: not found .*no Hugging Face config\.json/,
  },
  'wrong-input-name': {
    files: {
      'manifest.json': Buffer.from(JSON.stringify({ ...manifest, vision: { ...manifest.vision, input: 'image' } })),
    },
    expect: /vision\.onnx: inputs are \[pixel_values\] but the manifest feeds \[image\]/,
  },
  'text-dim-differs': {
    files: { 'text.onnx': readFileSync(path.join(repo, 'tests/fixtures/bundles/text-dim-48.onnx')) },
    expect: /text\.onnx: "text_embeds" is declared \[batch, 48\] but the manifest's embedDim is 64/,
  },
  'network-error': { files: { 'vision.onnx': 'abort' }, expect: /vision\.onnx: cannot download/ },
  'cut-mid-download': {
    files: { 'vision.onnx': 'cut' },
    expect: /vision\.onnx: download (interrupted after \d+ of \d+ bytes|incomplete)/,
  },
};

const env = serverAndBrowser({ webgpu: false });

async function serveBad(page: Page) {
  await page.route('**/e2e-bad/**', async (route: Route) => {
    const [, name, ...rest] = new URL(route.request().url()).pathname.split('/').filter(Boolean);
    const rel = rest.join('/');
    const body =
      CASES[name]?.files[rel] ??
      (['manifest.json', 'tokenizer.json', 'vision.onnx', 'text.onnx'].includes(rel) ? file(rel) : 404);
    if (body === 404) return route.fulfill({ status: 404, body: 'not found' });
    if (body === 'abort') return route.abort('connectionreset');
    if (body === 'cut') {
      // Claim the full length but send half: the browser's stream errors (ERR_CONTENT_LENGTH_MISMATCH).
      const full = file(rel);
      return route.fulfill({
        status: 200,
        headers: { 'content-length': String(full.length), 'content-type': 'application/octet-stream' },
        body: full.subarray(0, full.length >> 1),
      });
    }
    return route.fulfill({
      status: 200,
      headers: { 'content-type': rel.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
      body,
    });
  });
}

it('names the file and the problem, and the loaded model stays usable', async () => {
  const { page, errors } = await openPage(env.browser, env.server.url + '#models', serveBad);
  const id = defaultModelId();
  expect(await waitForModel(page)).toBe(id);
  for (const [name, c] of Object.entries(CASES)) {
    await page.getByTestId('model-url').fill(`${env.server.url}e2e-bad/${name}/`);
    await page.getByTestId('model-url').press('Enter');
    const alert = page.getByTestId('model-error');
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.textContent()) ?? '';
    expect(text, name).toMatch(c.expect);
    expect(text, name).toContain(`Still using`);
    expect(await page.getByTestId('model-status').getAttribute('data-model-id'), name).toBe(id);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }
  // The previous model still answers.
  await page.getByRole('tab', { name: 'Check' }).click();
  await dropFile(page, 'photo-drop', photo('id/dog/' + 'n02085620_Chihuahua.JPEG'));
  await page.getByTestId('top-class').waitFor({ timeout: 60_000 });
  expect((await debugView(page)).lastImageEmbedding?.length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
