/**
 * Meeting mode: full screen, large type, steps driven by the arrow keys (normal photos → unknown photos → the
 * threshold → cost per day → the bundled models side by side, when there are two), each with its current numbers and
 * picture (score histograms at steps 2-3), and a PNG export. Everything it shows is in
 * memory once loaded, so a lost network connection mid-meeting changes nothing.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  buildStory,
  compareStep,
  costCurve,
  dailyCostAt,
  examplesAt,
  examplesStep,
  scoresBySide,
  separationOf,
  useBundledReferenceData,
} from '../../state/evalHooks';
import { useModelIndex } from '../../state/modelHooks';
import { confusionAt } from '../../ood/metrics';
import { buildRocOption } from '../../views/charts/roc';
import { HistogramChart } from '../../views/charts/HistogramChart';
import { chartInstance, EChart } from '../../views/charts/EChart';
import { buildCostOption, costCurrentPatch } from '../../views/charts/cost';
import { useAppStore } from '../../state/store';
import type { ScatterMap } from '../../views/map/scatterMap';
import { MapView } from '../../views/map/MapView';
import { ViewBoundary } from '../../views/map/ViewBoundary';
import type { EmbeddingPoint } from '../../state/evalHooks';
import { CheckedPhotosToggle } from '../explore/CheckedPhotosToggle';
import { NormalSetToggle } from '../explore/NormalSetToggle';
import { useExploreData } from '../explore/useExploreData';
import { useMapThreshold } from '../explore/useMapThreshold';
import { downloadUrl } from '../../lib/download';
import { ExampleRows } from './Examples';
import { examplesCanvas, renderStepPng } from './exportStep';

// the normal set's photos (when shown) are normal: they appear wherever the ID photos do
const ID_KINDS: EmbeddingPoint['kind'][] = ['id-image', 'class-text', 'normal-photo'];

const ALL_KINDS: EmbeddingPoint['kind'][] = ['id-image', 'ood-image', 'class-text', 'photo', 'normal-photo'];

export default function PresentScreen() {
  const data = useExploreData();
  const th = useMapThreshold(data.table, data.manifest?.scoring?.default);
  const cost = useAppStore((s) => s.evalCost);
  const [step, setStep] = useState(0);
  const [full, setFull] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<ScatterMap | null>(null);

  // The bundled models side by side (FLYP and CMA): each on its own reference evaluation and default score, on the
  // rates axes they share (web/eval/compare.ts); a fifth step when there are two or more.
  const index = useModelIndex();
  const bundled = useBundledReferenceData(index.data?.models ?? []);
  const bundledKey = bundled.map((b) => b.data?.manifest.id ?? '').join();
  const compare = useMemo(() => {
    const models = bundled.flatMap((b) =>
      b.data
        ? [separationOf(b.data.manifest.name, b.data.table, b.data.manifest.scoring.default)].filter((m) => m !== null)
        : [],
    );
    if (models.length < 2) return null;
    const curves = models.map((m) => ({ name: `${m.name} · ${m.score}`, fpr: m.fpr, tpr: m.tpr, auroc: m.auroc }));
    return { models, option: buildRocOption({ curves, point: null }) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bundledKey]);
  const sides = useMemo(
    () => (data.table && th.scoreName ? scoresBySide(data.table, th.scoreName) : null),
    [data.table, th.scoreName],
  );
  // What the line does in the person's own photos (a run's examples; none for the reference evaluation).
  const examples = useMemo(
    () => (th.scoreName && th.threshold !== null ? examplesAt(data.examples, th.scoreName, th.threshold) : null),
    [data.examples, th.scoreName, th.threshold],
  );
  const steps = useMemo(() => {
    if (!data.table || th.threshold === null || !th.scoreName) return null;
    const story = buildStory(data.table, th.scoreName, th.threshold, cost);
    // the examples step's counts: the whole table at the line, every OoD set pooled
    const counts =
      sides &&
      confusionAt(
        th.threshold,
        sides.id,
        sides.ood.flatMap((o) => o.scores),
      );
    const all = [...story, examplesStep(examples, story.length + 1, data.fromRun, counts ?? undefined)];
    return compare ? [...all, compareStep(compare.models, all.length + 1)] : all;
  }, [data.table, data.fromRun, th.scoreName, th.threshold, cost, compare, examples, sides]);
  // Step 4's picture: expected cost per day against the threshold (the Evaluate screen's chart), current one marked.
  const cost4 = useMemo(() => {
    if (!data.table || !th.scoreName || th.threshold === null) return null;
    const curve = costCurve(data.table, th.scoreName, cost);
    if (!curve) return null;
    const now = dailyCostAt(data.table, th.scoreName, th.threshold, cost);
    return {
      option: buildCostOption({ scoreLabel: th.scoreName, curve: curve.curve, best: curve.best, current: null }),
      patch: costCurrentPatch({ threshold: th.threshold, cost: now.costPerDay }),
    };
  }, [data.table, th.scoreName, th.threshold, cost]);
  const last = (steps?.length ?? 1) - 1;
  const current = steps?.[Math.min(step, last)] ?? null;

  const go = useCallback((to: number) => setStep(Math.max(0, Math.min(last, to))), [last]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (['ArrowRight', 'PageDown', ' '].includes(e.key)) {
        e.preventDefault();
        go(step + 1);
      } else if (['ArrowLeft', 'PageUp', 'Backspace'].includes(e.key)) {
        e.preventDefault();
        go(step - 1);
      } else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(last);
      else if (e.key === 'f') void toggleFullscreen();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }); // re-bound each render: tiny, and always sees the current step
  useEffect(() => {
    const onChange = () => setFull(document.fullscreenElement === rootRef.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  async function toggleFullscreen() {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await rootRef.current?.requestFullscreen();
    } catch {
      // Fullscreen refused (iframe, policy): the story works the same in the page.
    }
  }

  async function exportPng() {
    if (!current) return;
    if (current.id === 'examples') {
      const picture = examples ? await examplesCanvas(examples, data.examples?.thumbs ?? {}) : null;
      downloadUrl(renderStepPng(current, picture), `alignscope-step-${step + 1}-${current.id}.png`);
      return;
    }
    // the step's chart when it has one (its legend and numbers drawn in), else the map
    const chartId = {
      unknown: 'present-histogram',
      threshold: 'present-histogram',
      cost: 'present-cost',
      compare: 'present-compare',
    }[current.id as string];
    const chart = chartId ? chartInstance(chartId) : undefined;
    const picture = chart
      ? chart.renderToCanvas({ backgroundColor: '#fff', pixelRatio: 2 })
      : (mapRef.current?.canvas ?? null);
    downloadUrl(renderStepPng(current, picture), `alignscope-step-${step + 1}-${current.id}.png`);
  }

  if (data.error) return <p className="muted">{data.error}</p>;
  if (data.loading || !data.space) return <p className="muted">Loading the evaluation…</p>;
  if (!steps || !current) {
    return (
      <p role="status">
        Meeting mode needs an evaluation with scores: open one on the Evaluate screen, or load a model that ships a
        reference evaluation.
      </p>
    );
  }

  return (
    <div
      ref={rootRef}
      className="present"
      data-testid="present"
      data-step={step + 1}
      data-step-id={current.id}
      tabIndex={-1}
      style={{
        background: '#fff',
        color: '#111',
        padding: full ? '2.5vh 3vw' : 8,
        minHeight: full ? '100vh' : undefined,
        display: 'flex',
        flexDirection: 'column',
        gap: 12,
      }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', fontSize: 14 }}>
        <button onClick={() => void toggleFullscreen()} data-testid="present-fullscreen">
          {full ? 'Leave full screen' : 'Full screen'} (f)
        </button>
        <button onClick={() => go(step - 1)} disabled={step === 0} aria-label="previous step">
          ←
        </button>
        <span data-testid="present-counter">
          {step + 1} / {steps.length}
        </span>
        <button onClick={() => go(step + 1)} disabled={step === last} aria-label="next step">
          →
        </button>
        <button onClick={() => void exportPng()} data-testid="present-export">
          Save this step as PNG
        </button>
        <CheckedPhotosToggle />
        <NormalSetToggle short />
        <span className="muted">
          Arrow keys step; {data.origin}; score {th.scoreName}
        </span>
      </div>
      <div style={{ display: 'flex', gap: '3vw', alignItems: 'stretch', flex: 1, flexWrap: 'wrap' }}>
        <div style={{ flex: '1 1 30%', minWidth: 320 }}>
          <h2 data-testid="present-title" style={{ fontSize: 'clamp(28px, 4vw, 56px)', margin: '0 0 0.3em' }}>
            {current.title}
          </h2>
          <p style={{ fontSize: 'clamp(18px, 2vw, 30px)', margin: '0 0 1em' }}>{current.line}</p>
          <dl style={{ margin: 0 }}>
            {current.facts.map((f) => (
              <div key={f.label} style={{ marginBottom: '0.8em' }}>
                <dt style={{ fontSize: 'clamp(14px, 1.4vw, 22px)', color: '#555' }}>{f.label}</dt>
                <dd style={{ fontSize: 'clamp(24px, 3vw, 44px)', fontWeight: 700, margin: 0 }}>{f.value}</dd>
              </div>
            ))}
          </dl>
          {current.missing && (
            <p role="status" style={{ color: '#b00020', fontSize: 'clamp(14px, 1.4vw, 22px)' }}>
              {current.missing}
            </p>
          )}
        </div>
        <div style={{ flex: '2 1 55%', minWidth: 360 }}>
          {(current.id === 'unknown' || current.id === 'threshold') && sides && (
            // the separation a stakeholder reads at a glance: normal vs each unknown source, the alarm line at step 3
            <HistogramChart
              scoreLabel={th.scoreName}
              id={sides.id}
              ood={sides.ood}
              threshold={current.id === 'threshold' ? th.threshold : null}
              onThreshold={(t) => th.setThreshold(t)}
              testId="present-histogram"
              legendWidth={720}
              height={full ? 420 : 300}
            />
          )}
          {current.id === 'compare' && compare && (
            <EChart
              option={compare.option}
              testId="present-compare"
              height={full ? 520 : 380}
              ariaLabel="ROC curves of the bundled models on the same axes"
            />
          )}
          {current.id === 'cost' && cost4 && (
            <EChart
              option={cost4.option}
              patch={cost4.patch}
              testId="present-cost"
              height={full ? 520 : 360}
              ariaLabel="expected cost per day against the threshold"
            />
          )}
          {current.id === 'examples' && examples && (
            <ExampleRows at={examples} thumbs={data.examples?.thumbs ?? {}} scoreLabel={th.scoreName} />
          )}
          {/* kept mounted (its layout stays computed) but out of sight while the example photos show */}
          <div style={{ display: current.id === 'examples' && examples ? 'none' : undefined }}>
            <ViewBoundary what="picture">
              <MapView
                space={data.space}
                dataKey={`present|${data.dataKey}`}
                method="pca"
                kinds={ALL_KINDS}
                showKinds={current.show === 'id' ? ID_KINDS : ALL_KINDS}
                colourMode={current.show === 'flagged' ? 'flagged' : 'class'}
                scoreName={th.scoreName}
                threshold={current.show === 'flagged' ? th.threshold : null}
                height={
                  current.id === 'cost' ||
                  current.id === 'unknown' ||
                  current.id === 'threshold' ||
                  current.id === 'compare'
                    ? full
                      ? '30vh'
                      : 220
                    : full
                      ? '78vh'
                      : 560
                }
                testId="present-map"
                onReady={(m) => {
                  mapRef.current = m;
                }}
              />
            </ViewBoundary>
          </div>
        </div>
      </div>
    </div>
  );
}
