// Scores and predicted class of image embeddings, for every score the bundle supports, through web/ood's registry.
import { argmax, makeMatrix, rowOf } from '../ood/linalg';
import { availableScores, fitScore, type FittedScore, type PromptEmbeddings, type ScoreName, type ScoringDefaults } from '../ood/scores/registry';

export interface ImageScorer {
  scoreNames: ScoreName[];
  /** Per image: every score (higher = more normal) and the predicted class (argmax cosine). */
  score(embeddings: Float32Array, n: number, dim: number): { scores: Record<string, number>; predicted: number }[];
}

export function makeScorer(prompts: PromptEmbeddings, defaults?: ScoringDefaults): ImageScorer {
  const names = availableScores(!!prompts.negatives && prompts.negatives.rows > 0);
  const fitted: FittedScore[] = names.map((n) => fitScore(n, prompts, defaults));
  return {
    scoreNames: names,
    score(embeddings, n, dim) {
      const m = makeMatrix(embeddings, n, dim);
      const out: { scores: Record<string, number>; predicted: number }[] = [];
      for (let i = 0; i < n; i++) {
        const row = rowOf(m, i);
        const classCos = fitted[0].classCosines(row);
        const scores: Record<string, number> = {};
        for (const f of fitted) scores[f.name] = f.score(row);
        out.push({ scores, predicted: argmax(classCos) });
      }
      return out;
    },
  };
}
