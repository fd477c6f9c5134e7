/**
 * What the KNN score (web/ood/scores/knn.ts, issue 14) adds per photo against a normal set of 10,000 and 100,000
 * photos: cosines to every row plus the k-th largest (k = 0.1 % of the set), the app's own code through tsx, on
 * seeded random 128-d rows (the default model's dimension). Node's V8, as the app's worker; one thread.
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
    const t0 = performance.now();
    f.scoreMany(photos);
    const ms = (performance.now() - t0) / photos.rows;
    rows.push({
      suite: 'knn',
      runtime: 'web/ood KNN score (Node, 1 thread)',
      model: '128-d',
      backend: 'js',
      threads: 1,
      batch: 1,
      ms,
      n: photos.rows,
      note: `normal set of ${n.toLocaleString('en')} photos, k = ${k}; ms added per photo (goal ≤ ${n === 10_000 ? 1 : 10} ms)`,
    });
  }
  return rows;
}
