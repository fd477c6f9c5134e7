import { describe, expect, it } from 'vitest';
import { badRow } from './encoders';

describe('badRow: an encoder output that must never reach a score (issue 13)', () => {
  it('finds NaN, Infinity, all-zero and overflowing rows, naming the row', () => {
    expect(badRow(new Float32Array([1, 0, 0, 1]), 2)).toBeUndefined();
    expect(badRow(new Float32Array([1, 0, NaN, 1]), 2)).toEqual({ row: 1, what: 'has NaN' });
    expect(badRow(new Float32Array([Infinity, 0]), 2)).toEqual({ row: 0, what: 'has Infinity' });
    expect(badRow(new Float32Array([0.5, 0.5, 0, 0]), 2)).toEqual({ row: 1, what: 'is all zeros' });
    expect(badRow(new Float32Array([3e38, 3e38]), 2)).toBeUndefined(); // huge but usable: normalised later
  });
});
