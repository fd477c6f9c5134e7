import { describe, expect, it } from 'vitest';
import { reportLines } from './report';
import { dailyCost, DEFAULT_COST, STRATEGY_LABELS, summarise } from './summary';
import { sampleTable } from './testkit';

describe('reportLines', () => {
  it('names the score, threshold and strategy, then the counts, the pooled and per-set numbers, and the cost when given', () => {
    const summary = summarise(sampleTable(4), 'mcm', 0.5);
    const lines = reportLines({ scoreLabel: 'MCM', summary, strategy: 'youden', cost: null });
    expect(lines[0]).toBe(`Score: MCM · threshold ${(0.5).toPrecision(6)} (${STRATEGY_LABELS.youden})`);
    expect(lines[1]).toMatch(/^Normal photos: 40 · not normal: 40 · ID accuracy \d+\.\d\d %$/);
    expect(lines.filter((l) => l.startsWith('  '))).toHaveLength(summary.perSet.length);
    expect(lines).toHaveLength(4 + summary.perSet.length + summary.missing.length);
    const cost = dailyCost(summary.overall.confusion, DEFAULT_COST);
    const withCost = reportLines({ scoreLabel: 'MCM', summary, strategy: 'youden', cost });
    expect(withCost).toContain(
      `Cost: ${cost.falseAlarmsPerDay.toFixed(1)} false alarms/day, ${cost.missesPerDay.toFixed(1)} misses/day, ${cost.costPerDay.toFixed(2)} per day`,
    );
  });
});
