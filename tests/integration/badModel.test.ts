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
  it('text and vision embedding sizes differ: the text graph declares another width', async () => {
    const vision = await open(path.join(tinyBundle, 'vision.onnx'));
    const text = await open(path.join(repo, 'tests/fixtures/bundles/text-dim-48.onnx'));
    expect(() => new ClipEncoders(manifest, vision, text, tokenizer, makeTensor)).toThrow(
      /text\.onnx: "text_embeds" is declared \[batch, 48\] but the manifest's embedDim is 64/,
    );
  });
  it('an output that the graph does not declare is still checked on the first run', async () => {
    const vision = await open(path.join(tinyBundle, 'vision.onnx'));
    const text = await open(path.join(repo, 'tests/fixtures/bundles/text-dim-48.onnx'));
    const undeclared = { inputNames: text.inputNames, outputNames: text.outputNames, run: text.run.bind(text) };
    const enc = new ClipEncoders(manifest, vision, undeclared, tokenizer, makeTensor);
    await expect(enc.warmUp()).rejects.toThrow(
      /text\.onnx: output "text_embeds" has shape \[\d+, 48\], expected \[\d+, 64\] \(manifest embedDim 64\)/,
    );
  });
  // issue 13: manifest numbers that pass the schema but not the model are refused before any photo, naming the field
  it.each([
    [
      'embedDim',
      { embedDim: 128 },
      /vision\.onnx: "image_embeds" is declared \[batch, 64\] but the manifest's embedDim is 128/,
    ],
    [
      'image.size',
      { image: { ...manifest.image, size: 64, cropSize: 64, resizeTo: 64 } },
      /vision\.onnx: "pixel_values" is declared \[batch, 3, 32, 32\] but the manifest's image\.size is 64/,
    ],
    [
      'tokenizer.contextLength',
      { tokenizer: { ...manifest.tokenizer, contextLength: 77 } },
      /text\.onnx: "input_ids" is declared \[batch, 16\] but the manifest's tokenizer\.contextLength is 77/,
    ],
  ])('the manifest says another %s than the graph declares', async (_, patch, message) => {
    await expect(openBundle(tinyBundle, { ...manifest, ...patch })).rejects.toThrow(message);
  });
});
