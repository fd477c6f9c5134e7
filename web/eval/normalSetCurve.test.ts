import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../lib/rng';
import { calibrationSplit, type NormalSet } from '../ood/exemplars';
import { matrixFromRows } from '../ood/linalg';
import { sizeCurve, subsetOf, textBaseline } from './normalSetCurve';
import { buildSizeCurveOption } from '../views/charts/sizeCurve';

const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
const rng = mulberry32(5);
/** normal photos near (1, 0, 0), unknown ones near (0, 1, 0) */
const near = (axis: number) => unit([0, 1, 2].map((k) => (k === axis ? 1 : 0) + 0.3 * (rng() - 0.5)));

function set(n: number): NormalSet {
  const rows = Array.from({ length: n }, () => near(0));
  return {
    name: 's',
    modelId: 'm',
    dim: 3,
    createdAt: 0,
    files: rows.map((_, i) => ({ key: `s/${i}.jpg`, size: 1, sha256: String(i) })),
    embeddings: Float32Array.from(rows.flat()),
    calibration: calibrationSplit(n),
    duplicates: [],
  };
}

describe('normal-set size curve', () => {
  it('a subset is a set of its own: its rows, its own seeded calibration split', () => {
    const s = subsetOf(set(50), 20, 3);
    expect(s.files).toHaveLength(20);
    expect(s.embeddings).toHaveLength(60);
    expect(s.calibration).toEqual(calibrationSplit(20, 3));
    expect(new Set(s.files.map((f) => f.key)).size).toBe(20);
  });

  it('measures every size that fits, the whole set last, and separates clear cases', () => {
    const prompts = { classes: matrixFromRows([unit([1, 0.1, 0])]), logitScale: 10 };
    const id = matrixFromRows(Array.from({ length: 20 }, () => near(0)));
    const ood = matrixFromRows(Array.from({ length: 20 }, () => near(1)));
    expect(sizeCurve({ prompts, set: set(120), id, ood, sizes: [5, 10, 300] }).map((p) => p.size)).toEqual([10]);
    const points = sizeCurve({ prompts, set: set(120), id, ood }); // CURVE_SIZES below 120, then the whole set
    expect(points.map((p) => p.size)).toEqual([10, 30, 100, 120]);
    for (const p of points) {
      expect(p.knn.auroc, `knn at ${p.size}`).toBe(1);
      expect(p.knn.fpr95).toBe(0);
      expect(p.fused.auroc, `fused at ${p.size}`).toBeGreaterThan(0.95); // its text part is a weak single prompt
    }
    expect(points.at(-1)!.k).toBe(1); // 0.1 % of 96 bank photos, at least 1
  });

  it('gives the text score fused builds on as the baseline, and the chart draws every size and both lines', () => {
    const prompts = { classes: matrixFromRows([unit([1, 0, 0]), unit([0, 0, 1])]), logitScale: 10 };
    const id = matrixFromRows(Array.from({ length: 20 }, () => near(0)));
    const ood = matrixFromRows(Array.from({ length: 20 }, () => near(1)));
    const base = textBaseline({ prompts, id, ood, defaults: { default: 'maxlogit' } });
    expect(base.name).toBe('maxlogit'); // the bundle's default text score, as fused's text part
    expect(base.auroc).toBe(1); // normal photos point at class 0, unknown ones at neither class
    const points = sizeCurve({ prompts, set: set(40), id, ood });
    const option = buildSizeCurveOption({ points, text: { label: 'Max-logit', ...base } });
    const series = option.series as { name: string; data: number[][] }[];
    expect(series.map((x) => x.name)).toEqual([
      'fused AUROC',
      'KNN AUROC',
      'fused FPR95',
      'KNN FPR95',
      'Max-logit alone, AUROC',
      'Max-logit alone, FPR95',
    ]);
    expect(series[1].data).toEqual(points.map((p) => [p.size, p.knn.auroc * 100]));
    expect(series[4].data).toEqual([
      [10, 100],
      [40, 100],
    ]);
  });
});
