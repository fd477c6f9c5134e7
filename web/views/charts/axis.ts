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
