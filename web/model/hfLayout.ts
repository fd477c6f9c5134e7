/**
 * Hugging Face CLIP export folders (`config.json`, `preprocessor_config.json`, `tokenizer.json`,
 * `onnx/vision_model.onnx`, `onnx/text_model.onnx`, as Optimum / transformers.js write them) → a Manifest,
 * so the rest of the app only ever sees the bundle contract.
 */
import { z } from 'zod';
import { ManifestError, parseManifest, parseWith, type Manifest } from './manifest';

export const HF_FILES = {
  config: 'config.json',
  preprocessor: 'preprocessor_config.json',
  tokenizer: 'tokenizer.json',
  vision: 'onnx/vision_model.onnx',
  text: 'onnx/text_model.onnx',
} as const;

const hfConfigSchema = z.object({
  projection_dim: z.number().int().positive(),
  logit_scale_init_value: z.number().default(2.6592),
  text_config: z
    .object({
      max_position_embeddings: z.number().int().positive().default(77),
      pad_token_id: z.number().int().optional(),
      bos_token_id: z.number().int().optional(),
      eos_token_id: z.number().int().optional(),
    })
    .default({ max_position_embeddings: 77 }),
  _name_or_path: z.string().optional(),
});

const sizeSchema = z.union([
  z.number().int().positive(),
  z.object({ shortest_edge: z.number().int().positive() }),
  z.object({ height: z.number().int().positive(), width: z.number().int().positive() }),
]);

const preprocessorSchema = z.object({
  crop_size: sizeSchema.optional(),
  size: sizeSchema,
  do_center_crop: z.boolean().default(true),
  do_resize: z.boolean().default(true),
  do_rescale: z.boolean().default(true),
  rescale_factor: z
    .number()
    .positive()
    .default(1 / 255),
  do_normalize: z.boolean().default(true),
  image_mean: z.tuple([z.number(), z.number(), z.number()]).default([0.48145466, 0.4578275, 0.40821073]),
  image_std: z.tuple([z.number(), z.number(), z.number()]).default([0.26862954, 0.26130258, 0.27577711]),
  /** PIL resample ids: 2 = bilinear, 3 = bicubic. */
  resample: z.number().int().default(3),
});

function edge(size: z.infer<typeof sizeSchema>, file: string, field: string): number {
  if (typeof size === 'number') return size;
  if ('shortest_edge' in size) return size.shortest_edge;
  if (size.height !== size.width)
    throw new ManifestError(file, `field "${field}": non-square ${size.height}×${size.width} is not supported`);
  return size.height;
}

const SPECIAL_PAIRS: Array<[string, string]> = [
  ['<|startoftext|>', '<|endoftext|>'],
  ['[CLS]', '[SEP]'],
  ['<s>', '</s>'],
];

/** Pick BOS/EOS from the tokenizer.json's added tokens (CLIP's BPE, or BERT-style WordPiece). */
function specialTokens(tokenizerJson: unknown): { bos: string; eos: string; pad?: number } {
  const added = (tokenizerJson as { added_tokens?: Array<{ id: number; content: string }> })?.added_tokens ?? [];
  const names = new Set(added.map((t) => t.content));
  for (const [bos, eos] of SPECIAL_PAIRS) {
    if (names.has(bos) && names.has(eos)) {
      const pad = added.find((t) => t.content === '[PAD]' || t.content === '<pad>');
      return { bos, eos, pad: pad?.id };
    }
  }
  throw new ManifestError(
    HF_FILES.tokenizer,
    'no BOS/EOS pair among added_tokens (looked for <|startoftext|>/<|endoftext|>, [CLS]/[SEP], <s>/</s>)',
  );
}

/**
 * Derive the manifest. `classes` and prompt templates are not part of an HF export: the caller passes them
 * (defaults: CIFAR-10 names, "a photo of a {}."), so a zero-shot CLIP can be checked against the same ID set.
 */
export function manifestFromHf(
  files: { config: unknown; preprocessor: unknown; tokenizer: unknown },
  opts: { id?: string; classes?: string[]; promptTemplates?: string[] } = {},
): Manifest {
  const config = parseWith(hfConfigSchema, files.config, HF_FILES.config);
  const pre = parseWith(preprocessorSchema, files.preprocessor, HF_FILES.preprocessor);
  const special = specialTokens(files.tokenizer);
  const resizeTo = edge(pre.size, HF_FILES.preprocessor, 'size');
  const cropSize =
    pre.do_center_crop && pre.crop_size !== undefined
      ? edge(pre.crop_size, HF_FILES.preprocessor, 'crop_size')
      : resizeTo;
  if (pre.resample !== 2 && pre.resample !== 3) {
    throw new ManifestError(
      HF_FILES.preprocessor,
      `field "resample": ${pre.resample} is not supported (2 = bilinear, 3 = bicubic)`,
    );
  }
  const id = opts.id ?? config._name_or_path?.split('/').pop() ?? 'hf-clip';
  return parseManifest(
    {
      format: 'alignscope-clip-bundle',
      formatVersion: 1,
      id,
      name: `${id} (Hugging Face export)`,
      description: 'Derived from config.json and preprocessor_config.json',
      embedDim: config.projection_dim,
      logitScale: Math.exp(config.logit_scale_init_value),
      vision: { file: HF_FILES.vision, input: 'pixel_values', output: 'image_embeds' },
      text: { file: HF_FILES.text, input: 'input_ids', output: 'text_embeds', extraInputs: ['attention_mask'] },
      image: {
        size: cropSize,
        resize: 'shortest_edge',
        resizeTo,
        interpolation: pre.resample === 2 ? 'bilinear' : 'bicubic',
        crop: 'center',
        cropSize,
        rescale: pre.do_rescale ? pre.rescale_factor : 1,
        mean: pre.do_normalize ? pre.image_mean : [0, 0, 0],
        std: pre.do_normalize ? pre.image_std : [1, 1, 1],
      },
      tokenizer: {
        file: HF_FILES.tokenizer,
        contextLength: config.text_config.max_position_embeddings,
        // CLIP's HF tokenizer pads with <|endoftext|> unless told otherwise; pad_token_id in text_config wins.
        padTokenId: config.text_config.pad_token_id ?? special.pad ?? 0,
        bosToken: special.bos,
        eosToken: special.eos,
      },
      classes: opts.classes ?? [
        'airplane',
        'automobile',
        'bird',
        'cat',
        'deer',
        'dog',
        'frog',
        'horse',
        'ship',
        'truck',
      ],
      promptTemplates: opts.promptTemplates ?? ['a photo of a {}.'],
    },
    `${HF_FILES.config} + ${HF_FILES.preprocessor}`,
  );
}

/** Does a set of relative paths look like an HF export (rather than a bundle with manifest.json)? */
export function isHfLayout(paths: Iterable<string>): boolean {
  const set = new Set(paths);
  return !set.has('manifest.json') && set.has(HF_FILES.config) && set.has(HF_FILES.preprocessor);
}
