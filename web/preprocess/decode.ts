/**
 * Browser/worker image decoding: `createImageBitmap` honours EXIF orientation ('from-image'); colour-space conversion
 * is off so pixels match what PIL decodes (PIL ignores embedded ICC profiles too). Returns RGBA bytes for pixels.ts.
 */
export type Rgba = { data: Uint8ClampedArray; width: number; height: number };

export async function decodeToBitmap(blob: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (e) {
    const name = (blob as File).name ?? 'image';
    throw new Error(`${name}: the browser cannot decode this image (${(e as Error).message || 'unsupported format'})`);
  }
}

/** One canvas for every image (grown, never shrunk): no per-image canvas and context creation. */
let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

export function bitmapToRgba(bitmap: ImageBitmap): Rgba {
  if (!canvas || !ctx) {
    canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas context in this worker');
  }
  if (canvas.width < bitmap.width || canvas.height < bitmap.height) {
    canvas.width = Math.max(canvas.width, bitmap.width);
    canvas.height = Math.max(canvas.height, bitmap.height);
  }
  // 'copy' replaces every pixel it covers (alpha included), so what an earlier, larger image left is never read.
  ctx.globalCompositeOperation = 'copy';
  ctx.drawImage(bitmap, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  return { data, width, height };
}
