import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipTokenizer } from './tokenize';

// A small WordPiece tokenizer.json written by tests/fixtures/make_tiny_bundle.py (same layout as the trained bundles').
const dir = path.resolve(__dirname, '../../tests/fixtures/bundles/tiny');
const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'));
const spec = {
  file: 'tokenizer.json',
  contextLength: 8,
  padTokenId: 0,
  bosToken: '<|startoftext|>',
  eosToken: '<|endoftext|>',
};

describe('ClipTokenizer', () => {
  const tok = new ClipTokenizer(json, spec);
  it('wraps in BOS/EOS, EOS has the largest id, pads to the context length', () => {
    const e = tok.encodeOne('A photo of a Cat');
    expect(e.ids[0]).toBe(tok.bosId);
    const eosPos = e.ids.indexOf(tok.eosId);
    expect(eosPos).toBe(6);
    expect(Math.max(...e.ids)).toBe(tok.eosId);
    expect(e.ids.slice(7)).toEqual([0]);
    expect(e.attentionMask).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(e.truncated).toBe(false);
  });
  it('truncates CLIP-style: cut to the context length, last token EOS, flagged', () => {
    const e = tok.encodeOne('a big blue ship a big blue ship');
    expect(e.ids).toHaveLength(8);
    expect(e.ids[7]).toBe(tok.eosId);
    expect(e.truncated).toBe(true);
    expect(tok.encodeOne('a b c d e f').truncated).toBe(false); // 6 + 2 = 8 fits exactly
  });
  it('gives the ids the Python side wrote into fixtures.json', () => {
    const fixtures = JSON.parse(readFileSync(path.join(dir, 'fixtures.json'), 'utf8')) as {
      captions: Array<{ text: string; input_ids: number[] }>;
    };
    const t16 = new ClipTokenizer(json, { ...spec, contextLength: 16 });
    for (const f of fixtures.captions) expect(t16.encodeOne(f.text).ids).toEqual(f.input_ids);
  });
  it('names the file and the token when the manifest disagrees with the vocabulary', () => {
    expect(() => new ClipTokenizer(json, { ...spec, eosToken: '</s>' })).toThrow(
      /tokenizer\.json: the EOS token "<\/s>"/,
    );
  });
  it('counts the word tokens the model reads and the unknown ones among them', () => {
    expect(tok.unkId).toBe(1);
    const e = tok.encodeOne('a photo of a dog');
    expect([e.words, e.unknown]).toEqual([5, 0]);
    const cut = tok.encodeOne('a big blue ship a big blue ship');
    expect([cut.words, cut.unknown]).toEqual([6, 0]); // what was read after truncation, not what was typed
  });
});

describe('unreadable captions on the shipped tokenizer (issue 13)', () => {
  const shipped = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../models/cifar10-cma-tiny/tokenizer.json'), 'utf8'),
  );
  const tok = new ClipTokenizer(shipped, { ...spec, contextLength: 16 });
  it('5,000 emoji and only zero-width spaces are one unknown token', () => {
    for (const text of ['🐶'.repeat(5000), '\u200b'.repeat(40)]) {
      const e = tok.encodeOne(text);
      expect([e.words, e.unknown]).toEqual([1, 1]);
    }
  });
  it('an ordinary caption has none', () => {
    expect(tok.encodeOne('a photo of a dog').unknown).toBe(0);
    expect(tok.encode(['a photo of a dog 🐶']).unknown).toEqual([1]);
  });
});
