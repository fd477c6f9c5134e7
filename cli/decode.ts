/**
 * Photo bytes → upright RGBA pixels in Node, as the browser (createImageBitmap, EXIF orientation from the image) and
 * the recipe (PIL: EXIF transpose, convert('RGB')) see them. sharp is libvips over libjpeg-turbo, the decoder the
 * browser uses too, so the pixels are the same ones; CMYK and grey photos are converted to sRGB first.
 * The embedded ICC profile is ignored, as the app (createImageBitmap with colorSpaceConversion 'none') and PIL do:
 * sharp's default converts through it, which moved pixels by up to 104 grey levels on 9 of the 120 shared photos
 * (embedding cosine down to 0.998 against the browser).
 * A "jpeg-draft" manifest's JPEGs are decoded reduced by the app's own libjpeg-turbo module (web/preprocess/jpegDraft),
 * the one the browser's worker runs: sharp's shrink-on-load is not libjpeg's DCT scaling pixel for pixel.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import type { ImageSpec } from '../web/model/manifest';
import { jpegDraft } from '../web/preprocess/jpegDraft';
import { JpegTurbo } from '../web/preprocess/jpegTurbo';
import { preprocessRgb, preprocessRgba } from '../web/preprocess/pixels';

export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA: the alpha is dropped later, as PIL's convert('RGB') and the app do) */
  channels: 3 | 4;
}

/** The app's libjpeg-turbo, compiled on first use (the same WebAssembly file the browser fetches). */
let turbo: JpegTurbo | undefined;
export function jpegTurbo(): JpegTurbo {
  if (!turbo) {
    const file = createRequire(import.meta.url).resolve('@cwasm/jpeg-turbo/jpeg-turbo.wasm');
    turbo = new JpegTurbo(new WebAssembly.Module(readFileSync(file)));
  }
  return turbo;
}

/** `bytes` decoded as the browser decodes them for a model with image spec `spec` (without one: in full). */
export async function decodeImage(
  bytes: Uint8Array,
  spec?: Pick<ImageSpec, 'decode' | 'resizeTo'>,
): Promise<DecodedImage> {
  if (spec?.decode === 'jpeg-draft') {
    const px = jpegDraft(jpegTurbo(), bytes, spec.resizeTo);
    if (px) return { ...px, channels: 3 };
  }
  const input = sharp(bytes, { limitInputPixels: false, ignoreIcc: true });
  if ((await input.metadata()).space === 'cmyk') return cmykAsBrowser(input);
  const { data, info } = await input
    .rotate()
    .toColourspace('srgb')
    .raw() // no ensureAlpha(): adding a channel cost 0.4 ms a photo, as much as the decode of a 32-px JPEG
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4)
    throw new Error(`decoded to ${info.channels} channels, expected RGB or RGBA`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: info.channels,
  };
}

/**
 * A CMYK JPEG as Chromium shows it without colour management, R = (255 − C)(255 − K) / 255 (Blink's JPEG decoder on
 * libjpeg's inverted CMYK), rather than through a CMYK profile as libvips would: embedding cosine with the browser
 * 0.9996 instead of 0.9987 on a test photo. Not exact: Chromium's decoder reads the ink channels a few levels apart
 * from libvips' (tests/e2e/cli.e2e.test.ts).
 */
async function cmykAsBrowser(input: Sharp): Promise<DecodedImage> {
  const { data, info } = await input.rotate().toColourspace('cmyk').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`a CMYK image decoded to ${info.channels} channels, expected 4`);
  const n = info.width * info.height;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const k = 255 - data[4 * i + 3];
    for (let c = 0; c < 3; c++) rgb[3 * i + c] = Math.floor(((255 - data[4 * i + c]) * k) / 255);
  }
  return { data: rgb, width: info.width, height: info.height, channels: 3 };
}

/** A decoded photo → the model's CHW input by the manifest's steps (web/preprocess/pixels: Pillow-exact resize). */
export function preprocessDecoded(img: DecodedImage, spec: ImageSpec, out?: Float32Array, offset = 0): Float32Array {
  return img.channels === 4
    ? preprocessRgba(img.data, img.width, img.height, spec, out, offset)
    : preprocessRgb(img, spec, out, offset);
}
