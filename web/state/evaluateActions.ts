/**
 * The Evaluate screen's actions: web/eval/session.ts does the work on stored runs, `runWithModel` (the model API)
 * encodes, and what comes back lands in evaluateSlice (and the shared decisionSlice). No React: the screen calls these
 * and reads what it shows from the store.
 *
 *   refreshRuns()                         the stored runs → evalRuns
 *   startRun(idFiles, oodFiles, ctx)      plan, store and run what was dropped on the two sides
 *   resumeRun(runId, dropped, ctx)        the rest of a paused/failed run, matched from the folders dropped again
 *   cancelRun()                           stops the run in progress (finished photos are kept)
 *   openRun(runId) / openReference(...)   a stored run's / the bundle's reference evaluation's table → evalTable
 *   deleteRun(runId), exportOpen(format, withEmbeddings?), importFile(file, classes?)
 */
import { downloadFile } from '../lib/download';
import { elapsed, plural } from '../lib/format';
import type { ImportReply, ImportRequest } from '../eval/import.worker';
import { onRunsChangedElsewhere } from '../eval/runLocks';
import {
  createRunFromDrop,
  deleteStoredRun,
  exportTable,
  listStoredRuns,
  prepareResume,
  readRunTable,
  runStore,
  TAB_OWNER,
  type RunTodo,
} from '../eval/session';
import type { SourceFile } from '../eval/sources';
import type { EvalTable, RunRecord } from '../eval/types';
import { selectEvalThreshold } from './evaluateSlice';
import { runWithModel, type ImageScorer, type Manifest } from './modelHooks';
import { useAppStore } from './store';

const app = () => useAppStore.getState();
const notice = (tone: 'info' | 'error', text: string) => app().setEvalNotice({ tone, text });

/** Test hook: how many images went through the encoder in this tab (e2e checks a resume does not repeat work). */
declare global {
  interface Window {
    __alignscopeEval?: { encoded: number; runs: number; table: () => EvalTable | null; threshold: () => number | null };
  }
}
const counters = { encoded: 0, runs: 0, table: () => app().evalTable, threshold: () => selectEvalThreshold(app()) };
if (typeof window !== 'undefined') window.__alignscopeEval = counters;

export async function refreshRuns(): Promise<RunRecord[]> {
  const runs = await listStoredRuns();
  app().setEvalRuns(runs);
  return runs;
}

let active: { runId: string; ctrl: AbortController } | null = null;

// Another tab's changes to the stored runs (a run it encodes, a delete, an import) reach this tab's list and the open
// run's table, at most every 0.5 s.
let followTimer: ReturnType<typeof setTimeout> | null = null;
if (typeof window !== 'undefined')
  onRunsChangedElsewhere(() => {
    followTimer ??= setTimeout(() => {
      followTimer = null;
      void refreshRuns();
      const open = app().evalOpen;
      if (open?.kind === 'run' && active?.runId !== open.id) void openRun(open.id, true);
    }, 500);
  });

export function cancelRun(): void {
  active?.ctrl.abort();
}

export interface ModelContext {
  manifest: Manifest;
  /** Fitted once per model and normal set (normalSetHooks useRunScorer); every run and batch shares it. */
  scorer: ImageScorer;
  batch: number;
}

/** Plans and starts a run from what was dropped on the two sides. */
export async function startRun(
  idFiles: SourceFile[],
  oodFiles: SourceFile[],
  ctx: ModelContext,
  name?: string,
): Promise<void> {
  if (active) return notice('error', 'A run is in progress: cancel it or wait for it to finish.');
  if (!idFiles.length && !oodFiles.length) return notice('error', 'Drop at least one folder or zip first.');
  try {
    const model = { id: ctx.manifest.id, classes: ctx.manifest.classes, scoreNames: ctx.scorer.scoreNames };
    const { run, todo } = await createRunFromDrop(idFiles, oodFiles, model, (text) => notice('info', text), name);
    app().setEvalNotice(null);
    await execute(run.id, todo, ctx);
  } catch (e) {
    notice('error', (e as Error).message);
    await refreshRuns();
  }
}

/** Resumes a paused/failed run with the folders dropped again; finished images are never encoded again. */
export async function resumeRun(runId: string, dropped: SourceFile[], ctx: ModelContext): Promise<void> {
  if (active) return notice('error', 'A run is in progress: cancel it or wait for it to finish.');
  const check = await prepareResume(runId, dropped, ctx.manifest.id);
  if (!check.ok) return notice('error', check.error);
  if (check.note) notice('info', check.note);
  await execute(runId, check.todo, ctx);
}

