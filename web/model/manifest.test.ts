import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestFiles, parseJsonText, parseManifest } from './manifest';

const good = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../tests/fixtures/bundles/tiny/manifest.json'), 'utf8'),
);

describe('parseManifest', () => {
  it('accepts a real bundle manifest and fills defaults', () => {
    const m = parseManifest(good);
    expect(m.embedDim).toBe(64);
    expect(m.description).toBeTypeOf('string');
    expect(manifestFiles(m).required).toEqual(['vision.onnx', 'text.onnx', 'tokenizer.json']);
  });
  it('names the file and every bad field', () => {
    const bad = { ...good, embedDim: -3, image: { ...good.image, mean: [0.5, 0.5] } };
    expect(() => parseManifest(bad, 'models/x/manifest.json')).toThrow(
      /models\/x\/manifest\.json: field "embedDim".*field "image\.mean"/,
    );
  });
  it('rejects another format', () => {
    expect(() => parseManifest({ ...good, format: 'other' })).toThrow(/field "format"/);
  });
  it('says which file is not JSON', () => {
    expect(() => parseJsonText('{"a":', 'manifest.json')).toThrow(/manifest\.json: not valid JSON/);
  });
  it('checks the crop agrees with the model input size', () => {
    expect(() => parseManifest({ ...good, image: { ...good.image, cropSize: 28 } })).toThrow(/image\.cropSize/);
  });
});
