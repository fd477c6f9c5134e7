/**
 * One model through the app's worker end to end (JPEG Blobs → decode → preprocess → encode → score) against the
 * peer (transformers.js, same ONNX file, backend and threads) in interleaved rounds, with where each millisecond
 * goes on both sides; plus the preprocessing breakdown, text throughput, the normal-set build and memory over a long
 * run.
 */
import { mb } from '../lib/prepare.mjs';
import { addRow } from '../lib/table.mjs';

/** ctx: { page, cdp, call, on, timing, ratios, QUICK, log }; m: the model id; spec: its manifest. */
export async function endToEndSuites(ctx, m, spec) {
  const { page, cdp, call, on, timing, ratios, QUICK, log } = ctx;
  const size = spec.image.size;
  const b32 = m === 'vitb32-random';
  // ---------------- where preprocessing time goes (page thread, same functions as the worker)
  if (on('e2e')) {
    await call(page, 'preprocessBreakdown', m, 10);
    const b = await call(page, 'preprocessBreakdown', m, QUICK ? 60 : 121);
    const total = b.decode + b.getImageData + b.resize + b.cropNormalize;
    addRow({
      suite: 'preprocess',
      runtime: 'ours (web/preprocess, full decode: canvas)',
      model: m,
      backend: 'js',
      threads: 1,
      batch: 1,
      ms: total,
      n: QUICK ? 60 : 121,
      note: `per image: decode ${b.decode.toFixed(2)}, getImageData ${b.getImageData.toFixed(2)}, resize (RGBA in place) ${b.resize.toFixed(2)}, crop+normalise ${b.cropNormalize.toFixed(2)} ms; mean ${(b.pixels / 1e6).toFixed(2)} MP`,
    });
    // a "jpeg-draft" manifest: the path the app's worker takes for large JPEGs (null for "full" manifests)
    const r = await call(page, 'reducedBreakdown', m, QUICK ? 60 : 121);
    if (r)
      addRow({
        suite: 'preprocess',
        runtime: 'ours (web/preprocess, reduced decode: the app for this manifest)',
        model: m,
        backend: 'js+wasm',
        threads: 1,
        batch: 1,
        ms: r.decode + r.pixels,
        n: r.reduced,
        note: `per reduced photo: libjpeg-turbo decode ${r.decode.toFixed(2)}, resize+crop+normalise ${r.pixels.toFixed(2)} ms (reading the Blob ${r.read.toFixed(2)} ms); ${r.reduced} photos reduced, ${r.full} left to the full decode above`,
      });
  }
  // ---------------- ours end to end (+ memory) and the peer, interleaved in two rounds
  if (on('e2e') || on('peer') || on('memory')) {
    log(`${m}: loading ours and transformers.js`);
    const load = await call(page, 'oursLoad', m, 'wasm');
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
      await call(page, 'oursTexts', 16);
      const r = await call(page, 'oursTexts', QUICK ? 128 : 512);
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
    const ourWarm = await call(page, 'oursE2E', warm, 16, 0);
    const heap = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? NaN;
    const memAt = async (images) => ({
      images,
      wasm: await call(page, 'oursMemory'),
      ua: await call(page, 'uaMemory').catch(() => null),
      pageHeap: await heap(),
    });
    const memStart = memory ? await memAt(warm) : null;
    let peerLoad = null;
    if (on('peer')) {
      peerLoad = await call(page, 'tjsLoad', m, threads);
      await call(page, 'tjsE2E', warm, 16, 0);
    }
    const oursRuns = [];
    const theirsRuns = [];
    let done = warm;
    // Alternating rounds (ours, theirs, ours, …) so a load swing on the shared machine hits both sides alike.
    const rounds = b32 ? 2 : 4;
    for (let round = 0; round < rounds; round++) {
      if (on('e2e') || memory) {
        const r = await call(page, 'oursE2E', e2eN / rounds, 16, done);
        done += r.n;
        oursRuns.push(r);
      }
      if (on('peer')) theirsRuns.push(await call(page, 'tjsE2E', e2eN / rounds, 16, round * 7));
    }
    if (memory && done < memN) {
      // The rest of the long run (not in the end-to-end figure, which compares interleaved rounds only).
      const r = await call(page, 'oursE2E', memN - done, 16, done);
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
      const tm = await call(page, 'tjsModelOnly', b32 ? 8 : 32, size, ...Object.values(timing(m, b32 ? 8 : 32)));
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
      const reduced = per.reducedDecodes === undefined ? '' : `; ${per.reducedDecodes} of ${n} photos decoded reduced`;
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
      const ns = await call(page, 'oursNormalSet', QUICK ? 300 : 1000, done);
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
      const worker = (u) => u?.breakdown.filter((b) => /appWorker/.test(b.url)).reduce((s, b) => s + b.bytes, 0) ?? NaN;
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
    await call(page, 'oursUnload');
    await call(page, 'tjsUnload');
  }
}
