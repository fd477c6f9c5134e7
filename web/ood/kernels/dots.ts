/**
 * Dot products of query vectors with every row of a large matrix, in WASM SIMD (dots.wat): what KNN, prototype and
 * fused spend their time on against a normal set of 10,000–100,000 photos. Sums are float64 like linalg.ts's JS
 * loop, so the two agree to ~1e-16 and the JS loop stays the reference and the fallback where WASM SIMD is missing.
 * The matrix is copied into the kernel's memory once and kept while the matrix lives (WeakMap).
 */
import type { EmbeddingMatrix } from '../linalg';
import { dotsWasmBase64 } from './dotsWasm';

/** Below this many rows the JS loop is as fast and the copy is not worth it (a bundle's 10 class prompts). */
export const KERNEL_MIN_ROWS = 256;
/** The kernel takes this many queries per pass over the matrix. */
export const KERNEL_BLOCK = 4;

export interface RowDots {
  /** `queries` holds `count` (1…4) float64 vectors of the matrix's dim; returns each one's n dot products. */
  dots(queries: readonly ArrayLike<number>[]): Float64Array[];
}

interface Exports {
  memory: WebAssembly.Memory;
  dots1: (rows: number, n: number, dim: number, q: number, out: number) => void;
  dots4: (rows: number, n: number, dim: number, q: number, out: number) => void;
}

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(dotsWasmBase64), (c) => c.charCodeAt(0));
    // small enough (~1 KB) for a synchronous compile even on a browser's main thread
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null; // no WebAssembly, or no SIMD: the JS loop serves
  }
  return compiled;
}

const kernels = new WeakMap<EmbeddingMatrix, RowDots | null>();

/** The kernel for this matrix, or null where it does not pay or cannot run (the caller's JS loop then serves). */
export function rowDots(m: EmbeddingMatrix): RowDots | null {
  if (m.rows < KERNEL_MIN_ROWS || m.dim % 4 !== 0) return null;
  const known = kernels.get(m);
  if (known !== undefined) return known;
  const mod = kernelModule();
  const k = mod ? makeKernel(mod, m) : null;
  kernels.set(m, k);
  return k;
}

function makeKernel(mod: WebAssembly.Module, m: EmbeddingMatrix): RowDots {
  const { rows: n, dim } = m;
  const align = (b: number) => Math.ceil(b / 16) * 16;
  const rowsAt = 0;
  const queriesAt = align(n * dim * 4);
  const outAt = queriesAt + align(KERNEL_BLOCK * dim * 8);
  const bytes = outAt + KERNEL_BLOCK * n * 8;
  const ex = new WebAssembly.Instance(mod, {}).exports as unknown as Exports;
  // the module's own memory is grown to fit; its exports read and write it
  ex.memory.grow(Math.max(0, Math.ceil(bytes / 65536) - ex.memory.buffer.byteLength / 65536));
  const buf = ex.memory.buffer;
  new Float32Array(buf, rowsAt, n * dim).set(m.data);
  const q = new Float64Array(buf, queriesAt, KERNEL_BLOCK * dim);
  const out = new Float64Array(buf, outAt, KERNEL_BLOCK * n);
  return {
    dots(queries) {
      const c = queries.length;
      if (c < 1 || c > KERNEL_BLOCK) throw new Error(`rowDots: 1 to ${KERNEL_BLOCK} queries, got ${c}`);
      q.fill(0);
      queries.forEach((v, p) => {
        if (v.length !== dim) throw new Error(`rowDots: query of length ${v.length} vs matrix dim ${dim}`);
        q.set(v, p * dim);
      });
      if (c === 1) ex.dots1(rowsAt, n, dim, queriesAt, outAt);
      else ex.dots4(rowsAt, n, dim, queriesAt, outAt);
      return queries.map((_, p) => out.slice(p * n, (p + 1) * n));
    },
  };
}
