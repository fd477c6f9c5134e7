// Evaluate: batch evaluation on your own folders (or the bundle's reference numbers), separation charts and a
// threshold chosen by what alarms cost. Actions: web/state/evaluateActions.ts (over web/eval/session.ts); what it shows:
// evaluateSlice, decisionSlice; eval helpers: web/state/evalHooks.ts; charts: web/views/charts.
import { useEffect, useState } from 'react';
import type { SourceFile } from '../../state/evalHooks';
import { plural, timeLeft } from '../../lib/format';
import { useAppStore } from '../../state/store';
import { useManifest, useReferenceTable } from '../../state/modelHooks';
import { useRunScorer } from '../../state/normalSetHooks';
import { DropSide } from './DropSide';
import { NormalSetPanel } from '../normalSets/NormalSetPanel';
import { RunsList } from './RunsList';
import { Results } from './Results';
import { cancelRun, openReference, refreshRuns, startRun, type ModelContext } from '../../state/evaluateActions';
import './evaluate.css';

function Progress() {
  const p = useAppStore((s) => s.evalProgress);
  if (!p) return null;
  const eta = timeLeft(p.etaSeconds);
  return (
    <div className="eval-progress" data-testid="eval-progress" data-done={p.done} data-total={p.total}>
      <progress max={p.total} value={p.done} aria-label="evaluation progress" /> {p.done} / {plural(p.total, 'photo')}
      {p.skipped ? ` · ${p.skipped} skipped` : ''} · {Number.isFinite(p.rate) ? `${p.rate.toFixed(1)} photos/s` : '…'} ·{' '}
      {Number.isFinite(p.etaSeconds) ? `${eta} left` : 'estimating the time left'}{' '}
      <button onClick={cancelRun} data-testid="eval-cancel">
        Cancel
      </button>
    </div>
  );
}

function Skipped() {
  const open = useAppStore((s) => s.evalOpen);
  const run = useAppStore((s) => s.evalRuns.find((r) => r.id === s.evalOpen?.id));
  if (!open || !run?.skipped.length) return null;
  return (
    <details className="panel" data-testid="eval-skipped">
      <summary>{plural(run.skipped.length, 'file')} skipped</summary>
      <ul>
        {run.skipped.map((s) => (
          <li key={s.key} data-reason={s.reason}>
            <code>{s.key}</code>: {s.detail}
          </li>
        ))}
      </ul>
    </details>
  );
}

export default function EvaluateScreen() {
  const manifest = useManifest();
  const scorer = useRunScorer(); // + the normal set in force: text, exemplar and fused scores side by side
  const reference = useReferenceTable();
  const batch = useAppStore((s) => s.imageBatch);
  const table = useAppStore((s) => s.evalTable);
  const notice = useAppStore((s) => s.evalNotice);
  const running = useAppStore((s) => s.evalProgress !== null);
  const [idFiles, setIdFiles] = useState<SourceFile[]>([]);
  const [oodFiles, setOodFiles] = useState<SourceFile[]>([]);

  useEffect(() => {
    void refreshRuns();
  }, []);

  const ctx: ModelContext | null = manifest && scorer.data ? { manifest, scorer: scorer.data, batch } : null;
  const start = () => {
    if (!ctx) return;
    void startRun(idFiles, oodFiles, ctx).then(() => {
      setIdFiles([]);
      setOodFiles([]);
    });
  };

  return (
    <div className="evaluate" data-testid="evaluate-screen">
      {notice ? (
        <div
          className={notice.tone === 'error' ? 'error' : 'notice'}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="eval-notice"
        >
          {notice.text} <button onClick={() => useAppStore.getState().setEvalNotice(null)}>Dismiss</button>
        </div>
      ) : null}
      <div className="eval-top">
        <section className="panel">
          <h2>New evaluation</h2>
          <p className="muted">
            Photos stay on this device. Sub-folders named like the model's classes (
            {manifest?.classes.slice(0, 4).join(', ')}…) also give ID accuracy.
          </p>
          <div className="eval-sides">
            <DropSide
              kind="id"
              title="Known normal"
              hint="Drop folders or zips of photos the model should accept."
              files={idFiles}
              onFiles={setIdFiles}
            />
            <DropSide
              kind="ood"
              title="Not normal"
              hint="Drop folders or zips of photos it should flag."
              files={oodFiles}
              onFiles={setOodFiles}
            />
          </div>
          <NormalSetPanel />
          <button
            className="primary"
            disabled={!ctx || running || (!idFiles.length && !oodFiles.length)}
            onClick={start}
            data-testid="eval-start"
          >
            {ctx ? 'Run evaluation' : manifest ? 'Encoding the class prompts…' : 'Waiting for the model…'}
          </button>{' '}
          {manifest?.referenceEval ? (
            <button
              disabled={!reference.data}
              onClick={() => manifest && reference.data && openReference(reference.data, manifest)}
              data-testid="eval-open-reference"
            >
              {reference.isLoading ? 'Loading reference evaluation…' : 'Open the reference evaluation'}
            </button>
          ) : manifest ? (
            <span className="muted">This model ships no reference evaluation.</span>
          ) : null}
          {reference.isError ? <p className="eval-error">{(reference.error as Error).message}</p> : null}
          <Progress />
        </section>
        <RunsList ctx={ctx} running={running} />
      </div>
      <Skipped />
      {table ? <Results /> : null}
    </div>
  );
}
