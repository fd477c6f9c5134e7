import { cosines, cosinesBlock, rowNorms, rowOf, type EmbeddingMatrix, type Vector } from '../linalg';
import type { FittedScore, PromptEmbeddings, ScoreName, ScoreOptions } from './types';

/** Photos per exemplar-cosine block: a multiple of the kernel's four, small enough to keep the cosines in cache. */
const EXEMPLAR_BLOCK = 16;

export const BASE_OPTIONS: ScoreOptions = { temperature: 1, groups: 1, seed: 0, k: 1, fusedText: 'mcm' };

/**
 * The shared `setup` of every postprocessor: caches the prompt norms once, then scores images by computing their
 * cosines and handing them to the postprocessor's formula (`fromCos`, already bound to its options).
 */
export function fitFromCosines(
  name: ScoreName,
  prompts: PromptEmbeddings,
  options: ScoreOptions,
  requiresNegatives: boolean,
  fromCos: (classCos: Vector, negCos: Vector | undefined, exemplarCos: Vector | undefined) => number,
  requiresExemplars = false,
): FittedScore {
  if (prompts.classes.rows === 0) throw new Error(`${name}: no ID class embeddings to score against`);
  if (requiresNegatives && (!prompts.negatives || prompts.negatives.rows === 0)) {
    throw new Error(`${name}: this score needs negative-label embeddings and the bundle has none`);
  }
  if (requiresExemplars && (!prompts.exemplars || prompts.exemplars.rows === 0)) {
    throw new Error(`${name}: this score needs the embeddings of a normal set, and none is loaded`);
  }
  const classNorms = rowNorms(prompts.classes);
  const negNorms = prompts.negatives ? rowNorms(prompts.negatives) : undefined;
  const exNorms = requiresExemplars && prompts.exemplars ? rowNorms(prompts.exemplars) : undefined;
  const classCosines = (image: Vector) => cosines(image, prompts.classes, classNorms);
  const negCosines = (image: Vector) =>
    requiresNegatives && prompts.negatives ? cosines(image, prompts.negatives, negNorms) : undefined;
  const exCosines = (image: Vector) =>
    requiresExemplars && prompts.exemplars ? cosines(image, prompts.exemplars, exNorms) : undefined;
  const score = (image: Vector) => fromCos(classCosines(image), negCosines(image), exCosines(image));
  return {
    name,
    options: Object.freeze({ ...options }),
    classCosines,
    fromCosines: fromCos,
    score,
    scoreMany(images: EmbeddingMatrix) {
      const out = new Float64Array(images.rows);
      if (!(requiresExemplars && prompts.exemplars)) {
        for (let i = 0; i < images.rows; i++) out[i] = score(rowOf(images, i));
        return out;
      }
      // a normal set's cosines for a block of photos per pass over the set (kernels/dots.ts): the set is the cost
      for (let b = 0; b < images.rows; b += EXEMPLAR_BLOCK) {
        const block = Array.from({ length: Math.min(EXEMPLAR_BLOCK, images.rows - b) }, (_, j) => rowOf(images, b + j));
        const ex = cosinesBlock(block, prompts.exemplars, exNorms);
        block.forEach((img, j) => (out[b + j] = fromCos(classCosines(img), negCosines(img), ex[j])));
      }
      return out;
    },
  };
}

export function checkTemperature(name: string, t: number): void {
  if (!(t > 0) || !Number.isFinite(t)) throw new Error(`${name}: temperature must be a positive number, got ${t}`);
}
