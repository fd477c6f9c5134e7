/** What the charts draw on their score axis: tick decimals and the threshold line. */
import { THRESHOLD_COLOUR } from '../palette';

/** Decimals that tell axis ticks apart over [lo, hi] (scores can sit in a narrow band, e.g. energy 15.51–15.53). */
export function axisDigits(lo: number, hi: number): number {
  const span = Math.abs(hi - lo);
  if (!(span > 0) || !Number.isFinite(span)) return 3;
  return Math.min(8, Math.max(0, Math.ceil(-Math.log10(span)) + 2));
}

/**
 * A vertical threshold line at score `x` (none when null) labelled `label`, as a series' `markLine`: the histogram's
 * threshold and the cost chart's current threshold draw the same line.
 */
export function thresholdLine(x: number | null, label: string) {
  return {
    markLine: {
      silent: true,
      symbol: 'none',
      precision: 12, // echarts rounds marker positions to 2 decimals by default
      animation: false,
      lineStyle: { color: THRESHOLD_COLOUR, width: 2, type: 'solid' as const },
      label: { formatter: x === null ? '' : label, position: 'insideEndTop' as const },
      data: x === null ? [] : [{ xAxis: x }],
    },
  };
}

/**
 * Most points a curve is drawn with: every point of the reference evaluation's ROC (~40,000) is drawn, but a run of
 * a million photos has a million-step ROC, which no screen can show and which stalls the chart.
 */
export const MAX_DRAWN_POINTS = 50_000;

/** Evenly spaced indices of `n` points, first and last kept: at most `max` of them (all when n ≤ max). */
export function drawnIndices(n: number, max = MAX_DRAWN_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

/**
 * A legend that wraps onto as many rows as its entries need, and the grid top that leaves room for it (a scrolling
 * legend cut names short: "mnist (1000(", "AUROC 6("). Rows are estimated from the names' lengths for a chart of
 * `width` px, the narrowest the screens draw, so a wider chart only has spare room.
 */
export function wrappedLegend(
  names: string[],
  width = 520,
): { legend: { top: number; type: 'plain' }; gridTop: number } {
  let rows = 1;
  let used = 0;
  for (const n of names) {
    const w = 34 + 6.6 * n.length; // icon, gap, text at 12 px
    if (used > 0 && used + w > width) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return { legend: { top: 4, type: 'plain' }, gridTop: 18 + rows * 22 };
}
