// Starts the production server (scripts/serve.mjs) on a free localhost port in a child process and resolves once it
// prints its URL. Shared by the browser e2e tests, the benchmark and the soak run, so all three serve the app the
// way `npm start` does (same headers, same files).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serveScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.mjs');

/** @param {{ dir?: string, timeoutMs?: number }} [opts] dir: the build to serve (serve.mjs defaults to dist/) */
export function startServe({ dir, timeoutMs = 10_000 } = {}) {
  const args = [serveScript, '--port', '0', ...(dir ? ['--dir', dir] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`serve.mjs did not print its URL within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      const m = /http:\/\/\S+/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], stop: () => child.kill() });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code}`));
    });
  });
}
