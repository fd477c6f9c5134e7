#!/usr/bin/env node
/**
 * Soak (not a test, nothing asserted on speed): the production build in headless Chromium evaluates N synthetic
 * images (default 2,000, all distinct, through the Evaluate screen: decode → preprocess → vision model → scores →
 * IndexedDB) and then switches between the two bundled models S times (default 20). Prints one table of memory at
 * the start, after the images and after the switches: the page's JS heap (CDP, after a forced GC) and the resident
 * memory (ps RSS) of the renderer processes — which hold the inference worker, ONNX Runtime's WASM heap and its
 * sessions — and of the GPU process. (performance.measureUserAgentSpecificMemory never answered in headless
 * Chromium here, and ONNX Runtime's WASM memory is not reachable from outside its module.) A model switch must
 * release the old sessions, so memory after 20 switches should sit near its level after the first two.
 *
 *   node tests/bench/soak.mjs [--images 2000] [--switches 20] [--dist dist] [--json out.json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServe } from '../../scripts/startServe.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const N = Number(opt('images', 2000));
const SWITCHES = Number(opt('switches', 20));
const DIST = path.resolve(repo, opt('dist', process.env.E2E_DIST ?? 'dist'));
const JSON_OUT = opt('json', '');
const MB = (b) => (b == null || Number.isNaN(b) ? 'n/a' : (b / 2 ** 20).toFixed(1));
const t0 = Date.now();
const log = (s) => console.error(`[soak ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}`);

// 1. N distinct synthetic JPEGs (random shapes on random gradients), half "normal" in class folders, half "not normal".
const work = mkdtempSync(path.join(tmpdir(), 'alignscope-soak-'));
const GEN = String.raw`
import os, sys, numpy as np
from PIL import Image, ImageDraw
root, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
classes = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']
y, x = np.mgrid[0:72, 0:96]
for i in range(n):
    a, b, c = rng.random(3)
    img = np.stack([(x * a * 2.6) % 256, (y * b * 3.5) % 256, np.full_like(x, int(c * 255))], -1).astype(np.uint8)
    im = Image.fromarray(img); d = ImageDraw.Draw(im)
    for _ in range(3):
        x0, y0 = rng.integers(0, 80), rng.integers(0, 60)
        d.ellipse([x0, y0, x0 + rng.integers(8, 40), y0 + rng.integers(8, 30)], fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    sub = os.path.join(root, 'soak-normal', classes[i % 10]) if i % 2 == 0 else os.path.join(root, 'soak-odd')
    os.makedirs(sub, exist_ok=True)
    im.save(os.path.join(sub, f'{i:05d}.jpg'), quality=85)
`;
log(`generating ${N} images in ${work}`);
execFileSync('/usr/bin/python3', ['-c', GEN, work, String(N)], { stdio: 'inherit' });

// 2. Serve the build, open the app with a known profile (to find its processes) and eager memory measurement.
const server = await startServe({ dir: DIST });
const url = server.url;
const profile = path.join(work, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--js-flags=--expose-gc',
  ],
});
const cleanup = async () => {
  await context.close().catch(() => undefined);
  server.stop();
  rmSync(work, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void cleanup().then(() => process.exit(130)));
try {
  await context.route('**/*', (r) =>
    new URL(r.request().url()).origin === new URL(url).origin ? r.fallback() : r.abort(),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url + '#evaluate');
  const status = page.getByTestId('model-status');
  await status.waitFor({ timeout: 180_000 });
  await page.getByTestId('evaluate-screen').waitFor({ timeout: 60_000 });
  log(`model ${await status.getAttribute('data-model-id')} loaded`);

  function processes() {
    const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
      .filter(Boolean)
      .map((m) => ({ pid: +m[1], ppid: +m[2], rss: +m[3] * 1024, args: m[4] }));
    const main = rows.find((r) => r.args.includes(`--user-data-dir=${profile}`) && !r.args.includes('--type='));
    const ours = new Set(main ? [main.pid] : []);
    for (let grew = true; grew;) {
      grew = false;
      for (const r of rows) {
        if (!ours.has(r.pid) && ours.has(r.ppid)) {
          ours.add(r.pid);
          grew = true;
        }
      }
    }
    const sum = (pred) => rows.filter((r) => ours.has(r.pid) && pred(r.args)).reduce((s, r) => s + r.rss, 0);
    return {
      renderer: sum((a) => a.includes('--type=renderer')),
      gpu: sum((a) => a.includes('--type=gpu-process')),
      all: sum(() => true),
    };
  }

  async function measure(label) {
    // Collect garbage in the page and every worker first, so the numbers are what is kept, not what awaits GC.
    await page.evaluate(() => globalThis.gc?.());
    // (ONNX Runtime's pthread workers may sit in Atomics.wait and never answer: do not wait on them.)
    for (const w of page.workers())
      await Promise.race([
        w.evaluate(() => globalThis.gc?.()).catch(() => undefined),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
    const metrics = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
    const gpu = `backend ${await page
      .getByTestId('backend-badge')
      .getAttribute('data-ep')
      .catch(() => '?')}`;
    const p = processes();
    const row = {
      label,
      jsHeapUsed: metrics.JSHeapUsedSize,
      jsHeapTotal: metrics.JSHeapTotalSize,
      rendererRss: p.renderer,
      gpuRss: p.gpu,
      allRss: p.all,
      gpu,
      domNodes: metrics.Nodes,
    };
    log(
      `${label}: heap ${MB(row.jsHeapUsed)} MB, renderer RSS ${MB(row.rendererRss)} MB, GPU process RSS ${MB(row.gpuRss)} MB`,
    );
    return row;
  }

  const rows = [await measure('start (model loaded)')];

  // 3. N images through an evaluation run.
  await page.getByTestId('eval-dir-id').setInputFiles(path.join(work, 'soak-normal'));
  await page.getByTestId('eval-dir-ood').setInputFiles(path.join(work, 'soak-odd'));
  const tRun = Date.now();
  await page.getByTestId('eval-start').click();
  const run = page.getByTestId('eval-run').first();
  for (let last = ''; ;) {
    const s = await run.getAttribute('data-status', { timeout: 600_000 }).catch(() => '');
    const done = await run.getAttribute('data-done').catch(() => '');
    if (`${s}${done}` !== last) log(`run ${s} ${done}/${N}`);
    last = `${s}${done}`;
    if (s === 'done' || s === 'failed') break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const runSeconds = (Date.now() - tRun) / 1000;
  const doneCount = Number(await run.getAttribute('data-done'));
  rows.push(await measure(`after ${N} images`));

  // 4. Model switches between the two bundled models (each waits until the new model answers).
  const picker = page.getByTestId('model-picker');
  const ids = await picker.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  const first = await picker.inputValue();
  const other = ids.find((i) => i !== first);
  let afterOne;
  const tSw = Date.now();
  for (let i = 1; i <= SWITCHES; i++) {
    const id = i % 2 ? other : first;
    await picker.selectOption(id);
    await page.waitForFunction(
      (want) =>
        document.querySelector('[data-testid=model-status]')?.getAttribute('data-model-id') === want &&
        !document.querySelector('[data-testid=model-loading]'),
      id,
      { timeout: 180_000 },
    );
    if (i === 2) afterOne = await measure('after 2 switches (back on the first model)');
  }
  const switchSeconds = (Date.now() - tSw) / 1000;
  rows.push(await measure(`after ${SWITCHES} switches`));
  const errors = await page.getByTestId('model-error').count();

  // 5. The table.
  const all = [rows[0], rows[1], afterOne, rows[2]].filter(Boolean);
  const cols = [
    ['JS heap used (page, CDP)', 'jsHeapUsed'],
    ['JS heap total (page, CDP)', 'jsHeapTotal'],
    ['renderer processes RSS (page + inference worker: ONNX Runtime WASM heap, sessions)', 'rendererRss'],
    ['GPU process RSS', 'gpuRss'],
    ['all Chromium processes RSS', 'allRss'],
  ];
  const head = ['MB', ...all.map((r) => r.label)];
  const body = cols.map(([name, k]) => [name, ...all.map((r) => MB(r[k]))]);
  const width = head.map((_, i) => Math.max(...[head, ...body].map((r) => String(r[i]).length)));
  const line = (r) => '| ' + r.map((c, i) => String(c).padEnd(width[i])).join(' | ') + ' |';
  console.log(
    `\nSoak: ${doneCount}/${N} images evaluated in ${runSeconds.toFixed(0)} s (${(doneCount / runSeconds).toFixed(1)} images/s), ${SWITCHES} model switches in ${switchSeconds.toFixed(0)} s; ${rows[0].gpu}; model errors shown: ${errors}\n`,
  );
  console.log(line(head));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of body) console.log(line(r));
  if (JSON_OUT)
    writeFileSync(JSON_OUT, JSON.stringify({ N, SWITCHES, doneCount, runSeconds, switchSeconds, rows: all }, null, 1));
} finally {
  await cleanup();
}
