// Expected cost per day against the threshold, with the cheapest threshold and the current one.
import type { EChartsOption } from 'echarts';
import { decimal } from '../../lib/format';
import { axisDigits, drawnIndices, thresholdLine } from './axis';

export interface CostInput {
  scoreLabel: string;
  curve: { threshold: number; cost: number }[];
  best: { threshold: number; cost: number } | null;
  current: { threshold: number; cost: number } | null;
  currency?: string;
}

export function buildCostOption(input: CostInput): EChartsOption {
  const sorted = input.curve.map((p) => [p.threshold, p.cost]).sort((a, b) => a[0] - b[0]);
  const data = drawnIndices(sorted.length).map((k) => sorted[k]);
  const digits = data.length ? axisDigits(data[0][0], data[data.length - 1][0]) : 2;
  const money = (v: number) => `${input.currency ?? ''}${decimal(v, 2)}`;
  return {
    animation: false,
    grid: { left: 76, right: 24, top: 40, bottom: 48 },
    legend: { top: 4 },
    // richText: drawn on the canvas; the HTML tooltip's inline styles are refused by the strict CSP
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v) => `${money(Number(v))} / day` },
    xAxis: {
      type: 'value',
      scale: true,
      name: `threshold on ${input.scoreLabel}`,
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { formatter: (v: number) => decimal(v, digits) },
    },
    yAxis: {
      type: 'value',
      name: 'cost per day',
      nameLocation: 'middle',
      nameGap: 52,
      axisLabel: { formatter: (v: number) => money(v) },
    },
    series: [
      {
        type: 'line',
        id: 'cost',
        name: 'expected cost / day',
        step: 'start', // cost(t) for t in (t_k, t_k+1] is the cost at t_k+1: nothing scores in between
        symbol: 'none',
        animation: false,
        data,
        lineStyle: { color: '#1565c0', width: 2 },
        itemStyle: { color: '#1565c0' },
        markPoint: input.best
          ? {
              animation: false,
              symbol: 'pin',
              symbolSize: 36,
              itemStyle: { color: '#2e7d32' },
              label: { formatter: 'min', fontSize: 10 },
              data: [{ name: 'cheapest', coord: [input.best.threshold, input.best.cost], value: input.best.cost }],
            }
          : undefined,
        ...currentMarkLine(input.current, money),
      },
    ],
  };
}

function currentMarkLine(current: CostInput['current'], money: (v: number) => string) {
  return thresholdLine(current ? current.threshold : null, current ? `now ${money(current.cost)} / day` : '');
}

/** Only the current-threshold line, merged into a drawn cost chart (series id `cost`). */
export function costCurrentPatch(current: CostInput['current'], currency = ''): EChartsOption {
  return {
    series: [{ id: 'cost', ...currentMarkLine(current, (v) => `${currency}${decimal(v, 2)}`) }],
  } as EChartsOption;
}
