/**
 * Model-only throughput of one model's vision encoder: ours (the app's session factory, WASM, 1 and 2 threads)
 * against the ceiling (onnxruntime-node, same file, same batches), their ratio, and the runtime-build variant
 * (the WebGPU bundle's asyncify WASM vs the plain WASM build the app ships).
 */
import { join } from 'node:path';
import { ortNodeModelOnly } from '../lib/ortNode.mjs';
import { median } from '../lib/prepare.mjs';
import { addModelOnlyRows, addRow, addSkippedModelOnly } from '../lib/table.mjs';

/** ctx: { page, call, on, timing, ratios, repo, BATCHES, THREADS }; m: the model id; spec: its manifest. */
export async function modelOnlySuites(ctx, m, spec) {
  const { page, call, on, timing, ratios, repo, BATCHES, THREADS } = ctx;
  const ourModelOnly = {};
  const nodeModelOnly = {};
  const size = spec.image.size;
  const url = `/models/${m}/${spec.vision.file}`;
  const b32 = m === 'vitb32-random';
  // ---------------- model only: ours (WASM) and the ceiling (onnxruntime-node), per thread count
  const plans = BATCHES.map((batch) => ({ batch, ...timing(m, batch) }));
  const warmEach = !b32; // ViT-B/32: one warm-up per session (a b32 warm-up alone costs a minute on a busy machine)
  for (const threads of THREADS) {
    if (on('model')) {
      const r = await call(page, 'modelOnly', {
        url,
        input: spec.vision.input,
        size,
        ep: 'wasm',
        threads,
        plans,
        warmEach,
      });
      if (r.ok) {
        for (const x of r.results) ourModelOnly[`${m}|${threads}|${x.batch}`] = (x.batch * 1000) / x.ms;
        addModelOnlyRows(r.results, {
          runtime: 'ours (onnxruntime-web 1.30)',
          model: m,
          backend: 'wasm',
          threads: r.threads,
          note: `session ${r.createMs.toFixed(0)} ms`,
        });
      } else addSkippedModelOnly({ runtime: 'ours', model: m, backend: 'wasm', threads, note: r.skipped ?? r.error });
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
      for (const x of r.results) nodeModelOnly[`${m}|${threads}|${x.batch}`] = (x.batch * 1000) / x.ms;
      addModelOnlyRows(r.results, {
        runtime: 'onnxruntime-node 1.30 (native CPU)',
        model: m,
        backend: 'cpu',
        threads,
        note: `session ${r.createMs.toFixed(0)} ms`,
      });
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
          const r = await call(page, 'modelOnly', {
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
}
