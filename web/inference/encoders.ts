/**
 * The two CLIP towers behind a runtime-agnostic session interface, so the browser worker (onnxruntime-web) and the
 * Node parity test (onnxruntime-node) run exactly the same feeding, batching, checking and normalising code.
 */
import type { Manifest } from '../model/manifest';
import { ModelFileError } from '../model/errors';
import { fillTemplate } from '../text/template';
import { toInt64, type ClipTokenizer } from '../text/tokenize';

export type TensorData = Float32Array | BigInt64Array;
/** What a graph declares about one input or output (ONNX Runtime's ValueMetadata, the fields read here). */
export interface DeclaredValue {
  readonly name: string;
  readonly isTensor: boolean;
  /** Per dimension: a number when fixed, a name (e.g. "batch") when free. */
  readonly shape?: ReadonlyArray<number | string>;
}

export interface RunnableSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** What the graph declares (absent on runtimes that do not say). */
  readonly inputMetadata?: readonly DeclaredValue[];
  readonly outputMetadata?: readonly DeclaredValue[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
  release?(): Promise<void>;
}
export type MakeTensor = (type: 'float32' | 'int64', data: TensorData, dims: number[]) => unknown;

export type TextEncoding = {
  embeddings: Float32Array;
  dim: number;
  truncated: boolean[];
  ids: number[][];
  /** per text: word tokens read, and how many of them are the unknown token */
  words: number[];
  unknown: number[];
};

/** L2-normalise each row of an N×D matrix in place (float64 accumulation). */
export function normalizeRows(m: Float32Array, dim: number): Float32Array {
  for (let r = 0; r < m.length / dim; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += m[r * dim + j] * m[r * dim + j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) m[r * dim + j] *= inv;
  }
  return m;
}

/** The first row of an N×D output with a non-finite value or of length zero, and what is wrong with it. */
export function badRow(m: Float32Array, dim: number): { row: number; what: string } | undefined {
  for (let r = 0; r < m.length / dim; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const v = m[r * dim + j];
      if (!Number.isFinite(v)) return { row: r, what: `has ${v}` };
      s += v * v;
    }
    if (!(s > 0)) return { row: r, what: 'is all zeros' }; // float32 squares summed in float64 cannot overflow
  }
  return undefined;
}

/** The manifest's optional extra inputs that this graph actually declares (HF text exports differ on attention_mask). */
function fedExtras(session: RunnableSession, spec: Manifest['vision']): NonNullable<Manifest['vision']['extraInputs']> {
  return (spec.extraInputs ?? []).filter((n) => session.inputNames.includes(n));
}

/**
 * Check a session has the input/output names the manifest promises; the message names the file and both lists.
 * `extraInputs` are fed when the graph declares them; any other graph input left unfed is an error.
 */
function checkSignature(session: RunnableSession, spec: Manifest['vision']): void {
  const wantIn = [spec.input, ...fedExtras(session, spec)];
  const missingIn = wantIn.filter((n) => !session.inputNames.includes(n));
  const unfed = session.inputNames.filter((n) => !wantIn.includes(n));
  if (missingIn.length || unfed.length) {
    throw new ModelFileError(
      spec.file,
      `inputs are [${session.inputNames.join(', ')}] but the manifest feeds [${wantIn.join(', ')}]` +
        (missingIn.length ? ` (missing: ${missingIn.join(', ')})` : '') +
        (unfed.length ? ` (not fed: ${unfed.join(', ')}; list them in extraInputs)` : ''),
    );
  }
  if (!session.outputNames.includes(spec.output)) {
    throw new ModelFileError(spec.file, `has no output "${spec.output}" (outputs: ${session.outputNames.join(', ')})`);
  }
}

/**
 * The manifest's numbers against what the graph declares (issue 13: a manifest that passed validation but did not fit
 * its model crashed the tab or failed on the first photo): each fixed dimension of the input and the output must be
 * the manifest's, e.g. a vision input [batch, 3, 32, 32] and `image.size` 32. The message names the ONNX file, the
 * declared shape and the manifest field.
 */
function checkDeclaredShapes(
  session: RunnableSession,
  spec: Manifest['vision'],
  input: Array<[number, number, string]>,
  embedDim: number,
): void {
  const check = (meta: readonly DeclaredValue[] | undefined, name: string, want: Array<[number, number, string]>) => {
    const v = meta?.find((m) => m.name === name);
    if (!v?.isTensor || !v.shape?.length) return; // the graph does not say: the first run checks instead
    const shape = v.shape;
    if (shape.length !== Math.max(...want.map(([i]) => i)) + 1)
      throw new ModelFileError(
        spec.file,
        `"${name}" is declared with ${shape.length} dimensions [${shape.join(', ')}]`,
      );
    for (const [i, n, field] of want) {
      const d = shape[i];
      if (typeof d === 'number' && d > 0 && d !== n)
        throw new ModelFileError(
          spec.file,
          `"${name}" is declared [${shape.join(', ')}] but the manifest's ${field} is ${n}: this manifest does not describe this model`,
        );
    }
  };
  check(session.inputMetadata, spec.input, input);
  check(session.outputMetadata, spec.output, [[1, embedDim, 'embedDim']]);
}

