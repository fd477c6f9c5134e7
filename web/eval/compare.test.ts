import { describe, expect, it } from 'vitest';
import { compareStep, separationOf } from './compare';
import type { EvalTable } from './types';

const table = (oodScores: number[]): EvalTable => ({
  classes: ['cat'],
  scoreNames: ['s'],
  sets: [
    { name: 'ID', kind: 'id', keys: ['a', 'b'], labels: [0, 0], predictions: [0, 0], scores: { s: [0.9, 0.8] } },
    { name: 'X', kind: 'ood', keys: ['c', 'd'], labels: [-1, -1], predictions: [0, 0], scores: { s: oodScores } },
  ],
});

describe('models side by side (Present, issue 12)', () => {
  it('puts each model on the rates axes and names the one that separates best', () => {
    const cma = separationOf('CMA', table([0.1, 0.2]), 's')!; // perfect separation
    const flyp = separationOf('FLYP', table([0.85, 0.2]), 's')!; // one unknown photo between the normal ones
    expect(cma.auroc).toBe(1);
    expect(flyp.auroc).toBe(0.75);
    const step = compareStep([flyp, cma], 5);
    expect(step.id).toBe('compare');
    expect(step.title).toBe('5 · The models side by side');
    expect(step.line).toMatch(/CMA separates best here/);
    expect(step.facts.map((f) => f.value)).toEqual(['75.0 %', '50.0 %', '100.0 %', '0.0 %']);
  });
  it('has nothing to show without unknown photos', () => {
    expect(separationOf('M', { ...table([]), sets: table([]).sets.slice(0, 1) }, 's')).toBeNull();
  });
});
