/**
 * Property tests (fast-check) for the CLIP tokenizer wrapper (web/text/tokenize.ts), on the test fixture's tokenizer
 * and a shipped bundle's: for any unicode text (lone surrogates, controls, emoji, CJK, very long) and any context
 * length, ids have exactly the context length, start with BOS, hold EOS, pad after it, `truncated` is true exactly
 * when the text did not fit, and nothing throws.
 */
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipTokenizer, toInt64 } from '../../web/text/tokenize';

const root = path.resolve(__dirname, '../..');
const load = (rel: string) => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));
const TOKENIZERS: Array<[string, string]> = [
  ['fixture (tiny WordPiece)', 'tests/fixtures/bundles/tiny/tokenizer.json'],
  ['shipped bundle', 'models/cifar10-cma-tiny/tokenizer.json'],
];
const spec = { file: 'tokenizer.json', padTokenId: 0, bosToken: '<|startoftext|>', eosToken: '<|endoftext|>' };

const weird = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\ud800',
  '\udfff',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\r\n',
  '\t',
  '🐶',
  '👩‍👩‍👧',
  '🇯🇵',
  '子犬',
  '강아지',
  'ﷺ',
  'é',
  'e\u0301',
  '  ',
  '.',
  'cat',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.array(weird, { maxLength: 40 }).map((a) => a.join('')),
  fc
    .array(fc.constantFrom('a', 'photo', 'of', 'dog', 'ship', 'the', 'big', 'blue'), { maxLength: 80 })
    .map((a) => a.join(' ')),
);

describe.each(TOKENIZERS)('ClipTokenizer properties: %s', (_, rel) => {
  const present = existsSync(path.join(root, rel));
  const json = present ? load(rel) : null;
  it.runIf(present)(
    'ids length = context length, BOS first, EOS present, padding after, truncated iff too long; never throws',
    () => {
      const byContext = new Map<number, ClipTokenizer>();
      fc.assert(
        fc.property(text, fc.integer({ min: 2, max: 77 }), (t, n) => {
          let tok = byContext.get(n);
          if (!tok) byContext.set(n, (tok = new ClipTokenizer(json, { ...spec, contextLength: n })));
          const raw = tok.rawIds(t);
          const e = tok.encodeOne(t);
          expect(e.ids).toHaveLength(n);
          expect(e.attentionMask).toHaveLength(n);
          expect(e.ids[0]).toBe(tok.bosId);
          expect(e.truncated).toBe(raw.length + 2 > n);
          const used = e.attentionMask.filter((m) => m === 1).length;
          expect(e.attentionMask).toEqual([...Array(used).fill(1), ...Array(n - used).fill(0)]);
          expect(e.ids[used - 1]).toBe(tok.eosId); // the text model pools at this EOS
          expect(e.ids.slice(used)).toEqual(Array(n - used).fill(spec.padTokenId));
          if (!e.truncated) expect(e.ids.slice(1, used - 1)).toEqual(raw);
          else expect(e.ids.slice(1, n - 1)).toEqual(raw.slice(0, n - 2));
          for (const id of e.ids) expect(Number.isInteger(id) && id >= 0).toBe(true);
          expect(toInt64([e.ids])).toHaveLength(n);
        }),
        { numRuns: 400 },
      );
    },
  );

  it.runIf(present)('10,000 characters: cut to the context length with EOS last, flagged', () => {
    const tok = new ClipTokenizer(json, { ...spec, contextLength: 16 });
    const e = tok.encodeOne('a photo of a dog on a ship '.repeat(400).slice(0, 10_000));
    expect(e.ids).toHaveLength(16);
    expect(e.ids[15]).toBe(tok.eosId);
    expect(e.truncated).toBe(true);
  });

  it.runIf(present)('batches: one row per text, each the context length', () => {
    const tok = new ClipTokenizer(json, { ...spec, contextLength: 16 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), (texts) => {
        const out = tok.encode(texts);
        expect(out.ids).toHaveLength(texts.length);
        expect(out.truncated).toHaveLength(texts.length);
        for (const row of out.ids) expect(row).toHaveLength(16);
      }),
      { numRuns: 100 },
    );
  });
});
