/**
 * Chromium with --enable-unsafe-webgpu hands out SwiftShader, a software adapter: on "automatic" the app must pick
 * WASM and say why (SwiftShader is 10-20x slower). With WebGPU chosen in settings the default model loads on the
 * WebGPU EP, a dropped photo shows its top class, and its embedding matches the same photo's on WASM (same browser,
 * WASM forced in settings) within 1e-3.
 */
import { expect, it } from 'vitest';
import {
  debugView,
  defaultModelId,
  fmtTimings,
  dropFile,
  openPage,
  photo,
  serverAndBrowser,
  waitForModel,
} from './helpers';

const PHOTO = photo('id/cat/n02123045_tabby.JPEG');
const env = serverAndBrowser({ webgpu: true });

async function embeddingOn(pref: 'auto' | 'wasm' | 'webgpu') {
  const { page, blocked, errors } = await openPage(env.browser, env.server.url, (p) =>
    p.addInitScript(
      (pref) => localStorage.setItem('alignscope.settings', JSON.stringify({ backendPreference: pref })),
      pref,
    ),
  );
  const t0 = Date.now();
  expect(await waitForModel(page)).toBe(defaultModelId());
  const loadMs = Date.now() - t0;
  await dropFile(page, 'photo-drop', PHOTO);
  const top = page.getByTestId('top-class');
  await top.waitFor({ timeout: 60_000 });
  const debug = await debugView(page);
  const badge = await page.getByTestId('backend-badge').getAttribute('data-ep');
  await page.context().close();
  return { debug, badge, top: await Promise.resolve(debug.lastTop?.[0]?.label), loadMs, blocked, errors };
}

it('on automatic, a software WebGPU adapter loses to WASM and the badge says why', async () => {
  const auto = await embeddingOn('auto');
  console.log(`[e2e webgpu] automatic: ${auto.debug.backendReason}`);
  expect(auto.badge).toBe('wasm');
  expect(auto.debug.lastImageEp).toBe('wasm');
  expect(auto.debug.backendReason).toMatch(
    /^WebGPU adapter ".*" is a (software renderer|fallback adapter).*slower than WASM: WASM/,
  );
  expect(auto.errors).toEqual([]);
}, 120_000);

it('runs the default model on WebGPU when chosen and agrees with WASM within 1e-3', async () => {
  const gpu = await embeddingOn('webgpu');
  expect(gpu.badge).toBe('webgpu');
  expect(gpu.debug.ep).toBe('webgpu');
  expect(gpu.debug.lastImageEp).toBe('webgpu');
  expect(gpu.debug.backendReason).toMatch(/^WebGPU chosen in settings: .*\((a software renderer|a fallback adapter)/);
  expect(gpu.top).toBeTruthy();

  const cpu = await embeddingOn('wasm');
  expect(cpu.debug.lastImageEp).toBe('wasm');
  const a = gpu.debug.lastImageEmbedding!;
  const b = cpu.debug.lastImageEmbedding!;
  expect(a.length).toBe(b.length);
  const maxDiff = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
  console.log(
    `[e2e webgpu] top=${gpu.top}; WebGPU page→model ${gpu.loadMs} ms (${fmtTimings(gpu.debug.loadTimings)}); WASM ${cpu.loadMs} ms (${fmtTimings(cpu.debug.loadTimings)}); max |webgpu - wasm| = ${maxDiff.toExponential(2)}`,
  );
  expect(maxDiff).toBeLessThanOrEqual(1e-3);
  expect(cpu.top).toBe(gpu.top);
  expect([...gpu.blocked, ...cpu.blocked]).toEqual([]);
  expect([...gpu.errors, ...cpu.errors]).toEqual([]);
}, 300_000); // SwiftShader compiles every WebGPU kernel on the CPU: 20–50 s of warm-up on a loaded 2-core machine
