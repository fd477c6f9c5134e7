// Stored runs: open, resume (dropping the same folders again), export, delete; and import of an export.
import { useState } from 'react';
import { fromDataTransfer, fromFileList, type RunRecord, type SourceFile } from '../../state/evalHooks';
import { useAppStore } from '../../state/store';
import { plural } from '../../lib/format';
import { deleteRun, importFile, openRun, resumeRun, type ModelContext } from '../../state/evaluateActions';

const STATUS: Record<RunRecord['status'], string> = {
  running: 'running',
  paused: 'paused',
  done: 'done',
  failed: 'stopped',
  importing: 'importing…',
};

function ResumeDrop({ run, ctx, onDone }: { run: RunRecord; ctx: ModelContext | null; onDone: () => void }) {
  const [picked, setPicked] = useState<SourceFile[]>([]);
  const add = (more: SourceFile[]) =>
    setPicked((prev) => [...prev, ...more.filter((f) => !prev.some((p) => p.key === f.key))]);
  const go = () => {
    if (!ctx) return;
    onDone();
    void resumeRun(run.id, picked, ctx);
  };
  const sets = run.sets.map((s) => s.name).join(', ');
  return (
    <div
      className="dropzone small"
      data-testid="eval-resume-drop"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void fromDataTransfer(e.dataTransfer).then(add);
      }}
    >
      Drop the same folders again ({sets}; {plural(run.files.length - run.doneCount, 'photo')} left, matched by path,
      size and SHA-256), or{' '}
      <label className="button">
        choose a folder…
        <input
          type="file"
          multiple
          hidden
          data-testid="eval-resume-dir"
          ref={(el) => {
            if (el) el.webkitdirectory = true;
          }}
          onChange={(e) => e.target.files && add(fromFileList(e.target.files))}
        />
      </label>{' '}
      {picked.length ? <span className="muted">{plural(picked.length, 'file')} picked</span> : null}{' '}
      <button disabled={!ctx || !picked.length} onClick={go} data-testid="eval-resume-go">
        Resume
      </button>
      {!ctx ? <p className="muted">Load the model {run.modelId} first.</p> : null}
    </div>
  );
}

export function RunsList({ ctx, running }: { ctx: ModelContext | null; running: boolean }) {
  const runs = useAppStore((s) => s.evalRuns);
  const open = useAppStore((s) => s.evalOpen);
  const [resuming, setResuming] = useState<string | null>(null);
  return (
    <section className="panel" data-testid="eval-runs">
      <h3>Runs</h3>
      {runs.length === 0 ? (
        <p className="muted">No runs yet. They are kept in this browser (IndexedDB) until you delete them.</p>
      ) : null}
      <ul className="eval-runs">
        {runs.map((r) => {
          const left =
            r.files.length - r.doneCount - r.skipped.filter((s) => r.files.some((f) => f.key === s.key)).length;
          const resumable = r.source === 'files' && r.status !== 'done' && r.status !== 'running' && left > 0;
          return (
            <li
              key={r.id}
              data-testid="eval-run"
              data-run-id={r.id}
              data-status={r.status}
              data-done={r.doneCount}
              className={open?.id === r.id ? 'open' : ''}
            >
              <strong>{r.name}</strong>{' '}
              <span className="muted">
                {r.doneCount}/{plural(r.files.length, 'photo')} · {STATUS[r.status]}
                {r.skipped.length ? ` · ${r.skipped.length} skipped` : ''}
                {r.source === 'import' ? ' · imported (numbers only)' : ''}
              </span>
              {r.error ? <div className={r.status === 'failed' ? 'eval-error' : 'muted'}>{r.error}</div> : null}
              <div className="eval-run-actions">
                <button onClick={() => void openRun(r.id)} data-testid="eval-run-open">
                  Open
                </button>
                {resumable ? (
                  <button
                    disabled={running}
                    onClick={() => setResuming(resuming === r.id ? null : r.id)}
                    data-testid="eval-run-resume"
                  >
                    Resume…
                  </button>
                ) : null}
                {r.source !== 'files' && r.status !== 'done' ? (
                  <span className="muted">came from files this app cannot read again: cannot resume</span>
                ) : null}
                <button
                  disabled={running && r.status === 'running'}
                  onClick={() => confirm(`Delete "${r.name}"?`) && void deleteRun(r.id)}
                  data-testid="eval-run-delete"
                >
                  Delete
                </button>
              </div>
              {resuming === r.id ? <ResumeDrop run={r} ctx={ctx} onDone={() => setResuming(null)} /> : null}
            </li>
          );
        })}
      </ul>
      <label className="button">
        Import a run (JSON or CSV)…
        <input
          type="file"
          hidden
          accept=".json,.csv,application/json,text/csv"
          data-testid="eval-import"
          onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0], ctx?.manifest.classes)}
        />
      </label>
    </section>
  );
}
