/**
 * The points an embedding view shows, from wherever they come (a batch run, the bundle's reference
 * evaluation, single photos checked, prompt embeddings), checked to live in one and the same space.
 */

/** 'normal-photo': a row of the normal set in force (issue 14), drawn only when asked for. */
export type PointKind = 'id-image' | 'ood-image' | 'photo' | 'class-text' | 'neg-text' | 'normal-photo';

export interface EmbeddingPoint {
  kind: PointKind;
  /** File name for images, prompt text for prompts. */
  name: string;
  /** Which set it belongs to: "CIFAR-10 test", an OoD set name, "checked photos", "class prompts". */
  set: string;
  /** Class index for ID images and class prompts, −1 otherwise. */
  classIndex: number;
  /** Score name → value (higher = more in-distribution). */
  scores?: Record<string, number>;
  /** Object or data URL of a small preview, only for photos the user dropped. */
  thumbnail?: string;
}

/** One contribution: all rows share a model and a dimension. */
export interface EmbeddingSource {
  /** What it is, for messages: "reference evaluation of cifar10-cma-tiny", "run 3", "checked photos". */
  origin: string;
  modelId: string;
  dim: number;
  /** n × dim row-major, L2-normalised. */
  vectors: Float32Array;
  points: EmbeddingPoint[];
}

export interface EmbeddingSpace {
  modelId: string;
  dim: number;
  vectors: Float32Array;
  points: EmbeddingPoint[];
  classes: string[];
  /** Distinct OoD set names, in first-seen order. */
  oodSets: string[];
  /** What the data cannot show (e.g. no OoD images): shown to the user as is. */
  missing: string[];
}

export class MixedSpacesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MixedSpacesError';
  }
}

/**
 * Concatenate sources into one space. Refuses (throws MixedSpacesError) when model ids or dimensions
 * differ: positions from two embedding spaces on one map would look meaningful and mean nothing.
 */
export function combineSources(sources: EmbeddingSource[], classes: string[]): EmbeddingSpace {
  const used = sources.filter((s) => s.points.length > 0);
  if (used.length === 0) {
    return {
      modelId: '',
      dim: 0,
      vectors: new Float32Array(0),
      points: [],
      classes,
      oodSets: [],
      missing: ['No embeddings yet: run an evaluation or load a model with a reference evaluation.'],
    };
  }
  const first = used[0];
  for (const s of used) checkCompatible(first, s);
  const n = used.reduce((a, s) => a + s.points.length, 0);
  const vectors = new Float32Array(n * first.dim);
  const points: EmbeddingPoint[] = [];
  let offset = 0;
  for (const s of used) {
    vectors.set(s.vectors, offset * first.dim);
    for (const p of s.points) points.push(p); // no spread: a big run's points would overflow the stack
    offset += s.points.length;
  }
  const oodSets = [...new Set(points.filter((p) => p.kind === 'ood-image').map((p) => p.set))];
  return {
    modelId: first.modelId,
    dim: first.dim,
    vectors,
    points,
    classes,
    oodSets,
    missing: describeMissing(points),
  };
}

/** Throws MixedSpacesError when `s` cannot share a view with `first` (or is malformed); cheap, copies nothing. */
export function checkCompatible(first: EmbeddingSource, s: EmbeddingSource): void {
  if (s.vectors.length !== s.points.length * s.dim) {
    throw new MixedSpacesError(
      `${s.origin}: ${s.points.length} points but ${s.vectors.length} numbers (expected ${s.points.length} × ${s.dim}).`,
    );
  }
  if (s.points.length === 0 || first === s) return;
  if (s.dim !== first.dim) {
    throw new MixedSpacesError(
      `Cannot draw these together: ${first.origin} has ${first.dim}-dimensional embeddings, ${s.origin} has ${s.dim}. They come from different models.`,
    );
  }
  if (s.modelId !== first.modelId) {
    throw new MixedSpacesError(
      `Cannot draw these together: ${first.origin} was embedded by "${first.modelId}", ${s.origin} by "${s.modelId}". Switch model or re-run the evaluation.`,
    );
  }
}

export function describeMissing(points: EmbeddingPoint[]): string[] {
  const has = (k: PointKind) => points.some((p) => p.kind === k);
  const missing: string[] = [];
  if (!has('id-image')) missing.push('No in-distribution images: the ID cloud and the separation cannot be shown.');
  if (!has('ood-image'))
    missing.push(
      'No OoD images in this run: the map shows the ID classes only; add an OoD folder to see the separation.',
    );
  if (!has('class-text'))
    missing.push('No class prompt embeddings: the modality gap and alignment cannot be computed.');
  return missing;
}

/** Rows of `space` whose kind is in `kinds`, as a compact matrix plus their original indices. */
export function selectRows(space: EmbeddingSpace, kinds: PointKind[]): { vectors: Float32Array; indices: number[] } {
  const indices: number[] = [];
  space.points.forEach((p, i) => {
    if (kinds.includes(p.kind)) indices.push(i);
  });
  const vectors = new Float32Array(indices.length * space.dim);
  indices.forEach((src, r) =>
    vectors.set(space.vectors.subarray(src * space.dim, (src + 1) * space.dim), r * space.dim),
  );
  return { vectors, indices };
}
