// Helpers for this folder's unit tests: in-memory sources and a small hand-made table. Not imported by app code.
import type { SourceFile } from './sources';
import type { EvalTable } from './types';
import { mulberry32 } from '../lib/rng';

export const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0];
export const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function memSource(
  key: string,
  bytes: number[] | Uint8Array,
  opts: { failRead?: boolean; onRead?: () => void } = {},
): SourceFile {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return {
    key,
    size: data.byteLength,
    read: async () => {
      opts.onRead?.();
      if (opts.failRead) throw new Error('NotReadableError: the file changed on disk');
      return data;
    },
  };
}

/** A JPEG-looking file whose bytes differ by `seed`. */
export function fakeJpeg(key: string, seed: number, opts?: Parameters<typeof memSource>[2]): SourceFile {
  return memSource(key, [...JPEG_HEAD, seed & 255, (seed >> 8) & 255, 1, 2, 3], opts);
}

/** Deterministic pseudo-random scores (the shared mulberry32) so tables have ties-free, varied values. */

export function sampleTable(seed = 1, sizes = { id: 40, oodA: 25, oodB: 15 }): EvalTable {
  const r = mulberry32(seed);
  const make = (name: string, kind: 'id' | 'ood', n: number, shift: number) => ({
    name,
    kind,
    keys: Array.from({ length: n }, (_, i) => `${name}/${i % 3 === 0 ? 'cat' : 'dog'}/img, "${i}".jpg`),
    labels: Array.from({ length: n }, (_, i) => (kind === 'id' ? (i % 3 === 0 ? 0 : 1) : -1)),
    predictions: Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1)),
    scores: {
      mcm: Array.from({ length: n }, () => r() * 0.5 + shift),
      energy: Array.from({ length: n }, () => Math.log(r() + 1e-9) * 3 + shift * 10),
    },
  });
  return {
    classes: ['cat', 'dog'],
    scoreNames: ['mcm', 'energy'],
    sets: [
      make('id', 'id', sizes.id, 0.4),
      make('oodA', 'ood', sizes.oodA, 0.1),
      make('oodB', 'ood', sizes.oodB, 0.25),
    ],
  };
}
