import { describe, expect, it } from 'vitest';
import { parseCalibration } from '../model/calibration';
import { calibrationFor } from './calibration';
import { matrixFromRows } from './linalg';
import { captionAgreement, captionIdness } from './scores/caption';
import { idnessThresholdFromNegatives, verdict } from './verdict';

const classes = matrixFromRows([
  [1, 0, 0],
  [0, 1, 0],
]);
const names = ['dog', 'ship'];

describe('verdict', () => {
  it('image only: not flagged at or above the threshold, with its percentile', () => {
    const v = verdict({ scoreLabel: 'MCM', imageScore: 0.6, threshold: 0.5, imagePercentile: 48 });
    expect(v.flagged).toBe(false);
    expect(v.raisedBy).toEqual([]);
    expect(v.reason).toMatch(/^Looks in-distribution — MCM 0\.600 ≥ threshold 0\.500 \(percentile 48/);
    expect(v.signals.captionAgreement).toBeUndefined();
  });

  it('a photo within the borderline band of the threshold says so on either side; a clear case does not', () => {
    const justAbove = verdict({
      scoreLabel: 'MCM',
      imageScore: 0.506,
      threshold: 0.5,
      imagePercentile: 6.5,
      thresholdPercentile: 5,
    });
    expect(justAbove.flagged).toBe(false);
    expect(justAbove.borderline).toBe(true);
    expect(justAbove.reason).toMatch(/borderline: the photo is close to the threshold\.$/);
    const justBelow = verdict({
      scoreLabel: 'MCM',
      imageScore: 0.49,
      threshold: 0.5,
      imagePercentile: 3,
      thresholdPercentile: 5,
    });
    expect([justBelow.flagged, justBelow.borderline]).toEqual([true, true]);
    const clear = verdict({
      scoreLabel: 'MCM',
      imageScore: 0.7,
      threshold: 0.5,
      imagePercentile: 60,
      thresholdPercentile: 5,
    });
    expect(clear.borderline).toBe(false);
    expect(clear.reason).not.toMatch(/borderline/);
    // without calibration there is no band to speak of
    expect(verdict({ scoreLabel: 'MCM', imageScore: 0.5, threshold: 0.5 }).borderline).toBe(false);
  });

  it('without a threshold the image never flags and says so', () => {
    const v = verdict({ scoreLabel: 'MCM', imageScore: 0.2, threshold: -Infinity });
    expect(v.flagged).toBe(false);
    expect(v.reason).toBe('Looks in-distribution — MCM 0.200 (no threshold set).');
  });

  it('image below the threshold raises the image flag', () => {
    const v = verdict({ scoreLabel: 'Energy', imageScore: 3.2, threshold: 4, imagePercentile: 1.5 });
    expect(v.flagged).toBe(true);
    expect(v.raisedBy).toEqual(['image']);
    expect(v.reason).toMatch(
      /^Flagged — the photo looks out of distribution: Energy 3\.200 is below the threshold 4\.000 \(lower than 99 %/,
    );
  });

  it('a caption that contradicts the photo raises the caption-agreement flag, naming both classes', () => {
    const image = [0.9, 0.1, 0.2];
    const caption = [0.05, 1, 0];
    const agreement = captionAgreement(image, caption, [0.6, 0.7, 0.8, 0.9]);
    const idness = captionIdness(caption, classes, 0.1);
    const v = verdict({
      scoreLabel: 'MCM',
      imageScore: 0.9,
      threshold: 0.5,
      classNames: names,
      imageTopClass: 0,
      caption: { agreement, idness },
    });
    expect(v.flagged).toBe(true);
    expect(v.raisedBy).toEqual(['caption-agreement']);
    expect(v.reason).toMatch(/caption does not match the photo/);
    expect(v.reason).toMatch(/reads as “ship”, the photo as “dog”/);
  });

  it('a matching caption keeps the photo unflagged', () => {
    const image = [0.9, 0.1, 0.2];
    const agreement = captionAgreement(image, [1, 0.05, 0.1], [0.6, 0.7, 0.8, 0.9]);
    const v = verdict({
      scoreLabel: 'MCM',
      imageScore: 0.9,
      threshold: 0.5,
      imageTopClass: 0,
      caption: { agreement, idness: captionIdness([1, 0.05, 0.1], classes) },
    });
    expect(v.flagged).toBe(false);
    expect(v.reason).toMatch(/the caption agrees/);
  });

  it('an unseen caption raises the caption-ID-ness flag only when a threshold is given', () => {
    const caption = [0.1, 0.1, 1]; // points away from both classes: ID-ness near ½
    const idness = captionIdness(caption, classes, 0.1);
    const agreement = captionAgreement([0.1, 0.1, 1], caption, [0.6, 0.9]);
    const base = { scoreLabel: 'MCM', imageScore: 0.9, threshold: 0.5, caption: { agreement, idness } };
    expect(verdict(base).flagged).toBe(false);
    const v = verdict({ ...base, rules: { idnessThreshold: 0.8 } });
    expect(v.raisedBy).toEqual(['caption-idness']);
    expect(v.reason).toMatch(/describes something unseen/);
  });

  it('idness threshold is the q-quantile (linear) of the negatives', () => {
    expect(idnessThresholdFromNegatives([0.1, 0.2, 0.3, 0.4, 0.5], 0.5)).toBeCloseTo(0.3, 12);
    expect(idnessThresholdFromNegatives([0.1, 0.2, 0.3, 0.4, 0.5], 0.95)).toBeCloseTo(0.48, 12);
    expect(idnessThresholdFromNegatives([])).toBeUndefined();
  });
});

describe('calibration.json', () => {
  it('parses, sorts per score, and names the bad field', () => {
    const cal = parseCalibration({
      id_val: { mcm: [0.3, 0.1, 0.2] },
      ood_ref: { svhn: { mcm: [0.05, 0.01] }, dtd: { energy: [1] } },
      caption_agreement_id: [0.2],
    });
    const c = calibrationFor(cal, 'mcm')!;
    expect(Array.from(c.id.ascending)).toEqual([0.1, 0.2, 0.3]);
    expect(Object.keys(c.ood)).toEqual(['svhn']);
    expect(calibrationFor(cal, 'energy')).toBeUndefined();
    expect(() => parseCalibration({ id_val: { mcm: ['x'] } }, 'bundle/calibration.json')).toThrow(
      /bundle\/calibration\.json: field "id_val\.mcm\.0": /,
    );
  });
});

describe('verdict of an exemplar score', () => {
  const photos = 'your 240 normal photos (“site”)';
  it('names the normal set, the similarity and how many of its photos are closer', () => {
    const v = verdict({
      scoreLabel: 'KNN',
      imageScore: 0.41,
      threshold: 0.6,
      imagePercentile: 1,
      normalSet: { score: 'knn', photos, k: 1 },
    });
    expect(v.flagged).toBe(true);
    expect(v.reason).toBe(
      'Flagged — the photo is unlike your 240 normal photos (“site”): nearest similarity 0.410 is below the threshold 0.600, lower than 99 % of them.',
    );
    const ok = verdict({
      scoreLabel: 'KNN',
      imageScore: 0.8,
      threshold: 0.6,
      imagePercentile: 40,
      normalSet: { score: 'knn', photos, k: 5 },
    });
    expect(ok.reason).toBe(
      'Looks in-distribution — like your 240 normal photos (“site”): similarity to its 5th nearest 0.800 ≥ threshold 0.600 (percentile 40 among them).',
    );
  });
  it('says how a fused score is made', () => {
    const v = verdict({
      scoreLabel: 'fused',
      imageScore: 12.5,
      threshold: 20,
      imagePercentile: 2,
      normalSet: {
        score: 'fused',
        photos,
        fused: { textLabel: 'Max-logit', textPercentile: 20.4, knnPercentile: 4.6 },
      },
    });
    expect(v.signals.image.note).toBe(
      'unlike your 240 normal photos (“site”): fused 12.500 (Max-logit at percentile 20, nearest photos at percentile 5) is below the threshold 20.000, lower than 98 % of them',
    );
  });
});
