import { describe, expect, it } from 'vitest';
import { manifestFromHf, isHfLayout } from './hfLayout';

// The fields of openai/clip-vit-base-patch32's config.json / preprocessor_config.json that matter here, written out.
const config = {
  _name_or_path: 'openai/clip-vit-base-patch32',
  architectures: ['CLIPModel'],
  projection_dim: 512,
  logit_scale_init_value: 2.6592,
  text_config: {
    hidden_size: 512,
    max_position_embeddings: 77,
    bos_token_id: 49406,
    eos_token_id: 49407,
    pad_token_id: 1,
    vocab_size: 49408,
  },
  vision_config: { hidden_size: 768, image_size: 224, patch_size: 32 },
};
const preprocessor = {
  crop_size: { height: 224, width: 224 },
  do_center_crop: true,
  do_convert_rgb: true,
  do_normalize: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_processor_type: 'CLIPImageProcessor',
  image_std: [0.26862954, 0.26130258, 0.27577711],
  resample: 3,
  rescale_factor: 0.00392156862745098,
  size: { shortest_edge: 224 },
};
const tokenizer = {
  added_tokens: [
    { id: 49406, content: '<|startoftext|>', special: true },
    { id: 49407, content: '<|endoftext|>', special: true },
  ],
};

describe('manifestFromHf', () => {
  it('derives the bundle contract from a CLIP ViT-B/32 export', () => {
    const m = manifestFromHf({ config, preprocessor, tokenizer });
    expect(m.id).toBe('clip-vit-base-patch32');
    expect(m.embedDim).toBe(512);
    expect(m.logitScale).toBeCloseTo(Math.exp(2.6592), 6);
    expect(m.image).toMatchObject({
      size: 224,
      resizeTo: 224,
      cropSize: 224,
      interpolation: 'bicubic',
      resize: 'shortest_edge',
      crop: 'center',
    });
    expect(m.image.rescale).toBeCloseTo(1 / 255, 12);
    expect(m.image.mean).toEqual(preprocessor.image_mean);
    expect(m.tokenizer).toMatchObject({
      contextLength: 77,
      padTokenId: 1,
      bosToken: '<|startoftext|>',
      eosToken: '<|endoftext|>',
      file: 'tokenizer.json',
    });
    expect(m.vision).toMatchObject({ file: 'onnx/vision_model.onnx', input: 'pixel_values', output: 'image_embeds' });
    expect(m.text).toMatchObject({
      file: 'onnx/text_model.onnx',
      input: 'input_ids',
      output: 'text_embeds',
      extraInputs: ['attention_mask'],
    });
  });
  it('accepts older int sizes and bilinear resample', () => {
    const m = manifestFromHf({
      config,
      preprocessor: { ...preprocessor, size: 256, crop_size: 224, resample: 2 },
      tokenizer,
    });
    expect(m.image).toMatchObject({ resizeTo: 256, cropSize: 224, size: 224, interpolation: 'bilinear' });
  });
  it('names the file and field that is wrong', () => {
    expect(() => manifestFromHf({ config: { ...config, projection_dim: 'x' }, preprocessor, tokenizer })).toThrow(
      /config\.json: field "projection_dim"/,
    );
    expect(() => manifestFromHf({ config, preprocessor: { ...preprocessor, resample: 1 }, tokenizer })).toThrow(
      /preprocessor_config\.json: field "resample"/,
    );
    expect(() => manifestFromHf({ config, preprocessor, tokenizer: { added_tokens: [] } })).toThrow(
      /tokenizer\.json: no BOS\/EOS/,
    );
  });
  it('recognises the layout by its files', () => {
    expect(isHfLayout(['config.json', 'preprocessor_config.json', 'tokenizer.json', 'onnx/text_model.onnx'])).toBe(
      true,
    );
    expect(isHfLayout(['manifest.json', 'config.json', 'preprocessor_config.json'])).toBe(false);
  });
});
