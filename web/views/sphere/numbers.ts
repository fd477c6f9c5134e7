/** The numbers shown beside the sphere, computed from an embedding space (pure). */
import { selectRows, type EmbeddingSpace } from '../../eval/embeddingSpace';
import { alignment, modalityGap, uniformity } from './geometry';

export interface SphereNumbers {
  /**
   * ‖mean(ID images) − mean(their class prompts)‖ as the recipe (metrics.py) defines it: each labelled image's own
   * prompt enters the text mean, so unbalanced classes count as in the images; without labels, the plain prompt mean.
   */
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
    if (c >= 0 && c < space.classes.length) {
      byClass.set(txt.vectors.subarray(r * d, (r + 1) * d), c * d);
      have[c] = true;
    }
  });
  const labels = img.indices.map((src) => {
    const c = space.points[src].classIndex;
    return c >= 0 && have[c] ? c : -1;
  });
  const labelled = labels.filter((y) => y >= 0).length;
  let gap: number;
  if (labelled > 0) {
    const li = new Float32Array(labelled * d),
      lt = new Float32Array(labelled * d);
    let r = 0;
    labels.forEach((y, i) => {
      if (y < 0) return;
      li.set(img.vectors.subarray(i * d, (i + 1) * d), r * d);
      lt.set(byClass.subarray(y * d, (y + 1) * d), r * d);
      r++;
    });
    gap = modalityGap(li, labelled, lt, labelled, d);
  } else {
    gap = modalityGap(img.vectors, img.indices.length, txt.vectors, txt.indices.length, d);
  }
  return {
    gap,
    alignment: txt.indices.length
      ? alignment(img.vectors, labels, img.indices.length, byClass, space.classes.length, d)
      : Number.NaN,
    uniformityImages: uniformity(img.vectors, img.indices.length, d, { maxRows: maxUniformityRows }),
    nIdImages: img.indices.length,
    nPrompts: txt.indices.length,
  };
}
