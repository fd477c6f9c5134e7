import { describe, expect, it } from 'vitest';
import { binScores, buildHistogramOption, thresholdHandle } from './histogram';
import { buildRocOption, rocPointPatch } from './roc';
import { pointsPerSeries } from './EChart';
import { buildCostOption } from './cost';
import { drawnIndices, wrappedLegend } from './axis';

describe('histogram renderer', () => {
  it('bins every set over one range into shares that sum to 1, with the threshold line', () => {
    const input = {
      scoreLabel: 'MCM',
      id: [0.5, 0.6, 0.7, 0.9],
      ood: [{ name: 'far', scores: [0.1, 0.2] }],
      threshold: 0.45,
      bins: 10,
    };
    const b = binScores(input);
    expect(b.edges[0]).toBe(0.1);
    expect(b.edges[10]).toBeCloseTo(0.9, 12);
    for (const s of b.series) expect(s.share.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 12);
    const opt = buildHistogramOption(input) as {
      series: { data: unknown[]; markLine?: { data: { xAxis: number }[] } }[];
    };
    expect(opt.series.map((s) => s.data.length)).toEqual([10, 10]);
    expect(opt.series[0].markLine!.data[0].xAxis).toBe(0.45);
    // echarts rounds marker coordinates to `precision` (default 2) decimals: the line would sit off the threshold
    expect((opt.series[0].markLine as { precision?: number }).precision).toBeGreaterThanOrEqual(10);
  });

  it('an ID-only or empty input still draws', () => {
    expect(binScores({ scoreLabel: 's', id: [1, 1], ood: [], threshold: null }).series.length).toBe(1);
    expect(binScores({ scoreLabel: 's', id: [], ood: [], threshold: null }).series[0].n).toBe(0);
  });

  it('the drag handle turns pixels back into a clamped threshold', () => {
    const chart = {
      convertToPixel: (_: unknown, v: number) => v * 100,
      convertFromPixel: (_: unknown, p: number) => p / 100,
      getHeight: () => 300,
    };
    const moved: number[] = [];
    const [handle] = thresholdHandle(chart, 0.5, [0, 1], (t) => moved.push(t)) as {
      x: number;
      draggable: string;
      ondrag: (this: { x: number }) => void;
    }[];
    expect(handle.x).toBe(50);
    expect(handle.draggable).toBe('horizontal');
    handle.ondrag.call({ x: 73 });
    handle.ondrag.call({ x: 500 });
    expect(moved).toEqual([0.73, 1]);
  });
});

describe('a million scores (issue 13: an imported run of 1,000,000 rows blanked the page)', () => {
  it('bins them without spreading them into arguments (Maximum call stack size exceeded)', () => {
    const id = Array.from({ length: 600_000 }, (_, i) => i / 600_000);
    const ood = [{ name: 'o', scores: Array.from({ length: 600_000 }, (_, i) => -i / 600_000) }];
    const b = binScores({ scoreLabel: 's', id, ood, threshold: null });
    expect(b.edges[0]).toBeCloseTo(-1, 5);
    expect(b.edges[b.edges.length - 1]).toBeCloseTo(1, 5);
  });
});

describe('ROC and cost renderers', () => {
  it('draws each curve point and the operating point', () => {
    const opt = buildRocOption({
      curves: [{ name: 'all', fpr: [0, 0.5, 1], tpr: [0, 1, 1], auroc: 0.75 }],
      point: { fpr: 0.5, tpr: 1, threshold: 0.3 },
    }) as { series: { name: string; data: unknown[] }[] };
    expect(opt.series[0].data.length).toBe(3);
    expect(opt.series[0].name).toMatch(/AUROC 75.0 %/);
    expect(opt.series.at(-1)!.data).toEqual([[0.5, 1]]);
  });

  it('the operating point moves as a patch by series id; the curves are left alone', () => {
    const opt = buildRocOption({ curves: [{ name: 'all', fpr: [0, 0.5, 1], tpr: [0, 1, 1] }], point: null });
    const patch = rocPointPatch({ fpr: 0.5, tpr: 1, threshold: 0.3 }) as { series: { id: string; data: number[][] }[] };
    expect(patch.series).toHaveLength(1);
    expect(patch.series[0]).toMatchObject({ id: 'roc-point', data: [[0.5, 1]] });
    expect(pointsPerSeries(opt)).toEqual([3, 2, 0]);
    expect(pointsPerSeries(opt, patch as never)).toEqual([3, 2, 1]);
  });

  it('cost curve sorted by threshold with the cheapest marked', () => {
    const opt = buildCostOption({
      scoreLabel: 'MCM',
      curve: [
        { threshold: 2, cost: 5 },
        { threshold: 1, cost: 3 },
      ],
      best: { threshold: 1, cost: 3 },
      current: null,
    }) as {
      series: { data: number[][]; markPoint: { data: { coord: number[] }[] } }[];
    };
    expect(opt.series[0].data).toEqual([
      [1, 3],
      [2, 5],
    ]);
    expect(opt.series[0].markPoint.data[0].coord).toEqual([1, 3]);
  });
});

describe('chart text and size (issue 12)', () => {
  it('tooltips are drawn on the canvas (the strict CSP refuses the HTML tooltip inline styles)', () => {
    const hist = buildHistogramOption({
      scoreLabel: 'MCM',
      id: [0.1, 0.2],
      ood: [{ name: 'o', scores: [0.05] }],
      threshold: 0.1,
    });
    const roc = buildRocOption({ curves: [{ name: 'all', fpr: [0, 1], tpr: [0, 1] }], point: null });
    const cost = buildCostOption({ scoreLabel: 'MCM', curve: [{ threshold: 0, cost: 1 }], best: null, current: null });
    for (const o of [hist, roc, cost]) expect((o.tooltip as { renderMode?: string }).renderMode).toBe('richText');
  });
  it('legends wrap instead of scrolling, and the plot starts below them', () => {
    const one = wrappedLegend(['normal photos (60)', 'unusual (60)']);
    const many = wrappedLegend(Array.from({ length: 8 }, (_, i) => `TinyImageNet, unseen classes ${i} (1000)`));
    expect(one.legend.type).toBe('plain');
    expect(one.gridTop).toBe(40);
    expect(many.gridTop).toBeGreaterThan(100);
  });
  it('a million-point curve is drawn with at most 50,000 points, ends kept', () => {
    expect(drawnIndices(3)).toEqual([0, 1, 2]);
    const idx = drawnIndices(1_000_000);
    expect(idx.length).toBe(50_000);
    expect([idx[0], idx[idx.length - 1]]).toEqual([0, 999_999]);
  });
});
