// One echarts instance per mounted chart (canvas renderer, so getDataURL works for the report). Renderers build the
// option; this only mounts, sizes and updates. Test hook: `data-points` = points per series, and a registry of
// instances by test id (`chartInstance(id)`, also window.__alignscopeCharts) for the report and e2e tests.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import {
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  LineChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  GraphicComponent,
  CanvasRenderer,
]);

export type ChartInstance = echarts.ECharts;

const registry = new Map<string, ChartInstance>();
declare global {
  interface Window {
    __alignscopeCharts?: Map<string, ChartInstance>;
  }
}
if (typeof window !== 'undefined') window.__alignscopeCharts = registry;

export function chartInstance(testId: string): ChartInstance | undefined {
  return registry.get(testId);
}

type AnySeries = { id?: string; data?: unknown[] };
const seriesOf = (o: EChartsOption | undefined): AnySeries[] =>
  !o?.series ? [] : ((Array.isArray(o.series) ? o.series : [o.series]) as AnySeries[]);

/** Points per series of an option with its patch merged by series id (what the e2e tests compare with the data). */
export function pointsPerSeries(option: EChartsOption, patch?: EChartsOption): number[] {
  const patched = new Map(
    seriesOf(patch)
      .filter((p) => p.id !== undefined && Array.isArray(p.data))
      .map((p) => [p.id, p.data!.length]),
  );
  return seriesOf(option).map((s) => patched.get(s.id) ?? (Array.isArray(s.data) ? s.data.length : 0));
}

export interface EChartProps {
  option: EChartsOption;
  /** What moves often (threshold line, operating point): merged by series id after `option`, without resetting the data. */
  patch?: EChartsOption;
  testId: string;
  height?: number;
  /** Called after each option update with the instance (e.g. to place a drag handle). */
  onRendered?: (chart: ChartInstance) => void;
  ariaLabel: string;
}

export function EChart({ option, patch, testId, height = 300, onRendered, ariaLabel }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const rendered = useRef(onRendered);
  rendered.current = onRendered;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    registry.set(testId, c);
    const ro = new ResizeObserver(() => {
      c.resize();
      rendered.current?.(c);
    });
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      registry.delete(testId);
      c.dispose();
      chart.current = null;
    };
  }, [testId]);

  const shown = useRef<EChartsOption | null>(null);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    if (shown.current !== option) {
      // series replaced wholesale (counts change between runs); graphic elements kept so a drag in progress survives.
      c.setOption(option, { replaceMerge: ['series'] });
      shown.current = option;
    }
    if (patch) c.setOption(patch);
    el.current?.setAttribute('data-points', JSON.stringify(pointsPerSeries(option, patch)));
    rendered.current?.(c);
  }, [option, patch]);

  return <div ref={el} data-testid={testId} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}
