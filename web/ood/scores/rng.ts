/**
 * A tiny seeded RNG (mulberry32) and Fisher–Yates shuffle, so NegLabel's random groups are the same on every run
 * and can be reproduced in Python (see `seededPermutation` for the exact algorithm).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
