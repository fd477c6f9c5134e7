import type { Vector } from '../linalg';
import { BASE_OPTIONS, fitFromCosines } from './fitted';
import type { Postprocessor, ScoreOptions } from './types';

/** Max-logit (Hendrycks et al. 2022): max_y s · c_y. */
export function maxLogitFromCosines(classCos: Vector, logitScale: number): number {
  let max = -Infinity;
  for (let k = 0; k < classCos.length; k++) if (classCos[k] > max) max = classCos[k];
  return logitScale * max;
}

export const maxlogit: Postprocessor = {
  name: 'maxlogit',
  label: 'Max-logit',
  summary: 'The largest logit: s · the highest cosine to a class prompt.',
  requiresNegatives: false,
  requiresExemplars: false,
  usesTemperature: false,
  defaultOptions: () => ({ ...BASE_OPTIONS }),
  setup(prompts, options) {
    const o: ScoreOptions = { ...maxlogit.defaultOptions(), ...options };
    const s = prompts.logitScale;
    return fitFromCosines('maxlogit', prompts, o, false, (c) => maxLogitFromCosines(c, s));
  },
};
