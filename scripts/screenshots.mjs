// Screenshots of every screen at 1440x900 and 1280x720 (a projector), from the production build in dist/, through
// Debian's Chromium (WASM backend). Output: test-results/screens/<size>-<screen>.png. Not committed: Check shows a
// thumbnail of a shared dataset photo. Usage: npx vite build && node scripts/screenshots.mjs [photo] [caption]
//
// `--readme` writes the README's three pictures instead (docs/screenshots/: Check with a flagged photo, Evaluate's
// results, a Present step; 1280x720). Committed, so the photo on Check is a synthetic scene drawn here with PIL, never
// a dataset photo or a thumbnail of one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServe } from './startServe.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const photos = path.resolve(repo, '../shared/data/photos');
const README = process.argv.includes('--readme');
const args = process.argv.slice(2).filter((a) => a !== '--readme');
const out = path.join(repo, README ? 'docs/screenshots' : 'test-results/screens');
mkdirSync(out, { recursive: true });

// A made-up street scene (sky, houses, a sign): clearly not one of the model's classes, and nobody's photo.
const SCENE = String.raw`
import sys
from PIL import Image, ImageDraw
im = Image.new('RGB', (640, 480), (135, 190, 235))
d = ImageDraw.Draw(im)
d.rectangle([0, 330, 640, 480], fill=(90, 90, 95))
for i, c in enumerate([(200, 80, 60), (230, 200, 120), (120, 150, 90), (180, 110, 160)]):
    x = 20 + i * 155
    d.rectangle([x, 150 + 20 * (i % 2), x + 130, 330], fill=c)
    d.polygon([(x - 10, 150 + 20 * (i % 2)), (x + 65, 90 + 20 * (i % 2)), (x + 140, 150 + 20 * (i % 2))], fill=(110, 60, 50))
    for wy in range(190 + 20 * (i % 2), 310, 45):
        d.rectangle([x + 20, wy, x + 50, wy + 28], fill=(250, 245, 200))
        d.rectangle([x + 80, wy, x + 110, wy + 28], fill=(250, 245, 200))
d.ellipse([520, 30, 600, 110], fill=(255, 230, 120))
im.save(sys.argv[1], quality=92)
`;
let photoPath;
let caption;
if (README) {
  photoPath = path.join(mkdtempSync(path.join(tmpdir(), 'alignscope-shots-')), 'street-scene.jpg');
  execFileSync('/usr/bin/python3', ['-c', SCENE, photoPath]);
  caption = args[0] ?? 'a row of houses on a sunny street.';
} else {
  photoPath = path.join(photos, args[0] ?? 'ood/n03461385_grocery_store.JPEG');
  caption = args[1] ?? 'a shop with fruit on the shelves.';
}

const serve = await startServe({ dir: path.join(repo, 'dist') });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [w, h] of README
    ? [[1280, 720]]
    : [
        [1440, 900],
        [1280, 720],
      ]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    const keep = { check: 'check-flagged', evaluate: 'evaluate', 'present-3': 'present' }; // the README's three
    const shot = async (name) => {
      await page.waitForTimeout(1500); // charts animate in
      if (README && !keep[name]) return;
      await page.screenshot({ path: path.join(out, README ? `${keep[name]}.png` : `${w}x${h}-${name}.png`) });
    };
    await page.goto(`${serve.url}#check`);
    await page.getByTestId('model-status').waitFor({ timeout: 120_000 });
    await page.getByTestId('photo-input').setInputFiles(photoPath);
    await page.getByTestId('caption').fill(caption);
    await page.getByTestId('top-class').waitFor({ timeout: 60_000 });
    await shot('check');
    const tab = (name) => page.getByRole('tab', { name }).click();
    await tab('Evaluate');
    await page.getByTestId('eval-open-reference').click();
    await page.locator('[data-testid=eval-results][data-open=reference]').waitFor({ timeout: 60_000 });
    await shot('evaluate');
    await tab('Explore');
    await shot('explore');
    await tab('Present');
    await page.getByTestId('present').waitFor({ timeout: 60_000 });
    await shot('present-1');
    for (const n of [2, 3, 4, 5, 6]) {
      await page.keyboard.press('ArrowRight');
      await shot(`present-${n}`);
    }
    await tab('Models');
    await shot('models');
    if (!README) {
      // Present's example photos need a run of one's own: the shared photos, into test-results only (never committed)
      const shared = path.resolve(repo, '../shared/data/photos');
      await tab('Evaluate');
      await page.getByTestId('eval-dir-id').setInputFiles(path.join(shared, 'id'));
      await page.getByTestId('eval-dir-ood').setInputFiles(path.join(shared, 'ood'));
      await page.getByTestId('eval-start').click();
      await page.locator('[data-testid=eval-results][data-open=run]').waitFor({ timeout: 120_000 });
      await shot('evaluate-run');
      // the size curve of the run against the bundled normal set
      await page.getByText('How many normal photos are enough?').click();
      await page.getByTestId('eval-size-curve-run').click();
      await page.locator('[data-testid="eval-size-curve-table"] tr[data-size="text"]').waitFor({ timeout: 180_000 });
      await page.getByTestId('eval-size-curve-chart').scrollIntoViewIfNeeded();
      await shot('evaluate-size-curve');
      await tab('Present');
      await page.getByTestId('present').waitFor({ timeout: 60_000 });
      await page.keyboard.press('Home');
      for (let n = 1; n < 5; n++) await page.keyboard.press('ArrowRight');
      await shot('present-5-own-run');
    }
    await page.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  serve.stop();
}
