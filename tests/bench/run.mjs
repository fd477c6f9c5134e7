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
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureColdStart, startAppServer } from './lib/coldStart.mjs';
import { layOutHf } from './lib/hfLayout.mjs';
import { ortNodeModelOnly } from './lib/ortNode.mjs';
import { serveBench } from './lib/server.mjs';
import { addRow, printTable, rows } from './lib/table.mjs';

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

// ------------------------------------------------------------------------------------------------ preparation
function newestMtime(paths) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) t = Math.max(t, newestMtime(readdirSync(p).map((f) => join(p, f))));
    else t = Math.max(t, st.mtimeMs);
  }
  return t;
}

function ensureDist() {
  const built = existsSync(join(repo, 'dist/index.html')) ? statSync(join(repo, 'dist/index.html')).mtimeMs : 0;
  const src = newestMtime(
    ['web', 'index.html', 'vite.config.ts', 'package-lock.json', 'models/index.json', 'models/cifar10-cma-tiny'].map(
      (p) => join(repo, p),
    ),
  );
  if (built >= src) return log('dist/ is up to date');
  log('dist/ is stale or missing: vite build');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
}

function ensureVitB32() {
  const out = join(repo, 'models/vitb32-random');
  if (existsSync(join(out, 'manifest.json')) && existsSync(join(out, 'vision.onnx'))) return;
  log(`making ${out} (random weights) with training.make_vitb32_random`);
  const cmd = ['-m', 'training.make_vitb32_random', `--out=${out}`];
  execFileSync('/usr/bin/python3', cmd, { cwd: repo, stdio: 'inherit' });
}

/** The float16 vision variant (vision.fp16File) of a bench bundle, made with tests/bench/fp16.py when missing. */
function ensureFp16(dir) {
  const manifestPath = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (m.vision.fp16File && existsSync(join(dir, m.vision.fp16File))) return;
  log(`writing ${dir}/vision_fp16.onnx (tests/bench/fp16.py)`);
  execFileSync('/usr/bin/python3', [join(here, 'fp16.py'), join(dir, m.vision.file), join(dir, 'vision_fp16.onnx')], {
    cwd: repo,
    stdio: 'inherit',
  });
  m.vision.fp16File = 'vision_fp16.onnx';
  writeFileSync(manifestPath, JSON.stringify(m, null, 1));
}

async function buildBenchPage(outDir) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(here, 'inference-page'),
    base: '/',
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['onnxruntime-web'] },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true, chunkSizeWarningLimit: 100_000 },
  });
}

const median = (xs) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const mb = (b) => +(b / 2 ** 20).toFixed(1);
const timing = (m, batch) =>
  m === 'vitb32-random'
    ? { minRuns: Math.max(1, Math.ceil(4 / batch)), maxRuns: 20, minMs: QUICK ? 0 : 2000 }
    : { minRuns: 5, maxRuns: 2000, minMs: QUICK ? 600 : 1500 };

// ------------------------------------------------------------------------------------------------ main
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
const ourModelOnly = {};
const nodeModelOnly = {};

