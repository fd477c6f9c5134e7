/**
 * What `npm run bench` prepares before it measures (a fresh production build, the ViT-B/32 stand-in, float16
 * variants, the bench page), and the small statistics its suites share.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url)); // tests/bench/
const repo = resolve(here, '../..');
const log = (...a) => console.error('[bench]', ...a);

function newestMtime(paths) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) t = Math.max(t, newestMtime(readdirSync(p).map((f) => join(p, f))));
    else t = Math.max(t, st.mtimeMs);
  }
  return t;
}

export function ensureDist() {
  const built = existsSync(join(repo, 'dist/index.html')) ? statSync(join(repo, 'dist/index.html')).mtimeMs : 0;
  const src = newestMtime(
    ['web', 'index.html', 'vite.config.ts', 'package-lock.json', 'models/index.json', 'models/cifar10-cma-tiny'].map(
      (p) => join(repo, p),
    ),
  );
  if (built >= src) return log('dist/ is up to date');
  log('dist/ is stale or missing: vite build');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
}

export function ensureVitB32() {
  const out = join(repo, 'models/vitb32-random');
  if (existsSync(join(out, 'manifest.json')) && existsSync(join(out, 'vision.onnx'))) return;
  log(`making ${out} (random weights) with training.make_vitb32_random`);
  const cmd = ['-m', 'training.make_vitb32_random', `--out=${out}`];
  execFileSync('/usr/bin/python3', cmd, { cwd: repo, stdio: 'inherit' });
}

/** The float16 vision variant (vision.fp16File) of a bench bundle, made with tests/bench/fp16.py when missing. */
export function ensureFp16(dir) {
  const manifestPath = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (m.vision.fp16File && existsSync(join(dir, m.vision.fp16File))) return;
  log(`writing ${dir}/vision_fp16.onnx (tests/bench/fp16.py)`);
  execFileSync('/usr/bin/python3', [join(here, 'fp16.py'), join(dir, m.vision.file), join(dir, 'vision_fp16.onnx')], {
    cwd: repo,
    stdio: 'inherit',
  });
  m.vision.fp16File = 'vision_fp16.onnx';
  writeFileSync(manifestPath, JSON.stringify(m, null, 1));
}

export async function buildBenchPage(outDir) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(here, 'inference-page'),
    base: '/',
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['onnxruntime-web'] },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true, chunkSizeWarningLimit: 100_000 },
  });
}

export const median = (xs) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
export const mb = (b) => +(b / 2 ** 20).toFixed(1);
