/**
 * A normal set: the image embeddings of photos that are normal for a site, made with one model (issue 14), as the
 * file the app and the command line exchange. Only embeddings, names, sizes and hashes: never the photos. A seeded
 * part is held back as the calibration split; the rest is the bank the KNN score compares with, so percentiles and
 * thresholds come from photos the bank does not contain. Pure: no IndexedDB, no model.
 */
import { z } from 'zod';
import { packRows, unpackEmbeddings } from '../lib/packedRows';
import { schemaProblems } from '../lib/schemaProblems';
import { cosinesBlock, makeMatrix, rowOf, rowNorms, type EmbeddingMatrix } from './linalg';
import { auroc } from './metrics';
import { seededPermutation } from './scores/rng';
import type { PromptEmbeddings } from './scores/types';

export const NORMAL_SET_FORMAT = 'alignscope-normal-set';
/** Fewer photos than this say too little about "normal" to set a threshold on (the calibration split gets ≥ 2). */
export const MIN_NORMAL_PHOTOS = 10;
/** Share of the photos held back as the calibration split. */
export const CALIBRATION_SHARE = 0.2;

export interface NormalSetFile {
  key: string;
  size: number;
  sha256: string;
}

export interface NormalSet {
  name: string;
  /** the model whose embeddings these are (manifest id) and their dimension: a set never mixes spaces */
  modelId: string;
  dim: number;
  createdAt: number;
  /** one per embedding row, in row order */
  files: NormalSetFile[];
  /** n × dim, L2-normalised */
  embeddings: Float32Array;
  /** rows held back as the calibration split (seeded) */
  calibration: number[];
  /** photos left out because the same bytes came earlier */
  duplicates: { key: string; sameAs: string }[];
  /** a labelled set (class subfolders): the class names, and each row's index into them (-1 = no class) */
  classes?: string[];
  labels?: number[];
  /** KNN's k as chosen when the set was made (chooseK); absent in older files, then chosen on load */
  knn?: { k: number; rule: KChoice['rule'] };
}

/** The seeded calibration split of n photos: ⌈share · n⌉ rows (at least 2), sorted. */
export function calibrationSplit(n: number, seed = 0, share = CALIBRATION_SHARE): number[] {
  const m = Math.min(n - 1, Math.max(2, Math.ceil(share * n)));
  return Array.from(seededPermutation(n, seed).subarray(0, m)).sort((a, b) => a - b);
}

/** KNN's k for a bank of n photos: Sun et al.'s k = α·n with α = 0.1 % (k = 50 for 50,000), at least 1. */
export function defaultK(bankRows: number): number {
  return Math.max(1, Math.round(bankRows / 1000));
}

/** The k that chooseK tries on a labelled set. */
export const K_GRID = [1, 2, 3, 5, 10, 20, 50, 100];

export interface KChoice {
  k: number;
  /** 'held-out classes': chosen on the calibration split; 'share of the bank': defaultK (an unlabelled set) */
  rule: 'held-out classes' | 'share of the bank';
  /** per tried k, the mean AUROC over the held-out classes (fractions) */
  tried?: { k: number; auroc: number }[];
}

const choices = new WeakMap<NormalSet, KChoice>();

/**
 * KNN's k for a normal set, chosen on its calibration split (issue 14). A set has no unknown photos, so for a
 * labelled one each class in turn plays the unknown: its calibration photos against a bank without that class, the
 * other classes' calibration photos as the normal ones. The k with the best mean AUROC wins (ties: the smaller k),
 * among K_GRID up to the smallest class of the bank (a normal photo's k nearest can all be its own class). An
 * unlabelled set, or one with fewer than two classes in its calibration split, keeps defaultK. training/scores.py's
 * choose_k is the twin.
 */
