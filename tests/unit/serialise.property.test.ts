/**
 * Property tests (fast-check) for importing a run export (web/eval/serialise.ts) — a file a person picks, so any bytes:
 * JSON and CSV imports either give a run or throw an Error whose message names the file; never a TypeError /
 * RangeError from deep inside ("Cannot read properties of undefined"), which would reach the person as is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCsv, fromJson, toCsv, toJson } from '../../web/eval/serialise';
import { sampleTable } from '../../web/eval/testkit';

const FILE = 'my-run.json';
const META = { name: 'r', createdAt: 1, modelId: 'm', skipped: [] };
const good = JSON.parse(toJson(sampleTable(4), META));

function importOrNamedError(run: () => unknown, file: string): void {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).constructor, (e as Error).message).toBe(Error); // not a TypeError/RangeError from a crash
    expect((e as Error).message).toContain(file);
  }
}

function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i).slice(0, 3) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...prefix, k]))];
}
const goodPaths = paths(good).filter((p) => p.length > 0);

describe('run import properties (fast-check)', () => {
  it('JSON: arbitrary text and JSON values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) =>
            JSON.stringify({
              format: 'alignscope-eval-run',
              formatVersion: 1,
              ...(typeof v === 'object' && v && !Array.isArray(v) ? v : { v }),
            }),
          ),
        ),
        (text) => importOrNamedError(() => fromJson(text, FILE), FILE),
      ),
      { numRuns: 300 },
    );
  });

  it('JSON: a real export with one field replaced by any JSON value or removed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...goodPaths), fc.jsonValue(), fc.boolean(), (p, value, remove) => {
        const copy = structuredClone(good);
        let node = copy;
        for (const k of p.slice(0, -1)) node = node[k];
        if (remove) delete node[p[p.length - 1]];
        else node[p[p.length - 1]] = value;
        importOrNamedError(() => fromJson(JSON.stringify(copy), FILE), FILE);
      }),
      { numRuns: 500 },
    );
  });

  it('CSV: arbitrary text, and a real export with cells changed', () => {
    const csv = toCsv(sampleTable(3));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc
            .tuple(fc.nat(csv.length), fc.string({ maxLength: 8 }))
            .map(([i, s]) => csv.slice(0, i) + s + csv.slice(i + 1)),
          fc.nat(csv.length).map((i) => csv.slice(0, i)),
        ),
        (text) => importOrNamedError(() => fromCsv(text, 'my-run.csv'), 'my-run.csv'),
      ),
      { numRuns: 500 },
    );
  });
});
