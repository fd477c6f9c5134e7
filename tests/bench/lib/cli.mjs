/**
 * The command line's speed (issue 15), beside the browser figures: `alignscope score` end to end (read, SHA-256,
 * decode, preprocess, encode, score, write) against onnxruntime-node's model-only ceiling on the same vision file at
 * the same threads and batch; and `score --queue` over BullMQ with 1, 2 and 4 workers on a redis-server of its own.
 * Two photo sets: CIFAR-10 test JPEGs (32 px, what the default model was trained on, from ../shared/data/cifar10.tar.gz)
 * and the 120 shared full-size photos copied several times (decode-bound). Photos go to a temporary folder only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { ortNodeModelOnly } from './ortNode.mjs';

function cifarFolder(repo, n) {
  const dir = mkdtempSync(join(os.tmpdir(), 'alignscope-bench-cifar-'));
  execFileSync('tar', ['xzf', join(repo, '../shared/data/cifar10.tar.gz'), '-C', dir, 'cifar10/test']);
  const root = join(dir, 'cifar10/test');
  const out = join(dir, 'cifar32');
  mkdirSync(out);
  const files = readdirSync(root, { recursive: true })
    .filter((f) => f.endsWith('.jpg'))
    .sort();
  files.slice(0, n).forEach((f, i) => copyFileSync(join(root, f), join(out, `${i}.jpg`)));
  rmSync(join(dir, 'cifar10'), { recursive: true });
  return { dir: out, n: Math.min(n, files.length) };
}

function fullSizeFolder(repo, copies) {
  const src = join(repo, '../shared/data/photos');
  const out = join(mkdtempSync(join(os.tmpdir(), 'alignscope-bench-photos-')), 'fullsize');
  mkdirSync(out);
  const files = readdirSync(src, { recursive: true }).filter((f) => /\.jpe?g$/i.test(f));
  let n = 0;
  for (let c = 0; c < copies; c++) for (const f of files) copyFileSync(join(src, f), join(out, `${n++}.jpg`));
  return { dir: out, n };
}

function run(repo, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(repo, 'bin/alignscope.mjs'), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`alignscope ${args[0]}: ${err}`)),
    );
  });
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((resolve) => child.stdout.on('data', (d) => /Ready to accept/.test(String(d)) && resolve()));
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

/** Rows for bench-results.json (addRow's shape) and the ratio score / ceiling. */
export async function measureCli({ repo, quick, log }) {
  const rows = [];
  const ratios = {};
  const model = join(repo, 'models/cifar10-cma-tiny');
  const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8'));
  const threads = 2;
  const batch = 32;
  const ceiling = await ortNodeModelOnly({
    file: join(model, manifest.vision.file),
    input: manifest.vision.input,
    size: manifest.image.size,
    threads,
    plans: [{ batch, minRuns: 10, maxRuns: 2000, minMs: quick ? 1500 : 4000 }],
    warmEach: true,
  });
  const ceilingRate = (batch * 1000) / ceiling.results[0].ms;
  rows.push({
    suite: 'cli',
    runtime: 'onnxruntime-node model-only (the ceiling)',
    model: manifest.id,
    backend: 'cpu',
    threads,
    batch,
    images_per_s: ceilingRate,
    n: ceiling.results[0].runs * batch,
  });

  const work = mkdtempSync(join(os.tmpdir(), 'alignscope-bench-out-'));
  const one = join(work, 'one');
  mkdirSync(one);
  copyFileSync(
    join(repo, '../shared/data/photos/id/ship', readdirSync(join(repo, '../shared/data/photos/id/ship'))[0]),
    join(one, 'a.jpg'),
  );
  const startMs = await run(repo, ['score', one, '--out', join(work, 'one.csv'), '--quiet']);
  const sets = [cifarFolder(repo, quick ? 2000 : 10000), fullSizeFolder(repo, quick ? 5 : 10)];
  for (const [k, set] of sets.entries()) {
    const label = k === 0 ? 'CIFAR-10 test JPEGs, 32 px' : 'shared photos, full size (~500×375)';
    log(`cli: score ${set.n} photos (${label})`);
    const ms = await run(repo, [
      'score',
      set.dir,
      '--out',
      join(work, `s${k}.csv`),
      '--threads',
      String(threads),
      '--batch',
      String(batch),
      '--quiet',
    ]);
    const steady = set.n / ((ms - startMs) / 1000);
    rows.push({
      suite: 'cli',
      runtime: 'alignscope score (end to end)',
      model: manifest.id,
      backend: 'cpu',
      threads,
      batch,
      images_per_s: steady,
      n: set.n,
      note: `${label}; ${Math.round(ms)} ms wall incl. ${Math.round(startMs)} ms start (model load, prompts); rate without the start; ${(steady / ceilingRate).toFixed(2)}× the ceiling`,
    });
    ratios[k === 0 ? 'cli_score_vs_ort_node_32px' : 'cli_score_vs_ort_node_fullsize'] = +(steady / ceilingRate).toFixed(
      3,
    );
  }

  // the queue: same photos (the 32 px set), producer + N workers, one Redis
  const redis = await startRedis();
  try {
    const set = sets[0];
    const local = await run(repo, [
      'score',
      set.dir,
      '--out',
      join(work, 'local.csv'),
      '--threads',
      '1',
      '--batch',
      String(batch),
      '--quiet',
    ]);
    for (const workers of [1, 2, 4]) {
      const name = `bench-${workers}`;
      const procs = Array.from({ length: workers }, () =>
        spawn(
          process.execPath,
          [
            join(repo, 'bin/alignscope.mjs'),
            'worker',
            '--queue',
            redis.url,
            '--queue-name',
            name,
            '--threads',
            '1',
            '--quiet',
          ],
          { stdio: 'ignore' },
        ),
      );
      await new Promise((r) => setTimeout(r, 2500)); // connected and waiting
      const ms = await run(repo, [
        'score',
        set.dir,
        '--out',
        join(work, `q${workers}.csv`),
        '--queue',
        redis.url,
        '--queue-name',
        name,
        '--job-size',
        '256',
        '--quiet',
      ]);
      await Promise.all(procs.map((p) => new Promise((r) => (p.on('exit', r), p.kill('SIGTERM'))))); // before Redis goes
      const rate = set.n / ((ms - startMs) / 1000);
      rows.push({
        suite: 'cli-queue',
        runtime: `alignscope score --queue, ${workers} worker(s) × 1 thread`,
        model: manifest.id,
        backend: 'cpu',
        threads: workers,
        batch,
        images_per_s: rate,
        n: set.n,
        note: `${Math.round(ms)} ms wall; local run at 1 thread ${Math.round(local)} ms; jobs of 256; ${workers === 1 ? `queue overhead ${(((ms - local) / set.n) * 1000).toFixed(0)} ms per 1,000 photos` : 'each worker loads the model once (~0.5 s)'}`,
      });
      if (workers === 1) ratios.cli_queue_overhead_ms_per_1000 = Math.round(((ms - local) / set.n) * 1000);
    }
  } finally {
    redis.stop();
  }
  return { rows, ratios };
}
