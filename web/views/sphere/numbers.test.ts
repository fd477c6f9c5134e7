import { describe, expect, it } from 'vitest';
import { combineSources } from '../../eval/embeddingSpace';
import { sphereNumbers } from './numbers';

describe('sphereNumbers', () => {
  it('gap, alignment and uniformity of a hand-made 2-D space (prompts listed out of class order)', () => {
    const space = combineSources(
      [
        {
          origin: 'hand',
          modelId: 'm',
          dim: 2,
          // images: (1,0) class 0, (0,1) class 1, OoD (-1,0); prompts: class 1 at (0,1) first, class 0 at (0.6,0.8)
          vectors: new Float32Array([1, 0, 0, 1, -1, 0, 0, 1, 0.6, 0.8]),
          points: [
            { kind: 'id-image', name: 'a', set: 'ID', classIndex: 0 },
            { kind: 'id-image', name: 'b', set: 'ID', classIndex: 1 },
            { kind: 'ood-image', name: 'c', set: 'X', classIndex: -1 },
            { kind: 'class-text', name: 'a photo of a b.', set: 'prompts', classIndex: 1 },
            { kind: 'class-text', name: 'a photo of a a.', set: 'prompts', classIndex: 0 },
          ],
        },
      ],
      ['a', 'b'],
    );
    const r = sphereNumbers(space);
    // image centroid (0.5, 0.5), prompt centroid (0.3, 0.9) → √(0.04 + 0.16)
    expect(r.gap).toBeCloseTo(Math.sqrt(0.2), 6);
    // (1,0)-(0.6,0.8): 0.16 + 0.64 = 0.8; (0,1)-(0,1): 0 → 0.4
    expect(r.alignment).toBeCloseTo(0.4, 6);
    // one pair of ID images, ‖·‖² = 2 → −4
    expect(r.uniformityImages).toBeCloseTo(-4, 6);
    expect([r.nIdImages, r.nPrompts]).toEqual([2, 2]);
  });
});
