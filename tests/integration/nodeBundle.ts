/**
 * Node helpers for integration tests: open a bundle folder with onnxruntime-node through the app's own
 * manifest parser, tokenizer and encoders (web/inference/encoders.ts), and decode photos with sharp (libvips over
 * libjpeg-turbo: the very pixels PIL gives the recipe, and the browser gives the app, on the shared photos).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeImage, preprocessDecoded } from '../../cli/decode';
import { ClipEncoders, type MakeTensor, type RunnableSession } from '../../web/inference/encoders';
import { encodeClassPrompts, encodeNegativeLabels } from '../../web/inference/prompts';
import type { PromptEmbeddings } from '../../web/ood/scores/types';
import { modelIndexSchema, parseJsonText, parseManifest, parseWith, type Manifest } from '../../web/model/manifest';
import { ClipTokenizer } from '../../web/text/tokenize';

export const repo = path.resolve(__dirname, '../..');
export const photosDir = path.resolve(repo, '../shared/data/photos');
export const tinyBundle = path.join(repo, 'tests/fixtures/bundles/tiny');

const makeTensor: MakeTensor = (type, data, dims) => new ort.Tensor(type, data, dims);

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, 'manifest.json');
  return parseManifest(parseJsonText(readFileSync(file, 'utf8'), file), file);
}

export async function openBundle(dir: string, manifest = readManifest(dir)): Promise<ClipEncoders> {
  const session = (f: string) =>
    ort.InferenceSession.create(path.join(dir, f)) as Promise<unknown> as Promise<RunnableSession>;
  const tokenizer = new ClipTokenizer(
    JSON.parse(readFileSync(path.join(dir, manifest.tokenizer.file), 'utf8')),
    manifest.tokenizer,
  );
  return new ClipEncoders(
    manifest,
    await session(manifest.vision.file),
    await session(manifest.text.file),
    tokenizer,
    makeTensor,
  );
}

/** Bundles listed in models/index.json (default first), or [] before any is committed. */
export function indexedBundles(): Array<{ id: string; dir: string; isDefault: boolean }> {
  const file = path.join(repo, 'models/index.json');
  if (!existsSync(file)) return [];
  const index = parseWith(modelIndexSchema, JSON.parse(readFileSync(file, 'utf8')), file);
  const rows = index.models.map((m) => ({
    id: m.id,
    dir: path.join(repo, 'models', m.path),
    isDefault: m.default === true,
  }));
  return rows.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** A photo's bytes → RGBA pixels upright, as the browser and the recipe see them: the CLI's decoder (cli/decode.ts). */
export { decodeImage };

export const decodeImageFile = (file: string, spec?: Parameters<typeof decodeImage>[1]) =>
  decodeImage(readFileSync(file), spec);

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** One member of a .tar.gz (streamed; stops reading once found). */
export async function readTarMember(tarGz: string, member: string): Promise<Buffer> {
  const { createReadStream } = await import('node:fs');
  const { createGunzip } = await import('node:zlib');
  const stream = createReadStream(tarGz).pipe(createGunzip());
  let buf = Buffer.alloc(0);
  try {
    for await (const chunk of stream) {
      buf = Buffer.concat([buf, chunk as Buffer]);
      while (buf.length >= 512) {
        const header = buf.subarray(0, 512);
        if (header.every((b) => b === 0)) throw new Error(`${member} not in ${tarGz}`);
        const cstr = (b: Buffer) => b.toString('utf8', 0, b.indexOf(0) >= 0 ? b.indexOf(0) : b.length);
        const prefix = cstr(header.subarray(345, 500));
        const name = (prefix ? `${prefix}/` : '') + cstr(header.subarray(0, 100));
        const size = parseInt(cstr(header.subarray(124, 136)).trim() || '0', 8);
        const padded = 512 + Math.ceil(size / 512) * 512;
        if (buf.length < padded) break;
        if (name === member) return Buffer.from(buf.subarray(512, 512 + size));
        buf = buf.subarray(padded);
      }
    }
  } finally {
    stream.destroy();
  }
  throw new Error(`${member} not in ${tarGz}`);
}

/** The prompt embeddings the app scores with: class prompts, and the negative labels when the bundle has them. */
export async function bundlePrompts(dir: string, manifest: Manifest, enc: ClipEncoders): Promise<PromptEmbeddings> {
  const texts = { encodeTexts: async (t: string[]) => ({ ...(await enc.encodeTexts(t)), n: t.length, ms: 0 }) };
  const classes = await encodeClassPrompts(texts, manifest);
  const negatives = manifest.negativeLabels
    ? await encodeNegativeLabels(texts, JSON.parse(readFileSync(path.join(dir, manifest.negativeLabels), 'utf8')))
    : undefined;
  return { classes, negatives, logitScale: manifest.logitScale };
}

/** A shared photo's image embedding as the app computes it (the browser's pixels, the app's preprocessing). */
export async function encodePhoto(enc: ClipEncoders, manifest: Manifest, rel: string): Promise<Float32Array> {
  const img = await decodeImageFile(path.join(photosDir, rel), manifest.image);
  return (await enc.encodePixels(preprocessDecoded(img, manifest.image), 1)).slice();
}
