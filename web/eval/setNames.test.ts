import { describe, expect, it } from 'vitest';
import { setLabel } from './setNames';

describe('setLabel', () => {
  it("gives the recipe's sets plain names and leaves a person's folder names as they are", () => {
    expect(setLabel('tin_seen_nonoverlap')).toBe('TinyImageNet, pretraining classes');
    expect(setLabel('fashion_mnist')).toBe('Fashion-MNIST clothing');
    expect(setLabel('site-photos-2025')).toBe('site-photos-2025');
  });
});
