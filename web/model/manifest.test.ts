import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePathProblem, manifestFiles, parseJsonText, parseManifest } from './manifest';

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

describe('bundle file names stay inside the bundle folder (issue 13)', () => {
  it('refuses URLs, absolute paths, ".." (plain or percent-encoded), backslashes, queries', () => {
    for (const [name, problem] of [
      ['https://evil.example/steal/text.onnx', /is a URL/],
      ['data:application/octet-stream;base64,AAAA', /is a URL/],
      ['/etc/vision.onnx', /absolute path/],
      ['//evil.example/vision.onnx', /absolute path/],
      ['../../x/vision.onnx', /leaves the folder/],
      ['onnx/../../vision.onnx', /leaves the folder/],
      ['%2e%2E/vision.onnx', /leaves the folder/],
      ['..\\vision.onnx', /backslash/],
      ['vision.onnx?x=1', /query or fragment/],
    ] as const)
      expect(bundlePathProblem(name), name).toMatch(problem);
  });
  it('accepts plain names and sub-folders', () => {
    for (const name of ['vision.onnx', 'onnx/text_model.onnx', './tokenizer.json', 'a..b.json'])
      expect(bundlePathProblem(name), name).toBeUndefined();
  });
  it('parseManifest names the field and the file', () => {
    const evil = { ...good, text: { ...good.text, file: 'https://evil.example/steal/text.onnx' } };
    expect(() => parseManifest(evil, 'manifest.json')).toThrow(
      /manifest\.json: field "text\.file": "https:\/\/evil\.example\/steal\/text\.onnx" is a URL/,
    );
    expect(() => parseManifest({ ...good, calibration: '../calibration.json' })).toThrow(
      /field "calibration": "\.\.\/calibration\.json" leaves the folder/,
    );
  });
});

describe('absurd manifest numbers are refused by field (issue 13, items 2-3)', () => {
  const cases: [string, (m: typeof good) => unknown, RegExp][] = [
    [
      'contextLength 1e8',
      (m) => ({ ...m, tokenizer: { ...m.tokenizer, contextLength: 100_000_000 } }),
      /tokenizer\.contextLength/,
    ],
    ['logitScale 1e308', (m) => ({ ...m, logitScale: 1e308 }), /field "logitScale"/],
    ['std 1e-300', (m) => ({ ...m, image: { ...m.image, std: [1e-300, 0.2, 0.2] } }), /field "image\.std\.0"/],
    [
      'image.size 100000',
      (m) => ({ ...m, image: { ...m.image, size: 100_000, cropSize: 100_000 } }),
      /field "image\.size"/,
    ],
    ['mean 1e9', (m) => ({ ...m, image: { ...m.image, mean: [0, 1e9, 0] } }), /field "image\.mean\.1"/],
    ['rescale 1e6', (m) => ({ ...m, image: { ...m.image, rescale: 1e6 } }), /field "image\.rescale"/],
    ['embedDim 1e7', (m) => ({ ...m, embedDim: 10_000_000 }), /field "embedDim"/],
    [
      'temperature 1e-30',
      (m) => ({ ...m, scoring: { ...m.scoring, mcmTemperature: 1e-30 } }),
      /scoring\.mcmTemperature/,
    ],
    ['Infinity (JSON 1e999)', (m) => ({ ...m, logitScale: JSON.parse('1e999') }), /field "logitScale"/],
  ];
  it.each(cases)('%s', (_, edit, field) => {
    expect(() => parseManifest(edit(good), 'manifest.json')).toThrow(field);
  });
  it('keeps the shipped bundles valid', () => {
    for (const id of ['cifar10-cma-tiny', 'cifar10-flyp-tiny']) {
      const m = JSON.parse(readFileSync(path.resolve(__dirname, `../../models/${id}/manifest.json`), 'utf8'));
      expect(() => parseManifest(m)).not.toThrow();
    }
  });
});
