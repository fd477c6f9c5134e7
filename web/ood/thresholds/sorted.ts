import { checkScores, type Scores } from '../metrics/roc';

/** Scores sorted ascending once, so percentiles and rates on a moving slider are binary searches. */
export interface SortedScores {
  readonly ascending: Float64Array;
}

export function sortScores(scores: Scores): SortedScores {
  checkScores('sortScores', scores);
  return { ascending: Float64Array.from(scores).sort() };
}

export function isSorted(x: Scores | SortedScores): x is SortedScores {
  return (x as SortedScores).ascending instanceof Float64Array;
}

export function asSorted(x: Scores | SortedScores): SortedScores {
  return isSorted(x) ? x : sortScores(x);
}

/** Number of values < t. */
export function countBelow(s: SortedScores, t: number): number {
  const a = s.ascending;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values ≤ t. */
export function countAtMost(s: SortedScores, t: number): number {
  const a = s.ascending;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Percentile (0–100) of x among calibration scores: the share below x, ties counted half (mid-rank).
 * 50 = a typical ID score; 2 = lower than 98 % of ID calibration photos.
 */
export function percentile(calibScores: Scores | SortedScores, x: number): number {
  const s = asSorted(calibScores);
  const n = s.ascending.length;
  if (n === 0) return NaN;
  const below = countBelow(s, x);
  const equal = countAtMost(s, x) - below;
  return (100 * (below + equal / 2)) / n;
}
