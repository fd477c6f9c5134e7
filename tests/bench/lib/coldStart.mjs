/**
 * Cold start: navigation → first verdict on one photo, in the production app (dist/ served by scripts/serve.mjs).
 * "not cached": a fresh browser context (empty HTTP cache and Cache Storage). "cached": a second visit in the same
 * context (the model files come from Cache Storage, web/model/sources.ts). Times are the page's own clock
 * (performance.now(), origin = navigation start), taken by a MutationObserver the moment the elements appear.
 */
import { startServe } from '../../../scripts/startServe.mjs';

const OBSERVE = () => {
  const marks = {};
  window.__benchCold = marks;
  const look = () => {
    if (marks.modelReady === undefined && document.querySelector('[data-testid="model-status"]'))
      marks.modelReady = performance.now();
    if (marks.verdict === undefined && document.querySelector('[data-testid="verdict"]'))
      marks.verdict = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true });
};

/** The production app (dist/) served as `npm start` serves it. */
export function startAppServer() {
  return startServe();
}

async function visit(context, url, photo) {
  const page = await context.newPage();
  await page.addInitScript(OBSERVE);
  await page.goto(url);
  const input = page.getByTestId('photo-input');
  await input.waitFor({ state: 'attached', timeout: 120_000 });
  await input.setInputFiles(photo);
  await page.getByTestId('verdict').waitFor({ state: 'attached', timeout: 120_000 });
  const marks = await page.evaluate(() => ({ ...window.__benchCold, load: window.__alignscope?.loadTimings ?? null }));
  const ep = await page
    .getByTestId('backend-badge')
    .getAttribute('data-ep')
    .catch(() => null);
  const cached = await page.evaluate(async () =>
    (await caches.keys()).length > 0 ? (await (await caches.open((await caches.keys())[0])).keys()).length : 0,
  );
  await page.close();
  return { ...marks, ep, cacheEntriesAfter: cached };
}

/** @returns {Promise<{notCached:number[], cached:number[], modelReady:{notCached:number[], cached:number[]}, ep:string|null}>} */
export async function measureColdStart(browser, url, photo, repeats = 3) {
  const out = {
    notCached: [],
    cached: [],
    modelReady: { notCached: [], cached: [] },
    load: { notCached: [], cached: [] },
    ep: null,
  };
  for (let i = 0; i < repeats; i++) {
    const context = await browser.newContext();
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      return ['127.0.0.1', 'localhost'].includes(u.hostname) || u.protocol === 'data:' || u.protocol === 'blob:'
        ? route.fallback()
        : route.abort();
    });
    const first = await visit(context, url, photo);
    const second = await visit(context, url, photo);
    out.notCached.push(first.verdict);
    out.modelReady.notCached.push(first.modelReady);
    out.cached.push(second.verdict);
    out.modelReady.cached.push(second.modelReady);
    out.load.notCached.push(first.load);
    out.load.cached.push(second.load);
    out.ep = second.ep;
    out.cacheEntries = second.cacheEntriesAfter;
    await context.close();
  }
  return out;
}
