// Score histograms of the normal photos vs each OoD set, with the threshold as a line that can be dragged.
// Pure option builders (no React); the drag handle needs pixel positions, so `thresholdHandle` takes the chart's
// coordinate converters and the component wires it.
import { setLabel } from '../../eval/setNames';
import type { EChartsOption } from 'echarts';
import { decimal, percent } from '../../lib/format';
import { ID_COLOUR, oodColour } from '../palette';
import { axisDigits, thresholdLine, wrappedLegend } from './axis';

export interface HistogramInput {
  scoreLabel: string;
  id: number[];
  ood: { name: string; scores: number[] }[];
  threshold: number | null;
  bins?: number;
  /** The narrowest width the chart is drawn at, for the legend's rows (wrappedLegend); default 520 px. */
  legendWidth?: number;
}

export interface Binned {
  edges: number[];
  centers: number[];
  /** Per series, the share of its photos in each bin (so sets of different sizes compare). */
  series: { name: string; kind: 'id' | 'ood'; n: number; share: number[] }[];
}

export const DEFAULT_BINS = 40;

export function binScores(input: HistogramInput): Binned {
  const bins = input.bins ?? DEFAULT_BINS;
  const all = [...input.id, ...input.ood.flatMap((s) => s.scores)].filter(Number.isFinite);
  // a loop, not Math.min(...all): spreading a million scores into arguments overflows the stack (issue 13)
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of all) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!all.length) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const centers = edges.slice(0, -1).map((e) => e + width / 2);
  const share = (values: number[]) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
    }
    return counts.map((c) => (values.length ? c / values.length : 0));
  };
  const series: Binned['series'] = [];
  if (input.id.length || !input.ood.length)
    series.push({ name: 'normal (ID)', kind: 'id', n: input.id.length, share: share(input.id) });
  for (const s of input.ood) series.push({ name: s.name, kind: 'ood', n: s.scores.length, share: share(s.scores) });
  return { edges, centers, series };
}

export function buildHistogramOption(input: HistogramInput): EChartsOption {
  const binned = binScores(input);
  const digits = axisDigits(binned.edges[0], binned.edges[binned.edges.length - 1]);
  let oodIndex = 0;
  const series = binned.series.map((s, i) => {
    const colour = s.kind === 'id' ? ID_COLOUR : oodColour(oodIndex++);
    return {
      type: 'line' as const,
      name: `${setLabel(s.name)} (${s.n})`,
      step: 'middle' as const,
      symbol: 'none',
      data: binned.centers.map((c, k) => [c, s.share[k]]),
      lineStyle: { color: colour, width: 1.5 },
      itemStyle: { color: colour },
      areaStyle: { color: colour, opacity: 0.22 },
      animation: false,
      id: `hist-${i}`,
      ...(i === 0 ? thresholdMarkLine(input.threshold, digits) : {}),
    };
  });
  const { legend, gridTop } = wrappedLegend(
    series.map((s) => s.name),
    input.legendWidth,
  );
  return {
    animation: false,
    grid: { left: 64, right: 24, top: gridTop, bottom: 48 },
    legend,
    // richText: drawn on the canvas; the HTML tooltip's inline styles are refused by the strict CSP
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v) => percent(Number(v)) },
    xAxis: {
      type: 'value',
      name: `${input.scoreLabel} (higher = more normal)`,
      nameLocation: 'middle',
      nameGap: 28,
      min: binned.edges[0],
      max: binned.edges[binned.edges.length - 1],
      axisLabel: { formatter: (v: number) => decimal(v, digits) },
    },
    yAxis: {
      type: 'value',
      name: 'share of photos',
      nameLocation: 'middle',
      nameGap: 40,
      axisLabel: { formatter: (v: number) => percent(v, 0) },
    },
    series,
  };
}

function thresholdMarkLine(threshold: number | null, digits: number) {
  return thresholdLine(threshold, threshold === null ? '' : `threshold ${threshold.toFixed(digits + 1)}`);
}

/**
 * Only the threshold line, merged into a drawn histogram (series id `hist-0`): moving the threshold re-bins nothing.
 * `range` is the score axis (bins' first and last edge), for the label's decimals.
 */
export function histogramThresholdPatch(threshold: number | null, range: readonly [number, number]): EChartsOption {
  return {
    series: [{ id: 'hist-0', ...thresholdMarkLine(threshold, axisDigits(range[0], range[1])) }],
  } as EChartsOption;
}

/** What the component needs from an echarts instance to place and read the handle (kept minimal for tests). */
export interface PixelConverter {
  convertToPixel(finder: { xAxisIndex: number }, value: number): number;
  convertFromPixel(finder: { xAxisIndex: number }, pixel: number): number;
  getHeight(): number;
}

export const HANDLE_ID = 'threshold-handle';

/**
 * A transparent, wide, horizontally draggable rect over the threshold line: dragging it calls `onMove` with the
 * threshold under the pointer (clamped to the axis), so the line, ROC point and confusion matrix follow live.
 */
export function thresholdHandle(
  chart: PixelConverter,
  threshold: number,
  range: [number, number],
  onMove: (threshold: number) => void,
): EChartsOption['graphic'] {
  const x = chart.convertToPixel({ xAxisIndex: 0 }, threshold);
  const top = 40;
  const height = Math.max(0, chart.getHeight() - top - 48);
  return [
    {
      type: 'rect',
      id: HANDLE_ID,
      x,
      y: 0,
      shape: { x: -7, y: top, width: 14, height },
      style: { fill: 'rgba(38,50,56,0.08)', stroke: 'rgba(38,50,56,0.35)', lineWidth: 1 },
      cursor: 'ew-resize',
      draggable: 'horizontal',
      z: 100,
      ondrag(this: { x: number }) {
        const value = chart.convertFromPixel({ xAxisIndex: 0 }, this.x);
        onMove(Math.min(range[1], Math.max(range[0], value)));
      },
    },
  ] as EChartsOption['graphic'];
}
