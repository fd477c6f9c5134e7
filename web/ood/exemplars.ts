/**
 * A normal set: the image embeddings of photos that are normal for a site, made with one model (issue 14), as the
 * file the app and the command line exchange. Only embeddings, names, sizes and hashes: never the photos. A seeded
 * part is held back as the calibration split; the rest is the bank the KNN score compares with, so percentiles and
 * thresholds come from photos the bank does not contain. Pure: no IndexedDB, no model.
 */
import { z } from 'zod';
import { packRows, unpackEmbeddings } from '../lib/packedRows';
import { schemaProblems } from '../lib/schemaProblems';
import { makeMatrix, type EmbeddingMatrix } from './linalg';
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
  return { ...prompts, exemplars: bank, exemplarLabels: labels, exemplarCalibration: calibration };
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
  const embeddings = new Float32Array(rows.length * d.dim);
  rows.forEach((x, i) => embeddings.set(x, i * d.dim));
  return { ...d, embeddings };
}
