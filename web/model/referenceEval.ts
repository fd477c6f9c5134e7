/**
 * `reference_eval.json` (training/export.py: the recipe's scores per set, no images) and the float32 rows of its
 * `reference_embeddings.bin`: the one schema and the one decoder. Check recalibrates from it (web/ood/reference.ts),
 * Evaluate shows it as a table (web/eval/reference.ts), Explore draws it (web/eval/referenceSpace.ts);
 * all three take the parsed `ReferenceEval`, none re-reads the files.
 */
import { z } from 'zod';
import { ModelFileError } from './errors';
import { parseWith } from './manifest';

/** Numbers as JSON carries them: NaN was written as null. */
const numbers = z
  .array(z.number().nullable())
  .transform((a): number[] => (a.includes(null) ? a.map((v) => v ?? NaN) : (a as number[])));
const rowIndex = z.number().int().min(0);

const setSchema = z.object({
  name: z.string(),
  kind: z.enum(['id', 'ood']).optional(),
  /** false: left out of the recipe's mean over OoD sets (a near-OoD set reported apart). */
  in_avg: z.boolean().optional(),
  scores: z.record(z.string(), numbers).optional(),
  labels: numbers.optional(),
  predictions: numbers.optional(),
  /** Older spellings of labels / predictions. */
  y: numbers.optional(),
  pred: numbers.optional(),
  keys: z.array(z.string()).optional(),
  /** Rows [start, end) of reference_embeddings.bin holding this set's subsample … */
  embedding_rows: z.tuple([rowIndex, rowIndex]).optional(),
  /** … which images of the set they are, and their scores. */
  embedding_index: z.array(rowIndex).optional(),
  embedding_scores: z.record(z.string(), z.array(z.number().nullable())).optional(),
});

const textRows = z.array(z.array(z.number()));

export const referenceEvalSchema = z
  .object({
    /** The recipe's model name ("cma", "flyp"): its rows in metrics.json. */
    model: z.string().optional(),
    id_set: z.string().optional(),
    idSet: z.string().optional(),
    classes: z.array(z.string()).optional(),
    score_names: z.array(z.string()).optional(),
    /** A list (export.py) or an object keyed by set name. */
    sets: z.preprocess(
      (s) =>
        s && typeof s === 'object' && !Array.isArray(s)
          ? Object.entries(s).map(([name, v]) => ({ name, ...(v as object) }))
          : s,
      z.array(setSchema).default([]),
    ),
    embeddings: z
      .object({
        file: z.string().min(1),
        dtype: z.literal('float32'),
        byteOrder: z.literal('little').default('little'),
        dim: z.number().int().positive(),
        rows: z.number().int().min(0),
      })
      .optional(),
    class_text_embeds: textRows.optional(),
    neg_text_embeds: textRows.optional(),
    neg_labels: z.array(z.string()).optional(),
  })
  .transform(({ idSet, ...r }) => {
    // One rule for "which set is ID", so every screen agrees: the set's own kind, else the named ID set, else the first.
    const idName = r.id_set ?? idSet ?? r.sets[0]?.name;
    const sets = r.sets.map(({ y, pred, ...s }) => ({
      ...s,
      kind: s.kind ?? (s.name === idName ? 'id' : 'ood'),
      labels: s.labels ?? y,
      predictions: s.predictions ?? pred,
    }));
    return { ...r, id_set: idName, sets };
  });

export type ReferenceEvalJson = z.output<typeof referenceEvalSchema>;

/** The parsed reference evaluation and its decoded embedding rows (null when the file names no binary). */
export interface ReferenceEval {
  data: ReferenceEvalJson;
  /** rows × dim float32, row-major (`data.embeddings` gives rows and dim). */
  embeddings: Float32Array | null;
}

export function parseReferenceEval(json: unknown, file = 'reference_eval.json'): ReferenceEvalJson {
  const data = parseWith(referenceEvalSchema, json, file);
  const rows = data.embeddings?.rows;
  for (const s of data.sets) {
    const r = s.embedding_rows;
    if (r && (r[1] < r[0] || (rows !== undefined && r[1] > rows))) {
      throw new ModelFileError(file, `set "${s.name}" has rows ${r[0]}–${r[1]} outside the ${rows ?? 0} stored rows`);
    }
  }
  return data;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The binary's rows (little-endian float32); the message names the file when its size disagrees with the JSON. */
export function decodeReferenceEmbeddings(
  bin: ArrayBuffer,
  layout: NonNullable<ReferenceEvalJson['embeddings']>,
): Float32Array {
  const { file, rows, dim } = layout;
  if (bin.byteLength !== rows * dim * 4) {
    throw new ModelFileError(
      file,
      `${bin.byteLength} bytes, expected ${rows} rows × ${dim} float32 = ${rows * dim * 4}`,
    );
  }
  if (littleEndianHost) return new Float32Array(bin);
  const out = new Float32Array(rows * dim);
  const view = new DataView(bin);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** The OoD sets whose metrics the recipe averages (`in_avg`); null when the file does not say. */
export function averagedSets(data: ReferenceEvalJson): string[] | null {
  const ood = data.sets.filter((s) => s.kind === 'ood');
  if (!ood.some((s) => typeof s.in_avg === 'boolean')) return null;
  return ood.filter((s) => s.in_avg !== false).map((s) => s.name);
}
