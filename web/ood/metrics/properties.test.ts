import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, ratesAt, thresholdAtTpr } from '../thresholds';
import { auprIn, auprOut, auroc, confusionAt, fpr95 } from './index';

// Integer-valued scores keep every transform below exact in float64, so ties stay ties and order stays order.
const scores = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 });
const increasing: Array<[string, (x: number) => number]> = [
  ['3x + 7', (x) => 3 * x + 7],
  ['x³', (x) => x * x * x],
  ['x/1000 − 5', (x) => x / 1000 - 5],
  ['2^(x/8)', (x) => 2 ** (x / 8)],
];

function mannWhitney(id: number[], ood: number[]): number {
  let u = 0;
  for (const a of id) for (const b of ood) u += a > b ? 1 : a === b ? 0.5 : 0;
  return u / (id.length * ood.length);
}

describe('metric properties (fast-check)', () => {
  it('AUROC ∈ [0, 1] and equals Mann–Whitney U with ties ½', () => {
    fc.assert(
      fc.property(scores, scores, (id, ood) => {
        const a = auroc(id, ood);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
        expect(Math.abs(a - mannWhitney(id, ood))).toBeLessThan(1e-12);
      }),
    );
  });

  it('AUROC, FPR95, AUPR-in/out are unchanged under strictly increasing transforms', () => {
    fc.assert(
      fc.property(scores, scores, fc.constantFrom(...increasing), (id, ood, [, f]) => {
        const id2 = id.map(f);
        const ood2 = ood.map(f);
        expect(Math.abs(auroc(id2, ood2) - auroc(id, ood))).toBeLessThan(1e-12);
        expect(Math.abs(fpr95(id2, ood2) - fpr95(id, ood))).toBeLessThan(1e-12);
        expect(Math.abs(auprIn(id2, ood2) - auprIn(id, ood))).toBeLessThan(1e-12);
        expect(Math.abs(auprOut(id2, ood2) - auprOut(id, ood))).toBeLessThan(1e-12);
      }),
    );
  });

  it('swapping ID and OoD turns AUROC into 1 − AUROC', () => {
    fc.assert(fc.property(scores, scores, (id, ood) => Math.abs(auroc(ood, id) - (1 - auroc(id, ood))) < 1e-12));
  });

  it('FPR95 and AUPRs lie in [0, 1]', () => {
    fc.assert(
      fc.property(scores, scores, (id, ood) => {
        for (const v of [fpr95(id, ood), auprIn(id, ood), auprOut(id, ood)]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('FPR (and TPR) at a threshold never increase as the threshold rises', () => {
    fc.assert(
      fc.property(
        scores,
        scores,
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (id, ood, t, dt) => {
          const lo = confusionAt(t, id, ood);
          const hi = confusionAt(t + dt, id, ood);
          expect(hi.fpr).toBeLessThanOrEqual(lo.fpr);
          expect(hi.tpr).toBeLessThanOrEqual(lo.tpr);
        },
      ),
    );
  });

  it('thresholdAtTpr keeps ≥ 95 % of ID, and any higher ID score would keep fewer', () => {
    fc.assert(
      fc.property(scores, fc.constantFrom(0.95, 0.9, 0.5, 0.99), (id, tpr) => {
        const t = thresholdAtTpr(id, tpr);
        const kept = id.filter((s) => s >= t).length;
        expect(kept).toBeGreaterThanOrEqual(tpr * id.length - 1e-9);
        const higher = id.filter((s) => s > t);
        if (higher.length) {
          const next = Math.min(...higher);
          expect(id.filter((s) => s >= next).length).toBeLessThan(tpr * id.length - 1e-9);
        }
      }),
    );
  });

  it('expected false-alarm and detection rates rise with the threshold; percentile rises with the score', () => {
    fc.assert(
      fc.property(
        scores,
        scores,
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (id, ood, t, dt) => {
          const lo = ratesAt(t, { id, ood: { a: ood } });
          const hi = ratesAt(t + dt, { id, ood: { a: ood } });
          expect(hi.falseAlarmRate).toBeGreaterThanOrEqual(lo.falseAlarmRate);
          expect(hi.detectionRate).toBeGreaterThanOrEqual(lo.detectionRate);
          expect(percentile(id, t + dt)).toBeGreaterThanOrEqual(percentile(id, t));
        },
      ),
    );
  });
});
