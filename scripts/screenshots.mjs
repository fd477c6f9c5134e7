// Screenshots of every screen at 1440x900 and 1280x720 (a projector), from the production build in dist/, through
// Debian's Chromium (WASM backend). Output: test-results/screens/<size>-<screen>.png. Not committed: Check shows a
// thumbnail of a shared dataset photo. Usage: npx vite build && node scripts/screenshots.mjs [photo] [caption]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServe } from './startServe.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const photos = path.resolve(repo, '../shared/data/photos');
const photo = process.argv[2] ?? 'ood/n03461385_grocery_store.JPEG';
const caption = process.argv[3] ?? 'a shop with fruit on the shelves.';
const out = path.join(repo, 'test-results/screens');
mkdirSync(out, { recursive: true });

const serve = await startServe({ dir: path.join(repo, 'dist') });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [w, h] of [
    [1440, 900],
    [1280, 720],
  ]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    const shot = async (name) => {
      await page.waitForTimeout(1500); // charts animate in
      await page.screenshot({ path: path.join(out, `${w}x${h}-${name}.png`) });
    };
    await page.goto(`${serve.url}#check`);
    await page.getByTestId('model-status').waitFor({ timeout: 120_000 });
    await page.getByTestId('photo-input').setInputFiles(path.join(photos, photo));
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
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await shot('present-4');
    await tab('Models');
    await shot('models');
    await page.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  serve.stop();
}
