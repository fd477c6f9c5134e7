/** What each map point looks like: pure functions from an embedding space to colour/size channels. */
import { setLabel } from '../../eval/setNames';
import type { EmbeddingPoint, EmbeddingSpace } from '../../eval/embeddingSpace';
import {
  CLASS_PROMPT_COLOUR,
  classColour,
  FLAGGED_COLOUR,
  KEPT_COLOUR,
  NEG_PROMPT_COLOUR,
  NORMAL_SET_COLOUR,
  oodColour,
  PHOTO_COLOUR,
} from '../palette';

export type ColourMode = 'class' | 'flagged';

export interface Legend {
  labels: string[];
  colours: string[];
}

export function legendFor(space: Pick<EmbeddingSpace, 'classes' | 'oodSets'>, mode: ColourMode): Legend {
  if (mode === 'flagged')
    return { labels: ['kept (looks ID)', 'flagged (looks OoD)'], colours: [KEPT_COLOUR, FLAGGED_COLOUR] };
  const labels = [
    ...space.classes,
    ...space.oodSets.map((s) => `OoD: ${setLabel(s)}`),
    'checked photos',
    'class prompts',
    'negative prompts',
    'normal set photos',
  ];
  const colours = [
    ...space.classes.map((_, i) => classColour(i)),
    ...space.oodSets.map((_, i) => oodColour(i)),
    PHOTO_COLOUR,
    CLASS_PROMPT_COLOUR,
    NEG_PROMPT_COLOUR,
    NORMAL_SET_COLOUR,
  ];
  return { labels, colours };
}

export function colourIndex(p: EmbeddingPoint, space: Pick<EmbeddingSpace, 'classes' | 'oodSets'>): number {
  const k = space.classes.length,
    o = space.oodSets.length;
  switch (p.kind) {
    case 'id-image':
      return p.classIndex >= 0 && p.classIndex < k ? p.classIndex : 0;
    case 'ood-image':
      return k + Math.max(0, space.oodSets.indexOf(p.set));
    case 'photo':
      return k + o;
    case 'class-text':
      return k + o + 1;
    case 'neg-text':
      return k + o + 2;
    case 'normal-photo':
      return k + o + 3;
  }
}

/**
 * Flag = the point's score is below the threshold (scores: higher = more in-distribution).
 * Prompts and points without that score are never flagged.
 */
export function flagsFor(points: EmbeddingPoint[], scoreName: string, threshold: number | null): Uint8Array {
  const flags = new Uint8Array(points.length);
  if (threshold === null || !Number.isFinite(threshold)) return flags;
  points.forEach((p, i) => {
    const s = p.scores?.[scoreName];
    if (s !== undefined && Number.isFinite(s) && s < threshold) flags[i] = 1;
  });
  return flags;
}

/** Fit 2-D coordinates into the map's [-1, 1]² with a margin, keeping the aspect ratio. */
/** The box a w×h px canvas gives the cloud, in view units, keeping `reserveRight` px free on the right (the legend). */
export function fillBox(
  w: number,
  h: number,
  reserveRight = 0,
): { halfWidth: number; halfHeight: number; offsetX: number } {
  const unit = 2 / Math.max(1, Math.min(w, h)); // view units per px
  const plotW = Math.max(w * 0.5, w - reserveRight);
  return { halfWidth: (plotW / 2) * unit, halfHeight: (h / 2) * unit, offsetX: -((w - plotW) / 2) * unit };
}

export function normaliseToView(
  coords: Float32Array,
  margin = 0.08,
  /**
   * The box to fill, in view units (the camera puts the canvas's shorter side at [-1, 1]): each axis is then scaled
   * on its own so the cloud spans the whole box, shifted by `offsetX` (room for a legend); absent: one scale for both
   * axes, distances kept. `fillBox(w, h, reserveRight)` computes it from the canvas.
   */
  fill?: { halfWidth: number; halfHeight: number; offsetX?: number },
): { x: Float32Array; y: Float32Array } {
  const n = coords.length / 2;
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i],
      y = coords[2 * i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const cx = (minX + maxX) / 2,
    cy = (minY + maxY) / 2;
  const half = Math.max(maxX - minX, maxY - minY, 1e-9) / 2;
  const scaleX = fill ? ((1 - margin) * fill.halfWidth) / Math.max((maxX - minX) / 2, 1e-9) : (1 - margin) / half;
  const scaleY = fill ? ((1 - margin) * fill.halfHeight) / Math.max((maxY - minY) / 2, 1e-9) : scaleX;
  const dx = fill?.offsetX ?? 0;
  const x = new Float32Array(n),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (coords[2 * i] - cx) * scaleX + dx;
    y[i] = (coords[2 * i + 1] - cy) * scaleY;
  }
  return { x, y };
}
