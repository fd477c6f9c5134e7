/** A problem with one file of a model (missing, unreadable, not what the manifest says). */
export class ModelFileError extends Error {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ModelFileError';
    this.file = file;
  }
}
