/**
 * Many machines on BullMQ (Redis): the producer (`score --queue`) cuts the photos into jobs of N, each naming the
 * photos by path (or zip member) and the model by folder; `alignscope worker` processes pull jobs, score them with
 * the same pipeline and rows as a local run, and return the rows as the job's result; the producer appends them to
 * its one results file. A worker that dies mid-job loses its lock; BullMQ's stalled-job check (run by the other
 * workers) puts the job back, and it is scored again elsewhere. Rows reach the file only from completed jobs, and
 * the producer writes a path once, so each photo appears exactly once.
 */
import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { makeScorer, type ImageScorer } from '../web/eval/scorer';
import { openModel, type NodeModel } from './bundle';
import { CliError, firstLine } from './errors';
import { readLocated, type InputFile, type Locator } from './inputs';
import { readNormalSet } from './normalSet';
import { scorePhotos } from './pipeline';
import type { ResultsFile } from './results';
import { makeDecision, rowOf, type Decision, type ResultRow } from './rows';

export const DEFAULT_QUEUE_NAME = 'alignscope';

export interface QueueSpec {
  url: string;
  name: string;
  jobSize: number;
}

/** What a worker needs to score like the producer: the model folder (seen by every machine), score and threshold. */
export interface JobModel {
  modelDir: string;
  score: string;
  threshold: number;
  /** absolute path of the normal set file, when the producer scores against one (seen by every worker too) */
  normalSet?: string;
}

export interface ScoreJob extends JobModel {
  photos: { key: string; size: number; locator: Locator }[];
}

/** redis://[user:password@]host:port[/db] → the connection options of ioredis and BullMQ. */
export function connectionOf(url: string): {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
} {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError('usage', `--queue ${url}: not a URL; write it as redis://host:port`);
  }
  if (u.protocol !== 'redis:') throw new CliError('usage', `--queue ${url}: only redis://host:port is supported`);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
  };
}

