// Colours shared by the evaluation charts: normal photos green, each OoD set its own warm colour, threshold dark.
export const ID_COLOUR = '#2e7d32';
const OOD_COLOURS = ['#d84315', '#6a1b9a', '#c62828', '#ef6c00', '#4527a0', '#ad1457', '#5d4037'];
export const THRESHOLD_COLOUR = '#263238';

export function oodColour(i: number): string {
  return OOD_COLOURS[i % OOD_COLOURS.length];
}

export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : x.toFixed(digits);
}

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