const wasm = await openBench(false);
env.chromium = wasm.browser.version();
try {
  for (const m of MODELS) {
    const spec = specs[m];
    const size = spec.image.size;
    const url = `/models/${m}/${spec.vision.file}`;
    const b32 = m === 'vitb32-random';
    // ---------------- model only: ours (WASM) and the ceiling (onnxruntime-node), per thread count
    const plans = BATCHES.map((batch) => ({ batch, ...timing(m, batch) }));
    const warmEach = !b32; // ViT-B/32: one warm-up per session (a b32 warm-up alone costs a minute on a busy machine)
    for (const threads of THREADS) {
      if (on('model')) {
        const r = await call(wasm.page, 'modelOnly', {
          url,
          input: spec.vision.input,
          size,
          ep: 'wasm',
          threads,
          plans,
          warmEach,
        });
        if (r.ok) {
          for (const x of r.results) {
            ourModelOnly[`${m}|${threads}|${x.batch}`] = (x.batch * 1000) / x.ms;
            addRow({
              suite: 'model-only',
              runtime: 'ours (onnxruntime-web 1.30)',
              model: m,
              backend: 'wasm',
              threads: r.threads,
              batch: x.batch,
              images_per_s: (x.batch * 1000) / x.ms,
              ms: x.ms,
              n: x.runs * x.batch,
              note: `session ${r.createMs.toFixed(0)} ms`,
            });
          }
        } else
          addRow({
            suite: 'model-only',
            runtime: 'ours',
            model: m,
            backend: 'wasm',
            threads,
            batch: 0,
            n: 0,
            note: r.skipped ?? r.error,
          });
      }
      if (on('ceiling')) {
        const r = await ortNodeModelOnly({
          file: join(repo, 'models', m, spec.vision.file),
          input: spec.vision.input,
          size,
          threads,
          plans,
          warmEach,
        });
        for (const x of r.results) {
          nodeModelOnly[`${m}|${threads}|${x.batch}`] = (x.batch * 1000) / x.ms;
          addRow({
            suite: 'model-only',
            runtime: 'onnxruntime-node 1.30 (native CPU)',
            model: m,
            backend: 'cpu',
            threads,
            batch: x.batch,
            images_per_s: (x.batch * 1000) / x.ms,
            ms: x.ms,
            n: x.runs * x.batch,
            note: `session ${r.createMs.toFixed(0)} ms`,
          });
        }
      }
      for (const batch of BATCHES) {
        const ours = ourModelOnly[`${m}|${threads}|${batch}`];
        const native = nodeModelOnly[`${m}|${threads}|${batch}`];
        if (ours && native) ratios.wasm_vs_ort_node[`${m} t${threads} b${batch}`] = +(ours / native).toFixed(3);
      }
    }
    // ---------------- runtime build: the WebGPU bundle's asyncify WASM (backend.ts before) vs the plain WASM build (now)
    if (on('variant') && !b32) {
      for (const threads of THREADS) {
        const acc = { 'asyncify-wasm': [], app: [] };
        for (let round = 0; round < 3; round++) {
          for (const runtime of ['asyncify-wasm', 'app']) {
            const r = await call(wasm.page, 'modelOnly', {
              runtime,
              url,
              input: spec.vision.input,
              size,
              ep: 'wasm',
              threads,
              plans: [{ batch: 32, ...timing(m, 32) }],
              warmEach: true,
            });
            if (r.ok) acc[runtime].push({ ...r.results[0], createMs: r.createMs });
          }
        }
        for (const [runtime, xs] of Object.entries(acc)) {
          if (!xs.length) continue;
          const ms = median(xs.map((x) => x.ms));
          addRow({
            suite: 'runtime-build',
            runtime:
              runtime === 'asyncify-wasm'
                ? 'onnxruntime-web/webgpu bundle (asyncify WASM, 27 MB; the app before)'
                : 'onnxruntime-web/wasm bundle (plain WASM, 14 MB; the app now)',
            model: m,
            backend: 'wasm',
            threads,
            batch: 32,
            images_per_s: 32000 / ms,
            ms,
            n: xs.reduce((s, x) => s + x.runs * 32, 0),
            note: `median of ${xs.length} interleaved sessions; session create median ${median(xs.map((x) => x.createMs)).toFixed(0)} ms`,
          });
        }
      }
    }
    // ---------------- where preprocessing time goes (page thread, same functions as the worker)
    if (on('e2e')) {
      await call(wasm.page, 'preprocessBreakdown', m, 10);
      const b = await call(wasm.page, 'preprocessBreakdown', m, QUICK ? 60 : 121);
      const total = b.decode + b.getImageData + b.resize + b.cropNormalize;
      addRow({
        suite: 'preprocess',
        runtime: 'ours (web/preprocess)',
        model: m,
        backend: 'js',
        threads: 1,
        batch: 1,
        ms: total,
        n: QUICK ? 60 : 121,
        note: `per image: decode ${b.decode.toFixed(2)}, getImageData ${b.getImageData.toFixed(2)}, resize (RGBA in place) ${b.resize.toFixed(2)}, crop+normalise ${b.cropNormalize.toFixed(2)} ms; mean ${(b.pixels / 1e6).toFixed(2)} MP`,
      });
    }
    // ---------------- ours end to end (+ memory) and the peer, interleaved in two rounds
    if (on('e2e') || on('peer') || on('memory')) {
      log(`${m}: loading ours and transformers.js`);
      const load = await call(wasm.page, 'oursLoad', m, 'wasm');
      const threads = load.backend.threads;
      addRow({
        suite: 'load',
        runtime: 'ours',
        model: m,
        backend: load.backend.ep,
        threads,
        batch: 1,
        ms: load.loadMs + load.warmUpMs,
        n: 1,
        note: `download ${load.downloadMs.toFixed(0)} ms, sessions ${load.loadMs.toFixed(0)} ms, warm-up ${load.warmUpMs.toFixed(0)} ms`,
      });
      if (on('text') && !b32) {
        await call(wasm.page, 'oursTexts', 16);
        const r = await call(wasm.page, 'oursTexts', QUICK ? 128 : 512);
        addRow({
          suite: 'text',
          runtime: 'ours',
          model: m,
          backend: 'wasm',
          threads,
          batch: 64,
          texts_per_s: r.texts_per_s,
          ms: r.ms,
          n: r.n,
        });
      }
      // ViT-B/32 on 2 busy cores runs ~1 image/s: its end-to-end figures use few images (the model dominates them).
      const memory = on('memory') && !b32;
      const memN = QUICK ? 600 : 2000;
      const e2eN = b32 ? 32 : QUICK ? 300 : 600;
      const warm = b32 ? 8 : 100;
      const ourWarm = await call(wasm.page, 'oursE2E', warm, 16, 0);
      const heap = async () =>
        (await wasm.cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? NaN;
      const memAt = async (images) => ({
        images,
        wasm: await call(wasm.page, 'oursMemory'),
        ua: await call(wasm.page, 'uaMemory').catch(() => null),
        pageHeap: await heap(),
      });
      const memStart = memory ? await memAt(warm) : null;
      let peerLoad = null;
      if (on('peer')) {
        peerLoad = await call(wasm.page, 'tjsLoad', m, threads);
        await call(wasm.page, 'tjsE2E', warm, 16, 0);
      }
      const oursRuns = [];
      const theirsRuns = [];
      let done = warm;
      // Alternating rounds (ours, theirs, ours, …) so a load swing on the shared machine hits both sides alike.
      const rounds = b32 ? 2 : 4;
      for (let round = 0; round < rounds; round++) {
        if (on('e2e') || memory) {
          const r = await call(wasm.page, 'oursE2E', e2eN / rounds, 16, done);
          done += r.n;
          oursRuns.push(r);
        }
        if (on('peer')) theirsRuns.push(await call(wasm.page, 'tjsE2E', e2eN / rounds, 16, round * 7));
      }
      if (memory && done < memN) {
        // The rest of the long run (not in the end-to-end figure, which compares interleaved rounds only).
        const r = await call(wasm.page, 'oursE2E', memN - done, 16, done);
        done += r.n;
        addRow({
          suite: 'e2e-long',
          runtime: 'ours (app worker)',
          model: m,
          backend: 'wasm',
          threads,
          batch: 16,
          images_per_s: r.images_per_s,
          n: r.n,
          note: `images ${done - r.n + 1}–${done} of the memory run`,
        });
      }
      const rate = (rs) => (rs.reduce((s, r) => s + r.n, 0) * 1000) / rs.reduce((s, r) => s + r.ms, 0);
      if (oursRuns.length) {
        addRow({
          suite: 'e2e',
          runtime: 'ours (app worker)',
          model: m,
          backend: 'wasm',
          threads,
          batch: 16,
          images_per_s: rate(oursRuns),
          n: oursRuns.reduce((s, r) => s + r.n, 0),
          note: `JPEG Blobs → decode → preprocess → encode → energy score; rounds ${oursRuns.map((r) => r.images_per_s.toFixed(1)).join(', ')} img/s; warm-up ${ourWarm.n} images not counted`,
        });
      }
      if (theirsRuns.length) {
        addRow({
          suite: 'e2e',
          runtime: `transformers.js ${peerLoad?.version ?? ''}`,
          model: m,
          backend: 'wasm',
          threads,
          batch: 16,
          images_per_s: rate(theirsRuns),
          n: theirsRuns.reduce((s, r) => s + r.n, 0),
          note: `RawImage.fromBlob → CLIPImageProcessor → CLIPVisionModelWithProjection → same score; rounds ${theirsRuns.map((r) => r.images_per_s.toFixed(1)).join(', ')} img/s`,
        });
        const tm = await call(wasm.page, 'tjsModelOnly', b32 ? 8 : 32, size, ...Object.values(timing(m, b32 ? 8 : 32)));
        addRow({
          suite: 'model-only',
          runtime: 'transformers.js',
          model: m,
          backend: 'wasm',
          threads,
          batch: b32 ? 8 : 32,
          images_per_s: ((b32 ? 8 : 32) * 1000) / tm.ms,
          ms: tm.ms,
          n: tm.runs * (b32 ? 8 : 32),
        });
      }
      // issue 17: where each millisecond of a photo goes, for both sides (the rest is messaging and waiting)
      const breakdown = (runs, label) => {
        const n = runs.reduce((s, r) => s + r.n, 0);
        const ms = runs.reduce((s, r) => s + r.ms, 0);
        const per = {};
        for (const r of runs) for (const [k, v] of Object.entries(r.stages ?? {})) per[k] = (per[k] ?? 0) + v;
        const times = Object.entries(per).filter(([k]) => k.endsWith('Ms'));
        const parts = times.map(([k, v]) => `${k.replace(/Ms$/, '')} ${(v / n).toFixed(2)}`);
        const rest = (ms - times.reduce((s, [, v]) => s + v, 0)) / n;
        // the app's worker counts the JPEGs it decoded at a reduced DCT scale (manifest image.decode "jpeg-draft")
        const reduced =
          per.reducedDecodes === undefined ? '' : `; ${per.reducedDecodes} of ${n} photos decoded reduced`;
        addRow({
          suite: 'e2e-breakdown',
          runtime: label,
          model: m,
          backend: 'wasm',
          threads,
          batch: 16,
          ms: ms / n,
          n,
          note: `ms per photo: ${parts.join(', ')}, rest (messages, waits) ${rest.toFixed(2)}${reduced}`,
        });
      };
      if (oursRuns.length) breakdown(oursRuns, 'ours (app worker)');
      if (theirsRuns.length) breakdown(theirsRuns, `transformers.js ${peerLoad?.version ?? ''}`);
      if (oursRuns.length && !b32) {
        // issue 14: a 1,000-photo normal set encodes at Evaluate's speed (same worker, batches of 16, + hashing)
        const ns = await call(wasm.page, 'oursNormalSet', QUICK ? 300 : 1000, done);
        addRow({
          suite: 'normal-set',
          runtime: 'ours (normalSetBuild → app worker)',
          model: m,
          backend: 'wasm',
          threads,
          batch: 16,
          images_per_s: ns.images_per_s,
          ms: ns.ms,
          n: ns.n,
          note: `a normal set of ${ns.n.toLocaleString('en')} photos, read + hashed + encoded; ${(ns.images_per_s / rate(oursRuns)).toFixed(2)}× the end-to-end rate above`,
        });
      }
      if (oursRuns.length && theirsRuns.length)
        ratios.e2e_vs_transformersjs[m] = +(rate(oursRuns) / rate(theirsRuns)).toFixed(3);
      if (memStart) {
        const memEnd = await memAt(done);
        const worker = (u) =>
          u?.breakdown.filter((b) => /appWorker/.test(b.url)).reduce((s, b) => s + b.bytes, 0) ?? NaN;
        const growth = (a, b) => +(((b - a) / a) * 100).toFixed(2);
        addRow({
          suite: 'memory',
          runtime: 'ours (app worker)',
          model: m,
          backend: 'wasm',
          threads,
          batch: 16,
          n: done,
          wasm_mb_start: mb(memStart.wasm.wasmBytes),
          wasm_mb_end: mb(memEnd.wasm.wasmBytes),
          wasm_growth_pct: growth(memStart.wasm.wasmBytes, memEnd.wasm.wasmBytes),
          workers_js_mb_start: mb(worker(memStart.ua)),
          workers_js_mb_end: mb(worker(memEnd.ua)),
          workers_js_growth_pct: growth(worker(memStart.ua), worker(memEnd.ua)),
          page_heap_mb_start: mb(memStart.pageHeap),
          page_heap_mb_end: mb(memEnd.pageHeap),
          note: `after ${memStart.images} vs after ${done} images; WASM = every WebAssembly.Memory of the worker; JS = measureUserAgentSpecificMemory (workers)`,
        });
      }
      await call(wasm.page, 'oursUnload');
      await call(wasm.page, 'tjsUnload');
    }
  }
} finally {
  await wasm.browser.close();
}

// ---------------- WebGPU (only where Chromium hands out an adapter)
if (on('webgpu')) {
  const gpu = await openBench(true);
  try {
    for (const m of MODELS) {
      const spec = specs[m];
      const url = `/models/${m}/${spec.vision.file}`;
      const probe = await call(gpu.page, 'modelOnly', {
        url,
        input: spec.vision.input,
        size: spec.image.size,
        ep: 'webgpu',
        threads: 1,
        plans: [],
        warmEach: false,
      });
      if (!probe.ok) {
        addRow({
          suite: 'model-only',
          runtime: 'ours',
          model: m,
          backend: 'webgpu',
          threads: 0,
          batch: 0,
          n: 0,
          note: probe.skipped ?? probe.error,
        });
        continue;
      }
      const swift = /swiftshader/i.test(probe.adapter ?? '');
      if (swift && m === 'vitb32-random') {
        addRow({
          suite: 'model-only',
          runtime: 'ours',
          model: m,
          backend: 'webgpu',
          threads: 0,
          batch: 0,
          n: 0,
          adapter: probe.adapter,
          note: 'skipped: SwiftShader is a CPU emulation of a GPU; a ViT-B/32 batch takes minutes and says nothing about GPU speed',
        });
        continue;
      }
      const gplans = (swift ? [1, 8] : BATCHES).map((batch) => ({
        batch,
        minRuns: 3,
        maxRuns: swift ? 3 : 200,
        minMs: swift ? 0 : 1500,
      }));
      // float32, and the float16 variant where the adapter has shader-f16 (what the app would run there)
      const variants = [
        ['fp32', spec.vision.file],
        ...(probe.shaderF16 && spec.vision.fp16File ? [['fp16', spec.vision.fp16File]] : []),
      ];
      for (const [precision, file] of variants) {
        const r = await call(gpu.page, 'modelOnly', {
          url: `/models/${m}/${file}`,
          input: spec.vision.input,
          size: spec.image.size,
          ep: 'webgpu',
          threads: 1,
          plans: gplans,
          warmEach: true,
        });
        if (r.ok) {
          for (const x of r.results) {
            addRow({
              suite: 'model-only',
              runtime: `ours (onnxruntime-web 1.30, ${precision})`,
              model: m,
              backend: 'webgpu',
              threads: 0,
              batch: x.batch,
              images_per_s: (x.batch * 1000) / x.ms,
              ms: x.ms,
              n: x.runs * x.batch,
              adapter: r.adapter,
              shader_f16: r.shaderF16,
              note: swift ? 'SwiftShader (software) adapter: correct, NOT a speed claim' : '',
            });
          }
        } else
          addRow({
            suite: 'model-only',
            runtime: `ours (${precision})`,
            model: m,
            backend: 'webgpu',
            threads: 0,
            batch: 0,
            n: 0,
            note: r.skipped ?? r.error,
          });
      }
      if (!probe.shaderF16 && spec.vision.fp16File)
        addRow({
          suite: 'model-only',
          runtime: 'ours (fp16)',
          model: m,
          backend: 'webgpu',
          threads: 0,
          batch: 0,
          n: 0,
          adapter: probe.adapter,
          note: 'not run: this adapter has no shader-f16, so the app runs float32 here',
        });
    }
  } finally {
    await gpu.browser.close();
  }
}
bench.server.close();

// ---------------- cold start (the production app)
if (on('cold')) {
  const app = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: baseArgs });
  try {
    const photo = join(photosDir, 'id/ship/n03095699_container_ship.JPEG');
    const r = await measureColdStart(browser, app.url, photo, QUICK ? 2 : 3);
    const model = JSON.parse(readFileSync(join(repo, 'dist/models/index.json'), 'utf8')).models.find(
      (x) => x.default,
    )?.id;
    for (const k of ['notCached', 'cached']) {
      addRow({
        suite: 'cold-start',
        runtime: `ours (production app, model ${k === 'cached' ? 'in Cache Storage' : 'not cached'})`,
        model,
        backend: r.ep,
        threads: 0,
        batch: 1,
        ms: median(r[k]),
        n: r[k].length,
        note: `median; runs ${r[k].map((x) => x.toFixed(0)).join(', ')} ms; model ready at ${median(r.modelReady[k]).toFixed(0)} ms (files ${median(r.load[k].map((l) => l?.downloadMs)).toFixed(0)}, sessions ${median(r.load[k].map((l) => l?.sessionMs)).toFixed(0)}, warm-up ${median(r.load[k].map((l) => l?.warmUpMs)).toFixed(0)} ms)`,
      });
    }
  } finally {
    await browser.close();
    app.stop();
  }
}

