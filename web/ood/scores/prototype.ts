import type { Vector } from '../linalg';
import { BASE_OPTIONS, fitFromCosines } from './fitted';
import type { Postprocessor, ScoreOptions } from './types';

/**
 * Prototype: the cosine to the nearest class centroid of a labelled normal set (the mean of its L2-normalised rows
 * per class, renormalised). From the exemplar cosines of a unit image x: cos(x, centroid_c) = Σ_{i∈c} cos(x, e_i) /
 * ‖Σ_{i∈c} ê_i‖, so it reuses the cosines KNN already needs. `centroidNorms[c]` is that norm; rows labelled -1 count
 * for no class.
 */
export function prototypeFromCosines(exemplarCos: Vector, labels: Int32Array, centroidNorms: Float64Array): number {
  const sums = new Float64Array(centroidNorms.length);
  for (let i = 0; i < exemplarCos.length; i++) if (labels[i] >= 0) sums[labels[i]] += exemplarCos[i];
  let best = -Infinity;
  for (let c = 0; c < sums.length; c++) if (centroidNorms[c] > 0) best = Math.max(best, sums[c] / centroidNorms[c]);
  return best;
}

/** ‖Σ_{i∈c} ê_i‖ per class c of the rows (n × dim, any norm) labelled `labels`. */
export function centroidNorms(rows: Float32Array, dim: number, labels: Int32Array): Float64Array {
  const classes = labels.reduce((m, l) => Math.max(m, l + 1), 0);
  const sums = Array.from({ length: classes }, () => new Float64Array(dim));
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    let nn = 0;
    for (let d = 0; d < dim; d++) nn += rows[i * dim + d] ** 2;
    const inv = 1 / (Math.sqrt(nn) || 1);
    const sum = sums[labels[i]];
    for (let d = 0; d < dim; d++) sum[d] += rows[i * dim + d] * inv;
  }
  return Float64Array.from(sums, (s) => Math.sqrt(s.reduce((a, v) => a + v * v, 0)));
}

export const prototype: Postprocessor = {
  name: 'prototype',
  label: 'Nearest kind of normal photo (prototype)',
  summary:
    'The cosine to the centre of the nearest class of your labelled normal photos: how close this photo is to a kind of normal.',
  requiresNegatives: false,
  requiresExemplars: true,
  requiresLabels: true,
  usesTemperature: false,
  defaultOptions: () => ({ ...BASE_OPTIONS }),
  setup(prompts, options) {
    const o: ScoreOptions = { ...prototype.defaultOptions(), ...options };
    const labels = prompts.exemplarLabels;
    const bank = prompts.exemplars;
    if (!labels || !bank || labels.length !== bank.rows || !labels.some((l) => l >= 0))
      throw new Error('prototype: this score needs a normal set whose photos are sorted into class folders');
    const norms = centroidNorms(bank.data, bank.dim, labels);
    return fitFromCosines(
      'prototype',
      prompts,
      o,
      false,
      (_c, _n, e) => {
        if (!e) throw new Error("prototype: the normal set's cosines are required");
        return prototypeFromCosines(e, labels, norms);
      },
      true,
    );
  },
};
