/**
 * Helpers for the Explore / Present e2e tests: what the default bundle's reference evaluation should put on the map
 * (read from distDir/models, the files the app itself serves), and pixel counts read back from the WebGL canvases.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { defaultModelId, distDir } from './helpers';

export interface ReferenceCounts {
  modelId: string;
  rows: number;
  idRows: number;
  /** Full-set sizes (scores), as the meeting story counts them. */
  idCount: number;
  oodCount: number;
  prompts: number;
  negatives: number;
  /** Every name a map point can have: "<set>/<index>", the class prompts, the negative labels. */
  names: Set<string>;
}

export function referenceCounts(modelId = defaultModelId()): ReferenceCounts {
  const dir = path.join(distDir, 'models', modelId);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const ref = JSON.parse(readFileSync(path.join(dir, manifest.referenceEval), 'utf8'));
  const names = new Set<string>();
  let idRows = 0,
    idCount = 0,
    oodCount = 0;
  for (const s of ref.sets) {
    const [a, b] = s.embedding_rows;
    s.embedding_index.forEach((i: number) => names.add(`${s.name}/${i}`));
    if (s.kind === 'id') idRows += b - a;
    const n = (Object.values(s.scores)[0] as number[]).length;
    if (s.kind === 'id') idCount += n;
    else oodCount += n;
  }
  const template: string = manifest.promptTemplates[0];
  manifest.classes.forEach((c: string) => names.add(template.replace('{}', c)));
  (ref.neg_labels ?? []).forEach((w: string) => names.add(w));
  return {
    modelId,
    rows: ref.embeddings.rows,
    idRows,
    idCount,
    oodCount,
    prompts: ref.class_text_embeds.length,
    negatives: (ref.neg_text_embeds ?? []).length,
    names,
  };
}

/**
 * Pixels of a canvas that differ from white, read back through a 2-D canvas (the WebGL canvases keep their drawing
 * buffer). `coloured` counts only pixels whose channels differ by more than 40 (points, not the grey wireframe).
 */
export async function canvasPixels(
  page: Page,
  selector: string,
): Promise<{ width: number; height: number; nonWhite: number; coloured: number; flaggedRed: number }> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const src = el as HTMLCanvasElement;
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const g = c.getContext('2d')!;
      g.drawImage(src, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let nonWhite = 0,
        coloured = 0,
        flaggedRed = 0;
      for (let i = 0; i < d.length; i += 4) {
        const [r, gr, b] = [d[i], d[i + 1], d[i + 2]];
        if (r < 245 || gr < 245 || b < 245) nonWhite++;
        if (Math.max(r, gr, b) - Math.min(r, gr, b) > 40) coloured++;
        // the map's "flagged" red (#d62728), blended over white
        if (r > 170 && gr < 120 && b < 120 && r - gr > 90) flaggedRed++;
      }
      return { width: c.width, height: c.height, nonWhite, coloured, flaggedRed };
    });
}

/** Waits until the element with `testId` has a non-zero data-points and returns it. */
export async function drawnPoints(page: Page, testId: string, timeout = 120_000): Promise<number> {
  try {
    await page.locator(`[data-testid="${testId}"]:not([data-points="0"])[data-points]`).waitFor({ timeout });
  } catch (e) {
    // Say what the screen showed instead (a projection error, a notice, still loading).
    const shown =
      (await page
        .locator('main')
        .textContent()
        .catch(() => '')) ?? '';
    throw new Error(`${testId} drew no points within ${timeout} ms; the screen said: ${shown.slice(0, 600)}`, {
      cause: e,
    });
  }
  return Number(await page.getByTestId(testId).getAttribute('data-points'));
}
