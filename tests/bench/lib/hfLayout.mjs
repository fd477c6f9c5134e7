/**
 * Lays out a bundle as a Hugging Face CLIP export for transformers.js: config.json, preprocessor_config.json and
 * onnx/vision_model.onnx (a symlink to the bundle's vision.onnx: the very same file both sides run).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PIL resample ids, as HF preprocessor configs write them. */
const RESAMPLE = { bilinear: 2, bicubic: 3 };

export function layOutHf(bundleDir, outDir) {
  const m = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8'));
  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  const config = {
    model_type: 'clip',
    architectures: ['CLIPModel'],
    projection_dim: m.embedDim,
    logit_scale_init_value: Math.log(m.logitScale),
    vision_config: { model_type: 'clip_vision_model', image_size: m.image.size, projection_dim: m.embedDim },
    text_config: {
      model_type: 'clip_text_model',
      max_position_embeddings: m.tokenizer.contextLength,
      projection_dim: m.embedDim,
    },
  };
  const pre = {
    image_processor_type: 'CLIPImageProcessor',
    do_resize: true,
    size:
      m.image.resize === 'shortest_edge'
        ? { shortest_edge: m.image.resizeTo }
        : { height: m.image.resizeTo, width: m.image.resizeTo },
    resample: RESAMPLE[m.image.interpolation],
    do_center_crop: m.image.crop === 'center',
    crop_size: { height: m.image.cropSize, width: m.image.cropSize },
    do_rescale: true,
    rescale_factor: m.image.rescale,
    do_normalize: true,
    image_mean: m.image.mean,
    image_std: m.image.std,
    do_convert_rgb: true,
  };
  writeFileSync(join(outDir, 'config.json'), JSON.stringify(config, null, 1));
  writeFileSync(join(outDir, 'preprocessor_config.json'), JSON.stringify(pre, null, 1));
  const link = join(outDir, 'onnx', 'vision_model.onnx');
  if (existsSync(link)) rmSync(link);
  symlinkSync(join(bundleDir, m.vision.file), link);
  return { manifest: m, dir: outDir };
}
