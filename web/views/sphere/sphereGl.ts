/**
 * Rotatable 3-D view of embeddings on the unit sphere, in plain WebGL. echarts-gl cannot run under the app's CSP:
 * its post-effect compositor (claygl) builds functions from strings with the Function constructor when any 3-D chart
 * is created, and `script-src 'self'` refuses that. Points are drawn with depth (far side dimmed) over a faint
 * latitude/longitude wireframe; drag rotates, wheel zooms, hover names the point.
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

/** Points are drawn a little translucent, so dense clusters show their density. */
const POINT_ALPHA = 0.9;

export interface SphereSeries {
  name: string;
  colour: string;
  /** m × 3 row-major points on the unit sphere. */
  points: Float32Array;
  /** Hover label per point (file name or prompt). */
  labels: string[];
  size?: number;
  symbol?: 'circle' | 'diamond';
}

export interface SphereChart {
  setSeries(series: SphereSeries[], title?: string): void;
  /** PNG data URL of the current view (export, pixel checks). */
  toDataURL(): string;
  resize(): void;
  pointCount(): number;
  /** Turn the view (radians), as a drag does. */
  rotate(yaw: number, pitch: number): void;
  destroy(): void;
}

/** Put 3-D coordinates back on the unit sphere (directions only), in place. */
export function toUnitSphere(coords: Float32Array): Float32Array {
  for (let i = 0; i < coords.length; i += 3) {
    const n = Math.hypot(coords[i], coords[i + 1], coords[i + 2]) || 1;
    coords[i] /= n;
    coords[i + 1] /= n;
    coords[i + 2] /= n;
  }
  return coords;
}

/** Rotation (yaw about y, then pitch about x) applied to a point; column-major 3×3 for the shader. */
export function rotationMatrix(yaw: number, pitch: number): Float32Array {
  const cy = Math.cos(yaw),
    sy = Math.sin(yaw),
    cp = Math.cos(pitch),
    sp = Math.sin(pitch);
  // R = Rx(pitch) · Ry(yaw)
  return new Float32Array([cy, sp * sy, -cp * sy, 0, cp, sp, sy, -sp * cy, cp * cy]);
}

export function rotate(m: Float32Array, x: number, y: number, z: number): [number, number, number] {
  return [m[0] * x + m[3] * y + m[6] * z, m[1] * x + m[4] * y + m[7] * z, m[2] * x + m[5] * y + m[8] * z];
}

const VERTEX = `
attribute vec3 a_pos;
attribute vec4 a_colour;
attribute float a_size;
uniform mat3 u_rot;
uniform vec2 u_scale;
uniform float u_dpr;
varying vec4 v_colour;
varying float v_diamond;
void main() {
  vec3 p = u_rot * a_pos;
  gl_Position = vec4(p.xy * u_scale, -p.z * 0.5, 1.0);
  float front = p.z >= 0.0 ? 1.0 : 0.35;
  gl_PointSize = abs(a_size) * u_dpr * (0.85 + 0.25 * p.z);
  v_colour = vec4(a_colour.rgb, a_colour.a * front);
  v_diamond = a_size < 0.0 ? 1.0 : 0.0;
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 v_colour;
varying float v_diamond;
uniform float u_lines;
void main() {
  if (u_lines < 0.5) {
    vec2 d = abs(gl_PointCoord - vec2(0.5));
    if (v_diamond > 0.5 ? (d.x + d.y > 0.5) : (dot(d, d) > 0.25)) discard;
  }
  gl_FragColor = vec4(v_colour.rgb * v_colour.a, v_colour.a);
}`;

function wireframe(): Float32Array {
  const out: number[] = [];
  const seg = 48;
  const circle = (f: (t: number) => [number, number, number]) => {
    for (let k = 0; k < seg; k++) out.push(...f((2 * Math.PI * k) / seg), ...f((2 * Math.PI * (k + 1)) / seg));
  };
  for (let lat = -60; lat <= 60; lat += 30) {
    const r = Math.cos((lat * Math.PI) / 180),
      y = Math.sin((lat * Math.PI) / 180);
    circle((t) => [r * Math.cos(t), y, r * Math.sin(t)]);
  }
  for (let lon = 0; lon < 180; lon += 30) {
    const a = (lon * Math.PI) / 180;
    circle((t) => [Math.cos(t) * Math.cos(a), Math.sin(t), Math.cos(t) * Math.sin(a)]);
  }
  return new Float32Array(out);
}