/** Fails fast, in one line, when Redis is not there (BullMQ itself would retry for ever). */
export async function assertReachable(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis({
    ...connectionOf(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let cause: unknown; // the socket's own error (ECONNREFUSED, ENOTFOUND…); connect() only says "Connection is closed."
  client.on('error', (e) => (cause ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const code = ((cause ?? e) as NodeJS.ErrnoException).code;
    throw new CliError('queue', `--queue ${url}: Redis is unreachable (${code ?? firstLine(e)})`);
  } finally {
    client.disconnect();
  }
}

const bullConnection = (url: string): ConnectionOptions => ({ ...connectionOf(url), maxRetriesPerRequest: null });

/**
 * The producer: adds the jobs, then collects each completed job's rows into `results` (a path already there is
 * not written again). Returns when every job is done or failed for good, or when `signal` aborts (the jobs not
 * collected yet are removed from the queue where they still wait; run again to resume).
 */
export async function runOnQueue(
  spec: QueueSpec,
  model: JobModel,
  todo: InputFile[],
  results: ResultsFile,
  onRows: (rows: ResultRow[]) => void,
  signal: AbortSignal,
): Promise<{ interrupted: boolean; failedJobs: string[] }> {
  await assertReachable(spec.url);
  const connection = bullConnection(spec.url);
  const queue = new Queue<ScoreJob, ResultRow[]>(spec.name, { connection });
  const events = new QueueEvents(spec.name, { connection });
  const run = randomUUID().slice(0, 8);
  const pending = new Set<string>();
  const failedJobs: string[] = [];
  try {
    await events.waitUntilReady(); // listening before the first job is added, so no completion is missed
    const jobs = [];
    for (let i = 0, k = 0; i < todo.length; i += spec.jobSize, k++) {
      const photos = todo.slice(i, i + spec.jobSize).map((f) => ({ key: f.key, size: f.size, locator: f.locator }));
      const jobId = `${run}-${k}`;
      pending.add(jobId);
      jobs.push({
        name: 'score',
        data: { ...model, photos },
        opts: {
          jobId,
          attempts: 3,
          backoff: { type: 'fixed', delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      });
    }
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));

    const collect = async (jobId: string) => {
      if (!pending.has(jobId)) return;
      const job = await Job.fromId<ScoreJob, ResultRow[]>(queue, jobId);
      if (!job || !pending.has(jobId)) return;
      const state = await job.getState();
      if (state === 'completed') {
        pending.delete(jobId);
        const rows = (job.returnvalue ?? []).filter((r) => !results.done.has(r.path));
        results.append(rows);
        onRows(rows);
        await job.remove().catch(() => {});
      } else if (state === 'failed' && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        pending.delete(jobId);
        failedJobs.push(`job ${jobId} (${job.data.photos.length} photos) failed: ${job.failedReason}`);
      }
    };
    let wake: () => void = () => {};
    const onEvent = ({ jobId }: { jobId: string }) => {
      void collect(jobId).finally(() => wake());
    };
    events.on('completed', onEvent);
    events.on('failed', onEvent);
    // Events are the fast path; a slow sweep over what is still pending is the safety net for any event missed.
    let sweepAt = 0;
    while (pending.size > 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        const t = setTimeout(resolve, 1000);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
      if (Date.now() - sweepAt > 3000) {
        sweepAt = Date.now();
        for (const id of [...pending].slice(0, 200)) await collect(id);
      }
    }
    if (signal.aborted)
      for (const id of pending)
        await Job.fromId(queue, id)
          .then((j) => j?.remove())
          .catch(() => {}); // active ones stay locked
    for (const f of failedJobs) process.stderr.write(`${f}\n`);
    if (failedJobs.length && !signal.aborted)
      throw new CliError(
        'queue',
        `${failedJobs.length} job(s) failed for good; the rest are written. Run again to retry them.`,
      );
    return { interrupted: signal.aborted, failedJobs };
  } finally {
    await events.close().catch(() => {});
    await queue.close().catch(() => {});
  }
}

export interface WorkerOptions {
  url: string;
  name: string;
  threads: number;
  batch: number;
  /** seconds: a job whose worker stops renewing its lock for this long is given to another worker */
  lockSeconds: number;
  /** exit after this many seconds without a job (0 = run until stopped) */
  idleExit: number;
  quiet: boolean;
}

/** One model opened per folder, kept for the next job. */
class ModelCache {
  private readonly models = new Map<string, Promise<{ model: NodeModel; scorer: ImageScorer }>>();
  constructor(private readonly o: Pick<WorkerOptions, 'threads' | 'batch'>) {}
  get(dir: string, normalSet?: string) {
    const key = `${dir}\n${normalSet ?? ''}`;
    let m = this.models.get(key);
    if (!m) {
      m = openModel(dir, { threads: this.o.threads, batch: this.o.batch }).then((model) => {
        if (normalSet) model.useNormalSet(readNormalSet(normalSet, model));
        return { model, scorer: makeScorer(model.prompts, model.scoring) };
      });
      m.catch(() => this.models.delete(key));
      this.models.set(key, m);
    }
    return m;
  }
  async close() {
    for (const m of this.models.values()) await m.then((x) => x.model.release()).catch(() => {});
  }
}

/** Scores one job's photos exactly as a local run does (same pipeline, decision and rows). */
export async function scoreJob(job: ScoreJob, cache: ModelCache, batch: number): Promise<ResultRow[]> {
  const { model, scorer } = await cache.get(job.modelDir, job.normalSet);
  const decision: Decision = makeDecision(model, { score: job.score, threshold: job.threshold });
  const bytes = await readLocated(job.photos.map((p) => p.locator));
  const photos = job.photos.map((p, i) => {
    const b = bytes[i];
    return {
      key: p.key,
      size: p.size,
      read: async () => {
        if ('error' in b) throw new Error(b.error);
        return b.bytes;
      },
    };
  });
  const rows: ResultRow[] = [];
  for await (const outcomes of scorePhotos(model, scorer, photos, { batch }))
    for (const o of outcomes) rows.push(rowOf(o, decision, model.prompts));
  return rows;
}

/** `alignscope worker`: pulls jobs until stopped (SIGINT / SIGTERM: the job in hand is finished first). */
export async function runWorker(o: WorkerOptions, signal: AbortSignal): Promise<void> {
  await assertReachable(o.url);
  const cache = new ModelCache(o);
  let lastJob = Date.now();
  let jobsDone = 0;
  const worker = new Worker<ScoreJob, ResultRow[]>(
    o.name,
    async (job) => {
      if (!o.quiet) process.stderr.write(`job ${job.id}: started (${job.data.photos.length} photos)\n`);
      const rows = await scoreJob(job.data, cache, o.batch);
      lastJob = Date.now();
      jobsDone++;
      if (!o.quiet) process.stderr.write(`job ${job.id}: done (${rows.length} photos)\n`);
      return rows;
    },
    {
      connection: bullConnection(o.url),
      concurrency: 1, // one job at a time per process: start more processes for more cores (the model uses `threads`)
      lockDuration: o.lockSeconds * 1000,
      stalledInterval: o.lockSeconds * 1000,
      maxStalledCount: 2,
    },
  );
  worker.on('error', (e) => process.stderr.write(`worker: ${firstLine(e)}\n`));
  worker.on('failed', (job, e) => process.stderr.write(`job ${job?.id} failed: ${firstLine(e)}\n`));
  if (!o.quiet) process.stderr.write(`alignscope worker: waiting for jobs on ${o.url} (queue "${o.name}")\n`);
  await new Promise<void>((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
    if (o.idleExit > 0) {
      const t = setInterval(() => {
        if (Date.now() - lastJob > o.idleExit * 1000) {
          clearInterval(t);
          resolve();
        }
      }, 500);
      signal.addEventListener('abort', () => clearInterval(t), { once: true });
    }
  });
  // close() waits for the job in hand; if Redis went away it would wait for ever, so after a grace period it is forced
  // (the job's lock then expires and another worker takes it).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const graceful = await Promise.race([
    worker.close().then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), o.lockSeconds * 1000))),
  ]);
  clearTimeout(timer);
  if (!graceful) {
    process.stderr.write('alignscope worker: Redis did not answer while stopping; stopped without it\n');
    await worker.close(true).catch(() => {});
    await worker.disconnect().catch(() => {});
  }
  await cache.close();
  if (!o.quiet) process.stderr.write(`alignscope worker: stopped after ${jobsDone} job(s)\n`);
}
