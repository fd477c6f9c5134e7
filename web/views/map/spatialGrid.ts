/** Uniform grid over 2-D points for nearest-point queries (hover) without touching all 100k points. */

export class SpatialGrid {
  private readonly cellStart: Uint32Array;
  private readonly cellItems: Uint32Array;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;

  constructor(
    private readonly x: Float32Array,
    private readonly y: Float32Array,
    cellsPerSide = 256,
  ) {
    const n = x.length;
    let minX = Infinity,
      maxX = -Infinity,
      minY = Infinity,
      maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < minX) minX = x[i];
      if (x[i] > maxX) maxX = x[i];
      if (y[i] < minY) minY = y[i];
      if (y[i] > maxY) maxY = y[i];
    }
    if (n === 0) {
      minX = minY = 0;
      maxX = maxY = 1;
    }
    this.minX = minX;
    this.minY = minY;
    this.cell = Math.max(maxX - minX, maxY - minY, 1e-9) / cellsPerSide;
    this.cols = Math.floor((maxX - minX) / this.cell) + 1;
    this.rows = Math.floor((maxY - minY) / this.cell) + 1;
    const counts = new Uint32Array(this.cols * this.rows + 1);
    const cellOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      cellOf[i] = this.cellIndex(x[i], y[i]);
      counts[cellOf[i] + 1]++;
    }
    for (let c = 1; c < counts.length; c++) counts[c] += counts[c - 1];
    this.cellStart = counts;
    this.cellItems = new Uint32Array(n);
    const fill = counts.slice(0, -1);
    for (let i = 0; i < n; i++) this.cellItems[fill[cellOf[i]]++] = i;
  }

  private cellIndex(px: number, py: number): number {
    const cx = Math.min(this.cols - 1, Math.max(0, Math.floor((px - this.minX) / this.cell)));
    const cy = Math.min(this.rows - 1, Math.max(0, Math.floor((py - this.minY) / this.cell)));
    return cy * this.cols + cx;
  }

  /** Nearest point within `radius` (data units) of (px, py), among those `visible` accepts; −1 if none. */
  nearest(px: number, py: number, radius: number, visible?: (i: number) => boolean): number {
    const r = Math.max(0, Math.ceil(radius / this.cell));
    const cx = Math.floor((px - this.minX) / this.cell),
      cy = Math.floor((py - this.minY) / this.cell);
    let best = -1,
      bestD = radius * radius;
    for (let gy = Math.max(0, cy - r); gy <= Math.min(this.rows - 1, cy + r); gy++) {
      for (let gx = Math.max(0, cx - r); gx <= Math.min(this.cols - 1, cx + r); gx++) {
        const c = gy * this.cols + gx;
        for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) {
          const i = this.cellItems[k];
          const d = (this.x[i] - px) ** 2 + (this.y[i] - py) ** 2;
          if (d <= bestD && (!visible || visible(i))) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}

/** Indices of points inside a polygon (even–odd rule), polygon as [x0, y0, x1, y1, …] in the points' units. */
export function pointsInPolygon(x: Float32Array, y: Float32Array, polygon: number[]): number[] {
  const m = polygon.length / 2;
  if (m < 3) return [];
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let k = 0; k < m; k++) {
    minX = Math.min(minX, polygon[2 * k]);
    maxX = Math.max(maxX, polygon[2 * k]);
    minY = Math.min(minY, polygon[2 * k + 1]);
    maxY = Math.max(maxY, polygon[2 * k + 1]);
  }
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const px = x[i],
      py = y[i];
    if (px < minX || px > maxX || py < minY || py > maxY) continue;
    let inside = false;
    for (let a = 0, b = m - 1; a < m; b = a++) {
      const ax = polygon[2 * a],
        ay = polygon[2 * a + 1],
        bx = polygon[2 * b],
        by = polygon[2 * b + 1];
      if (ay > py !== by > py && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) inside = !inside;
    }
    if (inside) out.push(i);
  }
  return out;
}
