import react from '@vitejs/plugin-react';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { SECURITY_HEADERS } from './scripts/headers.mjs';

const repo = import.meta.dirname;
const modelsDir = path.join(repo, 'models');
/** Bundle files shipped with the app: everything under models/ (MODEL_CARD.md included) except models/README.md and stray checkpoints. */
const shipped = (rel: string) => rel !== 'README.md' && !rel.endsWith('.ckpt');

function walk(dir: string, base = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = base ? `${base}/${e.name}` : e.name;
    return e.isDirectory() ? walk(path.join(dir, e.name), rel) : [rel];
  });
}

/** Serve models/ at /models/ in dev and preview, and copy the shipped bundle files into dist/models/ on build. */
function modelsPlugin(): Plugin {
  let outDir = path.join(repo, 'dist');
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = (req.url ?? '').split('?')[0];
    if (!url.startsWith('/models/')) return next();
    const rel = decodeURIComponent(url.slice('/models/'.length));
    const file = path.resolve(modelsDir, rel);
    if (!file.startsWith(modelsDir + path.sep) || !shipped(rel) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      return res.end('not found');
    }
    const st = statSync(file);
    res.setHeader('Content-Length', st.size);
    res.setHeader('Last-Modified', st.mtime.toUTCString());
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };
  return {
    name: 'alignscope-models',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    closeBundle() {
      // Only index.json and the bundles it lists ship: other folders under models/ (local experiments, gitignored
      // exports) are served by the dev server but never copied into a build.
      const indexFile = path.join(modelsDir, 'index.json');
      if (!existsSync(indexFile)) return;
      const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { models: Array<{ path: string }> };
      const folders = index.models.map((m) => m.path.replace(/^\.?\/?/, '').replace(/\/?$/, '/'));
      const listed = (rel: string) => rel === 'index.json' || folders.some((f) => rel.startsWith(f));
      for (const rel of walk(modelsDir).filter((r) => shipped(r) && listed(r))) {
        const dest = path.join(outDir, 'models', rel);
        mkdirSync(path.dirname(dest), { recursive: true });
        copyFileSync(path.join(modelsDir, rel), dest);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), modelsPlugin()],
  publicDir: 'public', // served and copied as they are: favicon, web manifest, robots.txt
  // Dev: React Fast Refresh injects an inline preamble and HMR talks over ws:, so the dev server sends everything but
  // the CSP. `vite preview` and scripts/serve.mjs (what `npm start` and the e2e tests use) send the strict CSP too.
  server: {
    headers: Object.fromEntries(Object.entries(SECURITY_HEADERS).filter(([k]) => k !== 'Content-Security-Policy')),
  },
  preview: { headers: SECURITY_HEADERS },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
