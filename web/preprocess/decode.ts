/**
 * Browser/worker image decoding: `createImageBitmap` honours EXIF orientation ('from-image'); colour-space conversion
 * is off so pixels match what PIL decodes (PIL ignores embedded ICC profiles too). Returns RGBA bytes for pixels.ts.
 */
import type { ImageSpec } from '../model/manifest';
import { jpegDraft } from './jpegDraft';
import type { JpegTurbo } from './jpegTurbo';
import type { Rgb } from './pixels';

export type Rgba = { data: Uint8ClampedArray; width: number; height: number };

/**
 * A photo decoded for the model: a JPEG at its reduced DCT scale (RGB pixels, jpegDraft.ts) where `turbo` is given
 * (the worker loads it for a manifest that asks for "jpeg-draft"), otherwise the browser's bitmap. A JPEG it cannot
 * read takes the browser's decode too, whose errors name what is wrong with the file.
 */
export async function decodeForModel(blob: Blob, spec: ImageSpec, turbo: JpegTurbo | null): Promise<ImageBitmap | Rgb> {
  if (turbo) {
    const px = jpegDraft(turbo, new Uint8Array(await blob.arrayBuffer()), spec.resizeTo);
    if (px) return px;
  }
  return decodeToBitmap(blob);
}

/**
 * Above this many pixels (a 40 MP photo) the decoded bitmap is scaled down by the browser to HUGE_SHORT_SIDE on its
 * shortest side before its pixels are read: a 12,000² PNG would otherwise need a 576 MB RGBA copy and a JS resize of
 * 144 M pixels. Every model input is far smaller, so the manifest's (Pillow-exact) resize still does the final step;
 * ordinary photos never take this path, so parity with the Python recipe is unchanged for them.
 */
export const HUGE_PIXELS = 40e6;
export const HUGE_SHORT_SIDE = 2048;

export async function decodeToBitmap(blob: Blob): Promise<ImageBitmap> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch (e) {
    const name = (blob as File).name ?? 'image';
    const reason = undecodableReason(new Uint8Array(await blob.arrayBuffer().catch(() => new ArrayBuffer(0))));
    throw new Error(
      `${name}: the browser cannot decode this image: ${reason} (${(e as Error).message || 'unsupported format'})`,
      { cause: e },
    );
  }
  const scale = HUGE_SHORT_SIDE / Math.min(bitmap.width, bitmap.height);
  if (bitmap.width * bitmap.height <= HUGE_PIXELS || scale >= 1) return bitmap;
  let small: ImageBitmap;
  try {
    small = await createImageBitmap(bitmap, {
      resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
      resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
      resizeQuality: 'high',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch {
    return bitmap; // the browser would not scale it: read it at full size as before
  }
  bitmap.close();
  return small;
}

const ascii = (b: Uint8Array, start: number, n: number) => String.fromCharCode(...b.subarray(start, start + n));

/** Why a decode failed, told from the file's own bytes: empty, not an image, a format browsers lack, or cut short. */
export function undecodableReason(b: Uint8Array): string {
  if (b.length === 0) return 'the file is empty (0 bytes)';
  if (ascii(b, 4, 4) === 'ftyp' && /^(hei[cxms]|hev[cx]|mif1|msf1)$/.test(ascii(b, 8, 4))) {
    return 'HEIC/HEIF photos are not supported by this browser; export it as JPEG (iPhone: Settings › Camera › Formats › Most Compatible)';
  }
  if (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*')
    return 'TIFF images are not supported by this browser; save it as JPEG or PNG';
  if (b[0] === 0xff && b[1] === 0xd8) {
    // A JPEG ends with the EOI marker FF D9 (some cameras append a little data after it).
    const tail = b.subarray(Math.max(0, b.length - 65536));
    for (let i = tail.length - 2; i >= 0; i--)
      if (tail[i] === 0xff && tail[i + 1] === 0xd9) return 'the JPEG is damaged';
    return 'the JPEG is cut short (truncated: an incomplete download or copy?)';
  }
  if (ascii(b, 1, 3) === 'PNG')
    return ascii(b, b.length - 8, 4) === 'IEND'
      ? 'the PNG is damaged'
      : 'the PNG is cut short (truncated: an incomplete download or copy?)';
  if (
    ascii(b, 0, 4) === 'GIF8' ||
    (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') ||
    ascii(b, 0, 2) === 'BM' ||
    (ascii(b, 4, 4) === 'ftyp' && /^avi[fs]$/.test(ascii(b, 8, 4)))
  ) {
    return 'the file is damaged or uses a variant this browser cannot read';
  }
  const head = ascii(b, 0, 5);
  const what =
    head === '%PDF-' ? ' (it is a PDF)' : /^\s*[<{[]/.test(head) ? ' (it looks like text, HTML or JSON)' : '';
  return `it is not an image${what}: its bytes are not JPEG, PNG, GIF, WebP, BMP or AVIF`;
}

/**
 * One canvas reused while images keep the same size, but always sized to exactly the image being read: never grown
 * to the union of earlier sizes. (It once was: a 1500×20000 photo then a 20000×1500 one asked for a 20000² canvas,
 * past what Chromium allocates, and every later read came back blank, without an exception.)
 */
let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

export function bitmapToRgba(bitmap: ImageBitmap): Rgba {
  if (!canvas || !ctx) {
    canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas context in this worker');
  }
  if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
  }
  // 'copy' replaces every pixel it covers (alpha included); the canvas is exactly the bitmap's size.
  ctx.globalCompositeOperation = 'copy';
  ctx.drawImage(bitmap, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  return { data, width, height };
}

/** True when every pixel of RGBA bytes is the same (a canvas the browser could not allocate reads back all zeros). */
export function isConstantRgba(data: Uint8ClampedArray | Uint8Array): boolean {
  const n = data.length - (data.length % 4);
  if (n === 0) return true;
  const [r, g, b, a] = [data[0], data[1], data[2], data[3]];
  for (let i = 4; i < n; i += 4)
    if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b || data[i + 3] !== a) return false;
  return true;
}

/** Side of the small second decode that tells a truly uniform photo from a blank read-back. */
const PROBE_SIDE = 64;

/**
 * A browser that cannot allocate a canvas (or a decoded bitmap) hands back blank pixels instead of throwing. When the
 * pixels read are all one value, decode the file again small, apart from the shared canvas: if that copy is not
 * uniform, the first read was blank and scoring it would score a black image, so this is an error naming the file.
 * A photo that really is one colour passes (both reads agree).
 */
export async function assertNotBlank(rgba: Rgba, source: Blob): Promise<void> {
  if (!isConstantRgba(rgba.data)) return;
  let probe: Uint8ClampedArray;
  try {
    const small = await createImageBitmap(source, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
      resizeWidth: PROBE_SIDE,
      resizeHeight: PROBE_SIDE,
    });
    const c = new OffscreenCanvas(PROBE_SIDE, PROBE_SIDE).getContext('2d');
    if (!c) return;
    c.globalCompositeOperation = 'copy';
    c.drawImage(small, 0, 0);
    small.close();
    probe = c.getImageData(0, 0, PROBE_SIDE, PROBE_SIDE).data;
  } catch {
    return; // no second opinion: keep what was read
  }
  if (isConstantRgba(probe)) return;
  const name = (source as File).name || 'image';
  throw new Error(
    `${name}: the browser returned a blank image (${rgba.width}×${rgba.height} pixels read back all the same, but ` +
      'the file is not a one-colour image: it is probably too large for this browser to draw; scale it down and try again)',
  );
}
