/**
 * Running the real `alignscope` command (bin/alignscope.mjs, a child process) in tests, a scratch folder of photos
 * copied from ../shared/data/photos (temporary, never committed), and a redis-server of the test's own on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { photosDir, repo } from '../nodeBundle';

export const BIN = path.join(repo, 'bin/alignscope.mjs');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], opts: { cwd?: string } = {}): ChildProcess & { done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return Object.assign(child, { done });
}

export const runCli = (args: string[], opts: { cwd?: string } = {}): Promise<CliRun> => startCli(args, opts).done;

export function scratch(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `alignscope-${prefix}-`));
}

/** The shared photos (id/ and ood/), each copied `copies` times under another name, into a scratch folder. */
export function photoFolder(copies = 1): string {
  const dir = path.join(scratch('photos'), 'photos');
  for (const side of ['id', 'ood']) {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(d, e.name));
        else files.push(path.relative(path.join(photosDir, side), path.join(d, e.name)));
    };
    walk(path.join(photosDir, side));
    for (const f of files)
      for (let c = 0; c < copies; c++) {
        const to = path.join(dir, side, c ? f.replace(/(\.[^.]+)$/, `-copy${c}$1`) : f);
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(path.join(photosDir, side, f), to);
      }
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** redis-server (Debian's) on a free port, no persistence; stop() kills it. */
export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/i.test(out)) resolve();
    });
    child.on('error', reject);
    child.on('exit', (c) => reject(new Error(`redis-server exited (${c}): ${out}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

/** JSON Lines rows, sorted by path, as comparable strings. */
export function sortedLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .sort();
}

export const linesOf = (s: string) => s.split('\n').filter((l) => l.trim());
