import { logSumExp, type Vector } from '../linalg';
import { BASE_OPTIONS, checkTemperature, fitFromCosines } from './fitted';
import type { Postprocessor, ScoreOptions } from './types';

/** Energy (Liu et al. 2020), negated free energy: T · logsumexp_y(s · c_y / T). */
export function energyFromCosines(classCos: Vector, logitScale: number, temperature = 1): number {
  checkTemperature('energy', temperature);
  return temperature * logSumExp(Array.from(classCos, (c) => (logitScale * c) / temperature));
}

export const energy: Postprocessor = {
  name: 'energy',
  label: 'Energy',
  summary: 'Negative free energy: T · log Σ exp(s · cosine / T) over the class prompts.',
  requiresNegatives: false,
  requiresExemplars: false,
  usesTemperature: true,
  defaultOptions: (d) => ({ ...BASE_OPTIONS, temperature: d?.energyTemperature ?? 1 }),
  setup(prompts, options) {
    const o: ScoreOptions = { ...energy.defaultOptions(), ...options };
    checkTemperature('energy', o.temperature);
    const s = prompts.logitScale;
    return fitFromCosines('energy', prompts, o, false, (c) => energyFromCosines(c, s, o.temperature));
  },
};
