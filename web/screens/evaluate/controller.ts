// Glue between the Evaluate screen, the run store (IndexedDB), the inference client and the app store.
// No React: the screen calls these; state the screen shows goes through evaluateSlice (and the shared decisionSlice).
import { expandZips, type SourceFile } from '../../eval/sources';
import { matchForResume, planRun, type DroppedGroup } from '../../eval/plan';
import { newRunId, RunStore } from '../../eval/store';
import { tableFromRecords } from '../../eval/table';
import { fromCsv, fromJson, toCsv, toJson } from '../../eval/serialise';
import type { EvalTable, ImageRecord, RunRecord } from '../../eval/types';
import { downloadFile } from '../../lib/download';
import { selectEvalThreshold } from '../../state/evaluateSlice';
import { runWithModel, type ImageScorer, type Manifest, type RunOptions } from '../../state/modelHooks';
import { useAppStore } from '../../state/store';

/** This tab's id: a run marked "running" by another id was interrupted (closed, reloaded, crashed). */
export const TAB_OWNER = `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

let storePromise: Promise<RunStore> | null = null;
export function runStore(): Promise<RunStore> {
  storePromise ??= RunStore.open().then(async (s) => {
    await s.recoverInterrupted(TAB_OWNER);
    return s;
  });
  return storePromise;
}

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
  const runs = await (await runStore()).listRuns();
  app().setEvalRuns(runs);
  return runs;
}

let active: { runId: string; ctrl: AbortController } | null = null;

export function cancelRun(): void {
  active?.ctrl.abort();
}

export interface ModelContext {
  manifest: Manifest;
  /** Fitted once per model (useImageScorer); every run and batch shares it. */
  scorer: ImageScorer;
  batch: number;
}

/** Plans and starts a run from what was dropped on the two sides. */
export async function startRun(idFiles: SourceFile[], oodFiles: SourceFile[], ctx: ModelContext, name?: string): Promise<void> {
  if (active) return notice('error', 'A run is in progress: cancel it or wait for it to finish.');
  if (!idFiles.length && !oodFiles.length) return notice('error', 'Drop at least one folder or zip first.');
  try {
    const id = await expandZips(idFiles);
    const ood = await expandZips(oodFiles);
    const groups: DroppedGroup[] = [
      { kind: 'id', files: id.files },
      { kind: 'ood', files: ood.files },
    ];
    app().setEvalNotice({ tone: 'info', text: 'Reading and hashing the files…' });
    const plan = await planRun(groups, ctx.manifest.classes, (done, total) => {
      if (done % 50 === 0 || done === total) app().setEvalNotice({ tone: 'info', text: `Reading and hashing the files: ${done} / ${total}…` });
    });
    const skipped = [...plan.skipped, ...[...id.problems, ...ood.problems].map((p) => ({ key: p.key, set: p.key, reason: 'unreadable' as const, detail: p.detail }))];
    const now = Date.now();
    const run: RunRecord = {
      id: newRunId(),
      name: name || `${plan.sets.map((s) => s.name).join(' + ')} · ${new Date(now).toLocaleString()}`,
      createdAt: now,
      updatedAt: now,
      source: 'files',
      modelId: ctx.manifest.id,
      classes: ctx.manifest.classes,
      scoreNames: ctx.scorer.scoreNames,
      sets: plan.sets,
      files: plan.files,
      skipped,
      status: 'paused',
      doneCount: 0,
    };
    const store = await runStore();
    await store.createRun(run);
    app().setEvalNotice(null);
    await execute(run.id, plan.files.map((file) => ({ file, source: plan.sources.get(file.key)! })), ctx);
  } catch (e) {
    notice('error', (e as Error).message);
    await refreshRuns();
  }
}

/** Resumes a paused/failed run with the folders dropped again; finished images are never encoded again. */
export async function resumeRun(runId: string, dropped: SourceFile[], ctx: ModelContext): Promise<void> {
  if (active) return notice('error', 'A run is in progress: cancel it or wait for it to finish.');
  const store = await runStore();
  const run = await store.getRun(runId);
  if (!run) return notice('error', 'That run no longer exists.');
  if (run.source !== 'files') return notice('error', `"${run.name}" was imported: its photos cannot be read again, so it cannot be resumed.`);
  if (run.modelId !== ctx.manifest.id)
    return notice('error', `"${run.name}" was made with model ${run.modelId}; load that model to resume it (now: ${ctx.manifest.id}).`);
  const { files } = await expandZips(dropped);
  const m = await matchForResume(run.files, await store.doneKeys(runId), files);
  const skippedKeys = new Set(run.skipped.map((s) => s.key));
  const missing = m.missing.filter((f) => !skippedKeys.has(f.key));
  if (m.todo.length === 0 && missing.length > 0)
    return notice('error', `None of the ${missing.length} unfinished photos were found in what you dropped (matched by path, size and SHA-256). Drop the same folders as before.`);
  if (missing.length) notice('info', `${missing.length} unfinished photos were not found again (e.g. ${missing[0].key}); the rest resumes.`);
  await execute(runId, m.todo, ctx);
}

async function execute(runId: string, todo: RunOptions['todo'], ctx: ModelContext): Promise<void> {
  const store = await runStore();
  const ctrl = new AbortController();
  active = { runId, ctrl };
  counters.runs++;
  let lastTableAt = 0;
  let lastReadMs = 0;
  let outcome: (() => void) | undefined;
  try {
    const out = await runWithModel({
      store,
      runId,
      owner: TAB_OWNER,
      todo,
      batch: ctx.batch,
      onEncoded: (n) => (counters.encoded += n),
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
    if (out.status === 'paused') outcome = () => notice('info', 'Run cancelled. Finished photos are kept; resume it by dropping the same folders again.');
  } finally {
    active = null;
    app().setEvalProgress(null);
    await refreshRuns();
    await openRun(runId, true);
  }
  outcome?.(); // after the table reopens: opening it clears the notice
}

export async function openRun(runId: string, quiet = false): Promise<void> {
  const store = await runStore();
  const run = await store.getRun(runId);
  if (!run) return;
  const table = tableFromRecords(run, await store.getImages(runId));
  const s = app();
  if (quiet && s.evalOpen?.id === runId && s.evalTable) {
    s.refreshEvalTable(table); // keeps the user's score/threshold while the run grows
    return;
  }
  s.openEvalTable({ kind: 'run', id: runId, name: run.name }, table);
}

export async function deleteRun(runId: string): Promise<void> {
  if (active?.runId === runId) return notice('error', 'Cancel the run before deleting it.');
  await (await runStore()).deleteRun(runId);
  if (app().evalOpen?.id === runId) app().closeEval();
  await refreshRuns();
}

/** Opens the bundle's reference evaluation (read and tabled by the model API: useReferenceTable). */
export function openReference(table: EvalTable, manifest: Manifest): void {
  app().openEvalTable({ kind: 'reference', id: manifest.id, name: `Reference evaluation of ${manifest.name}` }, table);
}

const safeName = (s: string) => s.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'run';

/** Exports the open table (a run or the reference) as CSV or JSON; returns the text (tests read it). */
export async function exportOpen(format: 'csv' | 'json', withEmbeddings = false): Promise<string | null> {
  const s = app();
  if (!s.evalTable || !s.evalOpen) return null;
  let meta = { name: s.evalOpen.name, createdAt: Date.now(), modelId: s.evalOpen.kind === 'reference' ? s.evalOpen.id : '', skipped: [] as RunRecord['skipped'] };
  let embeddings: Map<string, Float32Array> | undefined;
  if (s.evalOpen.kind === 'run') {
    const store = await runStore();
    const run = await store.getRun(s.evalOpen.id);
    if (run) meta = { name: run.name, createdAt: run.createdAt, modelId: run.modelId, skipped: run.skipped };
    if (withEmbeddings) {
      const images = await store.getImages(s.evalOpen.id);
      embeddings = new Map(images.filter((i) => i.embedding).map((i) => [i.key, i.embedding!]));
    }
  }
  const text = format === 'csv' ? toCsv(s.evalTable) : toJson(s.evalTable, meta, embeddings);
  downloadFile(`${safeName(meta.name)}.${format}`, text, format === 'csv' ? 'text/csv' : 'application/json');
  return text;
}

/** Imports a JSON or CSV export as a stored run (numbers only: it cannot be resumed) and opens it. */
export async function importFile(file: File, classes?: string[]): Promise<void> {
  try {
    const text = await file.text();
    const imported = /\.csv$/i.test(file.name) || !text.trimStart().startsWith('{') ? fromCsv(text, file.name, classes) : fromJson(text, file.name);
    const run = await storeTable(imported.table, { name: `${imported.name} (imported)`, modelId: imported.modelId, skipped: imported.skipped });
    await refreshRuns();
    await openRun(run.id);
  } catch (e) {
    notice('error', (e as Error).message);
  }
}

async function storeTable(table: EvalTable, meta: { name: string; modelId: string; skipped: RunRecord['skipped'] }): Promise<RunRecord> {
  const store = await runStore();
  const now = Date.now();
  const files = table.sets.flatMap((s) => s.keys.map((key, i) => ({ key, set: s.name, size: 0, hash: '', label: s.labels[i] })));
  const run: RunRecord = {
    id: newRunId(),
    name: meta.name,
    createdAt: now,
    updatedAt: now,
    source: 'import',
    modelId: meta.modelId,
    classes: table.classes,
    scoreNames: table.scoreNames,
    sets: table.sets.map((s) => ({ name: s.name, kind: s.kind, ...(s.inAverage === false ? { inAverage: false } : {}) })),
    files,
    skipped: meta.skipped,
    status: 'paused',
    doneCount: 0,
  };
  await store.createRun(run);
  const records: ImageRecord[] = table.sets.flatMap((s) =>
    s.keys.map((key, i) => ({
      runId: run.id,
      key,
      set: s.name,
      label: s.labels[i],
      predicted: s.predictions[i],
      scores: Object.fromEntries(table.scoreNames.map((n) => [n, s.scores[n][i]])),
    })),
  );
  try {
    for (let i = 0; i < records.length; i += 500) await store.appendBatch(run.id, records.slice(i, i + 500));
  } catch (e) {
    await store.deleteRun(run.id).catch(() => undefined); // a half import is worse than none
    throw e;
  }
  return store.updateRun(run.id, { status: 'done' });
}
