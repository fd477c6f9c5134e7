/**
 * The Evaluate session's work on stored runs: plan and store a run from what was dropped, match a resume, read a run
 * back as a table (or as map points), export a table, import an export, delete. No React and no app state:
 * the actions in web/state/evaluateActions.ts call these, encode what is left through the model (runWithModel) and put
 * what comes back into the store.
 */
import type { EmbeddingSource } from './embeddingSpace';
import type { RunExamples } from './examples';
import { sourceFromRun } from './liveSources';
import { matchForResume, planRun, type DroppedGroup } from './plan';
import type { RunOptions } from './runner';
import { fromCsv, fromJson, toCsv, toJson } from './serialise';
import { expandZips, type SourceFile } from './sources';
import { runsOwnedElsewhere, withRunLock } from './runLocks';
import { newRunId, RunStore } from './store';
import { tableFromRecords } from './table';
import type { EvalTable, ImageRecord, RunRecord } from './types';

/** This tab's id: a run marked "running" by another id was interrupted (closed, reloaded, crashed). */
export const TAB_OWNER = `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

let storePromise: Promise<RunStore> | null = null;
/** The tab's one connection to the run store; opening it marks runs other tabs left "running" as interrupted. */
export function runStore(): Promise<RunStore> {
  storePromise ??= RunStore.open().then(async (s) => {
    await s.recoverInterrupted(TAB_OWNER, await runsOwnedElsewhere());
    return s;
  });
  return storePromise;
}

/** Refuses to touch a run that another tab is encoding right now; the sentence says what to do. */
async function ownedElsewhereProblem(run: RunRecord, doing: string): Promise<string | undefined> {
  if (!(await runsOwnedElsewhere()).has(run.id)) return undefined;
  return `"${run.name}" is being encoded in another tab of AlignScope: ${doing} there, or close that tab first.`;
}

/** What a run encodes: planned files, each with the source that holds its bytes. */
export type RunTodo = RunOptions['todo'];

export const listStoredRuns = async (): Promise<RunRecord[]> => (await runStore()).listRuns();

/** The model a new run is made with. */
export interface RunModel {
  id: string;
  classes: string[];
  scoreNames: string[];
}

/**
 * Reads, hashes and plans what was dropped on the two sides and stores the run (paused, nothing done yet);
 * `onStatus` hears how far the reading got.
 */
export async function createRunFromDrop(
  idFiles: SourceFile[],
  oodFiles: SourceFile[],
  model: RunModel,
  onStatus: (text: string) => void,
  name?: string,
): Promise<{ run: RunRecord; todo: RunTodo }> {
  const id = await expandZips(idFiles);
  const ood = await expandZips(oodFiles);
  const groups: DroppedGroup[] = [
    { kind: 'id', files: id.files },
    { kind: 'ood', files: ood.files },
  ];
  onStatus('Reading and hashing the files…');
  const plan = await planRun(groups, model.classes, (done, total) => {
    if (done % 50 === 0 || done === total) onStatus(`Reading and hashing the files: ${done} / ${total}…`);
  });
  const skipped = [
    ...plan.skipped,
    ...[...id.problems, ...ood.problems].map((p) => ({
      key: p.key,
      set: p.key,
      reason: 'unreadable' as const,
      detail: p.detail,
    })),
  ];
  // Nothing to encode is never stored as a run (it was: " · <date>", 0/0 photos): say what was wrong instead.
  if (plan.files.length === 0) {
    const why = skipped.slice(0, 3).map((s) => `${s.key}: ${s.detail}`);
    throw new Error(
      `Nothing to evaluate: no photo in what was dropped${why.length ? ` (${why.join('; ')}${skipped.length > 3 ? '; …' : ''})` : ''}.`,
    );
  }
  const now = Date.now();
  const run: RunRecord = {
    id: newRunId(),
    name: name || `${plan.sets.map((s) => s.name).join(' + ')} · ${new Date(now).toLocaleString()}`,
    createdAt: now,
    updatedAt: now,
    source: 'files',
    modelId: model.id,
    classes: model.classes,
    scoreNames: model.scoreNames,
    sets: plan.sets,
    files: plan.files,
    skipped,
    status: 'paused',
    doneCount: 0,
  };
  await (await runStore()).createRun(run);
  return { run, todo: plan.files.map((file) => ({ file, source: plan.sources.get(file.key)! })) };
}

/** A resume's plan: what is left to encode (and a note on what was not found again), or why it cannot resume. */
export type ResumeCheck = { ok: true; todo: RunTodo; note?: string } | { ok: false; error: string };

/** Matches the folders dropped again with a paused/failed run; finished images are never encoded again. */
export async function prepareResume(runId: string, dropped: SourceFile[], modelId: string): Promise<ResumeCheck> {
  const store = await runStore();
  const run = await store.getRun(runId);
  if (!run) return { ok: false, error: 'That run no longer exists.' };
  const elsewhere = await ownedElsewhereProblem(run, 'follow it');
  if (elsewhere) return { ok: false, error: elsewhere };
  if (run.source !== 'files')
    return {
      ok: false,
      error: `"${run.name}" was imported: its photos cannot be read again, so it cannot be resumed.`,
    };
  if (run.modelId !== modelId)
    return {
      ok: false,
      error: `"${run.name}" was made with model ${run.modelId}; load that model to resume it (now: ${modelId}).`,
    };
  const { files } = await expandZips(dropped);
  const m = await matchForResume(run.files, await store.doneKeys(runId), files);
  const skippedKeys = new Set(run.skipped.map((s) => s.key));
  const missing = m.missing.filter((f) => !skippedKeys.has(f.key));
  if (m.todo.length === 0 && missing.length > 0)
    return {
      ok: false,
      error: `None of the ${missing.length} unfinished photos were found in what you dropped (matched by path, size and SHA-256). Drop the same folders as before.`,
    };
  const note = missing.length
    ? `${missing.length} unfinished photos were not found again (e.g. ${missing[0].key}); the rest resumes.`
    : undefined;
  return { ok: true, todo: m.todo, note };
}

/** A stored run and its numbers as a table; null when it no longer exists. */
export async function readRunTable(runId: string): Promise<{ run: RunRecord; table: EvalTable } | null> {
  const store = await runStore();
  const run = await store.getRun(runId);
  if (!run) return null;
  return { run, table: tableFromRecords(run, await store.getImages(runId)) };
}

/** Deletes a stored run; throws a sentence when another tab is encoding it. */
export async function deleteStoredRun(runId: string): Promise<void> {
  const store = await runStore();
  const run = await store.getRun(runId);
  const elsewhere = run && (await ownedElsewhereProblem(run, 'cancel it'));
  if (elsewhere) throw new Error(elsewhere);
  await store.deleteRun(runId);
}

/** A stored run for the map (Explore, Present): its embeddings as a source, table, name and example photos; over a connection of its own. */
export async function readRunForMap(
  runId: string,
): Promise<{ source: EmbeddingSource; table: EvalTable; name: string; examples?: RunExamples }> {
  const store = await RunStore.open();
  try {
    const [rec, images] = await Promise.all([store.getRun(runId), store.getImages(runId)]);
    if (!rec) throw new Error(`Run ${runId} is no longer stored.`);
    return {
      source: sourceFromRun(rec, images),
      table: tableFromRecords(rec, images),
      name: rec.name,
      examples: rec.examples,
    };
  } finally {
    store.close();
  }
}

const safeName = (s: string) => s.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'run';

/** Which table is shown: a stored run (by id) or a bundle's reference evaluation (by bundle id). */
export interface TableOrigin {
  kind: 'reference' | 'run';
  id: string;
  name: string;
}

/** A table as a CSV or JSON export file (a stored run's name, date, model and skipped files; optionally its embeddings). */
export async function exportTable(
  origin: TableOrigin,
  table: EvalTable,
  format: 'csv' | 'json',
  withEmbeddings = false,
): Promise<{ fileName: string; text: string; mime: string }> {
  let meta = {
    name: origin.name,
    createdAt: Date.now(),
    modelId: origin.kind === 'reference' ? origin.id : '',
    skipped: [] as RunRecord['skipped'],
  };
  let embeddings: Map<string, Float32Array> | undefined;
  if (origin.kind === 'run') {
    const store = await runStore();
    const run = await store.getRun(origin.id);
    if (run) meta = { name: run.name, createdAt: run.createdAt, modelId: run.modelId, skipped: run.skipped };
    if (withEmbeddings) {
      const images = await store.getImages(origin.id);
      embeddings = new Map(images.filter((i) => i.embedding).map((i) => [i.key, i.embedding!]));
    }
  }
  const text = format === 'csv' ? toCsv(table) : toJson(table, meta, embeddings);
  return {
    fileName: `${safeName(meta.name)}.${format}`,
    text,
    mime: format === 'csv' ? 'text/csv' : 'application/json',
  };
}

/** How far an import got: rows stored of the total, and rows per second. */
export interface ImportProgress {
  stored: number;
  total: number;
  rate: number;
}

/**
 * Stores a JSON or CSV export as a run (numbers only: it cannot be resumed), all or nothing, holding the run's lock
 * so that no other tab removes it while it is written; throws a sentence naming the problem (or an AbortError when
 * `signal` cancels it, in which case nothing is kept).
 */
export async function importExport(
  file: File,
  classes?: string[],
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
  store?: RunStore,
): Promise<RunRecord> {
  const text = await file.text();
  const imported =
    /\.csv$/i.test(file.name) || !text.trimStart().startsWith('{')
      ? fromCsv(text, file.name, classes)
      : fromJson(text, file.name);
  const { table } = imported;
  store ??= await runStore();
  const now = Date.now();
  const run: RunRecord = {
    id: newRunId(),
    name: `${imported.name} (imported)`,
    createdAt: now,
    updatedAt: now,
    source: 'import',
    modelId: imported.modelId,
    classes: table.classes,
    scoreNames: table.scoreNames,
    sets: table.sets.map((s) => ({
      name: s.name,
      kind: s.kind,
      ...(s.inAverage === false ? { inAverage: false } : {}),
    })),
    files: table.sets.flatMap((s) =>
      s.keys.map((key, i) => ({ key, set: s.name, size: 0, hash: '', label: s.labels[i] })),
    ),
    skipped: imported.skipped,
    status: 'paused',
    owner: TAB_OWNER,
    doneCount: 0,
  };
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
  const t0 = performance.now();
  const progress = (stored: number) =>
    onProgress?.({ stored, total: records.length, rate: stored / Math.max(1e-3, (performance.now() - t0) / 1000) });
  progress(0);
  const locked = await withRunLock(run.id, () => store.storeImport(run, records, progress, signal));
  if (!locked.ok) throw new Error(`${file.name}: could not take the new run's lock`); // a fresh id: never held
  return locked.value;
}