// ---------------- import of a large run export (issue 13: a million rows, with the tab responsive)
if (on('import')) {
  const { measureImport } = await import('./lib/importRun.mjs');
  const app = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: baseArgs });
  try {
    for (const rows of QUICK ? [100_000] : [100_000, 1_000_000]) {
      const r = await measureImport(browser, app.url, rows);
      addRow({
        suite: 'import',
        runtime: 'ours (production app, Evaluate › Import a run, JSON)',
        model: '-',
        backend: '-',
        threads: 0,
        batch: 0,
        ms: r.ms,
        n: rows,
        note: `${(r.bytes / 1e6).toFixed(0)} MB, ${Math.round(rows / (r.ms / 1000))} rows/s, longest frame gap ${Math.round(r.maxFrameGapMs)} ms`,
      });
    }
  } finally {
    await browser.close();
    app.stop();
  }
}

// ---------------- map FPS (maps' bench, recorded here)
if (on('map')) {
  try {
    const { measureMapFps } = await import('./map-fps.mjs');
    const r = await measureMapFps({ points: 100_000, seconds: QUICK ? 3 : 5, executablePath: CHROMIUM });
    addRow({
      suite: 'map-fps',
      runtime: 'ours (plain WebGL, web/views/map)',
      model: '-',
      backend: 'webgl',
      threads: 0,
      batch: 0,
      fps: r.fps,
      n: r.points,
      note: r.renderer,
    });
  } catch (e) {
    addRow({
      suite: 'map-fps',
      runtime: 'ours',
      model: '-',
      backend: 'webgl',
      threads: 0,
      batch: 0,
      n: 0,
      note: `failed: ${e.message}`,
    });
  }
}

// ---------------- the command line (issue 15): score end to end vs the onnxruntime-node ceiling; the queue
if (on('cli')) {
  const { measureCli } = await import('./lib/cli.mjs');
  const r = await measureCli({ repo, quick: QUICK, log });
  for (const row of r.rows) addRow(row);
  Object.assign(ratios, r.ratios);
}

// ---------------- KNN against a normal set (issue 14): ms added per photo at 10,000 and 100,000 photos
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
