import { describe, expect, it } from 'vitest';
import { parseCalibration } from '../model/calibration';
import { calibrationFromEmbeddings, calibrationFor } from './calibration';
import { captionReadable } from './captionCheck';
import { checkPhoto, topClasses } from './check';
import { matrixFromRows } from './linalg';
import { fitScore } from './scores/registry';
import { sortScores } from './thresholds/sorted';
import { thresholdAtTpr } from './thresholds/thresholds';

const classes = matrixFromRows([
  [1, 0, 0],
  [0, 1, 0],
]);
const prompts = { classes, logitScale: 10 };
const names = ['dog', 'ship'];
const fitted = fitScore('maxlogit', prompts);
const reference = {
  id: matrixFromRows([
    [1, 0.1, 0.1],
    [0.1, 1, 0],
    [0.9, 0.2, 0.3],
    [0.2, 0.9, 0.1],
  ]),
  ood: {
    noise: matrixFromRows([
      [0.1, 0.1, 1],
      [0.3, 0.2, 0.9],
    ]),
  },
};

describe('checkPhoto', () => {
  const calibration = calibrationFromEmbeddings(fitted, reference);
  const threshold = thresholdAtTpr(calibration.id, 0.95);

  it('an ID-like photo is not flagged and gets its percentile, top classes and rates', () => {
    const r = checkPhoto({ image: [1, 0.05, 0.05], prompts, classNames: names, fitted, threshold, calibration });
    expect(r.verdict.flagged).toBe(false);
    expect(r.topClasses[0].name).toBe('dog');
    expect(r.topClasses[0].probability + r.topClasses[1].probability).toBeCloseTo(1, 12);
    expect(r.percentile).toBeGreaterThan(50);
    expect(r.rates?.falseAlarmRate).toBe(0);
    expect(r.rates?.detectionRate).toBe(1);
    expect(r.scoreLabel).toBe('Max-logit');
  });

  it('an off-class photo is flagged by the image score', () => {
    const r = checkPhoto({ image: [0.1, 0.1, 1], prompts, classNames: names, fitted, threshold, calibration });
    expect(r.verdict.flagged).toBe(true);
    expect(r.verdict.raisedBy).toEqual(['image']);
  });

  it('a contradicting caption is flagged and truncation is reported', () => {
    const r = checkPhoto({
      image: [1, 0.05, 0.05],
      prompts,
      classNames: names,
      fitted,
      threshold,
      calibration,
      caption: { embedding: [0, 1, 0], truncated: true },
      captionAgreementId: sortScores([0.8, 0.9, 0.95, 0.99]),
    });
    expect(r.verdict.raisedBy).toEqual(['caption-agreement']);
    expect(r.caption?.truncated).toBe(true);
    expect(r.caption?.idness.topClass).toBe(1);
  });

  describe('a caption the tokenizer cannot read (issue 13: 5,000 emoji "agreed", cosine 0.970)', () => {
    const base = { prompts, classNames: names, fitted, threshold, calibration };
    const agreement = sortScores([0.8, 0.9, 0.95, 0.99]);
    const one = { words: 1, unknown: 1 }; // what 5,000 emoji or only zero-width spaces become

    it('never raises the verdict: a contradicting but unreadable caption is not counted', () => {
      const readable = checkPhoto({
        ...base,
        image: [1, 0.05, 0.05],
        captionAgreementId: agreement,
        caption: { embedding: [0, 1, 0] },
      });
      expect(readable.verdict.raisedBy).toEqual(['caption-agreement']);
      const r = checkPhoto({
        ...base,
        image: [1, 0.05, 0.05],
        captionAgreementId: agreement,
        caption: { embedding: [0, 1, 0], ...one },
      });
      expect(r.verdict.flagged).toBe(false);
      expect(r.verdict.raisedBy).toEqual([]);
      expect(r.verdict.signals.captionAgreement).toBeUndefined();
      expect(r.verdict.reason).toMatch(/can't read this caption \(not counted\)\.$/);
      expect(r.caption?.readable).toBe(false);
    });

    it('never lowers it, and never "agrees"', () => {
      const alone = checkPhoto({ ...base, image: [0.1, 0.1, 1] });
      const r = checkPhoto({ ...base, image: [0.1, 0.1, 1], caption: { embedding: [0.1, 0.1, 1], ...one } });
      expect(r.verdict.flagged).toBe(alone.verdict.flagged);
      expect(r.verdict.raisedBy).toEqual(alone.verdict.raisedBy);
      const ok = checkPhoto({ ...base, image: [1, 0.05, 0.05], caption: { embedding: [1, 0.05, 0.05], ...one } });
      expect(ok.verdict.reason).not.toMatch(/the caption agrees/);
      expect(ok.verdict.reason).toMatch(/can't read this caption/);
    });

    it('a readable caption (or one without token counts) still counts', () => {
      const r = checkPhoto({
        ...base,
        image: [1, 0.05, 0.05],
        caption: { embedding: [1, 0.05, 0.05], words: 5, unknown: 1 },
      });
      expect(r.verdict.reason).toMatch(/the caption agrees/);
      expect(checkPhoto({ ...base, image: [1, 0.05, 0.05], caption: { embedding: [1, 0, 0] } }).caption?.readable).toBe(
        true,
      );
    });

    it('the rule: a known token, and no more than half unknown', () => {
      expect(captionReadable({ words: 0, unknown: 0 })).toBe(false);
      expect(captionReadable({ words: 1, unknown: 1 })).toBe(false);
      expect(captionReadable({ words: 5, unknown: 3 })).toBe(false);
      expect(captionReadable({ words: 6, unknown: 3 })).toBe(true); // "a dog<control chars> photo" on the shipped tokenizer
      expect(captionReadable({ words: 1, unknown: 0 })).toBe(true);
    });
  });

  it('uses calibration.json when given', () => {
    const cal = calibrationFor(parseCalibration({ id_val: { maxlogit: [9, 9.5, 10] }, ood_ref: {} }), 'maxlogit')!;
    const r = checkPhoto({ image: [1, 0, 0], prompts, classNames: names, fitted, threshold: 9, calibration: cal });
    expect(r.percentile).toBeCloseTo(((2 + 0.5) / 3) * 100, 9);
    expect(Number.isNaN(r.rates!.detectionRate)).toBe(true);
  });

  it('topClasses is softmax(s · cos), sorted', () => {
    const t = topClasses([0.1, 0.3], 10, names, 5);
    expect(t.map((c) => c.name)).toEqual(['ship', 'dog']);
    expect(t[0].probability).toBeCloseTo(Math.exp(3) / (Math.exp(3) + Math.exp(1)), 12);
  });
});
