import { describe, expect, it } from 'vitest';
import type { EvalTable } from './types';
import { buildStory } from './story';

const table = (withOod: boolean): EvalTable => ({
  classes: ['cat', 'dog'],
  scoreNames: ['mcm'],
  sets: [
    {
      name: 'ID',
      kind: 'id',
      keys: ['a', 'b', 'c', 'd'],
      labels: [0, 1, 0, 1],
      predictions: [0, 1, 1, 1],
      scores: { mcm: [0.9, 0.8, 0.7, 0.3] },
    },
    ...(withOod
      ? [
          {
            name: 'X',
            kind: 'ood' as const,
            keys: ['e', 'f'],
            labels: [-1, -1],
            predictions: [0, 0],
            scores: { mcm: [0.2, 0.75] },
          },
        ]
      : []),
  ],
});
const cost = { photosPerDay: 1000, costFalseAlarm: 1, costMiss: 10, abnormalShare: 0.1 };

describe('buildStory', () => {
  it('four steps with numbers from the evaluation', () => {
    const steps = buildStory(table(true), 'mcm', 0.5, cost);
    expect(steps.map((s) => s.id)).toEqual(['normal', 'unknown', 'threshold', 'cost']);
    const fact = (i: number, label: string) => steps[i].facts.find((f) => f.label.startsWith(label))?.value;
    expect(fact(0, 'normal photos')).toBe('4');
    expect(fact(0, 'recognised')).toBe('75.0 %');
    expect(fact(1, 'unknown photos')).toBe('2');
    // threshold 0.5: ID 0.3 flagged (1 of 4), OoD 0.2 caught (1 of 2)
    expect(fact(2, 'normal photos flagged')).toBe('25.0 %');
    expect(fact(2, 'unknown photos caught')).toBe('50.0 %');
    // … said as a day of photos (issue 12): 900 normal × 25 % flagged, 100 unusual × 50 % caught
    expect(steps[2].line).toBe(
      'Photos scoring below 0.5000 (mcm) are flagged: of 1,000 photos a day, 225 normal ones are flagged by mistake and 50 of the 100 unusual ones are caught.',
    );
    // per day: 900 normal × 25 % = 225 false alarms; 100 unknown × 50 % = 50 misses; cost 225 + 500
    expect(fact(3, 'false alarms')).toBe('225.0');
    expect(fact(3, 'unknown photos missed')).toBe('50.0');
    expect(fact(3, 'cost per day')).toBe('725.0');
    expect(steps.every((s) => !s.missing)).toBe(true);
  });

  it('an ID-only evaluation tells what is missing instead of inventing numbers', () => {
    const steps = buildStory(table(false), 'mcm', 0.5, cost);
    expect(steps[1].missing).toMatch(/No OoD photos/);
    expect(steps[1].facts).toEqual([]);
    expect(steps[3].facts.find((f) => f.label.startsWith('cost per day'))?.value).toBe('—');
  });
});
