#!/usr/bin/env node
// Serves the production build (dist/) with COOP/COEP and a strict CSP. No dependencies: node:http only.
//   node scripts/serve.mjs [--port N] [--host H] [--dir dist]      (PORT env works too; --port 0 picks a free one)
// Prints the local URL on stdout as "AlignScope: http://host:port/".
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_TYPES, SECURITY_HEADERS } from './headers.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(repo, opt('dir', 'dist'));
const port = Number(opt('port', process.env.PORT ?? 4173));
const host = opt('host', '127.0.0.1');

try {
  statSync(path.join(root, 'index.html'));
} catch {
  console.error(`serve.mjs: ${root}/index.html not found; run "npx vite build" first (npm start does both).`);
  process.exit(1);
}

function resolveFile(urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${rel}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null; // no escaping dist/
  try {
    const st = statSync(file);
    if (st.isDirectory()) return resolveFile(path.posix.join(rel, 'index.html'));
    return { file, st };
  } catch {
    // SPA: extension-less paths are app routes; anything with an extension is a real 404
    return path.extname(rel) ? null : resolveFile('/index.html');
  }
}

const server = http.createServer((req, res) => {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const hit = resolveFile(req.url ?? '/');
  if (!hit) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const { file, st } = hit;
  const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  const hashed = /\/assets\//.test(file);
  res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', st.size);
  res.setHeader('Last-Modified', st.mtime.toUTCString());
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return;
  }
  res.writeHead(200);
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  const shown = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  console.log(`AlignScope: http://${shown}:${actual}/`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
