/**
 * Import of a large run export (issue 13): a JSON export of `rows` photos (two sets, four scores) written here, picked
 * on Evaluate's "Import a run", timed from the pick to the run listed as done; the page's longest frame gap while it
 * imports (requestAnimationFrame, the page's own clock) says how responsive the tab stayed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A run export as the app writes it (web/eval/serialise.ts), with seeded scores. */
export function makeExport(rows) {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const half = Math.floor(rows / 2);
  const set = (name, kind, n) => ({
    name,
    kind,
    keys: Array.from({ length: n }, (_, i) => `${name}/${String(i).padStart(7, '0')}.jpg`),
    labels: Array.from({ length: n }, (_, i) => (kind === 'id' ? i % 10 : -1)),
    predictions: Array.from({ length: n }, (_, i) => (i * 7) % 10),
    scores: Object.fromEntries(
      ['mcm', 'energy', 'maxlogit', 'neglabel'].map((s) => [s, Array.from({ length: n }, rand)]),
    ),
  });
  return JSON.stringify({
    format: 'alignscope-eval-run',
    formatVersion: 1,
    name: `bench-${rows}`,
    createdAt: 0,
    modelId: 'bench',
    classes: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
    scoreNames: ['mcm', 'energy', 'maxlogit', 'neglabel'],
    sets: [set('normal', 'id', half), set('unusual', 'ood', rows - half)],
    skipped: [],
  });
}

/** @returns {Promise<{ms:number, maxFrameGapMs:number, bytes:number, rows:number}>} */
export async function measureImport(browser, url, rows) {
  const dir = mkdtempSync(join(tmpdir(), 'alignscope-import-'));
  const file = join(dir, `bench-${rows}.json`);
  const text = makeExport(rows);
  writeFileSync(file, text);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url + '#evaluate');
    await page.getByTestId('evaluate-screen').waitFor({ timeout: 120_000 });
    await page.evaluate(() => {
      window.__benchGap = { max: 0, last: performance.now(), on: true };
      const tick = () => {
        const g = window.__benchGap;
        const now = performance.now();
        g.max = Math.max(g.max, now - g.last);
        g.last = now;
        if (g.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const t0 = Date.now();
    await page.getByTestId('eval-import').setInputFiles(file);
    await page
      .locator('[data-testid=eval-run][data-status=done]')
      .first()
      .waitFor({ state: 'attached', timeout: 600_000 });
    const ms = Date.now() - t0;
    const maxFrameGapMs = await page.evaluate(() => ((window.__benchGap.on = false), window.__benchGap.max));
    return { ms, maxFrameGapMs, bytes: text.length, rows };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
