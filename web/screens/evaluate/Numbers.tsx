// The numbers of the open run at the current threshold: accuracy, separation metrics, rates, confusion matrix.
import { setLabel, type RunSummary } from '../../state/evalHooks';
import type { OodMetrics } from '../../ood/metrics';
import { percent } from '../../lib/format';

const pct = (x: number | null | undefined) => percent(x, { digits: 2, missing: '–' });

function MetricCells({ m }: { m: OodMetrics | null }) {
  return (
    <>
      <td data-metric="auroc">{pct(m?.auroc)}</td>
      <td data-metric="fpr95">{pct(m?.fpr95)}</td>
      <td data-metric="auprIn">{pct(m?.auprIn)}</td>
      <td data-metric="auprOut">{pct(m?.auprOut)}</td>
    </>
  );
}

export function Numbers({ summary }: { summary: RunSummary }) {
  const c = summary.overall.confusion;
  return (
    <div className="eval-numbers">
      <p data-testid="eval-id-accuracy">
        ID accuracy: <strong>{pct(summary.idAccuracy)}</strong>{' '}
        <span className="muted">
          ({summary.nCorrect} of {summary.nLabelled} named correctly; {summary.nLabelled} of {summary.nId} normal photos
          are in class-named folders)
        </span>
      </p>
      <table className="eval-metrics" data-testid="eval-metrics">
        <thead>
          <tr>
            <th>OoD set</th>
            <th>photos</th>
            <th title="AUROC: area under the ROC curve, 100 % = perfect separation, 50 % = chance">told apart</th>
            <th title="FPR95: share of not-normal photos let through when 95 % of normal photos are kept">
              let through at 95 % kept
            </th>
            <th title="AUPR-in: average precision with the normal photos as the positive class">precision, normal</th>
            <th title="AUPR-out: average precision with the not-normal photos as the positive class">
              precision, not normal
            </th>
            <th title="share of not-normal photos flagged at this threshold">detected</th>
            <th title="share of normal photos flagged at this threshold">false alarms</th>
          </tr>
        </thead>
        <tbody>
          <tr data-set="__all__">
            <th>all OoD photos</th>
            <td>{summary.nOod}</td>
            <MetricCells m={summary.overall.metrics} />
            <td data-metric="detection">{pct(c.detectionRate)}</td>
            <td data-metric="falseAlarm">{pct(c.falseAlarmRate)}</td>
          </tr>
          {summary.perSet.length > 1 ? (
            <tr data-set="__mean__">
              <th title={summary.averagedSets.join(', ')}>
                mean over{' '}
                {summary.averagedSets.length === summary.perSet.length
                  ? 'sets'
                  : `${summary.averagedSets.length} of ${summary.perSet.length} sets`}
              </th>
              <td />
              <MetricCells m={summary.average} />
              <td />
              <td />
            </tr>
          ) : null}
          {summary.perSet.map((s) => (
            <tr key={s.name} data-set={s.name}>
              <th title={s.name}>{setLabel(s.name)}</th>
              <td>{s.n}</td>
              <MetricCells m={s.metrics} />
              <td data-metric="detection">{pct(s.confusion.detectionRate)}</td>
              <td data-metric="falseAlarm">{pct(s.confusion.falseAlarmRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="eval-confusion" data-testid="eval-confusion" aria-label="confusion matrix at the threshold">
        <thead>
          <tr>
            <th />
            <th>kept as normal</th>
            <th>flagged</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>normal ({summary.nId})</th>
            <td data-cell="tp">{c.tp}</td>
            <td data-cell="fn" className="bad">
              {c.fn}
            </td>
          </tr>
          <tr>
            <th>not normal ({summary.nOod})</th>
            <td data-cell="fp" className="bad">
              {c.fp}
            </td>
            <td data-cell="tn">{c.tn}</td>
          </tr>
        </tbody>
        {summary.perSet.length > 1 ? (
          <tbody className="eval-confusion-sets" data-testid="eval-confusion-sets">
            {summary.perSet.map((s) => (
              <tr key={s.name} data-set={s.name}>
                <th className="muted">
                  ↳ {setLabel(s.name)} ({s.n})
                </th>
                <td className="bad">{s.confusion.fp}</td>
                <td>{s.confusion.tn}</td>
              </tr>
            ))}
          </tbody>
        ) : null}
      </table>
      {summary.missing.length ? (
        <ul className="eval-missing" data-testid="eval-missing">
          {summary.missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
