/**
 * Model-only on WebGPU, only where Chromium hands out an adapter (`--enable-unsafe-webgpu`). Debian's headless
 * Chromium gives SwiftShader, a CPU emulation: its rows are flagged "NOT a speed claim" and ViT-B/32 is skipped.
 */
import { addModelOnlyRows, addSkippedModelOnly } from '../lib/table.mjs';

/** openBench(webgpu) opens the bench page; call runs one of its functions; BATCHES the batch sizes. */
export async function webgpuSuite({ openBench, call, MODELS, specs, BATCHES }) {
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
        addSkippedModelOnly({
          runtime: 'ours',
          model: m,
          backend: 'webgpu',
          threads: 0,
          note: probe.skipped ?? probe.error,
        });
        continue;
      }
      const swift = /swiftshader/i.test(probe.adapter ?? '');
      if (swift && m === 'vitb32-random') {
        addSkippedModelOnly({
          runtime: 'ours',
          model: m,
          backend: 'webgpu',
          threads: 0,
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
        if (r.ok)
          addModelOnlyRows(r.results, {
            runtime: `ours (onnxruntime-web 1.30, ${precision})`,
            model: m,
            backend: 'webgpu',
            threads: 0,
            adapter: r.adapter,
            shader_f16: r.shaderF16,
            note: swift ? 'SwiftShader (software) adapter: correct, NOT a speed claim' : '',
          });
        else
          addSkippedModelOnly({
            runtime: `ours (${precision})`,
            model: m,
            backend: 'webgpu',
            threads: 0,
            note: r.skipped ?? r.error,
          });
      }
      if (!probe.shaderF16 && spec.vision.fp16File)
        addSkippedModelOnly({
          runtime: 'ours (fp16)',
          model: m,
          backend: 'webgpu',
          threads: 0,
          adapter: probe.adapter,
          note: 'not run: this adapter has no shader-f16, so the app runs float32 here',
        });
    }
  } finally {
    await gpu.browser.close();
  }
}
