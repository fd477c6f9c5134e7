/**
 * libjpeg-turbo's TurboJPEG decoder in WebAssembly (@cwasm/jpeg-turbo: libjpeg-turbo 2.0 built for WASI, imports no
 * JavaScript beyond the stubs below): a JPEG's header, then its pixels at a reduced DCT scale. Plain WebAssembly and
 * no emscripten glue, so the app's CSP ('wasm-unsafe-eval', never 'unsafe-eval') holds; wasm-vips, measured first
 * with the same pixels, builds its bindings with `new Function` and is refused by it (docs/preprocessing.md).
 * We write this glue because the package's own is Node-only (fs, a sync compile of the file at import).
 *
 * Pure: it takes the compiled module, which the worker fetches (jpegTurboWasm.ts) and the CLI reads from disk.
 */
import type { Rgb } from './pixels';

/** TurboJPEG's colourspaces (tjDecompressHeader3) and pixel format: RGB, 3 bytes a pixel */
export const TJCS = { RGB: 0, YCbCr: 1, GRAY: 2, CMYK: 3, YCCK: 4 } as const;
const TJPF_RGB = 0;

interface TurboExports {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  tjInitDecompress(): number;
  tjDestroy(handle: number): number;
  tjDecompressHeader3(h: number, src: number, n: number, w: number, ht: number, sub: number, cs: number): number;
  tjDecompress2(
    h: number,
    src: number,
    n: number,
    dst: number,
    w: number,
    pitch: number,
    ht: number,
    pf: number,
    flags: number,
  ): number;
}

export interface JpegHeader {
  width: number;
  height: number;
  colorspace: number;
}

/**
 * libjpeg reports a fatal error by longjmp; WASI has none, so the build's `longjmp` import throws this instead and
 * the instance (its C stack pointer left mid-call) is replaced before the next photo.
 */
class JpegAbort extends Error {}

const imports = {
  env: {
    setjmp: () => 0,
    longjmp: () => {
      throw new JpegAbort('libjpeg error');
    },
  },
  // the library never does I/O; these only satisfy the module's WASI imports
  wasi_snapshot_preview1: {
    environ_sizes_get: () => 0,
    ...Object.fromEntries(
      ['environ_get', 'proc_exit', 'fd_close', 'fd_seek', 'fd_write'].map((n) => [
        n,
        () => {
          throw new JpegAbort(`WASI ${n} called`);
        },
      ]),
    ),
  },
};

export class JpegTurbo {
  private x: TurboExports;

  constructor(private readonly module: WebAssembly.Module) {
    this.x = this.instantiate();
  }

  private instantiate(): TurboExports {
    return new WebAssembly.Instance(this.module, imports).exports as unknown as TurboExports;
  }

  /**
   * `bytes` decoded at 1/scale, where `pickScale` (given the header) returns a scale of 2, 4 or 8; libjpeg's size,
   * ceil(side / scale), as RGB. Null when `pickScale` says 1 or 0 (decode in full), when the header is unreadable, or
   * when libjpeg warns or fails (a truncated or damaged file): the caller's ordinary decode then owns the message.
   */
  decodeScaled(bytes: Uint8Array, pickScale: (h: JpegHeader) => number): Rgb | null {
    try {
      return this.decode(bytes, pickScale);
    } catch (e) {
      if (!(e instanceof JpegAbort) && !(e instanceof WebAssembly.RuntimeError)) throw e;
      this.x = this.instantiate(); // a fresh instance: the old one was left mid-call
      return null;
    }
  }

  private decode(bytes: Uint8Array, pickScale: (h: JpegHeader) => number): Rgb | null {
    const x = this.x;
    const src = x.malloc(bytes.length);
    const meta = x.malloc(16);
    const handle = x.tjInitDecompress();
    let dst = 0;
    try {
      if (!src || !meta || !handle) return null;
      new Uint8Array(x.memory.buffer, src, bytes.length).set(bytes);
      if (x.tjDecompressHeader3(handle, src, bytes.length, meta, meta + 4, meta + 8, meta + 12) !== 0) return null;
      const [width, height, , colorspace] = new Int32Array(x.memory.buffer, meta, 4);
      const scale = pickScale({ width, height, colorspace });
      if (scale <= 1) return null;
      const w = Math.ceil(width / scale);
      const h = Math.ceil(height / scale);
      dst = x.malloc(w * h * 3);
      if (!dst) return null;
      // -1 without a throw is a warning (e.g. data missing at the end): the pixels may be incomplete
      if (x.tjDecompress2(handle, src, bytes.length, dst, w, w * 3, h, TJPF_RGB, 0) !== 0) return null;
      return { data: new Uint8Array(x.memory.buffer, dst, w * h * 3).slice(), width: w, height: h };
    } finally {
      if (dst) x.free(dst);
      if (handle) x.tjDestroy(handle);
      x.free(meta);
      x.free(src);
    }
  }
}
