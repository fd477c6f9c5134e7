/** Embedding sources from what the person did: a stored evaluation run (IndexedDB), single photos checked, a normal set. */
import type { ImageRecord, RunRecord } from './types';
import type { EmbeddingPoint, EmbeddingSource } from './embeddingSpace';
import type { NormalSet } from '../ood/exemplars';
import { seededPermutation } from '../ood/scores/rng';

/** Images of a run that kept their embedding (imported runs have none: then the source is empty). */
export function sourceFromRun(
  run: Pick<RunRecord, 'id' | 'name' | 'modelId' | 'sets'>,
  images: ImageRecord[],
): EmbeddingSource {
  const withEmb = images.filter((im) => im.embedding && im.embedding.length > 0);
  const dim = withEmb[0]?.embedding?.length ?? 0;
  const kinds = new Map(run.sets.map((s) => [s.name, s.kind]));
  const vectors = new Float32Array(withEmb.length * dim);
  const points: EmbeddingPoint[] = [];
  withEmb.forEach((im, i) => {
    if (im.embedding!.length !== dim)
      throw new Error(
        `Run "${run.name}": ${im.key} has a ${im.embedding!.length}-dimensional embedding, the others ${dim}.`,
      );
    vectors.set(im.embedding!, i * dim);
    const isId = kinds.get(im.set) !== 'ood';
    points.push({
      kind: isId ? 'id-image' : 'ood-image',
      name: im.key,
      set: im.set,
      classIndex: isId ? im.label : -1,
      scores: im.scores,
    });
  });
  return { origin: `run "${run.name}"`, modelId: run.modelId, dim, vectors, points };
}

/** What the Check screen keeps per photo; `embedding` is optional (older entries have none). */
export interface CheckedPhoto {
  fileName: string;
  thumb: string;
  modelId: string;
  scoreName: string;
  score: number;
  embedding?: number[];
}

/**
 * Checked photos of `modelId` that carry an embedding, as a source; the others are counted so the screen can say
 * why they are not drawn (another model's photos would land at meaningless places).
 */
export function sourceFromChecked(
  entries: CheckedPhoto[],
  modelId: string,
  dim: number,
): { source: EmbeddingSource; otherModel: number; noEmbedding: number } {
  let otherModel = 0,
    noEmbedding = 0;
  const usable = entries.filter((e) => {
    if (e.modelId !== modelId || (e.embedding && e.embedding.length !== dim)) {
      otherModel++;
      return false;
    }
    if (!e.embedding) {
      noEmbedding++;
      return false;
    }
    return true;
  });
  const vectors = new Float32Array(usable.length * dim);
  usable.forEach((e, i) => vectors.set(e.embedding!, i * dim));
  return {
    source: {
      origin: 'checked photos',
      modelId,
      dim,
      vectors,
      points: usable.map((e) => ({
        kind: 'photo' as const,
        name: e.fileName,
        set: 'checked photos',
        classIndex: -1,
        scores: { [e.scoreName]: e.score },
        thumbnail: e.thumb || undefined,
      })),
    },
    otherModel,
    noEmbedding,
  };
}

/** At most this many of a normal set's photos on a map: enough to see where "normal" lies, few enough to stay light. */
export const NORMAL_SET_MAP_ROWS = 1000;

/** The normal set in force as a map source (a seeded sample of at most NORMAL_SET_MAP_ROWS rows), its photos' keys as names. */
export function sourceFromNormalSet(set: NormalSet, max = NORMAL_SET_MAP_ROWS): EmbeddingSource {
  const n = set.files.length;
  const rows =
    n <= max
      ? Array.from({ length: n }, (_, i) => i)
      : Array.from(seededPermutation(n, 0).subarray(0, max)).sort((a, b) => a - b);
  const vectors = new Float32Array(rows.length * set.dim);
  rows.forEach((r, i) => vectors.set(set.embeddings.subarray(r * set.dim, (r + 1) * set.dim), i * set.dim));
  const label = `normal set “${set.name}”`;
  return {
    origin: label,
    modelId: set.modelId,
    dim: set.dim,
    vectors,
    points: rows.map((r) => ({ kind: 'normal-photo' as const, name: set.files[r].key, set: label, classIndex: -1 })),
  };
}
