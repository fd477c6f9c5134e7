import { describe, expect, it } from 'vitest';
import { alignment, centroid, modalityGap, normaliseRows, uniformity } from './geometry';

describe('sphere geometry', () => {
  it('modality gap is the distance between the two centroids', () => {
    // images at (1,0) and (0,1): centroid (0.5,0.5); texts at (-1,0): centroid (-1,0) → √(1.5² + 0.5²)
    const images = new Float32Array([1, 0, 0, 1]);
    const texts = new Float32Array([-1, 0]);
    expect(modalityGap(images, 2, texts, 1, 2)).toBeCloseTo(Math.sqrt(2.5), 6);
    expect([...centroid(images, 2, 2)]).toEqual([0.5, 0.5]);
    expect(modalityGap(images, 0, texts, 1, 2)).toBeNaN();
  });

  it('alignment averages squared distances to each image’s own class prompt', () => {
    // class 0 prompt (1,0), class 1 prompt (0,1). image (1,0) label 0 → 0; image (-1,0) label 1 → 1+1 = 2;
    // image with label -1 (OoD) is skipped. mean = 1.
    const images = new Float32Array([1, 0, -1, 0, 0, 1]);
    const prompts = new Float32Array([1, 0, 0, 1]);
    expect(alignment(images, [0, 1, -1], 3, prompts, 2, 2)).toBeCloseTo(1, 6);
  });

  it('uniformity of hand-computed point sets', () => {
    // Two antipodal points: ‖x−y‖² = 4 → log exp(−8) = −8.
    expect(uniformity(new Float32Array([1, 0, -1, 0]), 2, 2)).toBeCloseTo(-8, 6);
    // Three points at 120° on the circle: every pair ‖x−y‖² = 3 → −6.
    const r = [0, 1, 2].flatMap((k) => [Math.cos((2 * Math.PI * k) / 3), Math.sin((2 * Math.PI * k) / 3)]);
    expect(uniformity(new Float32Array(r), 3, 2)).toBeCloseTo(-6, 5);
    // (1,0), (0,1), (1,0): pair distances² 2, 0, 2 → log((2e^−4 + 1)/3)
    expect(uniformity(new Float32Array([1, 0, 0, 1, 1, 0]), 3, 2)).toBeCloseTo(Math.log((2 * Math.exp(-4) + 1) / 3), 6);
    // All points identical = the least uniform possible: 0.
    expect(uniformity(new Float32Array([0, 1, 0, 1]), 2, 2)).toBeCloseTo(0, 9);
  });

  it('normaliseRows puts rows on the unit sphere and leaves zero rows alone', () => {
    const rows = normaliseRows(new Float32Array([3, 4, 0, 0]), 2, 2);
    expect(rows[0]).toBeCloseTo(0.6, 6);
    expect(rows[1]).toBeCloseTo(0.8, 6);
    expect([rows[2], rows[3]]).toEqual([0, 0]);
  });
});
