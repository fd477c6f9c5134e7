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

export function bitmapToRgba(bitmap: ImageBitmap): Rgba {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas context in this worker');
  ctx.drawImage(bitmap, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  return { data, width, height };
}
