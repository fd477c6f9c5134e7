/**
 * What the KNN score (web/ood/scores/knn.ts, issue 14) adds per photo against a normal set of 10,000 and 100,000
 * photos: cosines to every row plus the k-th largest (k = 0.1 % of the set), the app's own code through tsx, on
 * seeded random 128-d rows (the default model's dimension). Node's V8 and its WASM SIMD, as the browser; one thread.
 * Two paths: a batch (Evaluate, the CLI: photos in blocks, web/ood/kernels/dots.ts) and one photo at a time (Check).
 */
import { register } from 'tsx/esm/api';

export async function measureKnn({ quick }) {
  register();
  const { fitScore } = await import('../../../web/ood/scores/registry.ts');
  const { mulberry32 } = await import('../../../web/lib/rng.ts');
  const rng = mulberry32(1);
  const mat = (rows, dim) => {
    const data = new Float32Array(rows * dim);
    for (let i = 0; i < data.length; i++) data[i] = rng() - 0.5;
    return { data, rows, dim };
  };
  const rows = [];
  for (const n of [10_000, 100_000]) {
    const k = Math.max(1, Math.round(n / 1000));
    const f = fitScore('knn', { classes: mat(10, 128), exemplars: mat(n, 128), logitScale: 1 }, { knnK: k });
    const photos = mat(quick ? 100 : 400, 128);
    f.scoreMany({ ...photos, rows: 5 }); // warm-up
    let t0 = performance.now();
    f.scoreMany(photos);
    const batchMs = (performance.now() - t0) / photos.rows;
    const single = Math.min(photos.rows, 100);
    t0 = performance.now();
    for (let i = 0; i < single; i++) f.score(photos.data.subarray(i * 128, (i + 1) * 128));
    const singleMs = (performance.now() - t0) / single;
    const goal = n === 10_000 ? 1 : 10;
    for (const [batch, ms, count, how] of [
      [16, batchMs, photos.rows, 'a batch, as Evaluate and the CLI'],
      [1, singleMs, single, 'one photo at a time, as Check'],
    ])
      rows.push({
        suite: 'knn',
        runtime: 'web/ood KNN score (Node, 1 thread)',
        model: '128-d',
        backend: 'wasm-simd',
        threads: 1,
        batch,
        ms,
        n: count,
        note: `normal set of ${n.toLocaleString('en')} photos, k = ${k}, ${how}; ms added per photo (goal ≤ ${goal} ms)`,
      });
  }
  return rows;
}
