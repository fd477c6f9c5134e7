/**
 * Benchmark (not a test): frames per second while panning and zooming the embedding map with
 * 100,000 points in headless Chromium. Builds tests/bench/map-fps-page (the app's real renderer)
 * with Vite, serves it with the app's security headers (strict CSP), dispatches drag + wheel events in the page (one per frame) and counts requestAnimationFrame callbacks and map redraws.
 *
 *   node tests/bench/map-fps.mjs [points] [seconds]
 *
 * `npm run bench` imports `measureMapFps` and records its result.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTENT_TYPES, SECURITY_HEADERS } from '../../scripts/headers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const outDir = join(root, '.cache', 'bench-map-fps');

async function buildPage() {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(here, 'map-fps-page'),
    base: './',
    build: { outDir, emptyOutDir: true, minify: true },
  });
}

function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res
        .writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** @returns {Promise<{points:number, seconds:number, fps:number, rendersPerSecond:number, frames:number, width:number, height:number, renderer:string}>} */
export async function measureMapFps({ points = 100_000, seconds = 5, executablePath = '/usr/bin/chromium' } = {}) {
  await buildPage();
  const server = await serve(outDir);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  try {
    const width = 1280,
      height = 800;
    const page = await browser.newPage({ viewport: { width, height } });
    const port = server.address().port;
    await page.goto(`http://127.0.0.1:${port}/?n=${points}`);
    await page.waitForFunction(() => window.__bench?.ready || window.__bench?.error, null, { timeout: 120_000 });
    const state = await page.evaluate(() => window.__bench);
    if (state.error) throw new Error(`bench page failed: ${state.error}`);
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    const frameCounts = () => page.evaluate(() => [window.__bench.frames, window.__bench.mapFrames()]);
    const [startFrames, startRenders] = await frameCounts();
    const started = Date.now();
    // Events are dispatched inside the page, one drag step per animation frame and a wheel tick every 10th,
    // so the figure measures the map's rendering, not the round trips of a remote-controlled mouse.
    await page.evaluate(
      (ms) =>
        new Promise((done) => {
          const target = document.querySelector('canvas.map-overlay');
          const r = target.getBoundingClientRect();
          const cx = r.left + r.width / 2,
            cy = r.top + r.height / 2;
          const opts = (x, y) => ({
            clientX: x,
            clientY: y,
            bubbles: true,
            pointerId: 1,
            pointerType: 'mouse',
            buttons: 1,
          });
          target.dispatchEvent(new PointerEvent('pointerdown', opts(cx, cy)));
          const t0 = performance.now();
          let k = 0;
          const tick = () => {
            const t = performance.now() - t0;
            k++;
            target.dispatchEvent(
              new PointerEvent('pointermove', opts(cx + 150 * Math.sin(t / 400), cy + 100 * Math.cos(t / 300))),
            );
            if (k % 10 === 0)
              target.dispatchEvent(
                new WheelEvent('wheel', {
                  clientX: cx,
                  clientY: cy,
                  deltaY: k % 20 ? 120 : -120,
                  bubbles: true,
                  cancelable: true,
                }),
              );
            if (t < ms) requestAnimationFrame(tick);
            else {
              target.dispatchEvent(new PointerEvent('pointerup', opts(cx, cy)));
              done(null);
            }
          };
          requestAnimationFrame(tick);
        }),
      seconds * 1000,
    );
    const elapsed = (Date.now() - started) / 1000;
    const [endFrames, endRenders] = await frameCounts();
    const frames = endFrames - startFrames;
    const renders = endRenders - startRenders;
    // fps: browser frames (rAF callbacks); rendersPerSecond: frames in which the map actually redrew its points.
    return {
      points: state.points,
      seconds: +elapsed.toFixed(2),
      frames,
      fps: +(frames / elapsed).toFixed(1),
      rendersPerSecond: +(renders / elapsed).toFixed(1),
      width,
      height,
      renderer,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const points = Number(process.argv[2] ?? 100_000);
  const seconds = Number(process.argv[3] ?? 5);
  const r = await measureMapFps({ points, seconds });
  console.log(
    `map-fps: ${r.fps} FPS (${r.rendersPerSecond} map redraws/s) panning/zooming ${r.points.toLocaleString('en')} points (${r.frames} frames in ${r.seconds}s, ${r.width}x${r.height}, ${r.renderer})`,
  );
  console.log(JSON.stringify(r));
}
