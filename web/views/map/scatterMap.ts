/**
 * WebGL embedding map (no React), written for the app's strict CSP: regl (and so regl-scatterplot) builds its draw
 * calls with the Function constructor, which `script-src 'self'` without 'unsafe-eval' refuses. This renderer uses
 * plain WebGL: static vertex buffers (x, y, RGBA, flagged, selected) and a view transform uniform;
 * pan/zoom only change the uniform, so 100k points redraw without re-uploading. Hover uses a spatial grid, lasso a
 * polygon test; both run on the CPU in a few milliseconds.
 */
import {
  bindAttribute,
  createBuffers,
  linkProgram,
  parseHexColour,
  releaseGl,
  uploadStatic,
  webglContext,
} from '../gl';
import { pointsInPolygon, SpatialGrid } from './spatialGrid';

/** Points without an alpha in their colour are drawn a little translucent, so dense clusters show their density. */
const POINT_ALPHA = 0.85;

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
  /** Only the flags changed (threshold moved): re-upload one attribute, keep the camera. */
  setFlagged(flagged: Uint8Array): Promise<void>;
  setMode(mode: 'panZoom' | 'lasso'): void;
  /** Programmatic hover (tests, keyboard): also fires onHover. */
  hover(index: number): void;
  select(indices: number[]): void;
  /** CSS pixels relative to the canvas' top-left corner. */
  screenPosition(index: number): [number, number] | undefined;
  resetView(): Promise<void>;
  pointCount(): number;
  /** Frames drawn since creation (bench, tests). */
  framesDrawn(): number;
  canvas: HTMLCanvasElement;
  destroy(): void;
}

const VERTEX = `
attribute vec2 a_pos;
attribute vec4 a_colour;
attribute float a_flag;
attribute float a_selected;
uniform vec2 u_centre;
uniform vec2 u_scale;
uniform float u_size;
uniform float u_anySelected;
varying vec4 v_colour;
void main() {
  gl_Position = vec4((a_pos - u_centre) * u_scale, 0.0, 1.0);
  gl_PointSize = u_size * (1.0 + 1.2 * a_flag + 0.8 * a_selected);
  vec4 c = a_colour;
  float dim = u_anySelected > 0.5 && a_selected < 0.5 ? 0.25 : 1.0;
  v_colour = vec4(c.rgb, c.a * dim);
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 v_colour;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  float r = dot(d, d);
  if (r > 0.25) discard;
  gl_FragColor = vec4(v_colour.rgb * v_colour.a, v_colour.a);
}`;

