import { describe, expect, it } from 'vitest';
import { examplesAt, examplesStep, mergeExamples, type RunExamples } from './examples';
import type { ImageRecord } from './types';

const rec = (key: string, set: string, s: number): ImageRecord => ({
  runId: 'r',
  key,
  set,
  label: -1,
  predicted: 0,
  scores: { mcm: s, energy: -s },
});
const kindOf = (set: string) => (set === 'normal' ? 'id' : 'ood') as 'id' | 'ood';

describe('run examples', () => {
  it('keeps the K lowest normal, lowest and highest unknown photos per score over batches', () => {
    const b1 = [rec('n1', 'normal', 0.5), rec('n2', 'normal', 0.1), rec('u1', 'odd', 0.3), rec('u2', 'odd', 0.9)];
    const first = mergeExamples(undefined, b1, kindOf, 2);
    expect(first.next.byScore.mcm.lowId.map((p) => p.key)).toEqual(['n2', 'n1']);
    expect(first.next.byScore.mcm.lowOod.map((p) => p.key)).toEqual(['u1', 'u2']);
    expect(first.next.byScore.mcm.highOod.map((p) => p.key)).toEqual(['u2', 'u1']);
    expect(first.next.byScore.energy.lowId.map((p) => p.key)).toEqual(['n1', 'n2']); // energy = -mcm here
    expect(first.needThumb.sort()).toEqual(['n1', 'n2', 'u1', 'u2']);

    const withThumbs: RunExamples = { ...first.next, thumbs: { n1: 't1', n2: 't2', u1: 't3', u2: 't4' } };
    const b2 = [rec('n3', 'normal', 0.05), rec('u3', 'odd', 0.95), rec('u4', 'odd', 0.6)];
    const second = mergeExamples(withThumbs, b2, kindOf, 2);
    const mcm = second.next.byScore.mcm;
    expect(mcm.lowId.map((p) => p.key)).toEqual(['n3', 'n2']);
    expect(mcm.highOod.map((p) => p.key)).toEqual(['u3', 'u2']);
    expect(mcm.lowOod.map((p) => p.key)).toEqual(['u1', 'u4']);
    // thumbnails of photos still in some list are kept; new ones are asked for
    expect(second.next.thumbs.n2).toBe('t2');
    expect(second.needThumb.sort()).toEqual(['n3', 'u3', 'u4']);
  });

  it('at a threshold: caught, missed and false alarms (flagged = score below the threshold)', () => {
    const { next } = mergeExamples(
      undefined,
      [rec('n1', 'normal', 0.2), rec('n2', 'normal', 0.8), rec('u1', 'odd', 0.1), rec('u2', 'odd', 0.7)],
      kindOf,
    );
    const at = examplesAt(next, 'mcm', 0.5)!;
    expect(at.caught.map((p) => p.key)).toEqual(['u1']);
    expect(at.missed.map((p) => p.key)).toEqual(['u2']);
    expect(at.falseAlarms.map((p) => p.key)).toEqual(['n1']);
    expect(examplesAt(next, 'mcm', 0.7)!.missed.map((p) => p.key)).toEqual(['u2']); // at the threshold: kept
    expect(examplesAt(next, 'neglabel', 0.5)).toBeNull();
    expect(examplesAt(undefined, 'mcm', 0.5)).toBeNull();
  });
});

describe('the examples step', () => {
  it("gives the whole run's counts at the line beside the photos; without a run it says where examples come from", () => {
    const at = { caught: [], missed: [], falseAlarms: [] };
    const step = examplesStep(at, 5, true, { tn: 40, fp: 20, fn: 3, tp: 57 });
    expect(step.title).toBe('5 · The line, in photos');
    expect(step.facts.map((f) => f.value)).toEqual(['40 of 60', '20 of 60', '3 of 60']);
    expect(step.missing).toBeUndefined();
    expect(examplesStep(null, 5, false).missing).toMatch(/Run your own photos on the Evaluate screen/);
    expect(examplesStep(null, 5, true).missing).toMatch(/kept no example photos/);
  });
});
