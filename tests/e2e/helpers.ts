/**
 * E2E helpers: serve dist/ with scripts/serve.mjs on a free localhost port, launch Debian's Chromium through
 * playwright-core (never a downloaded browser), block every non-localhost request, and small page helpers.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServe } from '../../scripts/startServe.mjs';

export const repo = path.resolve(__dirname, '../..');
export const photosDir = path.resolve(repo, '../shared/data/photos');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The build under test: E2E_DIST (scripts/test-all.sh builds into its own folder), else dist/. */
export const distDir = path.resolve(repo, process.env.E2E_DIST ?? 'dist');

export type Server = { url: string; stop: () => void };

/** scripts/serve.mjs on a free port, serving `dir` (default: the build under test, `distDir`). */
export async function startServer(dir = distDir): Promise<Server> {
  if (!existsSync(path.join(dir, 'index.html')))
    throw new Error(`${dir}/index.html is missing: run \`npx vite build\` before the e2e tests`);
  if (!existsSync(path.join(dir, 'models/index.json'))) {
    throw new Error(`${dir}/models/index.json is missing: no bundled model (models/index.json) was built into it`);
  }
  return startServe({ dir });
}

/** One production server and one browser for a whole test file (registers beforeAll/afterAll). */
export function serverAndBrowser(opts: { webgpu: boolean }): { server: Server; browser: Browser } {
  const env = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    env.server = await startServer();
    env.browser = await launch(opts);
  });
  afterAll(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

/** Chromium's flags for every e2e browser: no sandbox (containers), no background traffic, no first-run UI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export async function launch(opts: { webgpu: boolean }): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(opts.webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}

/** A production server, a WASM browser and a page on the Check screen with the default model loaded. */
export async function openCheckScreen(): Promise<{ server: Server; browser: Browser; page: Page; errors: string[] }> {
  const server = await startServer();
  const browser = await launch({ webgpu: false });
  const { page, errors } = await openPage(browser, server.url + '#check');
  await waitForModel(page);
  await page.getByRole('tab', { name: 'Check' }).click();
  return { server, browser, page, errors };
}

/** A page that may only talk to localhost; anything else is aborted and recorded in `blocked`. */
export async function openPage(
  browser: Browser,
  url: string,
  init?: (page: Page) => Promise<unknown>,
): Promise<{ page: Page; blocked: string[]; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const blocked: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (['127.0.0.1', 'localhost'].includes(u.hostname) || u.protocol === 'data:' || u.protocol === 'blob:')
      return route.fallback();
    blocked.push(u.href);
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  if (init) await init(page);
  await page.goto(url);
  return { page, blocked, errors };
}

/** Runs the Evaluate screen on a normal and a not-normal folder and waits for the run's results to be open. */
export async function runOnEvaluate(
  page: Page,
  idDir: string,
  oodDir: string,
  expected: { nId: number; nOod: number },
  timeout = 120_000,
): Promise<void> {
  await page.getByTestId('eval-dir-id').setInputFiles(idDir);
  await page.getByTestId('eval-dir-ood').setInputFiles(oodDir);
  await page.getByTestId('eval-start').click();
  await page
    .locator(`[data-testid=eval-results][data-open=run][data-n-id="${expected.nId}"][data-n-ood="${expected.nOod}"]`)
    .waitFor({ timeout });
}

/** Wait until a model is active; a load error (or a stall) fails with what the page shows instead. */
export async function waitForModel(page: Page, timeout = 90_000): Promise<string> {
  const status = page.getByTestId('model-status');
  const error = page.getByTestId('model-error');
  try {
    await status.or(error).first().waitFor({ timeout });
  } catch (e) {
    const shown = await page
      .locator('header')
      .textContent()
      .catch(() => '?');
    throw new Error(`no model after ${timeout} ms; header shows: ${shown}; ${(e as Error).message.split('\n')[0]}`, {
      cause: e,
    });
  }
  if (!(await status.count())) throw new Error(`model load failed: ${await error.textContent()}`);
  return (await status.getAttribute('data-model-id')) ?? '';
}

/** Drop a file on a drop zone the way a person does: a real DataTransfer carrying a File. */
export async function dropFile(page: Page, testId: string, file: string, mime = 'image/jpeg'): Promise<void> {
  await dropBytes(page, testId, path.basename(file), readFileSync(file), mime);
}

/** Drop bytes as a file named `name` on a drop zone, through a real DataTransfer. */
export async function dropBytes(page: Page, testId: string, name: string, bytes: Buffer, mime: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name, mime }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bin], name, { type: mime }));
      return dt;
    },
    { b64: bytes.toString('base64'), name, mime },
  );
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer });
}

export type Debug = {
  ep?: string;
  backendReason?: string;
  loadTimings?: { downloadMs: number; sessionMs: number; warmUpMs: number; bytes: number };
  lastImageEmbedding?: number[];
  lastImageEp?: string;
  lastImageReducedDecode?: boolean;
  lastTop?: Array<{ label: string; p: number }>;
};
export const fmtTimings = (t: Debug['loadTimings']) =>
  t
    ? `${(t.bytes / 1e6).toFixed(1)} MB: files ${Math.round(t.downloadMs)} ms, sessions ${Math.round(t.sessionMs)} ms, warm-up ${Math.round(t.warmUpMs)} ms`
    : 'n/a';
export const debugView = (page: Page): Promise<Debug> =>
  page.evaluate(() => (window as unknown as { __alignscope?: Debug }).__alignscope ?? {});

/** The default bundle's id per models/index.json. */
export function defaultModelId(): string {
  const index = JSON.parse(readFileSync(path.join(distDir, 'models/index.json'), 'utf8')) as {
    models: Array<{ id: string; default?: boolean }>;
  };
  return (index.models.find((m) => m.default) ?? index.models[0]).id;
}

/** The id photos of one CIFAR class. */
export function photo(rel: string): string {
  return path.join(photosDir, rel);
}

/** What the Evaluate store holds (IndexedDB `alignscope-eval`), read inside the page. */
export type Stored = {
  runs: Array<{ id: string; status: string; doneCount: number; files: unknown[]; skipped: unknown[] }>;
  images: number;
};
export const stored = (page: Page): Promise<Stored> =>
  page.evaluate(
    () =>
      new Promise<Stored>((resolve, reject) => {
        const req = indexedDB.open('alignscope-eval');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['runs', 'images'], 'readonly');
          const runs = tx.objectStore('runs').getAll();
          const images = tx.objectStore('images').count();
          tx.oncomplete = () => {
            db.close();
            resolve({ runs: runs.result, images: images.result });
          };
        };
      }),
  );
