/**
 * The reference embeddings of a bundle (training/export.py): `reference_eval.json` says which rows of
 * `reference_embeddings.bin` (float32, little-endian, rows × dim, L2-normalised) belong to which set. Used to
 * recalibrate a score for non-default options or an edited class list.
 */
import { z } from 'zod';
import { makeMatrix, type EmbeddingMatrix } from './linalg';

export const referenceLayoutSchema = z.object({
  id_set: z.string().optional(),
  sets: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['id', 'ood']).optional(),
      embedding_rows: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
    }),
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
});
export type ReferenceLayout = z.infer<typeof referenceLayoutSchema>;

export interface ReferenceEmbeddings {
  id: EmbeddingMatrix;
  ood: Record<string, EmbeddingMatrix>;
}

/** Splits the binary into the ID set and the OoD sets; throws a message naming the file when they disagree. */
export function referenceEmbeddings(layout: ReferenceLayout, bin: ArrayBuffer): ReferenceEmbeddings {
  const e = layout.embeddings;
  if (!e) throw new Error('reference_eval.json: no "embeddings" entry');
  if (bin.byteLength !== e.rows * e.dim * 4) {
    throw new Error(`${e.file}: ${bin.byteLength} bytes, expected ${e.rows} × ${e.dim} float32 = ${e.rows * e.dim * 4}`);
  }
  const all = new Float32Array(bin.byteLength / 4);
  const view = new DataView(bin);
  for (let i = 0; i < all.length; i++) all[i] = view.getFloat32(i * 4, true);
  const idName = layout.id_set ?? layout.sets.find((s) => s.kind === 'id')?.name ?? layout.sets[0]?.name;
  let id: EmbeddingMatrix | undefined;
  const ood: Record<string, EmbeddingMatrix> = {};
  for (const s of layout.sets) {
    if (!s.embedding_rows) continue;
    const [a, b] = s.embedding_rows;
    if (b < a || b > e.rows) throw new Error(`reference_eval.json: set "${s.name}" rows ${a}–${b} outside 0–${e.rows}`);
    const m = makeMatrix(all.subarray(a * e.dim, b * e.dim), b - a, e.dim);
    if (s.name === idName || s.kind === 'id') id = m;
    else ood[s.name] = m;
  }
  if (!id || id.rows === 0) throw new Error('reference_eval.json: no ID embedding rows');
  return { id, ood };
}
