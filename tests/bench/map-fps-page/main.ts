/** Bench page: the app's real map renderer with N synthetic points (N from ?n=, default 100,000). */
import { createScatterMap } from '../../../web/views/map/scatterMap';
import { normaliseToView } from '../../../web/views/map/encoding';
import { CLASS_COLOURS, OOD_COLOURS } from '../../../web/views/palette';
import { mulberry32 } from '../../../web/lib/rng';

declare global {
  interface Window {
    __bench: { ready: boolean; points: number; frames: number; draws: number; mapFrames: () => number; error?: string };
  }
}

window.__bench = { ready: false, points: 0, frames: 0, draws: 0, mapFrames: () => 0 };
const n = Number(new URLSearchParams(location.search).get('n') ?? 100_000);
const rand = mulberry32(11);
const coords = new Float32Array(n * 2);
const colour = new Uint16Array(n);
const flagged = new Uint8Array(n);
for (let i = 0; i < n; i++) {
  const c = i % 13;
  const angle = (2 * Math.PI * c) / 13;
  const r = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-9))) * 0.6;
  const t = 2 * Math.PI * rand();
  coords[2 * i] = 4 * Math.cos(angle) + r * Math.cos(t);
  coords[2 * i + 1] = 4 * Math.sin(angle) + r * Math.sin(t);
  colour[i] = c;
  flagged[i] = c >= 10 ? 1 : 0;
}
const canvas = document.getElementById('map') as HTMLCanvasElement;
const map = createScatterMap(canvas);
const { x, y } = normaliseToView(coords);
map
  .draw({ x, y, colour, flagged, colours: [...CLASS_COLOURS, ...OOD_COLOURS.slice(0, 3)] })
  .then(() => {
    window.__bench.points = map.pointCount();
    window.__bench.mapFrames = () => map.framesDrawn();
    window.__bench.ready = true;
    const tick = () => {
      window.__bench.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })
  .catch((e: unknown) => {
    window.__bench.error = String(e);
  });
