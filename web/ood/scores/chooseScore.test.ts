import { describe, expect, it } from 'vitest';
import { chooseScore } from './chooseScore';
import { availableScores } from './registry';

describe('chooseScore', () => {
  it("the person's choice if offered, else the bundle's default, else the first offered", () => {
    expect(chooseScore('energy', 'neglabel', ['mcm', 'energy', 'neglabel'])).toBe('energy');
    expect(chooseScore(null, 'neglabel', ['mcm', 'energy', 'neglabel'])).toBe('neglabel');
    expect(chooseScore('neglabel', 'neglabel', availableScores(false))).toBe('mcm'); // no negatives: MCM
    expect(chooseScore('gone', undefined, ['energy', 'mcm'])).toBe('energy');
    expect(chooseScore('mcm', 'mcm', [])).toBeNull();
  });
});
