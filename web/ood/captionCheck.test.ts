import { describe, expect, it } from 'vitest';
import {
  CAPTION_JUDGE_SHARE,
  CAPTION_NEGATIVE_QUANTILE,
  CAPTION_TEMPERATURE,
  captionIdnessThreshold,
  captionJudgeBar,
} from './captionCheck';
import { matrixFromRows, rowOf } from './linalg';
import { captionIdness } from './scores/caption';
import type { PromptEmbeddings } from './scores/types';

const classes = matrixFromRows([
  [1, 0, 0],
  [0, 1, 0],
]);
const negatives = matrixFromRows([
  [0, 0, 1],
  [0.2, 0, 1],
  [0.7, 0.7, 0.1],
  [0.9, 0.1, 0],
]);
const idness = (v: number[]) => captionIdness(Float32Array.from(v), classes, CAPTION_TEMPERATURE).score;

describe('caption ID-ness threshold', () => {
  it('is undefined without negative labels', () => {
    expect(captionIdnessThreshold({ classes, logitScale: 100 })).toBeUndefined();
    expect(captionIdnessThreshold({ classes, negatives: matrixFromRows([], 3), logitScale: 100 })).toBeUndefined();
  });

  it("is the median of the negatives' ID-ness: half of them lie on each side", () => {
    expect(CAPTION_NEGATIVE_QUANTILE).toBe(0.5);
    const prompts: PromptEmbeddings = { classes, negatives, logitScale: 100 };
    const t = captionIdnessThreshold(prompts)!;
    const scores = [
      [0, 0, 1],
      [0.2, 0, 1],
      [0.7, 0.7, 0.1],
      [0.9, 0.1, 0],
    ].map(idness);
    expect(scores.filter((s) => s < t)).toHaveLength(2);
    expect(scores.filter((s) => s > t)).toHaveLength(2);
  });

  it('flags a caption that points away from every class and keeps one that names a class', () => {
    const t = captionIdnessThreshold({ classes, negatives, logitScale: 100 })!;
    expect(idness([0, 0.05, 1])).toBeLessThan(t);
    expect(idness([1, 0.05, 0])).toBeGreaterThan(t);
  });
});

describe('captionJudgeBar (issue 12)', () => {
  it('is CAPTION_JUDGE_SHARE of the lowest ID-ness of the class prompts themselves', () => {
    const classes = matrixFromRows([
      [1, 0, 0],
      [0, 1, 0],
      [0.6, 0.8, 0],
    ]);
    const lowest = Math.min(
      ...[0, 1, 2].map((i) => captionIdness(rowOf(classes, i), classes, CAPTION_TEMPERATURE).score),
    );
    expect(captionJudgeBar({ classes, logitScale: 1 })).toBeCloseTo(CAPTION_JUDGE_SHARE * lowest, 12);
    expect(captionJudgeBar({ classes: matrixFromRows([], 3), logitScale: 1 })).toBeUndefined();
  });
});