export class ClipEncoders {
  constructor(
    readonly manifest: Manifest,
    private readonly vision: RunnableSession,
    private readonly text: RunnableSession,
    readonly tokenizer: ClipTokenizer,
    private readonly makeTensor: MakeTensor,
  ) {
    checkSignature(vision, manifest.vision);
    checkSignature(text, manifest.text);
    const size = manifest.image.size;
    checkDeclaredShapes(
      vision,
      manifest.vision,
      [
        [1, 3, 'number of colour channels'],
        [2, size, 'image.size'],
        [3, size, 'image.size'],
      ],
      manifest.embedDim,
    );
    checkDeclaredShapes(
      text,
      manifest.text,
      [[1, manifest.tokenizer.contextLength, 'tokenizer.contextLength']],
      manifest.embedDim,
    );
  }

  get pixelsPerImage(): number {
    return 3 * this.manifest.image.size * this.manifest.image.size;
  }

  private async runOne(
    session: RunnableSession,
    file: string,
    outputName: string,
    feeds: Record<string, unknown>,
    n: number,
  ): Promise<Float32Array> {
    let out;
    try {
      out = await session.run(feeds);
    } catch (e) {
      throw explainRunError(file, this.manifest, (e as Error).message);
    }
    const t = out[outputName];
    const d = this.manifest.embedDim;
    if (!(t.data instanceof Float32Array)) throw new ModelFileError(file, `output "${outputName}" is not float32`);
    if (t.dims.length !== 2 || t.dims[0] !== n || t.dims[1] !== d) {
      throw new ModelFileError(
        file,
        `output "${outputName}" has shape [${t.dims.join(', ')}], expected [${n}, ${d}] (manifest embedDim ${d})`,
      );
    }
    const bad = badRow(t.data, d);
    if (bad) {
      // NaN, Infinity or an all-zero row would reach every score as NaN (issue 13): refuse it here, naming the file.
      throw new ModelFileError(
        file,
        `output "${outputName}" ${bad.what} for input ${bad.row + 1} of ${n}: the model gives no usable embedding`,
      );
    }
    return new Float32Array(t.data);
  }

  /** `pixels` holds n preprocessed CHW images back to back; returns n×D L2-normalised embeddings. */
  async encodePixels(pixels: Float32Array, n: number, batch = 16): Promise<Float32Array> {
    const per = this.pixelsPerImage;
    if (pixels.length !== n * per) throw new Error(`pixel tensor has ${pixels.length} values, expected ${n}×${per}`);
    const d = this.manifest.embedDim;
    const s = this.manifest.image.size;
    const out = new Float32Array(n * d);
    for (let start = 0; start < n; start += batch) {
      const b = Math.min(batch, n - start);
      const feed = this.makeTensor('float32', pixels.subarray(start * per, (start + b) * per), [b, 3, s, s]);
      const emb = await this.runOne(
        this.vision,
        this.manifest.vision.file,
        this.manifest.vision.output,
        { [this.manifest.vision.input]: feed },
        b,
      );
      out.set(emb, start * d);
    }
    return normalizeRows(out, d);
  }

  async encodeTexts(texts: string[], batch = 64): Promise<TextEncoding> {
    const d = this.manifest.embedDim;
    const ctx = this.manifest.tokenizer.contextLength;
    const tok = this.tokenizer.encode(texts);
    const out = new Float32Array(texts.length * d);
    for (let start = 0; start < texts.length; start += batch) {
      const rows = tok.ids.slice(start, start + batch);
      const b = rows.length;
      const feeds: Record<string, unknown> = {
        [this.manifest.text.input]: this.makeTensor('int64', toInt64(rows), [b, ctx]),
      };
      for (const extra of fedExtras(this.text, this.manifest.text)) {
        const extraRows =
          extra === 'attention_mask'
            ? tok.attentionMask.slice(start, start + batch)
            : rows.map((r) => r.map((_, i) => i));
        feeds[extra] = this.makeTensor('int64', toInt64(extraRows), [b, ctx]);
      }
      out.set(await this.runOne(this.text, this.manifest.text.file, this.manifest.text.output, feeds, b), start * d);
    }
    return {
      embeddings: normalizeRows(out, d),
      dim: d,
      truncated: tok.truncated,
      ids: tok.ids,
      words: tok.words,
      unknown: tok.unknown,
    };
  }

  /** One image and one caption through both towers: compiles kernels and proves both give embedDim-wide outputs. */
  async warmUp(): Promise<void> {
    await this.encodePixels(new Float32Array(this.pixelsPerImage), 1);
    // The class prompts are the first texts every screen encodes: warming up with exactly that batch lets WebGPU
    // compile the kernels for those shapes now rather than on the first check (tens of seconds on software adapters).
    const { classes, promptTemplates } = this.manifest;
    await this.encodeTexts(classes.flatMap((c) => promptTemplates.map((t) => fillTemplate(t, c))).slice(0, 64));
  }

  async release(): Promise<void> {
    await Promise.all([this.vision.release?.(), this.text.release?.()]);
  }
}

/** ONNX Runtime's words for the two usual bundle mismatches, said in the bundle's terms (the raw message kept). */
function explainRunError(file: string, m: Manifest, raw: string): ModelFileError {
  const oob =
    /indices element out of data bounds, idx=(-?\d+) must be within the inclusive range \[-?\d+,\s*(\d+)\]/.exec(raw);
  if (file === m.text.file && oob) {
    const rows = Number(oob[2]) + 1;
    return new ModelFileError(
      m.tokenizer.file,
      `gives token id ${oob[1]} but ${file} has only ${rows} token embeddings: this tokenizer does not belong to this text model (${raw})`,
    );
  }
  if (file === m.vision.file && /invalid dimensions for input/i.test(raw)) {
    return new ModelFileError(
      file,
      `does not take ${m.image.size}×${m.image.size} images (manifest image.size): ${raw}`,
    );
  }
  return new ModelFileError(file, `inference failed: ${raw}`);
}
