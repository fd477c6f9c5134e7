/**
 * The production app itself: cold start to the first verdict (model cached or not), the import of a large run
 * export with the tab responsive (issue 13), and the map's frames per second.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureColdStart, startAppServer } from '../lib/coldStart.mjs';
import { median } from '../lib/prepare.mjs';
import { addRow } from '../lib/table.mjs';

export async function coldStartSuite({ chromium, CHROMIUM, baseArgs, photosDir, repo, QUICK }) {
  const app = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: baseArgs });
  try {
    const photo = join(photosDir, 'id/ship/n03095699_container_ship.JPEG');
    const r = await measureColdStart(browser, app.url, photo, QUICK ? 2 : 3);
    const model = JSON.parse(readFileSync(join(repo, 'dist/models/index.json'), 'utf8')).models.find(
      (x) => x.default,
    )?.id;
    for (const k of ['notCached', 'cached']) {
      addRow({
        suite: 'cold-start',
        runtime: `ours (production app, model ${k === 'cached' ? 'in Cache Storage' : 'not cached'})`,
        model,
        backend: r.ep,
        threads: 0,
        batch: 1,
        ms: median(r[k]),
        n: r[k].length,
        note: `median; runs ${r[k].map((x) => x.toFixed(0)).join(', ')} ms; model ready at ${median(r.modelReady[k]).toFixed(0)} ms (files ${median(r.load[k].map((l) => l?.downloadMs)).toFixed(0)}, sessions ${median(r.load[k].map((l) => l?.sessionMs)).toFixed(0)}, warm-up ${median(r.load[k].map((l) => l?.warmUpMs)).toFixed(0)} ms)`,
      });
    }
  } finally {
    await browser.close();
    app.stop();
  }
}

export async function importSuite({ chromium, CHROMIUM, baseArgs, QUICK }) {
  const { measureImport } = await import('../lib/importRun.mjs');
  const app = await startAppServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: baseArgs });
  try {
    for (const rows of QUICK ? [100_000] : [100_000, 1_000_000]) {
      const r = await measureImport(browser, app.url, rows);
      addRow({
        suite: 'import',
        runtime: 'ours (production app, Evaluate › Import a run, JSON)',
        model: '-',
        backend: '-',
        threads: 0,
        batch: 0,
        ms: r.ms,
        n: rows,
        note: `${(r.bytes / 1e6).toFixed(0)} MB, ${Math.round(rows / (r.ms / 1000))} rows/s, longest frame gap ${Math.round(r.maxFrameGapMs)} ms`,
      });
    }
  } finally {
    await browser.close();
    app.stop();
  }
}

export async function mapSuite({ CHROMIUM, QUICK }) {
  try {
    const { measureMapFps } = await import('../map-fps.mjs');
    const r = await measureMapFps({ points: 100_000, seconds: QUICK ? 3 : 5, executablePath: CHROMIUM });
    addRow({
      suite: 'map-fps',
      runtime: 'ours (plain WebGL, web/views/map)',
      model: '-',
      backend: 'webgl',
      threads: 0,
      batch: 0,
      fps: r.fps,
      n: r.points,
      note: r.renderer,
    });
  } catch (e) {
    addRow({
      suite: 'map-fps',
      runtime: 'ours',
      model: '-',
      backend: 'webgl',
      threads: 0,
      batch: 0,
      n: 0,
      note: `failed: ${e.message}`,
    });
  }
}