async function execute(runId: string, todo: RunTodo, ctx: ModelContext): Promise<void> {
  const store = await runStore();
  const ctrl = new AbortController();
  active = { runId, ctrl };
  counters.runs++;
  let lastTableAt = 0;
  let lastReadMs = 0;
  let outcome: (() => void) | undefined;
  let encodedHere = 0;
  const startedAt = performance.now();
  try {
    const out = await runWithModel({
      store,
      runId,
      owner: TAB_OWNER,
      todo,
      batch: ctx.batch,
      onEncoded: (n) => {
        counters.encoded += n;
        encodedHere += n;
      },
      scorer: ctx.scorer,
      batchSize: Math.max(ctx.batch, 8),
      signal: ctrl.signal,
      onProgress: (p) => {
        app().setEvalProgress(p);
        // The runs list and the charts follow the run: at most every 1.5 s, and never more than a tenth of the
        // time on re-reading the stored results (a big run takes longer to read back).
        if (lastTableAt === 0 || performance.now() - lastTableAt > Math.max(1500, 10 * lastReadMs)) {
          lastTableAt = performance.now();
          void refreshRuns();
          if (p.done > 0) {
            const t0 = performance.now();
            void openRun(runId, true).then(() => (lastReadMs = performance.now() - t0));
          }
        }
      },
    });
    if (out.status === 'failed') outcome = () => notice('error', out.error.message);
    if (out.status === 'done') {
      const seconds = (performance.now() - startedAt) / 1000;
      outcome = () =>
        notice(
          'info',
          `Finished: ${plural(encodedHere, 'photo')} encoded in ${elapsed(seconds)}` +
            (encodedHere > 0 ? ` (${(encodedHere / seconds).toFixed(1)} photos/s).` : '.'),
        );
    }
    if (out.status === 'paused')
      outcome = () =>
        notice('info', 'Run cancelled. Finished photos are kept; resume it by dropping the same folders again.');
  } finally {
    active = null;
    app().setEvalProgress(null);
    await refreshRuns();
    await openRun(runId, true);
  }
  outcome?.(); // after the table reopens: opening it clears the notice
}

/** Shows a stored run; `quiet` (the open run grew) keeps the user's score and threshold. */
let openTicket = 0;
export async function openRun(runId: string, quiet = false): Promise<void> {
  const ticket = ++openTicket;
  const stored = await readRunTable(runId);
  // A later open superseded this one: a read started during a run can land after the run's final read, and its
  // smaller table must not replace the finished one.
  if (ticket !== openTicket) return;
  if (!stored) {
    if (app().evalOpen?.id === runId) app().closeEval(); // deleted (in another tab)
    return;
  }
  const s = app();
  if (quiet && s.evalOpen?.id === runId && s.evalTable) {
    s.refreshEvalTable(stored.table); // keeps the user's score/threshold while the run grows
    return;
  }
  s.openEvalTable({ kind: 'run', id: runId, name: stored.run.name }, stored.table);
}

export async function deleteRun(runId: string): Promise<void> {
  if (active?.runId === runId) return notice('error', 'Cancel the run before deleting it.');
  try {
    await deleteStoredRun(runId);
  } catch (e) {
    return notice('error', (e as Error).message);
  }
  if (app().evalOpen?.id === runId) app().closeEval();
  await refreshRuns();
}

/** Opens the bundle's reference evaluation (read and tabled by the model API: useReferenceTable). */
export function openReference(table: EvalTable, manifest: Manifest): void {
  app().openEvalTable({ kind: 'reference', id: manifest.id, name: `Reference evaluation of ${manifest.name}` }, table);
}

/** Exports the open table (a run or the reference) as CSV or JSON; returns the text (tests read it). */
export async function exportOpen(format: 'csv' | 'json', withEmbeddings = false): Promise<string | null> {
  const s = app();
  if (!s.evalTable || !s.evalOpen) return null;
  const file = await exportTable(s.evalOpen, s.evalTable, format, withEmbeddings);
  downloadFile(file.fileName, file.text, file.mime);
  return file.text;
}

/** Imports a JSON or CSV export as a stored run (numbers only: it cannot be resumed) and opens it. */
export async function importFile(file: File, classes?: string[]): Promise<void> {
  if (active) return notice('error', 'A run is in progress: cancel it or wait for it to finish.');
  // Read, parsed, validated and stored in a worker (web/eval/import.worker.ts): the page stays responsive.
  const worker = new Worker(new URL('../eval/import.worker.ts', import.meta.url), { type: 'module' });
  const ctrl = new AbortController();
  ctrl.signal.addEventListener('abort', () => worker.postMessage({ type: 'cancel' } satisfies ImportRequest));
  active = { runId: '', ctrl }; // the progress bar's Cancel stops the import (nothing of it is kept)
  notice('info', `Reading ${file.name}…`);
  try {
    const reply = await new Promise<ImportReply & { type: 'done' | 'error' }>((resolve) => {
      worker.onmessage = (ev: MessageEvent<ImportReply>) => {
        const m = ev.data;
        if (m.type !== 'progress') return resolve(m);
        const { stored, total, rate } = m.progress;
        app().setEvalProgress({
          runId: '',
          done: stored,
          total,
          skipped: 0,
          rate,
          etaSeconds: stored > 0 ? (total - stored) / rate : NaN,
        });
      };
      worker.onerror = (e) => resolve({ type: 'error', message: `${file.name}: ${e.message}`, cancelled: false });
      worker.postMessage({ type: 'import', file, classes } satisfies ImportRequest);
    });
    if (reply.type === 'done') {
      app().setEvalNotice(null);
      await refreshRuns();
      await openRun(reply.runId);
    } else {
      notice(
        reply.cancelled ? 'info' : 'error',
        reply.cancelled ? `Import of ${file.name} cancelled; nothing was kept.` : reply.message,
      );
      await refreshRuns();
    }
  } finally {
    worker.terminate();
    active = null;
    app().setEvalProgress(null);
  }
}
