/**
 * The threshold slider's scale (issue 12). A linear slider from the lowest to the highest score is useless for a
 * score whose values crowd together (NegLabel's sit near 0 and 1, so the TPR-95 threshold was in the first pixel of
 * a 0–1 slider). Here the slider's positions are spread over the calibration photos' scores (ID and reference OoD
 * pooled, each distinct value once): every step passes about the same number of photos, whatever the score's units.
 * Between two neighbouring values the scale is linear, so every score in range has a position and back.
 */
import type { SortedScores } from './sorted';

export const SLIDER_STEPS = 1000;

export interface SliderScale {
  /** Slider position (0…SLIDER_STEPS) → score. */
  toScore(position: number): number;
  /** Score → slider position (clamped to the ends). */
  toPosition(score: number): number;
}

/** `sets`: the calibration's sorted scores; `extra`: values that must be reachable too (the threshold, the photo). */
export function sliderScale(sets: readonly SortedScores[], extra: readonly number[] = []): SliderScale {
  const all: number[] = [];
  for (const s of sets) for (const v of s.ascending) all.push(v);
  for (const v of extra) if (Number.isFinite(v)) all.push(v);
  all.sort((a, b) => a - b);
  const knots = all.filter((v, i) => i === 0 || v !== all[i - 1]);
  if (knots.length < 2) {
    const c = knots[0] ?? 0.5;
    knots.splice(0, knots.length, c - 0.5, c + 0.5);
  }
  const last = knots.length - 1;
  return {
    toScore(position) {
      const f = (Math.min(SLIDER_STEPS, Math.max(0, position)) / SLIDER_STEPS) * last;
      const i = Math.min(last - 1, Math.floor(f));
      return knots[i] + (f - i) * (knots[i + 1] - knots[i]);
    },
    toPosition(score) {
      if (!(score > knots[0])) return 0;
      if (score >= knots[last]) return SLIDER_STEPS;
      let lo = 0;
      let hi = last; // knots[lo] < score <= knots[hi]
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (knots[mid] < score) lo = mid;
        else hi = mid;
      }
      const f = lo + (score - knots[lo]) / (knots[hi] - knots[lo]);
      return (f / last) * SLIDER_STEPS;
    },
  };
}
