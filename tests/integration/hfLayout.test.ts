/**
 * A Hugging Face-style export folder (config.json, preprocessor_config.json, tokenizer.json, onnx/*.onnx) loads
 * through the same loader and encoders as a bundle. The ONNX graphs are the tiny fixture's (its text graph has no
 * attention_mask input, as some HF exports: the manifest's optional extra input is then simply not fed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadBundle } from '../../web/model/loadBundle';
import { FilesSource } from '../../web/model/sources';
import { openBundle, tinyBundle } from './nodeBundle';

const file = (name: string, bytes: Buffer | string) => ({
  path: `clip-export/${name}`,
  file: new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], path.basename(name)),
});

it('loads an HF CLIP export folder and encodes with it', async () => {
  const config = {
    _name_or_path: 'tiny/clip-export',
    projection_dim: 64,
    logit_scale_init_value: Math.log(100),
    text_config: { max_position_embeddings: 16, pad_token_id: 0 },
  };
  const pre = {
    size: { shortest_edge: 32 },
    crop_size: { height: 32, width: 32 },
    do_center_crop: true,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.4914, 0.4822, 0.4465],
    image_std: [0.247, 0.2435, 0.2616],
    resample: 2,
  };
  const source = new FilesSource([
    file('config.json', JSON.stringify(config)),
    file('preprocessor_config.json', JSON.stringify(pre)),
    file('tokenizer.json', readFileSync(path.join(tinyBundle, 'tokenizer.json'))),
    file('onnx/vision_model.onnx', readFileSync(path.join(tinyBundle, 'vision.onnx'))),
    file('onnx/text_model.onnx', readFileSync(path.join(tinyBundle, 'text.onnx'))),
  ]);
  const b = await loadBundle(source);
  expect(b.layout).toBe('hf');
  expect(b.manifest.id).toBe('clip-export');
  expect(b.manifest.text.extraInputs).toEqual(['attention_mask']);
  // The derived manifest drives the same encoders as a bundle; results equal the bundle's own.
  const viaHf = await openBundle(tinyBundle, {
    ...b.manifest,
    vision: { ...b.manifest.vision, file: 'vision.onnx' },
    text: { ...b.manifest.text, file: 'text.onnx' },
  });
  const viaBundle = await openBundle(tinyBundle);
  const [x, y] = await Promise.all([
    viaHf.encodeTexts(['a photo of a cat.']),
    viaBundle.encodeTexts(['a photo of a cat.']),
  ]);
  expect(Array.from(x.embeddings)).toEqual(Array.from(y.embeddings));
  expect(b.manifest.logitScale).toBeCloseTo(100, 6);
});