export function createSphereChart(container: HTMLElement): SphereChart {
  container.style.position = 'relative';
  const canvas = document.createElement('canvas');
  Object.assign(canvas.style, { width: '100%', height: '100%', display: 'block', touchAction: 'none', cursor: 'grab' });
  container.appendChild(canvas);
  const title = document.createElement('div');
  Object.assign(title.style, {
    position: 'absolute',
    top: '4px',
    left: '0',
    right: '0',
    textAlign: 'center',
    fontSize: '13px',
    color: '#222',
    pointerEvents: 'none',
  });
  const legend = document.createElement('ul');
  Object.assign(legend.style, {
    position: 'absolute',
    top: '4px',
    right: '4px',
    listStyle: 'none',
    margin: '0',
    padding: '4px',
    fontSize: '11px',
    background: '#fffd',
    color: '#222',
    pointerEvents: 'none',
  });
  const tip = document.createElement('div');
  tip.setAttribute('data-testid', 'sphere-tooltip');
  Object.assign(tip.style, {
    position: 'absolute',
    display: 'none',
    background: '#fff',
    color: '#111',
    border: '1px solid #999',
    padding: '4px 6px',
    fontSize: '12px',
    pointerEvents: 'none',
  });
  container.append(title, legend, tip);

  const gl = webglContext(canvas, { antialias: true, preserveDrawingBuffer: true, alpha: false }, 'sphere');
  const program = linkProgram(gl, VERTEX, FRAGMENT, 'Sphere');
  const loc = {
    pos: gl.getAttribLocation(program, 'a_pos'),
    colour: gl.getAttribLocation(program, 'a_colour'),
    size: gl.getAttribLocation(program, 'a_size'),
    rot: gl.getUniformLocation(program, 'u_rot'),
    scale: gl.getUniformLocation(program, 'u_scale'),
    dpr: gl.getUniformLocation(program, 'u_dpr'),
    lines: gl.getUniformLocation(program, 'u_lines'),
  };
  const wire = wireframe();
  const buf = createBuffers(gl, ['pos', 'colour', 'size', 'wire']);
  uploadStatic(gl, buf.wire, wire);

  let points = new Float32Array(0);
  let labels: string[] = [];
  let names: string[] = [];
  let n = 0;
  // Facing +x (the centroid bisector with the 'gap' axes), tilted a little so the sphere reads as 3-D.
  const view = { yaw: -Math.PI / 2 + 0.35, pitch: 0.3, zoom: 1 };
  let raf = 0;
  let destroyed = false;

  const size = () => ({ w: Math.max(1, container.clientWidth), h: Math.max(1, container.clientHeight) });
  const scale = (): [number, number] => {
    const { w, h } = size();
    const s = 0.8 * view.zoom * Math.min(w, h);
    return [s / w, s / h];
  };
  const render = () => {
    raf = 0;
    if (destroyed) return;
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = size();
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(1, 1, 1, 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.useProgram(program);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.uniformMatrix3fv(loc.rot, false, rotationMatrix(view.yaw, view.pitch));
    gl.uniform2f(loc.scale, ...scale());
    gl.uniform1f(loc.dpr, dpr);
    // wireframe: constant colour and size through disabled attributes
    gl.uniform1f(loc.lines, 1);
    bindAttribute(gl, buf.wire, loc.pos, 3);
    gl.disableVertexAttribArray(loc.colour);
    gl.vertexAttrib4f(loc.colour, 0, 0, 0, 0.18);
    gl.disableVertexAttribArray(loc.size);
    gl.vertexAttrib1f(loc.size, 1);
    gl.drawArrays(gl.LINES, 0, wire.length / 3);
    if (n > 0) {
      gl.uniform1f(loc.lines, 0);
      gl.enable(gl.DEPTH_TEST);
      bindAttribute(gl, buf.pos, loc.pos, 3);
      bindAttribute(gl, buf.colour, loc.colour, 4);
      bindAttribute(gl, buf.size, loc.size, 1);
      gl.drawArrays(gl.POINTS, 0, n);
      gl.disable(gl.DEPTH_TEST);
    }
  };
  const request = () => {
    if (!raf && !destroyed) raf = requestAnimationFrame(render);
  };
  const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(request) : null;
  observer?.observe(container);

  const screenOf = (i: number): [number, number, number] => {
    const m = rotationMatrix(view.yaw, view.pitch);
    const [x, y, z] = rotate(m, points[3 * i], points[3 * i + 1], points[3 * i + 2]);
    const [sx, sy] = scale();
    const { w, h } = size();
    return [((x * sx + 1) / 2) * w, ((1 - y * sy) / 2) * h, z];
  };
  let drag: { x: number; y: number; yaw: number; pitch: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture?.(e.pointerId);
    drag = { x: e.clientX, y: e.clientY, yaw: view.yaw, pitch: view.pitch };
    canvas.style.cursor = 'grabbing';
  });
  canvas.addEventListener('pointerup', () => {
    drag = null;
    canvas.style.cursor = 'grab';
  });
  canvas.addEventListener('pointermove', (e) => {
    if (drag) {
      view.yaw = drag.yaw + (e.clientX - drag.x) * 0.01;
      view.pitch = Math.max(-1.5, Math.min(1.5, drag.pitch + (e.clientY - drag.y) * 0.01));
      tip.style.display = 'none';
      request();
      return;
    }
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left,
      py = e.clientY - r.top;
    let best = -1,
      bestD = 64,
      bestZ = -Infinity;
    for (let i = 0; i < n; i++) {
      const [x, y, z] = screenOf(i);
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestD || (d === bestD && z > bestZ)) {
        best = i;
        bestD = d;
        bestZ = z;
      }
    }
    if (best < 0) {
      tip.style.display = 'none';
      return;
    }
    tip.textContent = `${names[best]}: ${labels[best]}`;
    Object.assign(tip.style, { display: 'block', left: `${px + 10}px`, top: `${py + 10}px` });
  });
  canvas.addEventListener('pointerleave', () => {
    tip.style.display = 'none';
  });
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      view.zoom = Math.min(4, Math.max(0.5, view.zoom * Math.exp(-e.deltaY * 0.0015)));
      request();
    },
    { passive: false },
  );

  return {
    setSeries(series, text) {
      n = series.reduce((a, s) => a + s.points.length / 3, 0);
      points = new Float32Array(n * 3);
      const colour = new Float32Array(n * 4);
      const sizes = new Float32Array(n);
      labels = [];
      names = [];
      let o = 0;
      for (const s of series) {
        const m = s.points.length / 3;
        points.set(s.points, o * 3);
        const c = parseHexColour(s.colour, POINT_ALPHA);
        for (let k = 0; k < m; k++) {
          colour.set(c, (o + k) * 4);
          sizes[o + k] = (s.size ?? 4) * (s.symbol === 'diamond' ? -1 : 1);
          labels.push(s.labels[k] ?? '');
          names.push(s.name);
        }
        o += m;
      }
      for (const [b, data] of [
        [buf.pos, points],
        [buf.colour, colour],
        [buf.size, sizes],
      ] as const)
        uploadStatic(gl, b, data);
      title.textContent = text ?? '';
      legend.replaceChildren(
        ...series.map((s) => {
          const li = document.createElement('li');
          const sw = document.createElement('span');
          Object.assign(sw.style, {
            display: 'inline-block',
            width: '9px',
            height: '9px',
            marginRight: '4px',
            background: s.colour,
            transform: s.symbol === 'diamond' ? 'rotate(45deg)' : '',
          });
          li.append(sw, `${s.name} (${s.points.length / 3})`);
          return li;
        }),
      );
      request();
    },
    toDataURL: () => {
      render();
      return canvas.toDataURL('image/png');
    },
    resize: request,
    pointCount: () => n,
    rotate(yaw, pitch) {
      view.yaw += yaw;
      view.pitch = Math.max(-1.5, Math.min(1.5, view.pitch + pitch));
      request();
    },
    destroy() {
      destroyed = true;
      if (raf) cancelAnimationFrame(raf);
      observer?.disconnect();
      releaseGl(gl, program, buf);
      container.replaceChildren();
    },
  };
}
