// "How many normal photos are enough?": the open run's KNN and fused numbers against the size of the normal set in
// force (seeded subsets, a fifth of each held back), so a person sees when more photos stop paying.
import { useMemo } from 'react';
import { count, percent } from '../../lib/format';
import { useSizeCurve } from '../../state/normalSetHooks';
import { EChart } from '../../views/charts/EChart';
import { buildSizeCurveOption } from '../../views/charts/sizeCurve';

export function SizeCurve({ open }: { open: { kind: 'run' | 'reference'; id: string } }) {
  const curve = useSizeCurve(open);
  const option = useMemo(
    () => (curve.points.length > 1 ? buildSizeCurveOption({ points: curve.points, text: curve.text }) : null),
    [curve.points, curve.text],
  );
  if (!curve.ready) return null;
  return (
    <details className="eval-size-curve" data-testid="eval-size-curve">
      <summary>How many normal photos are enough?</summary>
      <p className="muted">
        KNN and fused on these photos against seeded subsets of the normal set in force (three seeds below 1,000
        photos), a fifth of each subset held back to set its threshold, as a set of that size would be. Solid lines:
        AUROC (higher is better); dashed: FPR95 (lower is better); grey: the text score alone.
      </p>
      {!curve.points.length && !curve.busy ? (
        <button onClick={curve.run} disabled={!curve.canRun} data-testid="eval-size-curve-run">
          Measure
        </button>
      ) : null}
      {curve.encoding ? <span className="muted"> once the run has finished encoding</span> : null}
      {curve.error ? <p className="error">{curve.error}</p> : null}
      {option ? (
        <EChart
          option={option}
          testId="eval-size-curve-chart"
          height={280}
          ariaLabel="AUROC and FPR95 of KNN and fused against the number of normal photos"
        />
      ) : null}
      {curve.points.length ? (
        <table className="eval-compare" data-testid="eval-size-curve-table">
          <thead>
            <tr>
              <th>Normal photos</th>
              <th>k</th>
              <th>KNN AUROC</th>
              <th>KNN FPR95</th>
              <th>fused AUROC</th>
              <th>fused FPR95</th>
            </tr>
          </thead>
          <tbody>
            {curve.points.map((p) => (
              <tr key={p.size} data-size={p.size}>
                <td>{count(p.size)}</td>
                <td>{p.k}</td>
                <td>{percent(p.knn.auroc)}</td>
                <td>{percent(p.knn.fpr95)}</td>
                <td>{percent(p.fused.auroc)}</td>
                <td>{percent(p.fused.fpr95)}</td>
              </tr>
            ))}
            {curve.text && !curve.busy ? (
              <tr className="muted" data-size="text">
                <td colSpan={2}>{curve.text.label} alone</td>
                <td>{percent(curve.text.auroc)}</td>
                <td>{percent(curve.text.fpr95)}</td>
                <td colSpan={2} />
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
      {curve.busy ? <p className="muted">Measuring…</p> : null}
    </details>
  );
}
