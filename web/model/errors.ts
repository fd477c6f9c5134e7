/**
 * Why a model file failed, as data: callers switch on `reason` (a missing manifest.json means "try the Hugging Face
 * layout"), never on the wording of the message, which is for people.
 */
export type ModelFileProblem = 'missing' | 'unreadable' | 'invalid';

/** A problem with one file of a model (missing, unreadable, not what the manifest says). */
export class ModelFileError extends Error {
  readonly file: string;
  readonly reason: ModelFileProblem;
  constructor(file: string, problem: string, reason: ModelFileProblem = 'invalid') {
    super(`${file}: ${problem}`);
    this.name = 'ModelFileError';
    this.file = file;
    this.reason = reason;
  }
}
