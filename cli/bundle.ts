/**
 * A model bundle opened in Node: the app's manifest parser, tokenizer, encoders and prompt ensembling
 * (web/model, web/text, web/inference), with onnxruntime-node sessions in place of the browser's worker.
 * `--model` takes a bundle folder or the id of a bundle shipped in models/ (models/index.json).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { ClipEncoders, type MakeTensor, type RunnableSession } from '../web/inference/encoders';
import { encodeClassPrompts, encodeNegativeLabels } from '../web/inference/prompts';
import { parseCalibration, type CalibrationFile } from '../web/model/calibration';
import {
  modelIndexSchema,
  negativeLabelsSchema,
  parseJsonText,
  parseManifest,
  parseWith,
  type Manifest,
} from '../web/model/manifest';
import { withNormalSet, type NormalSet } from '../web/ood/exemplars';
import type { PromptEmbeddings, ScoringDefaults } from '../web/ood/scores/types';
import { ClipTokenizer } from '../web/text/tokenize';
import { preprocessDecoded, type DecodedImage } from './decode';
import { CliError, firstLine } from './errors';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLED_MODELS = path.join(REPO_ROOT, 'models');

export interface NodeModel {
  dir: string;
  manifest: Manifest;
  encoders: ClipEncoders;
  prompts: PromptEmbeddings;
  /** the manifest's scoring defaults, plus KNN's k once a normal set is in use */
  scoring: ScoringDefaults;
  calibration?: CalibrationFile;
  /** Scores against this normal set from now on: its bank, labels and calibration split join the prompts. */
  useNormalSet(set: NormalSet): void;
  /** one RGBA photo → the model's CHW input, preprocessed exactly as the app does (web/preprocess/pixels) */
  preprocess(image: DecodedImage): Float32Array;
  /** n preprocessed photos back to back → n×D L2-normalised embeddings */
  encode(pixels: Float32Array, n: number): Promise<Float32Array>;
  release(): Promise<void>;
}

const makeTensor: MakeTensor = (type, data, dims) => new ort.Tensor(type, data, dims);

/** The bundled models (models/index.json), default first. */
export function bundledModels(root = BUNDLED_MODELS): { id: string; dir: string; isDefault: boolean }[] {
  const file = path.join(root, 'index.json');
  if (!existsSync(file)) return [];
  const index = parseWith(modelIndexSchema, parseJsonText(readFileSync(file, 'utf8'), file), file);
  return index.models
    .map((m) => ({ id: m.id, dir: path.join(root, m.path), isDefault: m.default === true }))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** `--model`: a folder holding manifest.json, or a bundled id; absent: the bundled default. */
export function resolveModelDir(spec: string | undefined): string {
  const bundled = bundledModels();
  if (!spec) {
    if (!bundled.length) throw new CliError('model', `no --model given and no bundled models in ${BUNDLED_MODELS}`);
    return bundled[0].dir;
  }
  const asPath = path.resolve(spec);
  if (existsSync(asPath)) {
    if (!statSync(asPath).isDirectory())
      throw new CliError('model', `--model ${spec}: is a file; give the bundle's folder (the one with manifest.json)`);
    if (!existsSync(path.join(asPath, 'manifest.json')))
      throw new CliError('model', `--model ${spec}: no manifest.json in that folder, so it is not a model bundle`);
    return asPath;
  }
  const hit = bundled.find((b) => b.id === spec);
  if (hit) return hit.dir;
  const ids = bundled.map((b) => b.id).join(', ') || 'none';
  throw new CliError('model', `--model ${spec}: no such folder, and not a bundled model id (bundled: ${ids})`);
}

function readJson(dir: string, file: string): unknown {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new CliError('model', `${full}: cannot be read (${firstLine(e)})`);
  }
  return parseJsonText(text, full);
}

async function session(dir: string, file: string, threads: number): Promise<RunnableSession> {
  const full = path.join(dir, file);
  if (!existsSync(full)) throw new CliError('model', `${full}: missing (the manifest names it)`);
  try {
    const s = await ort.InferenceSession.create(full, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
    });
    return s as unknown as RunnableSession;
  } catch (e) {
    throw new CliError('model', `${full}: not a model ONNX Runtime can open (${firstLine(e)})`);
  }
}

/** Opens the bundle, encodes its class prompts (and negative labels) once, and reads its calibration. */
export async function openModel(dir: string, opts: { threads: number; batch?: number }): Promise<NodeModel> {
  const sessions: RunnableSession[] = [];
  try {
    const manifestFile = path.join(dir, 'manifest.json');
    let manifest: Manifest;
    try {
      manifest = parseManifest(readJson(dir, 'manifest.json'), manifestFile);
    } catch (e) {
      throw e instanceof CliError ? e : new CliError('model', firstLine(e));
    }
    const vision = await session(dir, manifest.vision.file, opts.threads);
    sessions.push(vision);
    const text = await session(dir, manifest.text.file, opts.threads);
    sessions.push(text);
    let encoders: ClipEncoders;
    try {
      const tokenizer = new ClipTokenizer(readJson(dir, manifest.tokenizer.file) as object, manifest.tokenizer);
      encoders = new ClipEncoders(manifest, vision, text, tokenizer, makeTensor);
    } catch (e) {
      throw e instanceof CliError ? e : new CliError('model', `${dir}: ${firstLine(e)}`);
    }
    const texts = {
      encodeTexts: async (t: string[]) => ({ ...(await encoders.encodeTexts(t)), n: t.length, ms: 0 }),
    };
    const classes = await encodeClassPrompts(texts, manifest);
    const negatives = manifest.negativeLabels
      ? await encodeNegativeLabels(
          texts,
          parseWith(negativeLabelsSchema, readJson(dir, manifest.negativeLabels), manifest.negativeLabels),
        )
      : undefined;
    let calibration: CalibrationFile | undefined;
    if (manifest.calibration) {
      try {
        calibration = parseCalibration(readJson(dir, manifest.calibration), path.join(dir, manifest.calibration));
      } catch (e) {
        throw e instanceof CliError ? e : new CliError('model', firstLine(e));
      }
    }
    const batch = opts.batch ?? 32;
    const model: NodeModel = {
      dir,
      manifest,
      encoders,
      prompts: { classes, negatives, logitScale: manifest.logitScale },
      scoring: { ...manifest.scoring },
      calibration,
      useNormalSet(set) {
        model.prompts = withNormalSet(model.prompts, set);
        model.scoring = { ...model.scoring, knnK: model.prompts.exemplarK };
      },
      preprocess: (img) => preprocessDecoded(img, manifest.image),
      encode: (pixels, n) => encoders.encodePixels(pixels, n, batch),
      async release() {
        await Promise.all(sessions.map((s) => (s as unknown as ort.InferenceSession).release()));
      },
    };
    return model;
  } catch (e) {
    await Promise.all(sessions.map((s) => (s as unknown as ort.InferenceSession).release().catch(() => {})));
    if (e instanceof CliError) throw e;
    throw new CliError('model', `${dir}: the bundle does not load (${firstLine(e)})`, { cause: e });
  }
}
