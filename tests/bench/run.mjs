#!/usr/bin/env node
/**
 * `npm run bench`: AlignScope's inference benchmark, side by side, in ONE run so ratios hold on a noisy machine.
 * Headless Debian Chromium (playwright-core, /usr/bin/chromium) against production builds; writes bench-results.json
 * (git-ignored) with one row per measurement plus `ratios`, and prints a table. Speed is never asserted anywhere.
 *
 *   npm run bench [-- --quick] [-- --only model,ceiling,peer,e2e,memory,cold,import,webgpu,text,map,cli,knn] [-- --models a,b]
 *
 * Suites: model-only throughput (ours: the app's session factory, WASM 1/2 threads, WebGPU when an adapter exists),
 * the ceiling (onnxruntime-node, same files), the peer (transformers.js on the same ONNX file, same backend and
 * threads), end to end (JPEG Blobs → decode → preprocess → encode → score through the app's worker), memory (WASM
 * heap and JS heap after 100 and after 2,000 images), cold start (navigation → first verdict, model cached or not),
 * text throughput, the import of a large run export (tests/bench/lib/importRun.mjs), and the map's FPS
 * (tests/bench/map-fps.mjs), and the command line (`alignscope score` against onnxruntime-node, the BullMQ queue with 1/2/4
 * workers: tests/bench/lib/cli.mjs). See docs/benchmarks.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layOutHf } from './lib/hfLayout.mjs';
import { buildBenchPage, ensureDist, ensureFp16, ensureVitB32 } from './lib/prepare.mjs';
import { serveBench } from './lib/server.mjs';
import { addRow, printTable, rows } from './lib/table.mjs';
import { coldStartSuite, importSuite, mapSuite } from './suites/app.mjs';
import { endToEndSuites } from './suites/endToEnd.mjs';
import { modelOnlySuites } from './suites/modelOnly.mjs';
import { webgpuSuite } from './suites/webgpu.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../..');
const photosDir = resolve(repo, '../shared/data/photos');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const ONLY = opt('only', 'model,ceiling,variant,peer,e2e,memory,cold,import,webgpu,text,map,cli,knn').split(',');
const on = (s) => ONLY.includes(s);
const MODELS = opt('models', 'cifar10-cma-tiny,vitb32-random').split(',');
const BATCHES = [1, 8, 32];
const THREADS = [1, 2];
const startedAt = new Date();
const log = (...a) => console.error(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0)}s]`, ...a);
// how long each timed measurement runs (ViT-B/32 on 2 busy cores does ~1 image/s)
const timing = (m, batch) =>
  m === 'vitb32-random'
    ? { minRuns: Math.max(1, Math.ceil(4 / batch)), maxRuns: 20, minMs: QUICK ? 0 : 2000 }
    : { minRuns: 5, maxRuns: 2000, minMs: QUICK ? 600 : 1500 };

// ------------------------------------------------------------------------------------------------ preparation
ensureDist();
if (MODELS.includes('vitb32-random')) {
  ensureVitB32();
  ensureFp16(join(repo, 'models/vitb32-random'));
}
const hfRoot = join(repo, '.cache/bench-hf');
const specs = {};
for (const m of MODELS) specs[m] = layOutHf(join(repo, 'models', m), join(hfRoot, m)).manifest;
const pageDir = join(repo, '.cache/bench-inference');
log('building the bench page');
await buildBenchPage(pageDir);
const tjsOrt = join(repo, 'node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist');
const bench = await serveBench(
  {
    '/': pageDir,
    '/models/': join(repo, 'models'),
    '/hf/': hfRoot,
    '/photos/': photosDir,
    '/tjs/': existsSync(tjsOrt) ? tjsOrt : join(repo, 'node_modules/onnxruntime-web/dist'),
  },
  photosDir,
);
const { chromium } = await import('playwright-core');
const baseArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--enable-blink-features=ForceEagerMeasureMemory',
];

async function openBench(webgpu) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...baseArgs, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && log(`page console: ${m.text().slice(0, 300)}`));
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(bench.url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { browser, page, cdp };
}
const call = (page, fn, ...args) => page.evaluate(([fn, args]) => window.bench[fn](...args), [fn, args]);

const loadAvg = () => os.loadavg().map((x) => +x.toFixed(2));
const env = {
  startedAt: startedAt.toISOString(),
  loadavgStart: loadAvg(),
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  quick: QUICK,
  chromium: '',
};
const ratios = { e2e_vs_transformersjs: {}, wasm_vs_ort_node: {} };

// ------------------------------------------------------------------------------------------------ the suites
const wasm = await openBench(false);
env.chromium = wasm.browser.version();
try {
  const ctx = { page: wasm.page, cdp: wasm.cdp, call, on, timing, ratios, repo, QUICK, log, BATCHES, THREADS };
  for (const m of MODELS) {
    await modelOnlySuites(ctx, m, specs[m]);
    await endToEndSuites(ctx, m, specs[m]);
  }
} finally {
  await wasm.browser.close();
}
if (on('webgpu')) await webgpuSuite({ openBench, call, MODELS, specs, BATCHES });
bench.server.close();

const app = { chromium, CHROMIUM, baseArgs, photosDir, repo, QUICK };
if (on('cold')) await coldStartSuite(app);
if (on('import')) await importSuite(app);
if (on('map')) await mapSuite(app);

// the command line (issue 15): score end to end vs the onnxruntime-node ceiling; the queue
if (on('cli')) {
  const { measureCli } = await import('./lib/cli.mjs');
  const r = await measureCli({ repo, quick: QUICK, log });
  for (const row of r.rows) addRow(row);
  Object.assign(ratios, r.ratios);
}

// KNN against a normal set (issue 14): ms added per photo at 10,000 and 100,000 photos
if (on('knn')) {
  const { measureKnn } = await import('./lib/knn.mjs');
  for (const row of await measureKnn({ quick: QUICK })) addRow(row);
}

env.loadavgEnd = loadAvg();
env.finishedAt = new Date().toISOString();
env.seconds = Math.round((Date.now() - startedAt) / 1000);
printTable(rows, ratios, env);
mkdirSync(repo, { recursive: true });
writeFileSync(join(repo, 'bench-results.json'), JSON.stringify({ env, rows, ratios }, null, 1));
log(`wrote bench-results.json (${rows.length} rows) in ${env.seconds} s`);
