// "How many normal photos are enough?": AUROC and FPR95 of KNN and fused against the normal set's size (log axis),
// with the text score fused builds on as flat lines, so a person sees where more photos stop paying.
import type { EChartsOption } from 'echarts';
import { count, percent } from '../../lib/format';
import { ID_COLOUR } from '../palette';
import { wrappedLegend } from './axis';

export interface SizeCurveInput {
  points: { size: number; knn: { auroc: number; fpr95: number }; fused: { auroc: number; fpr95: number } }[];
  /** the text-only score on the same photos (fractions) */
  text?: { label: string; auroc: number; fpr95: number };
}

const KNN_COLOUR = '#8c6d31';
const TEXT_COLOUR = '#888888';

export function buildSizeCurveOption({ points, text }: SizeCurveInput): EChartsOption {
  const sizes = points.map((p) => p.size);
  const line = (name: string, colour: string, dashed: boolean, ys: number[], id: string) => ({
    type: 'line' as const,
    id,
    name,
    animation: false,
    symbolSize: 7,
    data: sizes.map((x, i) => [x, ys[i] * 100]),
    lineStyle: { color: colour, width: 2, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color: colour },
  });
  const series = [
    line(
      'fused AUROC',
      ID_COLOUR,
      false,
      points.map((p) => p.fused.auroc),
      'fused-auroc',
    ),
    line(
      'KNN AUROC',
      KNN_COLOUR,
      false,
      points.map((p) => p.knn.auroc),
      'knn-auroc',
    ),
    line(
      'fused FPR95',
      ID_COLOUR,
      true,
      points.map((p) => p.fused.fpr95),
      'fused-fpr95',
    ),
    line(
      'KNN FPR95',
      KNN_COLOUR,
      true,
      points.map((p) => p.knn.fpr95),
      'knn-fpr95',
    ),
  ];
  const flat = text
    ? [
        { ...flatLine(`${text.label} alone, AUROC`, text.auroc, sizes, false), id: 'text-auroc' },
        { ...flatLine(`${text.label} alone, FPR95`, text.fpr95, sizes, true), id: 'text-fpr95' },
      ]
    : [];
  const { legend, gridTop } = wrappedLegend(
    [...series, ...flat].map((s) => s.name),
    640,
  );
  return {
    animation: false,
    grid: { left: 56, right: 24, top: gridTop, bottom: 48 },
    legend,
    tooltip: {
      trigger: 'item',
      renderMode: 'richText', // canvas-drawn: the strict CSP refuses inline styles
      formatter: (p) => {
        const item = p as unknown as { seriesName: string; data: [number, number] };
        return `${item.seriesName}: ${percent(item.data[1] / 100)} at ${count(item.data[0])} photos`;
      },
    },
    xAxis: {
      type: 'log',
      min: Math.min(...sizes),
      max: Math.max(...sizes),
      name: 'photos in the normal set (log scale)',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { formatter: (v: number) => count(v) },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      // short: echarts lays the grid out around the axis names, and a name longer than the chart squashes it
      name: 'percent',
      nameLocation: 'middle',
      nameGap: 36,
    },
    series: [...series, ...flat],
  };
}

function flatLine(name: string, y: number, sizes: number[], dashed: boolean) {
  return {
    type: 'line' as const,
    name,
    silent: true,
    symbol: 'none',
    animation: false,
    data: [
      [Math.min(...sizes), y * 100],
      [Math.max(...sizes), y * 100],
    ],
    lineStyle: { color: TEXT_COLOUR, width: 1.5, type: dashed ? ('dotted' as const) : ('solid' as const) },
    itemStyle: { color: TEXT_COLOUR },
  };
}
