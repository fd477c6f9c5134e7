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

/**
 * A score mapped to (0, 1) by its place among calibration scores, continuous and strictly increasing so that it can
 * be averaged with another score's (`fused`) without ties: the mid-rank (i + ½)/n at each calibration score c_i,
 * linear between neighbours, and outside [c_0, c_{n−1}] an exponential tail with the scores' standard deviation as
 * its length (½/n · e^{(x − c_0)/σ} below, 1 − ½/n · e^{−(x − c_{n−1})/σ} above), so photos unlike every calibration
 * photo still rank among themselves. training/scores.py `smooth_percentile` is its twin.
 */
export function smoothPercentile(s: SortedScores, x: number): number {
  const a = s.ascending;
  const n = a.length;
  if (n === 0) return NaN;
  const sigma = spread(s);
  const j = countBelow(s, x); // a[j-1] < x <= a[j]
  if (j === 0) return (0.5 / n) * Math.exp(Math.min(0, x - a[0]) / sigma);
  if (j === n) return 1 - (0.5 / n) * Math.exp(-(x - a[n - 1]) / sigma);
  return (j - 0.5 + (x - a[j - 1]) / (a[j] - a[j - 1])) / n;
}

const spreads = new WeakMap<Float64Array, number>();

/** The population standard deviation of the scores (memoised per array; 1 when they are all equal). */
function spread(s: SortedScores): number {
  const a = s.ascending;
  let v = spreads.get(a);
  if (v === undefined) {
    let mean = 0;
    for (const x of a) mean += x;
    mean /= a.length;
    let ss = 0;
    for (const x of a) ss += (x - mean) ** 2;
    v = Math.sqrt(ss / a.length) || 1;
    spreads.set(a, v);
  }
  return v;
}
