/**
 * The bundle contract (models/README.md): one folder, described entirely by its manifest.json.
 * Validated with zod at load; every message names the file and the field so a person can fix the bundle.
 *
 * Where to find things in web/model:
 *   manifest.ts      – this schema (+ negative_labels.json, models/index.json), `parseManifest`, `ManifestError`
 *   hfLayout.ts      – Hugging Face CLIP export folders → a Manifest
 *   sources.ts       – where bundle files come from (bundled index, URL, local files) + streamed download with progress
 *   cache.ts         – Cache Storage of downloaded model files (list sizes, clear)
 *   loadBundle.ts    – fetch every file the worker needs, validate, hand back a `LoadedBundle`
 *   calibration.ts, metrics.ts, referenceEval.ts – the schema of each optional file (and the .bin decoder)
 *   bundleFiles.ts   – one typed reader per optional file
 *   errors.ts        – `ModelFileError` with its `reason` (missing / unreadable / invalid)
 * Screens never read these directly: they use the hooks in web/state/modelHooks.ts.
 */
import { z } from 'zod';
import { schemaProblems } from '../lib/schemaProblems';
import { ModelFileError } from './errors';

const nonEmpty = z.string().min(1);

/**
 * Sane bounds for every number of a manifest (issue 13): a number inside its schema type but absurd for a CLIP model
 * (contextLength 1e8, logitScale 1e308, std 1e-300, image.size 1e5) used to crash the tab or reach a verdict as NaN
 * or Infinity. The bounds are far outside any real model's values and well inside what the browser can allocate.
 * zod 4's z.number() already refuses Infinity and NaN.
 */
export const MANIFEST_LIMITS = {
  embedDim: 8192,
  logitScale: 1000, // CLIP clamps exp(logit_scale) to 100
  imageSize: 1024,
  resizeTo: 4096,
  meanAbs: 255,
  stdMin: 1e-4,
  stdMax: 255,
  contextLength: 1024, // CLIP: 77
  tokenId: 10_000_000,
  classes: 10_000,
  templates: 256,
  temperatureMin: 1e-4,
  temperatureMax: 1e4,
  neglabelGroups: 1000,
} as const;
const L = MANIFEST_LIMITS;
const meanValue = z.number().min(-L.meanAbs).max(L.meanAbs);
const stdValue = z.number().min(L.stdMin).max(L.stdMax);
const temperature = z.number().min(L.temperatureMin).max(L.temperatureMax);

/**
 * Why `name` cannot be a bundle file name, or undefined when it can: a bundle's files live in its own folder, so a
 * name is a relative path under it — no scheme ("https://elsewhere/…", "data:"), no absolute or protocol-relative
 * path, no ".." segment (plain or percent-encoded, which URL resolution also honours), no backslash (browsers read
 * it as "/"). Otherwise a manifest at one address could make the app fetch from any host.
 */
