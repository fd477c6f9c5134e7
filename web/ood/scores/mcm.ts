import { logSumExp, type Vector } from '../linalg';
import { BASE_OPTIONS, checkTemperature, fitFromCosines } from './fitted';
import type { Postprocessor, ScoreOptions } from './types';

/** MCM (Ming et al. 2022): max_y softmax(c / T)_y on raw cosines; T = 1 in the reference code. */
export function mcmFromCosines(classCos: Vector, temperature = 1): number {
  checkTemperature('mcm', temperature);
  const z = Array.from(classCos, (c) => c / temperature);
  const lse = logSumExp(z);
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  return Math.exp(max - lse);
}

export const mcm: Postprocessor = {
  name: 'mcm',
  label: 'MCM',
  summary:
    'Maximum concept matching: the largest softmax probability of the cosines to the class prompts, divided by T.',
  requiresNegatives: false,
  requiresExemplars: false,
  usesTemperature: true,
  defaultOptions: (d) => ({ ...BASE_OPTIONS, temperature: d?.mcmTemperature ?? 1 }),
  setup(prompts, options) {
    const o: ScoreOptions = { ...mcm.defaultOptions(), ...options };
    checkTemperature('mcm', o.temperature);
    return fitFromCosines('mcm', prompts, o, false, (c) => mcmFromCosines(c, o.temperature));
  },
};
