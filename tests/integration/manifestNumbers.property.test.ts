/**
 * Issue 13's property over manifest numbers, through the real loader (the app's parser, ONNX Runtime, encoders,
 * preprocessing and scores): the tiny fixture bundle with any of its numbers replaced by a drawn value — realistic,
 * off by one, zero, negative, fractional where an integer is due, tiny, huge — either loads and gives a finite value
 * for every score of a real photo, or is refused with a message that names the file and the field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../../web/model/errors';
import { parseManifest, type Manifest } from '../../web/model/manifest';
import { availableScores, fitScore } from '../../web/ood/scores/registry';
import { bundlePrompts, encodePhoto, openBundle, readManifest, tinyBundle } from './nodeBundle';

const base = readManifest(tinyBundle);
const raw = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;

/** A value for a numeric field: near its real value, or one of the values that broke the app before. */
const number = (real: number) =>
  fc.oneof(
    fc.constant(real),
    fc.constantFrom(real + 1, real - 1, real * 2, real / 2, 0, -real, 1e-300, 1e308, 1e8, 0.5, -1),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  );

type Edit = { path: string[]; value: number };
const FIELDS: string[][] = [
  ['embedDim'],
  ['logitScale'],
  ['image', 'size'],
  ['image', 'resizeTo'],
  ['image', 'cropSize'],
  ['image', 'rescale'],
  ['image', 'mean', '0'],
  ['image', 'std', '1'],
  ['tokenizer', 'contextLength'],
  ['tokenizer', 'padTokenId'],
  ['scoring', 'mcmTemperature'],
  ['scoring', 'neglabelTemperature'],
  ['scoring', 'neglabelGroups'],
];
const get = (o: unknown, p: string[]) => p.reduce((a, k) => (a as Record<string, unknown>)[k], o) as number;
const edit: fc.Arbitrary<Edit> = fc
  .constantFrom(...FIELDS)
  .chain((p) => number(get(raw, p)).map((value) => ({ path: p, value })));

function applyEdits(edits: Edit[]): unknown {
  const m = JSON.parse(JSON.stringify(raw));
  for (const e of edits) {
    let o = m;
    for (const k of e.path.slice(0, -1)) o = o[k];
    o[e.path[e.path.length - 1]] = e.value;
  }
  return m;
}

describe('manifest numbers against the loader (fast-check, issue 13)', () => {
  it('any manifest loads and scores finite numbers, or is refused naming the file and the field', async () => {
    const seen = { scored: 0, refusedByField: 0, refusedByGraph: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        let manifest: Manifest;
        try {
          manifest = parseManifest(applyEdits(edits), 'manifest.json');
        } catch (e) {
          expect(e).toBeInstanceOf(ModelFileError);
          expect((e as Error).message).toMatch(/^manifest\.json: field "[\w.]+"/);
          seen.refusedByField++;
          return;
        }
        let enc;
        try {
          enc = await openBundle(tinyBundle, manifest);
        } catch (e) {
          // refused against what the graph declares: names the ONNX file and the manifest's field
          expect(e).toBeInstanceOf(ModelFileError);
          expect((e as Error).message).toMatch(/^(vision|text)\.onnx: .*(embedDim|image\.size|contextLength|channels)/);
          seen.refusedByGraph++;
          return;
        }
        try {
          const prompts = await bundlePrompts(tinyBundle, manifest, enc);
          const image = await encodePhoto(enc, manifest, 'id/cat/n02123045_tabby.JPEG');
          for (const name of availableScores(!!prompts.negatives)) {
            const v = fitScore(name, prompts, manifest.scoring).score(image);
            expect(Number.isFinite(v), `${name} = ${v} with ${JSON.stringify(edits)}`).toBe(true);
          }
          seen.scored++;
        } finally {
          await enc.release();
        }
      }),
      { numRuns: 80, seed: 13 },
    );
    // every branch was taken: the property is not carried by refusals alone
    expect(seen.scored).toBeGreaterThan(5);
    expect(seen.refusedByField).toBeGreaterThan(5);
    expect(seen.refusedByGraph).toBeGreaterThan(0);
  }, 120_000);
});
