/**
 * The typed errors of the inference worker: thrown in the worker with a kind, sent as a `WorkerError`, rebuilt as an
 * `InferenceError` by the client, so callers switch on `kind` instead of reading the sentence.
 */
import { ModelFileError } from '../model/errors';
import type { InferenceErrorKind, WorkerError } from './protocol';

export class InferenceError extends Error {
  readonly kind: InferenceErrorKind;
  readonly file?: string;
  constructor(kind: InferenceErrorKind, message: string, file?: string) {
    super(message);
    this.name = 'InferenceError';
    this.kind = kind;
    this.file = file;
  }

  static fromWire(e: WorkerError): InferenceError {
    return new InferenceError(e.kind, e.message, e.file);
  }
}

/** What the worker sends for a failure: the kind from the error's class, never from its wording. */
export function toWorkerError(e: unknown): WorkerError {
  const message = (e as Error | null)?.message ?? String(e);
  if (e instanceof InferenceError) return { kind: e.kind, message, ...(e.file ? { file: e.file } : {}) };
  if (e instanceof ModelFileError) return { kind: 'model-file', message, file: e.file };
  // A failed ArrayBuffer/typed-array allocation is a RangeError; an aborted WebAssembly runtime a RuntimeError.
  if (e instanceof RangeError) return { kind: 'out-of-memory', message };
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return { kind: 'session', message };
  return { kind: 'internal', message };
}