export function bundlePathProblem(name: string): string | undefined {
  if (name.includes('\\')) return 'has a backslash';
  if (/^[a-z][a-z0-9+.-]*:/i.test(name)) return 'is a URL (it has a scheme)';
  if (name.startsWith('/')) return 'is an absolute path';
  const path = name.split(/[?#]/)[0];
  if (path.split('/').some((segment) => segment.replace(/%2e/gi, '.') === '..')) return 'leaves the folder ("..")';
  if (path !== name) return 'has a query or fragment ("?" or "#")';
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'has a control character';
  return undefined;
}

/** A file of the bundle, by its path relative to the bundle's folder (manifest.json's folder). */
const bundleFile = nonEmpty.superRefine((name, ctx) => {
  const problem = bundlePathProblem(name);
  if (problem)
    ctx.addIssue({
      code: 'custom',
      message: `"${name}" ${problem}: bundle files must be named by a path inside the bundle's own folder`,
    });
});

const encoderSchema = z.object({
  file: bundleFile,
  input: nonEmpty,
  output: nonEmpty,
  /** Optional extra inputs the exported graph wants, e.g. HF text models' `attention_mask`. */
  extraInputs: z.array(z.enum(['attention_mask', 'position_ids'])).optional(),
  /**
   * Optional float16 variant of the same graph (same input/output names, float32 in and out, float16 weights and
   * math), used only on WebGPU adapters with `shader-f16`; the float32 `file` stays the reference and the fallback.
   */
  fp16File: bundleFile.optional(),
});

export const manifestSchema = z.object({
  format: z.literal('alignscope-clip-bundle'),
  formatVersion: z.literal(1),
  id: nonEmpty,
  name: nonEmpty,
  description: z.string().default(''),
  embedDim: z.number().int().positive().max(L.embedDim),
  logitScale: z.number().positive().max(L.logitScale),
  vision: encoderSchema,
  text: encoderSchema,
  image: z.object({
    size: z.number().int().positive().max(L.imageSize),
    /** "jpeg-draft": JPEGs decoded at a reduced DCT scale, as the recipe trains (web/preprocess/jpegDraft.ts) */
    decode: z.enum(['full', 'jpeg-draft']).default('full'),
    resize: z.enum(['shortest_edge', 'exact']).default('shortest_edge'),
    resizeTo: z.number().int().positive().max(L.resizeTo),
    interpolation: z.enum(['bilinear', 'bicubic']),
    crop: z.enum(['center', 'none']).default('center'),
    cropSize: z.number().int().positive().max(L.imageSize),
    rescale: z.number().positive().max(1),
    mean: z.tuple([meanValue, meanValue, meanValue]),
    std: z.tuple([stdValue, stdValue, stdValue]),
  }),
  tokenizer: z.object({
    file: bundleFile,
    contextLength: z.number().int().min(2).max(L.contextLength),
    padTokenId: z.number().int().min(0).max(L.tokenId),
    bosToken: nonEmpty,
    eosToken: nonEmpty,
  }),
  classes: z.array(nonEmpty).min(2).max(L.classes),
  promptTemplates: z.array(z.string().includes('{}')).min(1).max(L.templates),
  scoring: z
    .object({
      default: nonEmpty.default('mcm'),
      mcmTemperature: temperature.default(1),
      neglabelTemperature: temperature.default(0.01),
      neglabelGroups: z.number().int().positive().max(L.neglabelGroups).default(1),
    })
    .default({ default: 'mcm', mcmTemperature: 1, neglabelTemperature: 0.01, neglabelGroups: 1 }),
  negativeLabels: bundleFile.optional(),
  calibration: bundleFile.optional(),
  referenceEval: bundleFile.optional(),
  fixtures: bundleFile.optional(),
  metrics: bundleFile.optional(),
  /** the bundled normal set (web/ood/exemplars.ts format): what the exemplar scores compare with out of the box */
  normalSet: bundleFile.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ImageSpec = Manifest['image'];
export type TokenizerSpec = Manifest['tokenizer'];

export const negativeLabelsSchema = z.object({
  labels: z.array(nonEmpty).min(1),
  template: z.string().includes('{}').default('a photo of a {}.'),
});
export type NegativeLabels = z.infer<typeof negativeLabelsSchema>;

export const modelIndexSchema = z.object({
  models: z
    .array(z.object({ id: nonEmpty, path: nonEmpty, default: z.boolean().optional(), name: z.string().optional() }))
    .min(1),
});
export type ModelIndex = z.infer<typeof modelIndexSchema>;

/** A manifest/config problem a person can act on: which file, which field, what is wrong. */
export class ManifestError extends ModelFileError {
  constructor(file: string, problem: string) {
    super(file, problem);
    this.name = 'ManifestError';
  }
}

/** Validate `data` with `schema`; on failure, throw a ManifestError listing every bad field by its path. */
export function parseWith<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ManifestError(file, schemaProblems(result.error));
}

/** Parse JSON text, naming the file when it is not JSON at all. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ManifestError(file, `not valid JSON (${(e as Error).message})`);
  }
}

export function parseManifest(data: unknown, file = 'manifest.json'): Manifest {
  const manifest = parseWith(manifestSchema, data, file);
  if (manifest.image.crop === 'center' && manifest.image.cropSize !== manifest.image.size) {
    throw new ManifestError(
      file,
      `field "image.cropSize" (${manifest.image.cropSize}) must equal "image.size" (${manifest.image.size})`,
    );
  }
  if (manifest.image.crop === 'none' && manifest.image.resize !== 'exact') {
    throw new ManifestError(
      file,
      'field "image.crop": "none" needs "image.resize": "exact" so the model gets size×size pixels',
    );
  }
  return manifest;
}

/** Files a manifest names, in the order they are fetched (required first). */
export function manifestFiles(m: Manifest): { required: string[]; optional: string[] } {
  const optional = [
    m.vision.fp16File,
    m.negativeLabels,
    m.calibration,
    m.referenceEval,
    m.fixtures,
    m.metrics,
    m.normalSet,
  ].filter((f): f is string => typeof f === 'string');
  return { required: [m.vision.file, m.text.file, m.tokenizer.file], optional };
}
