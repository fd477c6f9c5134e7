/**
 * What the command line tells a script: one exit code per kind of failure, and a one-line message naming the thing
 * and the cause. Commands throw a `CliError`; `main.ts` prints its message and exits with its code.
 */
export const EXIT = {
  ok: 0,
  /** something unexpected (a bug): the message and stack are printed */
  internal: 1,
  /** a bad option or argument (commander's own errors too) */
  usage: 2,
  /** --model: missing, not a bundle, or a bundle that does not load */
  model: 3,
  /** the photos or another input file: missing, empty, nothing to score, a foreign file */
  input: 4,
  /** --queue: Redis unreachable or the queue failed */
  queue: 5,
  /** stopped by Ctrl-C or SIGTERM after writing the batch in flight; run again to resume */
  interrupted: 130,
} as const;

export type ExitKind = keyof typeof EXIT;

export class CliError extends Error {
  readonly kind: ExitKind;
  constructor(kind: ExitKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.kind = kind;
  }
  get code(): number {
    return EXIT[this.kind];
  }
}

/** The first line of an error's message (native libraries write several). */
export function firstLine(e: unknown): string {
  const m = (e as Error | null)?.message ?? String(e);
  return m.split('\n')[0].trim();
}
