import type { Vector } from '../linalg';
import { BASE_OPTIONS, fitFromCosines } from './fitted';
import type { Postprocessor, ScoreOptions } from './types';

/**
 * KNN (Sun et al., ICML 2022; OpenOOD's KNN postprocessor): the cosine of the image to its k-th nearest photo of a
 * normal set, on L2-normalised features. Higher = more like the normal photos. k is clamped to the set's size.
 */
export function knnFromCosines(exemplarCos: Vector, k: number): number {
  const n = exemplarCos.length;
  if (n === 0) throw new Error('knn: the normal set is empty');
  const kk = Math.min(n, Math.max(1, Math.floor(k)));
  // the kk largest, kept sorted descending in a small buffer: O(n·k), no copy of the n cosines
  const top = new Float64Array(kk).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const c = exemplarCos[i];
    if (c <= top[kk - 1]) continue;
    let j = kk - 1;
    while (j > 0 && top[j - 1] < c) {
      top[j] = top[j - 1];
      j--;
    }
    top[j] = c;
  }
  return top[kk - 1];
}

export const knn: Postprocessor = {
  name: 'knn',
  label: 'Nearest normal photos (KNN)',
  summary: 'The cosine to the k-th most similar photo of your normal set: how close this photo is to what is normal.',
  requiresNegatives: false,
  requiresExemplars: true,
  usesTemperature: false,
  defaultOptions: (d) => ({ ...BASE_OPTIONS, k: d?.knnK ?? 1 }),
  setup(prompts, options) {
    const o: ScoreOptions = { ...knn.defaultOptions(), ...options };
    if (!(o.k >= 1) || !Number.isInteger(o.k))
      throw new Error(`knn: k must be a whole number of at least 1, got ${o.k}`);
    return fitFromCosines(
      'knn',
      prompts,
      o,
      false,
      (_c, _n, e) => {
        if (!e) throw new Error("knn: the normal set's cosines are required");
        return knnFromCosines(e, o.k);
      },
      true,
    );
  },
};
