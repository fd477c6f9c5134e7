/**
 * Rotatable 3-D view of embeddings on the unit sphere (echarts-gl scatter3D over a faint wireframe
 * sphere). Renderer only: the caller projects to 3 dims and normalises (see `toUnitSphere`).
 */
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Scatter3DChart, SurfaceChart } from 'echarts-gl/charts';
import { Grid3DComponent } from 'echarts-gl/components';

echarts.use([CanvasRenderer, Scatter3DChart, SurfaceChart, Grid3DComponent]);

export interface SphereSeries {
  name: string;
  colour: string;
  /** m × 3 row-major points on the unit sphere. */
  points: Float32Array;
  /** Hover label per point (file name or prompt). */
  labels: string[];
  size?: number;
  symbol?: 'circle' | 'triangle' | 'diamond' | 'rect';
}

export interface SphereChart {
  setSeries(series: SphereSeries[], title?: string): void;
  /** PNG data URL of the current view (for export and pixel checks). */
  toDataURL(): string;
  resize(): void;
  pointCount(): number;
  destroy(): void;
}

/** Put 3-D coordinates back on the unit sphere (directions only), in place. */
export function toUnitSphere(coords: Float32Array): Float32Array {
  for (let i = 0; i < coords.length; i += 3) {
    const n = Math.hypot(coords[i], coords[i + 1], coords[i + 2]) || 1;
    coords[i] /= n; coords[i + 1] /= n; coords[i + 2] /= n;
  }
  return coords;
}

export function sphereOption(series: SphereSeries[], title = ''): Record<string, unknown> {
  const axis = { min: -1.05, max: 1.05, show: false };
  return {
    backgroundColor: '#ffffff',
    title: title ? { text: title, left: 'center', textStyle: { fontSize: 13, fontWeight: 'normal' } } : undefined,
    tooltip: { show: true, formatter: (p: { seriesName: string; value: unknown[] }) => `${p.seriesName}<br/>${String(p.value[3] ?? '')}` },
    legend: { show: false },
    grid3D: {
      show: true,
      boxWidth: 100, boxHeight: 100, boxDepth: 100,
      axisLine: { show: false }, axisTick: { show: false }, axisLabel: { show: false }, splitLine: { show: false }, axisPointer: { show: false },
      viewControl: { autoRotate: false, distance: 220, alpha: 20, beta: 30 },
      environment: '#ffffff',
    },
    xAxis3D: axis, yAxis3D: axis, zAxis3D: axis,
    series: [
      {
        type: 'surface',
        parametric: true,
        silent: true,
        wireframe: { show: true, lineStyle: { color: 'rgba(0,0,0,0.12)', width: 1 } },
        itemStyle: { color: 'rgba(240,240,240,0.05)', opacity: 0.05 },
        shading: 'color',
        parametricEquation: {
          u: { min: 0, max: Math.PI * 2, step: Math.PI / 12 },
          v: { min: 0, max: Math.PI, step: Math.PI / 12 },
          x: (u: number, v: number) => Math.sin(v) * Math.cos(u),
          y: (u: number, v: number) => Math.sin(v) * Math.sin(u),
          z: (_u: number, v: number) => Math.cos(v),
        },
      },
      ...series.map((s) => ({
        type: 'scatter3D',
        name: s.name,
        symbol: s.symbol ?? 'circle',
        symbolSize: s.size ?? 4,
        itemStyle: { color: s.colour, opacity: 0.9 },
        emphasis: { label: { show: false } },
        data: Array.from({ length: s.points.length / 3 }, (_, i) => [s.points[3 * i], s.points[3 * i + 1], s.points[3 * i + 2], s.labels[i] ?? '']),
      })),
    ],
  };
}

export function createSphereChart(el: HTMLElement): SphereChart {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  let count = 0;
  return {
    setSeries(series, title) {
      count = series.reduce((a, s) => a + s.points.length / 3, 0);
      chart.setOption(sphereOption(series, title) as echarts.EChartsCoreOption, { notMerge: true });
    },
    toDataURL: () => chart.getDataURL({ type: 'png', backgroundColor: '#ffffff', pixelRatio: 1 }),
    resize: () => chart.resize(),
    pointCount: () => count,
    destroy: () => chart.dispose(),
  };
}
