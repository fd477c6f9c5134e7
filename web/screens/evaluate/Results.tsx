// The open run: score picker, threshold (strategies, slider, drag on the histogram), costs, numbers and charts.
import { useMemo } from 'react';
import {
  costCurve,
  dailyCost,
  reportLines,
  scoresBySide,
  STRATEGY_LABELS,
  type ThresholdStrategy,
} from '../../state/evalHooks';
import { downloadUrl } from '../../lib/download';
import { rocCurve, auroc } from '../../ood/metrics';
import { isScoreName, SCORES } from '../../ood/scores/registry';
import { selectDecision, thresholdOn } from '../../state/decisionSlice';
import { selectEvalScore, selectEvalStrategy, selectEvalSummary, selectEvalThreshold } from '../../state/evaluateSlice';
import { useAppStore } from '../../state/store';
import { HistogramChart } from '../../views/charts/HistogramChart';
import { EChart } from '../../views/charts/EChart';
import { buildRocOption, rocPointPatch } from '../../views/charts/roc';
import { buildCostOption, costCurrentPatch } from '../../views/charts/cost';
import { binScores } from '../../views/charts/histogram';
import { Numbers } from './Numbers';
import { ScoreComparison } from './ScoreComparison';
import { SizeCurve } from './SizeCurve';
import { exportOpen } from '../../state/evaluateActions';
import { renderReport } from '../../views/charts/report';

const scoreLabel = (n: string) => (isScoreName(n) ? SCORES[n].label : n);

function CostInputs() {
  const cost = useAppStore((s) => s.evalCost);
  const set = useAppStore((s) => s.setEvalCost);
  const field = (key: keyof typeof cost, label: string, scale = 1, step = 'any') => (
    <label>
      {label}{' '}
      <input
        type="number"
        min={0}
        step={step}
        value={+(cost[key] * scale).toPrecision(6)}
        data-testid={`eval-cost-${key}`}
        onChange={(e) => {
          const v = Number(e.target.value) / scale;
          if (Number.isFinite(v) && v >= 0 && (key !== 'abnormalShare' || v <= 1)) set({ [key]: v });
        }}
      />
    </label>
  );
  return (
    <div className="eval-cost-inputs">
      {field('photosPerDay', 'photos / day')}
      {field('costFalseAlarm', 'cost of one false alarm')}
      {field('costMiss', 'cost of one missed abnormal photo')}
      {field('abnormalShare', 'abnormal share (%)', 100)}
    </div>
  );
}

/**
 * Score and threshold are shared with Check (decisionSlice), but Check's default is TPR-95 on its own calibration and
 * its own temperature makes another scale: this pins the value shown here and returns Check to the bundle's options.
 */
function UseOnCheck({ score, threshold }: { score: string; threshold: number | null }) {
  const pinned = useAppStore((s) => thresholdOn(selectDecision(s), true));
  const customT = useAppStore((s) => (isScoreName(score) ? s.checkTemperature[score] : undefined));
  const customGroups = useAppStore((s) => score === 'neglabel' && s.checkGroups !== null);
  if (!isScoreName(score) || threshold === null) return null;
  const inUse = pinned === threshold && customT === undefined && !customGroups;
  const apply = () => {
    const s = useAppStore.getState();
    const strategy = selectEvalStrategy(s);
    s.setScore(score);
    s.dropCheckOptions(score); // these scores were computed with the bundle's temperature
    s.setThreshold(threshold, { on: 'evaluate', strategy: strategy === 'tpr95' ? 'manual' : strategy });
  };
  return (
    <span className="eval-use-on-check">
      <button
        onClick={apply}
        disabled={inUse}
        data-testid="eval-use-on-check"
        title="Check flags a photo when its score is below this threshold"
      >
        {inUse ? 'Check uses this threshold' : 'Use this threshold on Check'}
      </button>
      {customT !== undefined && !inUse ? (
        <span className="muted"> (Check's hand-set temperature returns to the bundle's)</span>
      ) : null}
    </span>
  );
}

