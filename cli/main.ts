/**
 * The `alignscope` command line: `score` (folders, zips, file lists → a results file; --queue spreads it over
 * workers), `eval` (the Evaluate screen's numbers and run export), `normal-set` (a site's normal photos → the
 * embeddings file `--normal-set` reads) and `worker` (pulls `score` jobs from Redis).
 * commander parses; each command lives in its own file; failures are CliErrors with an exit code (errors.ts).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, EXIT, firstLine } from './errors';
import { MIN_NORMAL_PHOTOS } from '../web/ood/exemplars';
import { evalCommand } from './evaluate';
import { normalSetCommand } from './normalSet';
import { DEFAULT_QUEUE_NAME, runWorker } from './queue';
import { scoreCommand } from './score';

const cores = () => Math.max(1, (globalThis.navigator?.hardwareConcurrency as number | undefined) ?? 2);

function number(what: string, check: (x: number) => boolean, hint: string) {
  return (raw: string): number => {
    const x = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(x) || !check(x)) throw new InvalidArgumentError(`${what}: ${hint}`);
    return x;
  };
}
const positiveInt = (what: string) => number(what, (x) => Number.isInteger(x) && x > 0, 'a whole number ≥ 1');
const fraction = number('--keep-normal', (x) => x > 0 && x <= 1, 'a fraction in (0, 1], e.g. 0.95');
const anyNumber = number('--threshold', () => true, 'a number on the score’s own scale');

const modelOption = () =>
  new Option(
    '-m, --model <bundle>',
    'a bundle folder (with manifest.json) or a bundled model id (default: the bundled default)',
  );
const scoreOption = () =>
  new Option(
    '-s, --score <name>',
    "mcm, energy, maxlogit, neglabel, or knn with --normal-set (default: the bundle's default)",
  );
const threadsOption = () =>
  new Option('--threads <n>', 'ONNX Runtime intra-op threads').argParser(positiveInt('--threads')).default(cores());
const batchOption = () =>
  new Option('--batch <n>', 'photos per model run').argParser(positiveInt('--batch')).default(32);

export function program(signal: AbortSignal, setExit: (code: number) => void): Command {
  const cli = new Command('alignscope')
    .description('Scores photos as AlignScope does in the browser: same bundle, scores, thresholds and verdicts.')
    .showHelpAfterError('(alignscope <command> --help lists every option)')
    .exitOverride();

  cli
    .command('score')
    .description('score every photo of folders, zips or file lists into a CSV / JSON Lines results file')
    .argument('<inputs...>', 'folders (walked recursively), .zip files, or text files listing one photo path per line')
    .addOption(modelOption())
    .addOption(scoreOption())
    .addOption(
      new Option('-t, --threshold <t>', 'flag photos scoring below t').argParser(anyNumber).conflicts('keepNormal'),
    )
    .addOption(
      new Option(
        '-k, --keep-normal <q>',
        "threshold keeping this share of the bundle's calibration photos (default: 0.95)",
      ).argParser(fraction),
    )
    .requiredOption('-o, --out <file>', 'results file, .csv or .jsonl; an existing one is resumed')
    .addOption(batchOption())
    .addOption(threadsOption())
    .option(
      '-q, --queue <redis-url>',
      'spread the photos over `alignscope worker` processes, e.g. redis://127.0.0.1:6379',
    )
    .option('--queue-name <name>', 'BullMQ queue name (workers must use the same)', DEFAULT_QUEUE_NAME)
    .addOption(new Option('--job-size <n>', 'photos per queue job').argParser(positiveInt('--job-size')).default(64))
    .option('-n, --normal-set <file>', 'a normal set (alignscope normal-set): adds the KNN score, "knn" for --score')
    .option('--quiet', 'no progress, only errors', false)
    .addHelpText(
      'after',
      `
Examples:
  $ alignscope score ~/site-photos --out results.csv
  $ alignscope score ~/site-photos --normal-set site-normal.json --score knn --out results.csv
  $ alignscope score archive.zip more/ --model cifar10-flyp-tiny --keep-normal 0.99 --out results.jsonl
  $ alignscope score list.txt --score mcm --threshold 0.21 --out results.csv
  $ alignscope score /mnt/photos --queue redis://10.0.0.5:6379 --out results.csv   # then start workers

Run the same command again to resume: photos already in --out (same path, size and SHA-256) are not scored again.
Unreadable files are listed with the reason (the "error" column) and skipped.`,
    )
    .action(async (inputs: string[], o) => setExit(await scoreCommand({ inputs, ...o }, signal)));

  cli
    .command('eval')
    .description("the Evaluate screen's numbers for normal vs not-normal photos, and its run export for Import")
    .argument('<id-folder>', 'photos that are normal (class-named sub-folders give ID accuracy)')
    .argument('<ood-folders...>', 'one or more folders (or zips) of photos that are not normal')
    .addOption(modelOption())
    .addOption(scoreOption())
    .addOption(new Option('-t, --threshold <t>', 'the alarm threshold').argParser(anyNumber))
    .addOption(
      new Option('--strategy <how>', 'how to place the threshold when none is given')
        .choices(['tpr95', 'youden', 'cost'])
        .default('tpr95', 'tpr95: keep 95 % of the normal photos'),
    )
    .option('-o, --out <file>', 'the run export (JSON) to write', undefined)
    .option('--embeddings', 'put the image embeddings in the export (Explore can then map them)', false)
    .option('--json', 'print the summary as JSON on stdout', false)
    .addOption(batchOption())
    .addOption(threadsOption())
    .option('--quiet', 'no progress, only errors', false)
    .addHelpText(
      'after',
      `
Examples:
  $ alignscope eval photos/id photos/ood --out run.json
  $ alignscope eval normal/ odd-1/ odd-2.zip --score neglabel --strategy youden --json > summary.json`,
    )
    .action(async (idFolder: string, oodFolders: string[], o) =>
      setExit(await evalCommand({ idFolder, oodFolders, ...o }, signal)),
    );

  cli
    .command('normal-set')
    .description('make a normal set from photos that are normal for a site: their embeddings, never the photos')
    .argument('<inputs...>', 'folders, .zip files or file lists of normal photos (class sub-folders optional)')
    .addOption(modelOption())
    .requiredOption('-o, --out <file>', 'the normal set file to write (.json)')
    .option('--name <name>', "its name (default: the first folder's name)")
    .addOption(batchOption())
    .addOption(threadsOption())
    .option('--quiet', 'no progress, only errors', false)
    .addHelpText(
      'after',
      `
Needs at least ${MIN_NORMAL_PHOTOS} distinct photos; a fifth (seeded) is held back to calibrate percentiles and thresholds.
Examples:
  $ alignscope normal-set ~/site-photos/normal --out site-normal.json
  $ alignscope score ~/site-photos/today --normal-set site-normal.json --score knn --out today.csv`,
    )
    .action(async (inputs: string[], o) => setExit(await normalSetCommand({ inputs, ...o }, signal)));

  cli
    .command('worker')
    .description('pull `score --queue` jobs from Redis and score them (start as many as you like, anywhere)')
    .requiredOption('-q, --queue <redis-url>', 'the Redis the producer uses, e.g. redis://10.0.0.5:6379')
    .option('--queue-name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME)
    .addOption(batchOption())
    .addOption(threadsOption().default(1, '1 (run one worker per core)'))
    .addOption(
      new Option('--lock-seconds <s>', 'a job whose worker stops answering this long is given to another')
        .argParser(positiveInt('--lock-seconds'))
        .default(30),
    )
    .addOption(
      new Option('--idle-exit <s>', 'exit after this many seconds without a job (0: run until stopped)')
        .argParser(number('--idle-exit', (x) => x >= 0, 'seconds ≥ 0'))
        .default(0),
    )
    .option('--quiet', 'no per-job lines', false)
    .addHelpText(
      'after',
      `
Examples:
  $ alignscope worker --queue redis://10.0.0.5:6379              # one per core, on every machine that sees the photos
  $ alignscope worker --queue redis://127.0.0.1:6379 --idle-exit 60`,
    )
    .action(async (o) => {
      await runWorker({ url: o.queue, name: o.queueName, ...o }, signal);
      setExit(EXIT.ok);
    });
  return cli;
}

/** Runs the command line; resolves to the exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  const abort = new AbortController();
  let stops = 0;
  const stop = () => {
    if (++stops > 1) process.exit(EXIT.interrupted); // a second Ctrl-C: now
    process.stderr.write('\nstopping after the batch in flight (Ctrl-C again to stop now)…\n');
    abort.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let code: number = EXIT.ok;
  try {
    await program(abort.signal, (c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed it
    if (e instanceof CliError) {
      process.stderr.write(`alignscope: ${e.message}\n`);
      return e.code;
    }
    process.stderr.write(`alignscope: unexpected error: ${firstLine(e)}\n${(e as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
