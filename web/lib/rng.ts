/**
 * The project's one seeded pseudo-random generator (mulberry32): uniform draws in [0, 1), the same sequence for the
 * same seed on every run and platform. NegLabel's groups (`web/ood/scores/rng.ts`, reproduced in Python), PCA start
 * vectors, UMAP and test data all draw from it, so changing it changes seeded results everywhere.
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
