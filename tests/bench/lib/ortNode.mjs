/**
 * The ceiling: the same vision ONNX file in onnxruntime-node (native CPU EP), intra-op threads 1 and 2, same random
 * batch shapes and timing loop as the browser's model-only measurement.
 */
import { readFileSync } from 'node:fs';

/** One session per thread count, every batch of `plans` in turn, as the browser side does. */
export async function ortNodeModelOnly({ file, input, size, threads, plans, warmEach }) {
  const ort = await import('onnxruntime-node');
  const tc = performance.now();
  const session = await ort.InferenceSession.create(readFileSync(file), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const createMs = performance.now() - tc;
  const results = [];
  for (const [k, { batch, minRuns, maxRuns, minMs }] of plans.entries()) {
    const data = new Float32Array(batch * 3 * size * size);
    let seed = 12345;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = (seed / 2 ** 32) * 4 - 2;
    }
    const feeds = { [input]: new ort.Tensor('float32', data, [batch, 3, size, size]) };
    if (k === 0 || warmEach) await session.run(feeds);
    let runs = 0;
    const t0 = performance.now();
    while (runs < minRuns || (performance.now() - t0 < minMs && runs < maxRuns)) {
      await session.run(feeds);
      runs++;
    }
    results.push({ batch, ms: (performance.now() - t0) / runs, runs });
  }
  await session.release();
  return { results, createMs };
}