export function chooseK(set: NormalSet): KChoice {
  if (set.knn) return set.knn;
  const known = choices.get(set);
  if (known) return known;
  const { bank, calibration, labels } = splitBank(set);
  const fallback: KChoice = { k: defaultK(bank.rows), rule: 'share of the bank' };
  const calLabels = set.labels ? set.calibration.map((r) => set.labels![r]) : [];
  const classes = [...new Set(calLabels.filter((l) => l >= 0))].sort((a, b) => a - b);
  if (!labels || classes.length < 2) return remember(set, fallback);
  const counts = new Map<number, number>();
  labels.forEach((l) => l >= 0 && counts.set(l, (counts.get(l) ?? 0) + 1));
  const cap = Math.min(...counts.values());
  const grid = K_GRID.filter((k) => k <= Math.max(1, cap));
  const kMax = grid[grid.length - 1];
  // each calibration photo's kMax largest cosines to the bank without class c, for every c, in one pass per photo
  const cos = cosinesBlock(
    Array.from({ length: calibration.rows }, (_, i) => rowOf(calibration, i)),
    bank,
    rowNorms(bank),
  );
  // the bank's rows by class, so each photo's cosines are sorted per class once (native sort), then merged per c
  const bankLabels = Array.from(labels);
  const groups = [...new Set(bankLabels)].sort((a, b) => a - b);
  const rowsOf = groups.map((g) => bankLabels.flatMap((l, i) => (l === g ? [i] : [])));
  const tops = cos.map((row) => {
    const sorted = rowsOf.map((rs) => {
      const v = new Float64Array(rs.length); // (TypedArray.from with a map function is slow in V8)
      for (let j = 0; j < rs.length; j++) v[j] = row[rs[j]];
      return v.sort(); // ascending
    });
    return new Map(
      classes.map((c) => [
        c,
        largestOf(
          sorted.filter((_, g) => groups[g] !== c),
          kMax,
        ),
      ]),
    );
  });
  const sums = new Float64Array(grid.length);
  for (const c of classes) {
    const normal = calLabels.flatMap((l, i) => (l === c ? [] : [i]));
    const unknown = calLabels.flatMap((l, i) => (l === c ? [i] : []));
    grid.forEach((k, g) => {
      sums[g] += auroc(
        normal.map((i) => tops[i].get(c)![k - 1]),
        unknown.map((i) => tops[i].get(c)![k - 1]),
      );
    });
  }
  const tried = grid.map((k, g) => ({ k, auroc: sums[g] / classes.length }));
  const best = tried.reduce((a, b) => (b.auroc > a.auroc + 1e-9 ? b : a));
  return remember(set, { k: best.k, rule: 'held-out classes', tried });
}

function remember(set: NormalSet, c: KChoice): KChoice {
  choices.set(set, c);
  return c;
}

/** The kMax largest values of ascending-sorted arrays, descending: a merge from their ends. */
function largestOf(sorted: Float64Array[], kMax: number): Float64Array {
  const out = new Float64Array(kMax).fill(-Infinity);
  const heads = sorted.map((a) => a.length - 1);
  for (let j = 0; j < kMax; j++) {
    let best = -1;
    for (let g = 0; g < sorted.length; g++)
      if (heads[g] >= 0 && (best < 0 || sorted[g][heads[g]] > sorted[best][heads[best]])) best = g;
    if (best < 0) break;
    out[j] = sorted[best][heads[best]--];
  }
  return out;
}

/** The bank (rows not held back) and the calibration split, as matrices; the bank's labels when the set has them. */
export function splitBank(set: NormalSet): {
  bank: EmbeddingMatrix;
  calibration: EmbeddingMatrix;
  labels?: Int32Array;
} {
  const n = set.files.length;
  const held = new Set(set.calibration);
  const take = (rows: number[]) => {
    const out = new Float32Array(rows.length * set.dim);
    rows.forEach((r, i) => out.set(set.embeddings.subarray(r * set.dim, (r + 1) * set.dim), i * set.dim));
    return makeMatrix(out, rows.length, set.dim);
  };
  const bankRows = Array.from({ length: n }, (_, i) => i).filter((i) => !held.has(i));
  const labels = set.labels ? Int32Array.from(bankRows, (i) => set.labels![i]) : undefined;
  return { bank: take(bankRows), calibration: take(set.calibration), labels };
}

