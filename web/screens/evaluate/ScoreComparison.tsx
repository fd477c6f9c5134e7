// Every score of the open run side by side (issue 14): the text scores, the normal set's exemplar scores and the
// fused one, each with its threshold-free AUROC and FPR95 on the same photos; a row opens that score above.
import { useMemo } from 'react';
import { percent } from '../../lib/format';
import { metricsFor } from '../../ood/metrics';
import { isScoreName, SCORES } from '../../ood/scores/registry';
import { scoresBySide, type EvalTable } from '../../state/evalHooks';

const kindOf = (n: string) =>
  n === 'fused' ? 'text + normal photos' : isScoreName(n) && SCORES[n].requiresExemplars ? 'normal photos' : 'text';

export function ScoreComparison({
  table,
  score,
  onPick,
}: {
  table: EvalTable;
  score: string;
  onPick: (n: string) => void;
}) {
  const rows = useMemo(
    () =>
      table.scoreNames.map((n) => {
        const sides = scoresBySide(table, n);
        const ood = sides.ood.flatMap((s) => s.scores);
        return { n, m: sides.id.length && ood.length ? metricsFor(sides.id, ood) : undefined };
      }),
    [table],
  );
  if (!rows.some((r) => r.m) || rows.length < 2) return null;
  const best = Math.max(...rows.map((r) => r.m?.auroc ?? -1));
  return (
    <table className="eval-compare" data-testid="eval-score-compare">
      <caption>All scores on these photos (threshold-free)</caption>
      <thead>
        <tr>
          <th>Score</th>
          <th>Signal</th>
          <th>AUROC</th>
          <th>FPR95</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ n, m }) => (
          <tr key={n} aria-selected={n === score} data-score={n}>
            <td>
              <button className="link" onClick={() => onPick(n)}>
                {isScoreName(n) ? SCORES[n].label : n}
              </button>
            </td>
            <td>{kindOf(n)}</td>
            <td>{m ? <span className={m.auroc === best ? 'best' : undefined}>{percent(m.auroc)}</span> : '—'}</td>
            <td>{m ? percent(m.fpr95) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