export function createScatterMap(
  canvas: HTMLCanvasElement,
  callbacks: MapCallbacks = {},
  options: { pointSize?: number; background?: string } = {},
): ScatterMap {
  const gl = webglContext(
    canvas,
    { antialias: false, preserveDrawingBuffer: true, premultipliedAlpha: true, alpha: false },
    'map',
  );
  const program = linkProgram(gl, VERTEX, FRAGMENT, 'Map');
  const loc = {
    pos: gl.getAttribLocation(program, 'a_pos'),
    colour: gl.getAttribLocation(program, 'a_colour'),
    flag: gl.getAttribLocation(program, 'a_flag'),
    selected: gl.getAttribLocation(program, 'a_selected'),
    centre: gl.getUniformLocation(program, 'u_centre'),
    scale: gl.getUniformLocation(program, 'u_scale'),
    size: gl.getUniformLocation(program, 'u_size'),
    anySelected: gl.getUniformLocation(program, 'u_anySelected'),
  };
  const buffers = createBuffers(gl, ['pos', 'colour', 'flag', 'selected']);
  const bg = parseHexColour(options.background ?? '#ffffff', 1);
  const baseSize = options.pointSize ?? 4;

  // Overlay for the hover ring and the lasso path; it also receives the pointer events.
  const overlay = document.createElement('canvas');
  overlay.className = 'map-overlay';
  Object.assign(overlay.style, {
    position: 'absolute',
    left: '0',
    top: '0',
    width: '100%',
    height: '100%',
    touchAction: 'none',
    cursor: 'grab',
  });
  canvas.parentElement?.appendChild(overlay);
  const octx = overlay.getContext('2d')!;

  let data: MapData | null = null;
  let grid: SpatialGrid | null = null;
  let n = 0;
  let selected = new Uint8Array(0);
  let anySelected = false;
  let hovered = -1;
  let mode: 'panZoom' | 'lasso' = 'panZoom';
  const view = { cx: 0, cy: 0, zoom: 1 };
  let frames = 0;
  let dirty = false;
  let raf = 0;
  let destroyed = false;

  const dpr = () => window.devicePixelRatio || 1;
  const cssSize = () => ({ w: Math.max(1, canvas.clientWidth), h: Math.max(1, canvas.clientHeight) });
  /** Data → clip scale: keep aspect, the shorter side spans [-1, 1] at zoom 1. */
  const scale = () => {
    const { w, h } = cssSize();
    const s = Math.min(w, h);
    return [(view.zoom * s) / w, (view.zoom * s) / h] as const;
  };
  const toScreen = (x: number, y: number): [number, number] => {
    const { w, h } = cssSize();
    const [sx, sy] = scale();
    return [(((x - view.cx) * sx + 1) / 2) * w, ((1 - (y - view.cy) * sy) / 2) * h];
  };
  const toData = (px: number, py: number): [number, number] => {
    const { w, h } = cssSize();
    const [sx, sy] = scale();
    return [((px / w) * 2 - 1) / sx + view.cx, (1 - (py / h) * 2) / sy + view.cy];
  };

  const resize = () => {
    const { w, h } = cssSize();
    const W = Math.round(w * dpr()),
      H = Math.round(h * dpr());
    if (canvas.width !== W || canvas.height !== H) {
      canvas.width = W;
      canvas.height = H;
    }
    if (overlay.width !== W || overlay.height !== H) {
      overlay.width = W;
      overlay.height = H;
    }
    requestRender();
  };
  const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(resize) : null;
  observer?.observe(canvas);

  function render() {
    raf = 0;
    if (destroyed) return;
    dirty = false;
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(bg[0], bg[1], bg[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (n > 0) {
      gl.useProgram(program);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      bindAttribute(gl, buffers.pos, loc.pos, 2);
      // Per-point RGBA bytes rather than a palette uniform indexed in the shader: dynamic uniform indexing is slow
      // in software rasterisers (SwiftShader), and 4 bytes a point is nothing.
      bindAttribute(gl, buffers.colour, loc.colour, 4, true);
      bindAttribute(gl, buffers.flag, loc.flag, 1);
      bindAttribute(gl, buffers.selected, loc.selected, 1);
      const [sx, sy] = scale();
      gl.uniform2f(loc.centre, view.cx, view.cy);
      gl.uniform2f(loc.scale, sx, sy);
      gl.uniform1f(loc.size, baseSize * dpr());
      gl.uniform1f(loc.anySelected, anySelected ? 1 : 0);
      gl.drawArrays(gl.POINTS, 0, n);
    }
    frames++;
    drawOverlay();
  }
  function requestRender() {
    if (dirty || destroyed) return;
    dirty = true;
    raf = requestAnimationFrame(render);
  }

  let lasso: number[] = [];
  function drawOverlay() {
    const r = dpr();
    octx.setTransform(r, 0, 0, r, 0, 0);
    octx.clearRect(0, 0, overlay.width, overlay.height);
    if (hovered >= 0 && data) {
      const [px, py] = toScreen(data.x[hovered], data.y[hovered]);
      octx.strokeStyle = '#000';
      octx.lineWidth = 2;
      octx.beginPath();
      octx.arc(px, py, baseSize + 4, 0, Math.PI * 2);
      octx.stroke();
    }
    if (lasso.length >= 4) {
      octx.strokeStyle = '#333';
      octx.setLineDash([4, 3]);
      octx.lineWidth = 1.5;
      octx.beginPath();
      octx.moveTo(lasso[0], lasso[1]);
      for (let k = 2; k < lasso.length; k += 2) octx.lineTo(lasso[k], lasso[k + 1]);
      octx.closePath();
      octx.stroke();
      octx.setLineDash([]);
    }
  }

  function setHovered(i: number) {
    if (i === hovered) return;
    hovered = i;
    callbacks.onHover?.(i >= 0 ? i : null, i >= 0 && data ? toScreen(data.x[i], data.y[i]) : null);
    requestRender();
  }
  function setSelection(indices: number[], fire = true) {
    selected = new Uint8Array(n);
    for (const i of indices) if (i >= 0 && i < n) selected[i] = 1;
    anySelected = indices.length > 0;
    uploadStatic(gl, buffers.selected, Float32Array.from(selected));
    requestRender();
    if (fire) callbacks.onSelect?.(indices.filter((i) => i >= 0 && i < n));
  }

  // ---- pointer interaction
  let drag: { x: number; y: number; cx: number; cy: number } | null = null;
  const local = (e: PointerEvent | WheelEvent): [number, number] => {
    const r = overlay.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const onDown = (e: PointerEvent) => {
    overlay.setPointerCapture?.(e.pointerId);
    const [px, py] = local(e);
    if (mode === 'lasso' || e.shiftKey) {
      lasso = [px, py];
      return;
    }
    drag = { x: px, y: py, cx: view.cx, cy: view.cy };
    overlay.style.cursor = 'grabbing';
  };
  const onMove = (e: PointerEvent) => {
    const [px, py] = local(e);
    if (lasso.length) {
      lasso.push(px, py);
      requestRender();
      return;
    }
    if (drag) {
      const [sx, sy] = scale();
      const { w, h } = cssSize();
      view.cx = drag.cx - (((px - drag.x) / w) * 2) / sx;
      view.cy = drag.cy + (((py - drag.y) / h) * 2) / sy;
      setHovered(-1);
      requestRender();
      return;
    }
    if (!grid || !data) return;
    const [dx, dy] = toData(px, py);
    const [sx] = scale();
    const radius = (((baseSize + 4) / cssSize().w) * 2) / sx;
    setHovered(grid.nearest(dx, dy, radius));
  };
  const onUp = () => {
    if (lasso.length >= 6 && data) {
      const poly: number[] = [];
      for (let k = 0; k < lasso.length; k += 2) poly.push(...toData(lasso[k], lasso[k + 1]));
      setSelection(pointsInPolygon(data.x, data.y, poly));
    }
    lasso = [];
    drag = null;
    overlay.style.cursor = mode === 'lasso' ? 'crosshair' : 'grab';
    requestRender();
  };
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const [px, py] = local(e);
    const [bx, by] = toData(px, py);
    view.zoom = Math.min(500, Math.max(0.2, view.zoom * Math.exp(-e.deltaY * 0.0015)));
    const [ax, ay] = toData(px, py);
    view.cx += bx - ax;
    view.cy += by - ay;
    setHovered(-1);
    requestRender();
  };
  const onLeave = () => {
    if (!drag && !lasso.length) setHovered(-1);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && anySelected) setSelection([]);
  };
  overlay.addEventListener('pointerdown', onDown);
  overlay.addEventListener('pointermove', onMove);
  overlay.addEventListener('pointerup', onUp);
  overlay.addEventListener('pointercancel', onUp);
  overlay.addEventListener('pointerleave', onLeave);
  overlay.addEventListener('wheel', onWheel, { passive: false });
  overlay.addEventListener('dblclick', () => setSelection([]));
  window.addEventListener('keydown', onKey);
  resize();

  return {
    canvas,
    async draw(d) {
      data = d;
      n = d.x.length;
      const pos = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        pos[2 * i] = d.x[i];
        pos[2 * i + 1] = d.y[i];
      }
      uploadStatic(gl, buffers.pos, pos);
      const rgba = new Uint8Array(n * 4);
      const palette = d.colours.map((c) => parseHexColour(c, POINT_ALPHA).map((v) => Math.round(v * 255)));
      for (let i = 0; i < n; i++) rgba.set(palette[d.colour[i]] ?? [0, 0, 0, 255], i * 4);
      uploadStatic(gl, buffers.colour, rgba);
      uploadStatic(gl, buffers.flag, Float32Array.from(d.flagged));
      selected = new Uint8Array(n);
      anySelected = false;
      uploadStatic(gl, buffers.selected, new Float32Array(n));
      grid = new SpatialGrid(d.x, d.y);
      hovered = -1;
      resize();
      requestRender();
    },
    async setFlagged(flagged) {
      if (!data || flagged.length !== n) return;
      data = { ...data, flagged };
      uploadStatic(gl, buffers.flag, Float32Array.from(flagged));
      requestRender();
    },
    setMode(m) {
      mode = m;
      overlay.style.cursor = m === 'lasso' ? 'crosshair' : 'grab';
    },
    hover: (i) => setHovered(i),
    select: (indices) => setSelection(indices),
    screenPosition: (i) => (data && i >= 0 && i < n ? toScreen(data.x[i], data.y[i]) : undefined),
    async resetView() {
      view.cx = 0;
      view.cy = 0;
      view.zoom = 1;
      requestRender();
    },
    pointCount: () => n,
    framesDrawn: () => frames,
    destroy() {
      destroyed = true;
      if (raf) cancelAnimationFrame(raf);
      observer?.disconnect();
      window.removeEventListener('keydown', onKey);
      overlay.remove();
      releaseGl(gl, program, buffers);
    },
  };
}