/** The prompts with a normal set's bank, labels and calibration split joined (what the exemplar scores read). */
export function withNormalSet(prompts: PromptEmbeddings, set: NormalSet): PromptEmbeddings {
  const { bank, calibration, labels } = splitBank(set);
  const exemplarK = chooseK(set).k;
  return { ...prompts, exemplars: bank, exemplarLabels: labels, exemplarCalibration: calibration, exemplarK };
}

export function toNormalSetJson(set: NormalSet): string {
  return JSON.stringify({
    format: NORMAL_SET_FORMAT,
    formatVersion: 1,
    name: set.name,
    modelId: set.modelId,
    dim: set.dim,
    createdAt: set.createdAt,
    files: set.files,
    calibration: set.calibration,
    duplicates: set.duplicates,
    ...(set.labels ? { classes: set.classes, labels: set.labels } : {}),
    ...(set.knn ? { knn: { k: set.knn.k, rule: set.knn.rule } } : {}),
    embeddings: packRows(set.embeddings, set.dim),
  });
}

const shape = z.object({
  format: z.literal(NORMAL_SET_FORMAT),
  formatVersion: z.literal(1),
  name: z.string(),
  modelId: z.string().min(1),
  dim: z.number().int().positive(),
  createdAt: z.number(),
  files: z.array(z.object({ key: z.string(), size: z.number().int().nonnegative(), sha256: z.string() })),
  calibration: z.array(z.number().int().nonnegative()),
  duplicates: z.array(z.object({ key: z.string(), sameAs: z.string() })).default([]),
  classes: z.array(z.string()).optional(),
  labels: z.array(z.number().int().min(-1)).optional(),
  knn: z.object({ k: z.number().int().positive(), rule: z.enum(['held-out classes', 'share of the bank']) }).optional(),
  embeddings: z.string().regex(/^\d+:[A-Za-z0-9+/=]*$/, 'dim:base64 of float32 rows'),
});

/** A normal set file back, checked: a foreign, cut or hand-broken file is named with what is wrong. */
export function parseNormalSet(text: string, fileName = 'the file'): NormalSet {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== NORMAL_SET_FORMAT)
    throw new Error(`${fileName} is not an AlignScope normal set (format "${String(format)}")`);
  const r = shape.safeParse(data);
  if (!r.success) throw new Error(`${fileName}: not a complete normal set: ${schemaProblems(r.error)}`);
  const d = r.data;
  const rows = unpackEmbeddings(d.embeddings);
  if (rows.length !== d.files.length || rows.some((x) => x.length !== d.dim))
    throw new Error(
      `${fileName}: ${rows.length} embeddings of dimension ${rows[0]?.length ?? 0} for ${d.files.length} photos of dimension ${d.dim}`,
    );
  if (rows.some((x) => x.some((v) => !Number.isFinite(v))))
    throw new Error(`${fileName}: an embedding holds a number that is not finite`);
  if (d.files.length < MIN_NORMAL_PHOTOS)
    throw new Error(`${fileName}: ${d.files.length} photos; a normal set needs at least ${MIN_NORMAL_PHOTOS}`);
  if (
    d.calibration.some((i) => i >= d.files.length) ||
    d.calibration.length < 2 ||
    d.calibration.length >= d.files.length
  )
    throw new Error(`${fileName}: its calibration split does not fit its ${d.files.length} photos`);
  if (d.labels && (d.labels.length !== d.files.length || d.labels.some((l) => l >= (d.classes?.length ?? 0))))
    throw new Error(
      `${fileName}: its class labels do not fit its ${d.files.length} photos and ${d.classes?.length ?? 0} classes`,
    );
  if (d.knn && d.knn.k > d.files.length - d.calibration.length)
    throw new Error(`${fileName}: its k of ${d.knn.k} is more than the photos of its bank`);
  const embeddings = new Float32Array(rows.length * d.dim);
  rows.forEach((x, i) => embeddings.set(x, i * d.dim));
  return { ...d, embeddings };
}
