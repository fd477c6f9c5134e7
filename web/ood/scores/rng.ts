/**
 * A seeded Fisher–Yates shuffle over the shared mulberry32 (`web/lib/rng.ts`), so NegLabel's random groups are the
 * same on every run and can be reproduced in Python (see `seededPermutation` for the exact algorithm).
 */
import { mulberry32 } from '../../lib/rng';

/**
 * A permutation of 0..n−1: start from the identity, then for i = n−1 down to 1 swap i with j = floor(u · (i + 1)),
 * u the next mulberry32(seed) draw.
 */
export function seededPermutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const next = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
