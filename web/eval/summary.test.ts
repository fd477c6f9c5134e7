import { describe, expect, it } from 'vitest';
import { chooseThreshold, costCurve, dailyCost, dailyCostAt, DEFAULT_COST, scoreSpan, summarise } from './summary';
import { sampleTable } from './testkit';
import type { EvalTable } from './types';

describe('summarise', () => {
  it('gives overall and per-set numbers, moving with the threshold', () => {
    const table = sampleTable(5);
    const lo = summarise(table, 'mcm', 0.3);
    const hi = summarise(table, 'mcm', 0.6);
    expect(lo.nId).toBe(40);
    expect(lo.nOod).toBe(40);
    expect(lo.perSet.map((s) => s.name)).toEqual(['oodA', 'oodB']);
    expect(lo.overall.metrics!.auroc).toBeGreaterThan(0.5);
    expect(lo.overall.confusion.tp + lo.overall.confusion.fn).toBe(40);
    expect(hi.overall.confusion.tn).toBeGreaterThan(lo.overall.confusion.tn);
    expect(lo.idAccuracy).not.toBeNull();
    expect(lo.nCorrect / lo.nLabelled).toBeCloseTo(lo.idAccuracy!, 12); // the count the screen shows beside it
    expect(lo.missing).toEqual([]);
  });

  it('with only normal photos still gives the distribution numbers and the TPR-95 threshold, and says what is missing', () => {
    const full = sampleTable(2);
    const table: EvalTable = { ...full, sets: full.sets.filter((s) => s.kind === 'id') };
    const s = summarise(table, 'mcm', 0.5);
    expect(s.overall.metrics).toBeNull();
    expect(s.overall.confusion.tp + s.overall.confusion.fn).toBe(40);
    expect(Number.isNaN(s.overall.confusion.detectionRate)).toBe(true);
    expect(s.missing.join(' ')).toMatch(/No "not normal" \(OoD\) photos/);
    const t = chooseThreshold('tpr95', table, 'mcm', DEFAULT_COST);
    expect('threshold' in t).toBe(true);
    expect(chooseThreshold('youden', table, 'mcm', DEFAULT_COST)).toEqual({
      reason: 'needs both normal and not-normal photos',
    });
    expect(costCurve(table, 'mcm', DEFAULT_COST)).toBeNull();
  });

  it('an empty table computes nothing and says so', () => {
    const table: EvalTable = { classes: [], scoreNames: ['mcm'], sets: [] };
    const s = summarise(table, 'mcm', 0);
    expect(s.missing.length).toBe(2);
    expect(chooseThreshold('tpr95', table, 'mcm', DEFAULT_COST)).toEqual({ reason: 'needs normal (ID) photos' });
  });

  it('the lowest-cost threshold is the cheapest point of the cost curve', () => {
    const table = sampleTable(9);
    const p = { photosPerDay: 500, costFalseAlarm: 2, costMiss: 30, abnormalShare: 0.1 };
    const c = costCurve(table, 'mcm', p)!;
    const t = chooseThreshold('cost', table, 'mcm', p) as { threshold: number };
    expect(t.threshold).toBe(c.best.threshold);
    const atBest = dailyCost(summarise(table, 'mcm', t.threshold).overall.confusion, p);
    expect(atBest.costPerDay).toBeCloseTo(c.best.cost, 9);
    for (const pt of c.curve) expect(pt.cost).toBeGreaterThanOrEqual(c.best.cost - 1e-9);
  });

  it('dailyCostAt is the cost of the pooled confusion at that threshold', () => {
    const table = sampleTable(9);
    const p = { photosPerDay: 500, costFalseAlarm: 2, costMiss: 30, abnormalShare: 0.1 };
    expect(dailyCostAt(table, 'mcm', 0.45, p)).toEqual(dailyCost(summarise(table, 'mcm', 0.45).overall.confusion, p));
  });

  it('scoreSpan: the TPR-95 threshold on the normal photos and the range of every score', () => {
    const table = sampleTable(3);
    const all = table.sets.flatMap((s) => s.scores.mcm);
    expect(scoreSpan(table, 'mcm')).toEqual({
      tpr95: (chooseThreshold('tpr95', table, 'mcm', DEFAULT_COST) as { threshold: number }).threshold,
      range: [Math.min(...all), Math.max(...all)],
    });
    const onlyOod: EvalTable = { ...table, sets: table.sets.filter((s) => s.kind === 'ood') };
    expect(scoreSpan(onlyOod, 'mcm').tpr95).toBeNull();
    expect(scoreSpan(table, 'nothing')).toEqual({ tpr95: null, range: null });
  });
});
