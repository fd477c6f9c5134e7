/**
 * Bad models, through the real ONNX Runtime: the message names the file and the problem.
 * (Malformed manifests are covered by web/model/manifest.test.ts; downloads by web/model/sources.test.ts; the UI by tests/e2e.)
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { ClipEncoders, type RunnableSession } from '../../web/inference/encoders';
import { ClipTokenizer } from '../../web/text/tokenize';
import { readFileSync } from 'node:fs';
import { openBundle, readManifest, repo, tinyBundle } from './nodeBundle';

const manifest = readManifest(tinyBundle);
const tokenizer = new ClipTokenizer(
  JSON.parse(readFileSync(path.join(tinyBundle, 'tokenizer.json'), 'utf8')),
  manifest.tokenizer,
);
const open = (p: string) => ort.InferenceSession.create(p) as Promise<unknown> as Promise<RunnableSession>;
const makeTensor = (t: 'float32' | 'int64', d: Float32Array | BigInt64Array, dims: number[]) =>
  new ort.Tensor(t, d, dims);

describe('bad models', () => {
  it('an input name the graph does not have', async () => {
    const m = { ...manifest, vision: { ...manifest.vision, input: 'image' } };
    await expect(openBundle(tinyBundle, m)).rejects.toThrow(
      /vision\.onnx: inputs are \[pixel_values\] but the manifest feeds \[image\]/,
    );
  });
  it('an output name the graph does not have', async () => {
    const m = { ...manifest, text: { ...manifest.text, output: 'pooled' } };
    await expect(openBundle(tinyBundle, m)).rejects.toThrow(
      /text\.onnx: has no output "pooled" \(outputs: text_embeds\)/,
    );
  });
  it('text and vision embedding sizes differ', async () => {
    const vision = await open(path.join(tinyBundle, 'vision.onnx'));
    const text = await open(path.join(repo, 'tests/fixtures/bundles/text-dim-48.onnx'));
    const enc = new ClipEncoders(manifest, vision, text, tokenizer, makeTensor);
    await expect(enc.warmUp()).rejects.toThrow(
      /text\.onnx: output "text_embeds" has shape \[\d+, 48\], expected \[\d+, 64\] \(manifest embedDim 64\)/,
    );
  });
  it('the manifest promises another width than both towers give', async () => {
    await expect((await openBundle(tinyBundle, { ...manifest, embedDim: 128 })).warmUp()).rejects.toThrow(
      /vision\.onnx: .*expected \[1, 128\]/,
    );
  });
});
