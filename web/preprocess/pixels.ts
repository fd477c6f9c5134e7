/**
 * Pure pixel → tensor math, runnable in Node and in the worker (no DOM).
 *
 * The resize reproduces Pillow's `Image.resize(..., BILINEAR | BICUBIC)` (Pillow 9.x `Resample.c`):
 * a separable convolution whose filter support widens with the downscale factor (so downscaling antialiases),
 * 8-bit fixed-point weights (22 precision bits), horizontal pass first, rounding to uint8 after each pass.
 * torchvision's `Resize` on PIL images calls exactly that, so the browser feeds the model the same pixels
 * the PyTorch recipe does (up to JPEG decoder differences, see docs/preprocessing.md).
 */
import type { ImageSpec } from '../model/manifest';

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

type Filter = { support: number; weight: (x: number) => number };

const FILTERS: Record<ImageSpec['interpolation'], Filter> = {
  bilinear: {
    support: 1,
    weight: (x) => {
      const t = Math.abs(x);
      return t < 1 ? 1 - t : 0;
    },
  },
  bicubic: {
    support: 2,
    weight: (x) => {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
};

type Coeffs = { bounds: Int32Array; weights: Int32Array; ksize: number };

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis. */
function precomputeCoeffs(inSize: number, outSize: number, filter: Filter): Coeffs {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  const ss = 1 / filterScale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter.weight((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax && ww !== 0 ? k[x] / ww : 0;
      // C's (int) truncation of k * 2^22 ± 0.5
      weights[xx * ksize + x] = Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { bounds, weights, ksize };
}

function clip8(ss: number): number {
  const v = Math.floor(ss / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** An RGB image, 3 bytes per pixel, row-major. */
export type Rgb = { data: Uint8Array; width: number; height: number };

/** Drop alpha (RGBA → RGB). Browsers hand out RGBA; grey JPEGs decode to R=G=B like PIL's convert('RGB'). */
export function rgbaToRgb(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Rgb {
  const n = width * height;
  if (rgba.length < n * 4)
    throw new Error(`pixel buffer has ${rgba.length} bytes, expected ${n * 4} for ${width}×${height} RGBA`);
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = rgba[i * 4];
    data[i * 3 + 1] = rgba[i * 4 + 1];
    data[i * 3 + 2] = rgba[i * 4 + 2];
  }
  return { data, width, height };
}

/**
 * Pillow's horizontal pass over pixels `stride` bytes apart (3: RGB, 4: RGBA with alpha ignored), into RGB.
 * Reading RGBA directly spares the full-size RGBA → RGB copy (docs/benchmarks.md, suite preprocess).
 */
function horizontalPass(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  stride: number,
  outW: number,
  filter: Filter,
): Rgb {
  const { bounds, weights, ksize } = precomputeCoeffs(width, outW, filter);
  const out = new Uint8Array(outW * height * 3);
  for (let y = 0; y < height; y++) {
    const row = y * width * stride;
    for (let xx = 0; xx < outW; xx++) {
      const xmin = bounds[xx * 2];
      const xmax = bounds[xx * 2 + 1];
      const wbase = xx * ksize;
      let s0 = HALF,
        s1 = HALF,
        s2 = HALF;
      let p = row + xmin * stride;
      for (let x = 0; x < xmax; x++, p += stride) {
        const w = weights[wbase + x];
        s0 += data[p] * w;
        s1 += data[p + 1] * w;
        s2 += data[p + 2] * w;
      }
      const o = (y * outW + xx) * 3;
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
    }
  }
  return { data: out, width: outW, height };
}

/** Pillow-exact resize of an RGB image to outW×outH. */
export function resizeRgb(img: Rgb, outW: number, outH: number, interpolation: ImageSpec['interpolation']): Rgb {
  const filter = FILTERS[interpolation];
  let cur = img;
  if (outW !== img.width) cur = horizontalPass(img.data, img.width, img.height, 3, outW, filter);
  if (outH !== cur.height) {
    const { bounds, weights, ksize } = precomputeCoeffs(cur.height, outH, filter);
    const out = new Uint8Array(outW * outH * 3);
    for (let yy = 0; yy < outH; yy++) {
      const ymin = bounds[yy * 2];
      const ymax = bounds[yy * 2 + 1];
      for (let xx = 0; xx < outW; xx++) {
        let s0 = HALF,
          s1 = HALF,
          s2 = HALF;
        for (let y = 0; y < ymax; y++) {
          const w = weights[yy * ksize + y];
          const p = ((y + ymin) * outW + xx) * 3;
          s0 += cur.data[p] * w;
          s1 += cur.data[p + 1] * w;
          s2 += cur.data[p + 2] * w;
        }
        const o = (yy * outW + xx) * 3;
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      }
    }
    cur = { data: out, width: outW, height: outH };
  }
  return cur;
}

/** resizeRgb of RGBA bytes (alpha dropped), byte-identical to resizeRgb(rgbaToRgb(...)) without the RGB copy. */
export function resizeRgba(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  outW: number,
  outH: number,
  interpolation: ImageSpec['interpolation'],
): Rgb {
  if (outW === width) return resizeRgb(rgbaToRgb(rgba, width, height), outW, outH, interpolation);
  if (rgba.length < width * height * 4)
    throw new Error(
      `pixel buffer has ${rgba.length} bytes, expected ${width * height * 4} for ${width}×${height} RGBA`,
    );
  return resizeRgb(horizontalPass(rgba, width, height, 4, outW, FILTERS[interpolation]), outW, outH, interpolation);
}

/** torchvision Resize(int): the shorter side becomes `size`, the longer `int(size * long / short)`. */
export function shortestEdgeSize(width: number, height: number, size: number): [number, number] {
  if (width <= height) return [size, Math.trunc((size * height) / width)];
  return [Math.trunc((size * width) / height), size];
}

export function centerCropRgb(img: Rgb, size: number): Rgb {
  if (img.width < size || img.height < size) {
    throw new Error(`image ${img.width}×${img.height} is smaller than the ${size}px crop`);
  }
  // floor((H - crop) / 2), as the recipe (training/data.py) and HF CLIPImageProcessor; torchvision's
  // CenterCrop rounds half to even instead, which differs by one row/column when H - crop is odd.
  const top = Math.floor((img.height - size) / 2);
  const left = Math.floor((img.width - size) / 2);
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const src = ((top + y) * img.width + left) * 3;
    data.set(img.data.subarray(src, src + size * 3), y * size * 3);
  }
  return { data, width: size, height: size };
}

/** rescale + normalise into a CHW float32 tensor (written into `out` at `offset` when given, for batching). */
export function normalizeToChw(
  img: Rgb,
  spec: Pick<ImageSpec, 'rescale' | 'mean' | 'std'>,
  out?: Float32Array,
  offset = 0,
): Float32Array {
  const n = img.width * img.height;
  const dst = out ?? new Float32Array(3 * n);
  for (let c = 0; c < 3; c++) {
    const mean = spec.mean[c];
    const std = spec.std[c];
    const base = offset + c * n;
    for (let i = 0; i < n; i++) {
      // float32 like torchvision's ToTensor (uint8/255 in float32) then Normalize
      const v = Math.fround(img.data[i * 3 + c] * spec.rescale);
      dst[base + i] = Math.fround(Math.fround(v - mean) / std);
    }
  }
  return dst;
}

function targetSize(width: number, height: number, spec: ImageSpec): [number, number] {
  return spec.resize === 'shortest_edge'
    ? shortestEdgeSize(width, height, spec.resizeTo)
    : [spec.resizeTo, spec.resizeTo];
}

function cropAndNormalize(resized: Rgb, spec: ImageSpec, out?: Float32Array, offset = 0): Float32Array {
  const cur = spec.crop === 'center' ? centerCropRgb(resized, spec.cropSize) : resized;
  if (cur.width !== spec.size || cur.height !== spec.size) {
    throw new Error(`preprocessing gave ${cur.width}×${cur.height}, the model wants ${spec.size}×${spec.size}`);
  }
  return normalizeToChw(cur, spec, out, offset);
}

/** The whole manifest pipeline on one RGB image: resize → crop → rescale → normalise, CHW float32 of size×size. */
export function preprocessRgb(img: Rgb, spec: ImageSpec, out?: Float32Array, offset = 0): Float32Array {
  const [w, h] = targetSize(img.width, img.height, spec);
  return cropAndNormalize(resizeRgb(img, w, h, spec.interpolation), spec, out, offset);
}

/** preprocessRgb on RGBA bytes (what canvases hand out), reading them in place. */
export function preprocessRgba(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  spec: ImageSpec,
  out?: Float32Array,
  offset = 0,
): Float32Array {
  const [w, h] = targetSize(width, height, spec);
  return cropAndNormalize(resizeRgba(rgba, width, height, w, h, spec.interpolation), spec, out, offset);
}
