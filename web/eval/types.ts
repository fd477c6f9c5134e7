// Shared shapes of an evaluation run. Plain data only (structured-cloneable), so they go into IndexedDB as they are.
import type { RunExamples } from './examples';

/** "id" = known normal (in-distribution, the positive class), "ood" = not normal. */
export type SetKind = 'id' | 'ood';

export interface EvalSetSpec {
  name: string;
  kind: SetKind;
  /** false: left out of the mean over OoD sets (kept from imports of the reference evaluation). */
  inAverage?: boolean;
}

/** A file of a run as planned: enough to find the same bytes again after a reload (relative path + size + hash). */
export interface PlannedFile {
  /** Unique in the run: the path as dropped (folder name first), e.g. "id/bird/hen.jpg" or "extra.zip/a/b.png". */
  key: string;
  set: string;
  size: number;
  /** SHA-256 of the bytes, lowercase hex. */
  hash: string;
  /** Index into the run's class list when a folder on the path is named like an ID class, else -1. */
  label: number;
}

export type SkipReason = 'not-image' | 'unreadable' | 'duplicate' | 'empty';

export interface SkippedFile {
  key: string;
  set: string;
  reason: SkipReason;
  /** Human sentence naming the problem, e.g. "same bytes as id/bird/hen.jpg". */
  detail: string;
  /** a duplicate: the key of the earlier file with the same bytes */
  sameAs?: string;
}

export type RunStatus =
  | 'running' // a tab is encoding it now (or crashed while doing so: see `interrupted` in store.ts)
  | 'paused' // cancelled by the user or interrupted by a reload; resumable when the files can be dropped again
  | 'done'
  | 'failed' // stopped on an error (quota, model): `error` says why; what was stored is kept
  | 'importing'; // an import being written; never opened, and removed if its tab went away before it finished

export type RunSource = 'files' | 'import' | 'reference';

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  source: RunSource;
  modelId: string;
  classes: string[];
  /** Names of the scores stored per image (registry names, e.g. "mcm"). */
  scoreNames: string[];
  sets: EvalSetSpec[];
  files: PlannedFile[];
  skipped: SkippedFile[];
  status: RunStatus;
  doneCount: number;
  error?: string;
  /** Session id of the tab running it; a "running" run whose owner is not this tab was interrupted. */
  owner?: string;
  /** A few example photos per score, with small thumbnails, for Present (examples.ts); absent for imported runs. */
  examples?: RunExamples;
}

export interface ImageRecord {
  runId: string;
  key: string;
  set: string;
  label: number;
  predicted: number;
  scores: Record<string, number>;
  /** Image embedding (L2-normalised), absent for imported runs. */
  embedding?: Float32Array;
}

/** Columnar numbers of one set: what metrics, charts and export work from (reference, stored and imported runs alike). */
export interface EvalSetData {
  name: string;
  kind: SetKind;
  keys: string[];
  labels: number[];
  predictions: number[];
  scores: Record<string, number[]>;
  /** false: left out of the mean over OoD sets (the recipe's `in_avg`, e.g. a near-OoD set reported apart). */
  inAverage?: boolean;
}

export interface EvalTable {
  classes: string[];
  scoreNames: string[];
  sets: EvalSetData[];
}
