/**
 * The reference embeddings of a bundle, split by set: used to recalibrate a score for non-default options or an
 * edited class list. The files are read and checked once in web/model/referenceEval.ts; this only slices rows.
 */
import type { ReferenceEval } from '../model/referenceEval';
import { makeMatrix, type EmbeddingMatrix } from './linalg';

export interface ReferenceEmbeddings {
  id: EmbeddingMatrix;
  ood: Record<string, EmbeddingMatrix>;
}

/** The ID set's rows and each OoD set's rows (views, no copy); null when the bundle ships no embeddings. */
export function referenceEmbeddings(ref: ReferenceEval): ReferenceEmbeddings | null {
  const layout = ref.data.embeddings;
  if (!layout || !ref.embeddings) return null;
  let id: EmbeddingMatrix | undefined;
  const ood: Record<string, EmbeddingMatrix> = {};
  for (const s of ref.data.sets) {
    if (!s.embedding_rows) continue;
    const [a, b] = s.embedding_rows;
    const m = makeMatrix(ref.embeddings.subarray(a * layout.dim, b * layout.dim), b - a, layout.dim);
    if (s.kind === 'id') id = m;
    else ood[s.name] = m;
  }
  if (!id || id.rows === 0) throw new Error('reference_eval.json: no ID embedding rows');
  return { id, ood };
}
