/**
 * Nothing leaked (issue #8). A whole session — load the model, switch models, check photos with a caption, run an
 * evaluation, export CSV/JSON/PNG — with every request recorded (page and its workers, through the context): none
 * leaves the app's own origin and none carries a body (no POST/PUT: no image bytes can go anywhere). The production
 * server's headers: a strict Content-Security-Policy and COOP/COEP, and no CSP violation during the session.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launch, photosDir, startServer, waitForModel, type Server } from './helpers';

let server: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: Request[] = [];
const consoleCsp: string[] = [];
const pageErrors: string[] = [];
let docHeaders: Record<string, string> = {};
const badResponses: string[] = [];

const parseCsp = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k, v]),
  );

beforeAll(async () => {
  server = await startServer();
  browser = await launch({ webgpu: false });
  context = await browser.newContext({ acceptDownloads: true });
  const origin = new URL(server.url).origin;
  const seen = new Set<Request>();
  const record = (r: Request) => {
    if (!seen.has(r)) requests.push(r);
    seen.add(r);
  };
  context.on('request', record);
  // Anything that would leave the machine is recorded above and then stopped here (the test machines are offline anyway).
  await context.route('**/*', (route) =>
    new URL(route.request().url()).origin === origin ? route.fallback() : route.abort(),
  );
  context.on('response', (res) => {
    const h = res.headers();
    if (new URL(res.url()).origin !== origin) return;
    for (const [k, v] of [
      ['cross-origin-opener-policy', 'same-origin'],
      ['cross-origin-embedder-policy', 'require-corp'],
      ['cross-origin-resource-policy', 'same-origin'],
    ])
      if (h[k] !== v) badResponses.push(`${res.url()}: ${k}=${h[k]}`);
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  page = await context.newPage();
  page.on('request', record); // worker requests, should the context miss any
  page.on('console', (m) => /content security policy|refused to/i.test(m.text()) && consoleCsp.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const res = await page.goto(server.url + '#check');
  docHeaders = res!.headers();
});
afterAll(async () => {
  await browser?.close();
  server?.stop();
});

it('a whole session sends nothing anywhere', async () => {
  const origin = new URL(server.url).origin;
  await waitForModel(page);
  const step = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);

  // Check: three photos, one with a caption.
  const idPhotos = readdirSync(path.join(photosDir, 'id/dog'))
    .slice(0, 2)
    .map((f) => path.join(photosDir, 'id/dog', f));
  const oodPhotos = readdirSync(path.join(photosDir, 'ood'))
    .filter((f) => /\.jpe?g$/i.test(f))
    .slice(0, 6)
    .map((f) => path.join(photosDir, 'ood', f));
  await page.getByTestId('caption').fill('a small dog on a sofa');
  for (const file of [...idPhotos, oodPhotos[0]]) {
    await page.getByTestId('photo-input').setInputFiles(file);
    await expect
      .poll(async () => (await page.getByTestId('history-item').locator('.name').first().textContent()) ?? '', {
        timeout: 60_000,
      })
      .toBe(path.basename(file));
  }

  step('checked 3 photos');
  // Evaluate: a small run (ID and OoD photos), then every export.
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  const idFiles = ['cat', 'ship', 'truck'].flatMap((c) =>
    readdirSync(path.join(photosDir, 'id', c))
      .slice(0, 2)
      .map((f) => path.join(photosDir, 'id', c, f)),
  );
  await page.getByTestId('eval-files-id').setInputFiles(idFiles);
  await page.getByTestId('eval-files-ood').setInputFiles(oodPhotos);
  await page.getByTestId('eval-start').click();
  await expect
    .poll(() => page.getByTestId('eval-run').first().getAttribute('data-status'), { timeout: 120_000, interval: 500 })
    .toBe('done');
  step('run done');
  await page.getByTestId('eval-results').waitFor({ timeout: 30_000 });
  for (const id of ['eval-export-csv', 'eval-export-json', 'eval-export-json-emb', 'eval-report']) {
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId(id).click();
    expect((await download).suggestedFilename()).toMatch(/\.(csv|json|png)$/);
  }

  step('exported');
  // Switch to the other bundled model and back: model files come from the app's own origin only.
  const picker = page.getByTestId('model-picker');
  const ids = await picker
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  const first = await picker.inputValue();
  for (const id of [ids.find((i) => i !== first)!, first]) {
    await picker.selectOption(id);
    await expect
      .poll(() => page.getByTestId('model-status').getAttribute('data-model-id'), { timeout: 90_000 })
      .toBe(id);
  }

  const urls = requests.map((r) => `${r.method()} ${r.url()}`);
  const foreign = requests.filter(
    (r) => !r.url().startsWith('blob:') && !r.url().startsWith('data:') && new URL(r.url()).origin !== origin,
  );
  const withBody = requests.filter((r) => !['GET', 'HEAD'].includes(r.method()) || r.postDataBuffer() !== null);
  console.log(
    `${requests.length} requests, ${new Set(requests.map((r) => r.url())).size} distinct; methods ${[...new Set(requests.map((r) => r.method()))].join(', ')}`,
  );
  expect(requests.length).toBeGreaterThan(10);
  expect(urls.some((u) => u.endsWith('.onnx'))).toBe(true); // the recorder saw the model downloads
  expect(foreign.map((r) => r.url())).toEqual([]);
  expect(withBody.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
  expect(pageErrors).toEqual([]);
}, 400_000);

it('the server sends a strict CSP and COOP/COEP, the page is cross-origin isolated, and nothing violated the CSP', async () => {
  expect(docHeaders['cross-origin-opener-policy']).toBe('same-origin');
  expect(docHeaders['cross-origin-embedder-policy']).toBe('require-corp');
  expect(docHeaders['x-content-type-options']).toBe('nosniff');
  const csp = parseCsp(docHeaders['content-security-policy'] ?? '');
  expect(csp.get('default-src')).toEqual(["'self'"]);
  // Scripts: own origin + WASM compilation for ONNX Runtime; no inline script, no eval, no CDN.
  expect(new Set(csp.get('script-src'))).toEqual(new Set(["'self'", "'wasm-unsafe-eval'"]));
  expect(new Set(csp.get('worker-src'))).toEqual(new Set(["'self'", 'blob:']));
  for (const d of ['style-src', 'font-src']) expect(csp.get(d), d).toEqual(["'self'"]);
  for (const d of ['object-src', 'base-uri', 'form-action', 'frame-ancestors'])
    expect(csp.get(d), d).toEqual(["'none'"]);
  for (const [d, v] of csp)
    expect(
      v.filter((s) => /^https?:\/\/|^\*$|unsafe-inline|'unsafe-eval'/.test(s)),
      `${d} allows a third party or inline/eval`,
    ).toEqual([]);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(badResponses).toEqual([]);
  expect(consoleCsp).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});

it('serves a favicon and a web manifest from public/, linked from the page', async () => {
  const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel=icon]')?.href ?? '');
  const manifestUrl = await page.evaluate(
    () => document.querySelector<HTMLLinkElement>('link[rel=manifest]')?.href ?? '',
  );
  const iconRes = await page.request.get(icon);
  expect(iconRes.status()).toBe(200);
  expect(iconRes.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  const res = await page.request.get(manifestUrl);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = (await res.json()) as { name: string; icons: Array<{ src: string }> };
  expect(manifest.name).toBe('AlignScope');
  expect((await page.request.get(new URL(manifest.icons[0].src, manifestUrl).href)).status()).toBe(200);
});
