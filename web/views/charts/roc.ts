// ROC curves (ID positive: TPR = normal photos kept, FPR = not-normal photos let through) with the current operating point.
import { setLabel } from '../../eval/setNames';
import type { EChartsOption } from 'echarts';
import { decimal, percent } from '../../lib/format';
import { ID_COLOUR, oodColour, THRESHOLD_COLOUR } from '../palette';
import { drawnIndices, wrappedLegend } from './axis';

export interface RocInputCurve {
  name: string;
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
  auroc?: number;
}

export interface RocInput {
  /** The pooled curve (all OoD sets) first, then one per set; empty when there is no OoD or no ID side. */
  curves: RocInputCurve[];
  /** Where the current threshold sits on the pooled curve. */
  point: { fpr: number; tpr: number; threshold: number } | null;
}

export function buildRocOption(input: RocInput): EChartsOption {
  const curveSeries = input.curves.map((c, i) => ({
    type: 'line' as const,
    id: `roc-${i}`,
    name: c.auroc === undefined ? setLabel(c.name) : `${setLabel(c.name)} · AUROC ${percent(c.auroc)}`,
    symbol: 'none',
    animation: false,
    data: drawnIndices(c.fpr.length).map((k) => [c.fpr[k], c.tpr[k]]),
    lineStyle: {
      width: i === 0 ? 2.5 : 1.2,
      color: i === 0 ? ID_COLOUR : oodColour(i - 1),
      type: i === 0 ? ('solid' as const) : ('dashed' as const),
    },
    itemStyle: { color: i === 0 ? ID_COLOUR : oodColour(i - 1) },
  }));
  const chance = {
    type: 'line' as const,
    id: 'roc-chance',
    name: 'chance',
    silent: true,
    symbol: 'none',
    data: [
      [0, 0],
      [1, 1],
    ],
    lineStyle: { color: '#bbb', type: 'dotted' as const },
    itemStyle: { color: '#bbb' },
    animation: false,
  };
  const point = {
    type: 'scatter' as const,
    id: 'roc-point',
    name: 'threshold',
    symbolSize: 14,
    animation: false,
    itemStyle: { color: THRESHOLD_COLOUR },
    z: 10,
    ...pointData(input.point),
  };
  const { legend, gridTop } = wrappedLegend([...curveSeries.map((s) => s.name), chance.name, point.name]);
  return {
    animation: false,
    grid: { left: 64, right: 24, top: gridTop, bottom: 48 },
    legend,
    tooltip: { trigger: 'item', renderMode: 'richText' }, // canvas-drawn: the strict CSP refuses inline styles
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'not-normal photos let through (FPR)',
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { type: 'value', min: 0, max: 1, name: 'normal photos kept (TPR)', nameLocation: 'middle', nameGap: 36 },
    series: [...curveSeries, chance, point],
  };
}

function pointData(point: RocInput['point']) {
  return {
    data: point ? [[point.fpr, point.tpr]] : [],
    label: {
      show: !!point,
      position: point && point.fpr > 0.6 ? ('left' as const) : ('right' as const), // keep the label inside the plot
      formatter: point ? `t = ${decimal(point.threshold)}\nTPR ${percent(point.tpr)} · FPR ${percent(point.fpr)}` : '',
      // two lines need their own height and a backing, or they overlap each other and the curves
      lineHeight: 16,
      backgroundColor: 'rgba(255, 255, 255, 0.9)',
      padding: [2, 4],
    },
  };
}

/** Only the operating point, merged into a drawn ROC (series id `roc-point`): the curves are not touched. */
export function rocPointPatch(point: RocInput['point']): EChartsOption {
  return { series: [{ id: 'roc-point', ...pointData(point) }] } as EChartsOption;
}
