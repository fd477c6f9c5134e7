/**
 * Static server for the inference bench page: COOP/COEP and the app's CSP (scripts/headers.mjs), so the page is
 * cross-origin isolated (threaded WASM) under the same rules as the production app. Mounts (URL prefix → folder):
 * the built bench page at /, bundles at /models/, HF-layout folders at /hf/, photos at /photos/ (plus
 * /photos/list.json), transformers.js' own onnxruntime-web files at /tjs/.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { CONTENT_TYPES, SECURITY_HEADERS } from '../../../scripts/headers.mjs';

function walk(dir, base = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = base ? `${base}/${e.name}` : e.name;
    return e.isDirectory() ? walk(join(dir, e.name), rel) : [rel];
  });
}

/** @param {Record<string, string>} mounts prefix ('/models/') → absolute folder; '/' last resort */
export function serveBench(mounts, photosDir) {
  const photoList = walk(photosDir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort();
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (url === '/photos/list.json') {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.json'] }).end(JSON.stringify(photoList));
      return;
    }
    const prefix = prefixes.find((p) => url.startsWith(p));
    if (!prefix) return void res.writeHead(404).end();
    const root = mounts[prefix];
    let file = resolve(root, '.' + '/' + url.slice(prefix.length));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end();
    let st;
    try {
      st = statSync(file); // follows symlinks (HF layout links to our vision.onnx)
      if (st.isDirectory()) {
        file = join(file, 'index.html');
        st = statSync(file);
      }
    } catch {
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${relative(root, file)}`);
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}/`, photoList })),
  );
}
