/** FLYP vs CMA: keep only the photos both reference evaluations embedded, so the two maps show the same photos. */
import type { EmbeddingSpace } from '../../eval/embeddingSpace';

const isImage = (k: string) => k === 'id-image' || k === 'ood-image' || k === 'photo' || k === 'normal-photo';

export function restrictToCommon(spaces: EmbeddingSpace[]): { spaces: EmbeddingSpace[]; common: number } {
  if (spaces.length < 2) return { spaces, common: spaces[0]?.points.filter((p) => isImage(p.kind)).length ?? 0 };
  const names = spaces.map((s) => new Set(s.points.filter((p) => isImage(p.kind)).map((p) => p.name)));
  const common = new Set([...names[0]].filter((n) => names.every((set) => set.has(n))));
  const out = spaces.map((s) => {
    const keep: number[] = [];
    s.points.forEach((p, i) => {
      if (!isImage(p.kind) || common.has(p.name)) keep.push(i);
    });
    const vectors = new Float32Array(keep.length * s.dim);
    keep.forEach((src, r) => vectors.set(s.vectors.subarray(src * s.dim, (src + 1) * s.dim), r * s.dim));
    return { ...s, vectors, points: keep.map((i) => s.points[i]) };
  });
  return { spaces: out, common: common.size };
}
