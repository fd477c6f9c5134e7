import { logSumExp, type Vector } from '../linalg';
import { BASE_OPTIONS, checkTemperature, fitFromCosines } from './fitted';
import { seededPermutation } from './rng';
import type { Postprocessor, ScoreOptions } from './types';

/**
 * NegLabel (Jiang et al., ICLR 2024) for one group of negatives:
 * Σ_y e^{c_y/τ} / (Σ_y e^{c_y/τ} + Σ_j e^{c̃_j/τ}), computed as exp(lse(c/τ) − lse([c, c̃]/τ)) so τ = 0.01 cannot overflow.
 */
export function neglabelFromCosines(classCos: Vector, negCos: Vector, tau = 0.01): number {
  checkTemperature('neglabel', tau);
  const pos = Array.from(classCos, (c) => c / tau);
  const all = pos.concat(Array.from(negCos, (c) => c / tau));
  return Math.exp(logSumExp(pos) - logSumExp(all));
}

/**
 * The grouping of the original NegLabel code: drop the last M mod g negatives, shuffle the rest with a seeded
 * permutation, cut them into g equal consecutive groups. Returns, per group, the indices into the negatives.
 * g is clamped to 1..M.
 */
export function neglabelGroups(negCount: number, groups: number, seed: number): Uint32Array[] {
  const g = Math.max(1, Math.min(Math.floor(groups), negCount));
  if (g === 1) return [Uint32Array.from({ length: negCount }, (_, i) => i)];
  const kept = negCount - (negCount % g);
  const perm = seededPermutation(kept, seed);
  const size = kept / g;
  return Array.from({ length: g }, (_, i) => perm.slice(i * size, (i + 1) * size));
}

/** NegLabel averaged over the given groups of negatives (one group of all negatives = the plain score). */
export function neglabelGrouped(classCos: Vector, negCos: Vector, tau: number, groups: readonly Uint32Array[]): number {
  let sum = 0;
  for (const idx of groups) {
    sum += neglabelFromCosines(
      classCos,
      Array.from(idx, (j) => negCos[j]),
      tau,
    );
  }
  return sum / groups.length;
}

export const neglabel: Postprocessor = {
  name: 'neglabel',
  label: 'NegLabel',
  summary:
    'Share of the ID class prompts in a softmax (temperature τ) over class prompts plus mined negative labels; averaged over random groups of negatives.',
  requiresNegatives: true,
  requiresExemplars: false,
  usesTemperature: true,
  defaultOptions: (d) => ({
    ...BASE_OPTIONS,
    temperature: d?.neglabelTemperature ?? 0.01,
    groups: d?.neglabelGroups ?? 1,
    seed: d?.neglabelSeed ?? 0,
  }),
  setup(prompts, options) {
    const o: ScoreOptions = { ...neglabel.defaultOptions(), ...options };
    checkTemperature('neglabel', o.temperature);
    const m = prompts.negatives?.rows ?? 0;
    const groups = neglabelGroups(m, o.groups, o.seed);
    return fitFromCosines('neglabel', prompts, o, true, (c, n) => {
      if (!n) throw new Error('neglabel: negative-label cosines are required');
      return neglabelGrouped(c, n, o.temperature, groups);
    });
  },
};
