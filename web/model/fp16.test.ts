/** The optional float16 vision file: parsed, fetched only when asked (adapter with shader-f16), never required. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle } from './loadBundle';
import { manifestFiles, parseManifest } from './manifest';
import { FilesSource } from './sources';

const tiny = path.resolve(__dirname, '../../tests/fixtures/bundles/tiny');
const manifest = JSON.parse(readFileSync(path.join(tiny, 'manifest.json'), 'utf8'));
const file = (name: string, bytes: Uint8Array | string = readFileSync(path.join(tiny, name))) => ({
  path: `tiny/${name}`,
  file: new File([bytes as BlobPart], name),
});
const base = ['vision.onnx', 'text.onnx', 'tokenizer.json'].map((n) => file(n));
const withFp16 = { ...manifest, vision: { ...manifest.vision, fp16File: 'vision_fp16.onnx' } };

describe('vision.fp16File', () => {
  it('is optional in the schema and listed among the optional files', () => {
    expect(parseManifest(manifest).vision.fp16File).toBeUndefined();
    const m = parseManifest(withFp16);
    expect(m.vision.fp16File).toBe('vision_fp16.onnx');
    expect(manifestFiles(m).optional).toContain('vision_fp16.onnx');
    expect(manifestFiles(m).required).not.toContain('vision_fp16.onnx');
  });

  it('is read only when asked, and its absence is not an error', async () => {
    const fp16Bytes = readFileSync(path.join(tiny, 'vision.onnx'));
    const src = new FilesSource([
      file('manifest.json', JSON.stringify(withFp16)),
      ...base,
      file('vision_fp16.onnx', fp16Bytes),
    ]);
    expect((await loadBundle(src, undefined, undefined, { fp16: true })).payload.visionFp16?.byteLength).toBe(
      fp16Bytes.length,
    );
    expect((await loadBundle(src, undefined, undefined, { fp16: false })).payload.visionFp16).toBeUndefined();
    // Node has no WebGPU: by default the file is not fetched.
    expect((await loadBundle(src)).payload.visionFp16).toBeUndefined();
    const missing = new FilesSource([file('manifest.json', JSON.stringify(withFp16)), ...base]);
    const loaded = await loadBundle(missing, undefined, undefined, { fp16: true });
    expect(loaded.payload.visionFp16).toBeUndefined();
    expect(loaded.payload.vision.byteLength).toBeGreaterThan(16);
  });
});
