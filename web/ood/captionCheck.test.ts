import { describe, expect, it } from 'vitest';
import {
  CAPTION_JUDGE_SHARE,
  CAPTION_NEGATIVE_QUANTILE,
  CAPTION_TEMPERATURE,
  captionIdnessThreshold,
  captionJudgeBar,
  naturalCaptionRates,
} from './captionCheck';
import { sortScores } from './thresholds/sorted';
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

describe('natural caption rates', () => {
  it("counts the correct captions the card would flag, and those it can't tell or can't read", () => {
    const prompts: PromptEmbeddings = { classes, logitScale: 100 };
    const captions = {
      embeddings: matrixFromRows([
        [1, 0, 0], // reads as class 0: judged
        [0.7, 0.7, 0], // between the classes: below the judge bar, "can't tell"
        [1, 0, 0], // mostly unknown tokens: unreadable
      ]),
      words: [4, 4, 4],
      unknown: [0, 0, 3],
    };
    // ID agreement of the bundle: cosines 0.50 … 0.99; the agreement flag sits below its 5th percentile
    const id = sortScores(Array.from({ length: 50 }, (_, i) => 0.5 + i * 0.01));
    const r = naturalCaptionRates({
      captions,
      pairs: { caption: [0, 0, 0, 1, 2], agreement: [0.9, 0.8, 0.1, 0.9, 0.9] },
      prompts,
      captionAgreementId: id,
      judgeBar: captionJudgeBar(prompts),
    });
    expect(r.n).toBe(5);
    expect(r.falseAlarm).toBeCloseTo(1 / 5, 12); // the judged caption with cosine 0.1 with its photo
    expect(r.cantTell).toBeCloseTo(2 / 5, 12);
  });
});
