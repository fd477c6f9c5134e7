/** The numbers shown beside the sphere, computed from an embedding space (pure). */
import { selectRows, type EmbeddingSpace } from '../projection/dataset';
import { alignment, modalityGap, uniformity } from './geometry';

export interface SphereNumbers {
  /** ‖mean(ID images) − mean(class prompts)‖; NaN without either. */
  gap: number;
  /** Wang–Isola alignment of ID images with their class prompt; NaN without labels/prompts. */
  alignment: number;
  /** Wang–Isola uniformity of the ID images (t = 2). */
  uniformityImages: number;
  nIdImages: number;
  nPrompts: number;
}

export function sphereNumbers(space: EmbeddingSpace, maxUniformityRows = 1500): SphereNumbers {
  const img = selectRows(space, ['id-image']);
  const txt = selectRows(space, ['class-text']);
  const d = space.dim;
  // Class prompt rows in class order (classIndex), so labels index them directly.
  const byClass = new Float32Array(space.classes.length * d);
  const have = new Array<boolean>(space.classes.length).fill(false);
  txt.indices.forEach((src, r) => {
    const c = space.points[src].classIndex;
    if (c >= 0 && c < space.classes.length) { byClass.set(txt.vectors.subarray(r * d, (r + 1) * d), c * d); have[c] = true; }
  });
  const labels = img.indices.map((src) => {
    const c = space.points[src].classIndex;
    return c >= 0 && have[c] ? c : -1;
  });
  return {
    gap: modalityGap(img.vectors, img.indices.length, txt.vectors, txt.indices.length, d),
    alignment: txt.indices.length ? alignment(img.vectors, labels, img.indices.length, byClass, space.classes.length, d) : Number.NaN,
    uniformityImages: uniformity(img.vectors, img.indices.length, d, { maxRows: maxUniformityRows }),
    nIdImages: img.indices.length,
    nPrompts: txt.indices.length,
  };
}
