/**
 * Property tests (fast-check) for the bundle manifest parser (web/model/manifest.ts): whatever JSON a bundle
 * holds, parsing either gives a Manifest or throws a ManifestError naming the file — never a TypeError, never
 * anything untyped; valid manifests survive a JSON round trip unchanged.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../../web/model/errors';
import {
  MANIFEST_LIMITS,
  ManifestError,
  manifestFiles,
  modelIndexSchema,
  parseJsonText,
  parseManifest,
  parseWith,
} from '../../web/model/manifest';

const good = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/bundles/tiny/manifest.json'), 'utf8'));
const FILE = 'bundle/manifest.json';

/** Parse, and insist that a failure is a named ManifestError for this file. */
function parseOrNamedError(data: unknown): ReturnType<typeof parseManifest> | ManifestError {
  try {
    return parseManifest(data, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    expect(e).toBeInstanceOf(ModelFileError);
    expect((e as ManifestError).name).toBe('ManifestError');
    expect((e as ManifestError).file).toBe(FILE);
    expect((e as Error).message.startsWith(`${FILE}: `)).toBe(true);
    return e as ManifestError;
  }
}

/** Every path into an object/array value, e.g. ['image', 'mean', 1]. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...prefix, k]))];
}
const goodPaths = paths(good).filter((p) => p.length > 0);

function setAt(root: unknown, p: (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const k of p.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = p[p.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });
// JSON has no −0: a round trip turns it into 0, which is not a parser matter.
// Inside MANIFEST_LIMITS (absurd values are refused by field: web/model/manifest.test.ts).
const L = MANIFEST_LIMITS;
const finite = fc.double({ min: -L.meanAbs, max: L.meanAbs, noNaN: true }).map((v) => v + 0);
const positive = (max: number, min = 1e-6) => fc.double({ min, max, noNaN: true });
/** Manifests the schema accepts, with every optional part present or absent. */
const validManifest = fc
  .record({
    id: nonEmpty,
    name: nonEmpty,
    embedDim: fc.integer({ min: 1, max: 4096 }),
    logitScale: positive(L.logitScale),
    size: fc.integer({ min: 1, max: 1024 }),
    resizeTo: fc.integer({ min: 1, max: 2048 }),
    interpolation: fc.constantFrom('bilinear', 'bicubic'),
    rescale: positive(1),
    mean: fc.tuple(finite, finite, finite),
    std: fc.tuple(positive(L.stdMax, L.stdMin), positive(L.stdMax, L.stdMin), positive(L.stdMax, L.stdMin)),
    contextLength: fc.integer({ min: 2, max: 512 }),
    padTokenId: fc.nat({ max: L.tokenId }),
    classes: fc.array(nonEmpty, { minLength: 2, maxLength: 6 }),
    templates: fc.array(
      fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([a, b]) => `${a}{}${b}`),
      { minLength: 1, maxLength: 3 },
    ),
    extras: fc.subarray(['negativeLabels', 'calibration', 'referenceEval', 'fixtures', 'metrics']),
    exact: fc.boolean(),
    withScoring: fc.boolean(),
    description: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  })
  .map((r) => ({
    format: 'alignscope-clip-bundle',
    formatVersion: 1,
    id: r.id,
    name: r.name,
    ...(r.description !== undefined ? { description: r.description } : {}),
    embedDim: r.embedDim,
    logitScale: r.logitScale,
    vision: { file: 'vision.onnx', input: 'pixel_values', output: 'image_embeds' },
    text: { file: 'text.onnx', input: 'input_ids', output: 'text_embeds' },
    image: {
      size: r.size,
      resize: r.exact ? 'exact' : 'shortest_edge',
      resizeTo: r.resizeTo,
      interpolation: r.interpolation,
      crop: r.exact ? 'none' : 'center',
      cropSize: r.size,
      rescale: r.rescale,
      mean: r.mean,
      std: r.std,
    },
    tokenizer: {
      file: 'tokenizer.json',
      contextLength: r.contextLength,
      padTokenId: r.padTokenId,
      bosToken: '<s>',
      eosToken: '</s>',
    },
    classes: r.classes,
    promptTemplates: r.templates,
    ...(r.withScoring
      ? { scoring: { default: 'energy', mcmTemperature: 2, neglabelTemperature: 0.5, neglabelGroups: 3 } }
      : {}),
    ...Object.fromEntries(r.extras.map((k) => [k, `${k}.json`])),
  }));

describe('manifest parser properties (fast-check)', () => {
  it('arbitrary JSON values: a Manifest or a named ManifestError, nothing else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => void parseOrNamedError(v)),
      { numRuns: 500 },
    );
  });

  it('arbitrary text: parseJsonText gives a value or a ManifestError naming the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.json().map((j) => j.slice(0, Math.floor(j.length / 2))),
        ),
        (text) => {
          let v: unknown;
          try {
            v = parseJsonText(text, FILE);
          } catch (e) {
            expect(e).toBeInstanceOf(ManifestError);
            expect((e as Error).message).toMatch(/^bundle\/manifest\.json: not valid JSON/);
            return;
          }
          parseOrNamedError(v);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a real manifest with any one field replaced by any JSON value (or removed) never throws untyped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...goodPaths), fc.jsonValue(), fc.boolean(), (p, value, remove) => {
        const r = parseOrNamedError(setAt(good, p, value, remove));
        if (r instanceof ManifestError) expect(r.message).toMatch(/field "|not valid|must equal|needs/);
      }),
      { numRuns: 500 },
    );
  });

  it('wrong top-level shapes (arrays, strings, null, prototypes) are named errors', () => {
    for (const v of [
      null,
      undefined,
      0,
      'manifest',
      [],
      [good],
      { __proto__: good },
      Object.create(null),
      new Date(0),
      () => 1,
    ])
      parseOrNamedError(v);
  });

  it('valid manifests parse, and survive a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(validManifest, (m) => {
        const once = parseManifest(m, FILE);
        const twice = parseManifest(JSON.parse(JSON.stringify(once)), FILE);
        expect(twice).toEqual(once);
        expect(manifestFiles(once).required).toEqual(['vision.onnx', 'text.onnx', 'tokenizer.json']);
        expect(once.scoring.default).toBe(m.scoring?.default ?? 'mcm');
      }),
      { numRuns: 300 },
    );
  });

  it('models/index.json: arbitrary JSON gives an index or a named ManifestError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          parseWith(modelIndexSchema, v, 'models/index.json');
        } catch (e) {
          expect(e).toBeInstanceOf(ManifestError);
          expect((e as Error).message.startsWith('models/index.json: ')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