export function Results() {
  const table = useAppStore((s) => s.evalTable)!;
  const open = useAppStore((s) => s.evalOpen)!;
  const score = useAppStore(selectEvalScore)!;
  const threshold = useAppStore(selectEvalThreshold);
  const strategy = useAppStore(selectEvalStrategy);
  const cost = useAppStore((s) => s.evalCost);
  const setScore = useAppStore((s) => s.setEvalScore);
  const setThreshold = useAppStore((s) => s.setEvalThreshold);
  const applyStrategy = useAppStore((s) => s.applyEvalStrategy);
  const summary = useAppStore(selectEvalSummary);

  const sides = useMemo(() => scoresBySide(table, score), [table, score]);
  const range = useMemo(() => {
    const e = binScores({ scoreLabel: '', id: sides.id, ood: sides.ood, threshold: null }).edges;
    return [e[0], e[e.length - 1]] as const;
  }, [sides]);
  const pooled = useMemo(() => sides.ood.flatMap((s) => s.scores), [sides]);
  const curves = useMemo(() => {
    if (!sides.id.length || !pooled.length) return [];
    const all = { name: 'all OoD', ...rocCurve(sides.id, pooled), auroc: auroc(sides.id, pooled) };
    const per =
      sides.ood.length > 1
        ? sides.ood
            .filter((s) => s.scores.length)
            .map((s) => ({ name: s.name, ...rocCurve(sides.id, s.scores), auroc: auroc(sides.id, s.scores) }))
        : [];
    return [all, ...per];
  }, [sides, pooled]);
  const costs = useMemo(() => costCurve(table, score, cost), [table, score, cost]);
  const now = useMemo(() => (summary ? dailyCost(summary.overall.confusion, cost) : null), [summary, cost]);

  // Curves are drawn once per table/score/cost; the threshold only moves the point and lines (patches).
  const rocOption = useMemo(() => buildRocOption({ curves, point: null }), [curves]);
  const rocPatch = useMemo(
    () =>
      rocPointPatch(
        summary && curves.length
          ? { fpr: summary.overall.confusion.fpr, tpr: summary.overall.confusion.tpr, threshold: summary.threshold }
          : null,
      ),
    [curves, summary],
  );
  const costOption = useMemo(
    () =>
      buildCostOption({
        scoreLabel: scoreLabel(score),
        curve: costs?.curve ?? [],
        best: costs?.best ?? null,
        current: null,
      }),
    [costs, score],
  );
  const costPatch = useMemo(
    () => costCurrentPatch(now && threshold !== null && costs ? { threshold, cost: now.costPerDay } : null),
    [costs, now, threshold],
  );

  const downloadReport = async () => {
    if (!summary) return;
    const lines = reportLines({ scoreLabel: scoreLabel(score), summary, strategy, cost: costs ? now : null });
    const url = await renderReport({ title: open.name, lines, charts: ['eval-histogram', 'eval-roc', 'eval-cost'] });
    downloadUrl(url, 'alignscope-report.png');
  };

  const step = (range[1] - range[0]) / 1000;
  return (
    <section
      className="panel eval-results"
      data-testid="eval-results"
      data-open={open.kind}
      data-n-id={sides.id.length}
      data-n-ood={pooled.length}
    >
      <h2>{open.name}</h2>
      <div className="eval-controls">
        <label>
          Score{' '}
          <select value={score} onChange={(e) => setScore(e.target.value)} data-testid="eval-score">
            {table.scoreNames.map((n) => (
              <option key={n} value={n}>
                {scoreLabel(n)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="eval-strategies">
          <legend>Threshold</legend>
          {(['tpr95', 'youden', 'cost'] as ThresholdStrategy[]).map((s) => (
            <button
              key={s}
              aria-pressed={strategy === s}
              onClick={() => applyStrategy(s)}
              data-testid={`eval-strategy-${s}`}
            >
              {STRATEGY_LABELS[s]}
            </button>
          ))}
          {strategy === 'manual' ? <span className="muted">set by hand</span> : null}
          <UseOnCheck score={score} threshold={threshold} />
          <input
            type="range"
            min={range[0]}
            max={range[1]}
            step={step}
            value={threshold ?? range[0]}
            onChange={(e) => setThreshold(Number(e.target.value))}
            aria-label="threshold"
            data-testid="eval-threshold-slider"
          />
          <input
            type="number"
            step={step}
            value={threshold === null ? '' : +threshold.toPrecision(6)}
            onChange={(e) => e.target.value !== '' && setThreshold(Number(e.target.value))}
            aria-label="threshold value"
            data-testid="eval-threshold"
          />
        </fieldset>
      </div>
      {summary ? <Numbers summary={summary} /> : <p className="muted">No scores to show.</p>}
      <ScoreComparison table={table} score={score} onPick={setScore} />
      <SizeCurve open={open} />
      <div className="eval-charts">
        <div>
          <h3>Scores: normal vs not normal</h3>
          <p className="muted">
            Drag the dark line (or use the slider) to move the threshold. Photos left of it are flagged.
          </p>
          <HistogramChart
            scoreLabel={scoreLabel(score)}
            id={sides.id}
            ood={sides.ood}
            threshold={threshold}
            onThreshold={setThreshold}
          />
        </div>
        <div>
          <h3>ROC</h3>
          {curves.length ? (
            <EChart
              option={rocOption}
              patch={rocPatch}
              testId="eval-roc"
              ariaLabel="ROC curve with the current operating point"
            />
          ) : (
            <p className="muted" data-testid="eval-roc-missing">
              The ROC curve needs both normal and not-normal photos.
            </p>
          )}
        </div>
      </div>
      <div className="eval-cost">
        <h3>What alarms cost</h3>
        <CostInputs />
        {now && costs ? (
          <p data-testid="eval-cost-now">
            At this threshold: <strong>{now.falseAlarmsPerDay.toFixed(1)}</strong> false alarms / day,{' '}
            <strong>{now.missesPerDay.toFixed(1)}</strong> missed abnormal photos / day, cost{' '}
            <strong>{now.costPerDay.toFixed(2)}</strong> / day. Cheapest threshold:{' '}
            {costs.best.threshold.toPrecision(6)} at {costs.best.cost.toFixed(2)} / day.
          </p>
        ) : (
          <p className="muted">Costs need both normal and not-normal photos.</p>
        )}
        {costs ? (
          <EChart
            option={costOption}
            patch={costPatch}
            testId="eval-cost"
            height={260}
            ariaLabel="expected cost per day against the threshold"
          />
        ) : null}
      </div>
      <div className="eval-export">
        <button onClick={() => void exportOpen('csv')} data-testid="eval-export-csv">
          Export CSV
        </button>
        <button onClick={() => void exportOpen('json')} data-testid="eval-export-json">
          Export JSON
        </button>
        {open.kind === 'run' ? (
          <button onClick={() => void exportOpen('json', true)} data-testid="eval-export-json-emb">
            Export JSON with embeddings
          </button>
        ) : null}
        <button onClick={() => void downloadReport()} data-testid="eval-report">
          Report (PNG)
        </button>
        <button onClick={() => window.print()}>Print</button>
      </div>
    </section>
  );
}
