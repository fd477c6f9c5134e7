/**
 * JPEGs decoded at a reduced DCT scale (manifest `image.decode: "jpeg-draft"`), the twin of the recipe's
 * training/data.py `jpeg_draft`: libjpeg decodes at the largest scale 1/2, 1/4 or 1/8 that keeps the shortest side
 * at least REDUCING_GAP × the model's input (Pillow's Image.thumbnail keeps the same gap), so a 500×375 photo for a
 * 32 px model is decoded at 125×93 — a sixteenth of the pixels — and the Pillow-exact resize (pixels.ts) does the
 * rest. The browser cannot decode reduced (createImageBitmap resizes after a full decode: docs/preprocessing.md), so
 * libjpeg-turbo in WebAssembly does it (jpegTurbo.ts); its pixels equal Pillow's draft on every shared photo.
 * libjpeg's scaled size is ceil(side / scale); both sides crop it to floor(side / scale), the size libvips (measured
 * first) gives, so a change of decoder never moves the recipe's pixels.
 *
 * Returns null where the app's ordinary decode applies: not a JPEG, CMYK, a small photo (scale 1), a damaged file.
 */
import type { JpegTurbo } from './jpegTurbo';
import { TJCS } from './jpegTurbo';
import { exifOrientation, orientRgb } from './orientation';
import type { Rgb } from './pixels';

export const REDUCING_GAP = 2;
const SCALES = [8, 4, 2] as const;

/** The DCT scale denominator for a width × height JPEG feeding a `size` px model (1: decode in full). */
export function jpegDraftScale(width: number, height: number, size: number): number {
  for (const s of SCALES) if (Math.floor(Math.min(width, height) / s) >= REDUCING_GAP * size) return s;
  return 1;
}

/** A JPEG starts with the SOI marker FF D8 FF. */
export const isJpeg = (b: Uint8Array): boolean => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** `bytes` decoded reduced, cropped to floor(side / scale) and turned upright (EXIF), as RGB; null: decode in full. */
export function jpegDraft(turbo: JpegTurbo, bytes: Uint8Array, size: number): Rgb | null {
  if (!isJpeg(bytes)) return null;
  let keep = { width: 0, height: 0 };
  const decoded = turbo.decodeScaled(bytes, (h) => {
    // grey and colour JPEGs, as the recipe (Pillow modes L and RGB); CMYK / YCCK decode in full on both sides
    const ok = h.colorspace === TJCS.YCbCr || h.colorspace === TJCS.RGB || h.colorspace === TJCS.GRAY;
    const scale = ok ? jpegDraftScale(h.width, h.height, size) : 1;
    keep = { width: Math.floor(h.width / scale), height: Math.floor(h.height / scale) };
    return scale;
  });
  if (!decoded) return null;
  return orientRgb(cropTopLeft(decoded, keep.width, keep.height), exifOrientation(bytes));
}

/** The top-left width × height of `img` (at most one row and one column less). */
function cropTopLeft(img: Rgb, width: number, height: number): Rgb {
  if (width === img.width && height === img.height) return img;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    data.set(img.data.subarray(3 * y * img.width, 3 * (y * img.width + width)), 3 * y * width);
  return { data, width, height };
}
