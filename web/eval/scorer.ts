// Scores and predicted class of image embeddings, for every score the bundle (and a normal set) supports, through web/ood's registry.
import { argmax, cosines, makeMatrix, rowNorms, rowOf } from '../ood/linalg';
import {
  availableFor,
  fitScore,
  type PromptEmbeddings,
  type ScoreName,
  type ScoringDefaults,
} from '../ood/scores/registry';

export interface ImageScorer {
  scoreNames: ScoreName[];
  /** Per image of an n×dim row-major batch: every score (higher = more normal) and the predicted class (argmax cosine). */
  score(embeddings: Float32Array, n: number, dim: number): { scores: Record<string, number>; predicted: number }[];
}

/**
 * Fits every score once; per image, the class (and negative) cosines are computed once and handed to each score's
 * formula, instead of each score recomputing them.
 */
export function makeScorer(prompts: PromptEmbeddings, defaults?: ScoringDefaults): ImageScorer {
  const negatives = prompts.negatives && prompts.negatives.rows > 0 ? prompts.negatives : undefined;
  const exemplars = prompts.exemplars && prompts.exemplars.rows > 0 ? prompts.exemplars : undefined;
  const names = availableFor(prompts);
  const fitted = names.map((n) => fitScore(n, prompts, defaults));
  const classNorms = rowNorms(prompts.classes);
  const negNorms = negatives && rowNorms(negatives);
  const exNorms = exemplars && rowNorms(exemplars);
  return {
    scoreNames: names,
    score(embeddings, n, dim) {
      const m = makeMatrix(embeddings, n, dim);
      const out: { scores: Record<string, number>; predicted: number }[] = [];
      for (let i = 0; i < n; i++) {
        const row = rowOf(m, i);
        const classCos = cosines(row, prompts.classes, classNorms);
        const negCos = negatives && cosines(row, negatives, negNorms); // only NegLabel reads them; it is available exactly then
        const exCos = exemplars && cosines(row, exemplars, exNorms); // only the exemplar scores read them; likewise
        const scores: Record<string, number> = {};
        for (const f of fitted) scores[f.name] = f.fromCosines(classCos, negCos, exCos);
        out.push({ scores, predicted: argmax(classCos) });
      }
      return out;
    },
  };
}
