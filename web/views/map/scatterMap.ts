/**
 * WebGL embedding map over regl-scatterplot (no React). Handles 100k+ points: positions and the two
 * per-point channels (colour index, flagged) go to the GPU once per draw; hover, lasso, pan and zoom
 * happen on the GPU/spatial index without touching the data again.
 */
import createScatterplot from 'regl-scatterplot';

export interface MapData {
  /** In [-1, 1] (see `normaliseToView`). */
  x: Float32Array;
  y: Float32Array;
  /** Integer colour index per point (into `colours`). */
  colour: Uint16Array | Uint8Array | Float32Array;
  /** 1 = flagged at the current threshold (drawn larger). */
  flagged: Uint8Array;
  colours: string[];
}

export interface MapCallbacks {
  onHover?: (index: number | null, screen: [number, number] | null) => void;
  onSelect?: (indices: number[]) => void;
}

export interface ScatterMap {
  draw(data: MapData): Promise<void>;
  /** Only the flags changed (threshold moved): redraw keeping the camera. */
  setFlagged(flagged: Uint8Array): Promise<void>;
  setMode(mode: 'panZoom' | 'lasso'): void;
  /** Programmatic hover (tests, keyboard): also fires onHover. */
  hover(index: number): void;
  select(indices: number[]): void;
  screenPosition(index: number): [number, number] | undefined;
  resetView(): Promise<void>;
  pointCount(): number;
  canvas: HTMLCanvasElement;
  destroy(): void;
}

const BASE_SIZE = 3;

export function createScatterMap(canvas: HTMLCanvasElement, callbacks: MapCallbacks = {}, options: { pointSize?: number; background?: string } = {}): ScatterMap {
  const base = options.pointSize ?? BASE_SIZE;
  const plot = createScatterplot({
    canvas,
    width: 'auto',
    height: 'auto',
    backgroundColor: options.background ?? '#ffffff',
    pointSize: [base, base * 2.2],
    sizeBy: 'valueB',
    colorBy: 'valueA',
    pointColorHover: '#000000',
    pointColorActive: '#ff00ff',
    pointSizeSelected: 2,
    opacity: 0.85,
    lassoColor: '#333333',
    deselectOnDblClick: true,
    deselectOnEscape: true,
  });
  let current: MapData | null = null;
  plot.subscribe('pointOver', (index: number) => callbacks.onHover?.(index, plot.getScreenPosition(index) ?? null));
  plot.subscribe('pointOut', () => callbacks.onHover?.(null, null));
  plot.subscribe('select', ({ points }: { points: number[] }) => callbacks.onSelect?.([...points]));
  plot.subscribe('deselect', () => callbacks.onSelect?.([]));

  const toPoints = (d: MapData) => ({
    x: d.x,
    y: d.y,
    valueA: d.colour,
    // Continuous channel in [0, 1]: 0 → normal size, 1 → enlarged.
    valueB: Float32Array.from(d.flagged),
  });

  return {
    canvas,
    async draw(data) {
      current = data;
      await plot.set({ pointColor: data.colours });
      await plot.draw(toPoints(data), { zDataType: 'categorical', wDataType: 'continuous', preventFilterReset: false });
    },
    async setFlagged(flagged) {
      if (!current) return;
      current = { ...current, flagged };
      await plot.draw(toPoints(current), { zDataType: 'categorical', wDataType: 'continuous' });
    },
    setMode(mode) {
      void plot.set({ mouseMode: mode });
    },
    hover(index) {
      plot.hover(index, { showReticleOnce: false });
      callbacks.onHover?.(index, plot.getScreenPosition(index) ?? null);
    },
    select(indices) {
      plot.select(indices);
    },
    screenPosition: (index) => plot.getScreenPosition(index),
    resetView: () => plot.reset(),
    pointCount: () => current?.x.length ?? 0,
    destroy: () => plot.destroy(),
  };
}
