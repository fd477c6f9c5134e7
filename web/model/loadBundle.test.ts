import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from './loadBundle';
import { FilesSource, UrlSource } from './sources';

const tiny = path.resolve(__dirname, '../../tests/fixtures/bundles/tiny');
const manifest = JSON.parse(readFileSync(path.join(tiny, 'manifest.json'), 'utf8'));

// A real HTTP server: /good/ serves the tiny bundle, /cut/ drops the connection half way through vision.onnx,
// /badjson/ serves a manifest that is not JSON, /badfield/ one with a wrong field, /nomanifest/ nothing, /evil/ one
// naming files outside its folder (on this same server, so a fetch of them would show in `requested`).
let server: http.Server;
let base = '';
const requested: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requested.push(req.url ?? '');
    const [, variant, ...rest] = (req.url ?? '').split('/');
    const file = rest.join('/');
    if (variant === 'evil' && file === 'manifest.json')
      return void res.end(
        JSON.stringify({
          ...manifest,
          text: { ...manifest.text, file: `${base}/steal/text.onnx` },
          vision: { ...manifest.vision, file: '../x/vision.onnx' },
        }),
      );
    if (variant === 'badjson' && file === 'manifest.json') return void res.end('{"format": ');
    if (variant === 'badfield' && file === 'manifest.json')
      return void res.end(JSON.stringify({ ...manifest, logitScale: 'big' }));
    if (variant === 'nomanifest') return void res.writeHead(404).end();
    let body: Buffer;
    try {
      body = readFileSync(path.join(tiny, file));
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    if (variant === 'cut' && file === 'vision.onnx') {
      res.write(body.subarray(0, body.length >> 1));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('loadBundle from a URL', () => {
  it('loads a good bundle with progress', async () => {
    const seen: number[] = [];
    const b = await loadBundle(new UrlSource(`${base}/good/`), (p) => seen.push(p.loaded));
    expect(b.manifest.id).toBe('tiny');
    expect(b.layout).toBe('bundle');
    expect(b.payload.vision.byteLength).toBeGreaterThan(1000);
    expect(seen.at(-1)).toBe(b.bytes);
  });
  it('a connection dropped mid-download names the file and how far it got', async () => {
    await expect(loadBundle(new UrlSource(`${base}/cut/`))).rejects.toThrow(
      /vision\.onnx: download (interrupted after|incomplete: got) \d+ of \d+ bytes/,
    );
  });
  it('a manifest that is not JSON', async () => {
    await expect(loadBundle(new UrlSource(`${base}/badjson/`))).rejects.toThrow(/manifest\.json: not valid JSON/);
  });
  it('a manifest with a wrong field', async () => {
    await expect(loadBundle(new UrlSource(`${base}/badfield/`))).rejects.toThrow(/manifest\.json: field "logitScale"/);
  });
  it('no manifest and no HF configs', async () => {
    await expect(loadBundle(new UrlSource(`${base}/nomanifest/`))).rejects.toThrow(
      /manifest\.json: not found in .*no Hugging Face config\.json/,
    );
  });
  it('a manifest naming files outside its folder is refused before any of them is fetched (issue 13)', async () => {
    requested.length = 0;
    const load = loadBundle(new UrlSource(`${base}/evil/`));
    await expect(load).rejects.toThrow(
      /manifest\.json: .*field "vision\.file": "\.\.\/x\/vision\.onnx" leaves the folder/,
    );
    await expect(load).rejects.toThrow(/field "text\.file": "http:\/\/127\.0\.0\.1:\d+\/steal\/text\.onnx" is a URL/);
    expect(requested).toEqual(['/evil/manifest.json']);
  });
  it('a file address outside the bundle folder is never built', () => {
    const source = new UrlSource(`${base}/good/`);
    expect(source.url('onnx/vision.onnx')).toBe(`${base}/good/onnx/vision.onnx`);
    for (const name of ['../x/vision.onnx', 'https://evil.example/steal/text.onnx', '//evil.example/t.onnx', '/t.onnx'])
      expect(() => source.url(name), name).toThrow(/outside the bundle's folder/);
  });
  it('an unreachable server', async () => {
    await expect(loadBundle(new UrlSource('http://127.0.0.1:9/x/'))).rejects.toThrow(/manifest\.json: cannot download/);
  });
});

describe('loadBundle from local files', () => {
  const entries = ['manifest.json', 'tokenizer.json', 'vision.onnx', 'text.onnx'].map((f) => ({
    path: `my-model/${f}`,
    file: new File([readFileSync(path.join(tiny, f))], f),
  }));
  it('finds the bundle root inside a dropped folder', async () => {
    const b = await loadBundle(new FilesSource(entries));
    expect(b.manifest.id).toBe('tiny');
  });
  it('a missing ONNX file is named', async () => {
    await expect(loadBundle(new FilesSource(entries.filter((e) => !e.path.endsWith('text.onnx'))))).rejects.toThrow(
      /text\.onnx: missing from the dropped folder "my-model"/,
    );
  });
});
