/**
 * `score --queue` over BullMQ on a real redis-server (Debian's, started on a free port by the test): two workers,
 * one killed with SIGKILL mid-job; the job is retried by the other (BullMQ's stalled-job check) and the output holds
 * every photo exactly once, the same rows as a single-process run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { linesOf, photoFolder, runCli, scratch, sortedLines, startCli, startRedis } from './kit';

let redis: { url: string; stop: () => void };
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

it('two workers, one killed mid-job: nothing lost, nothing twice, identical to a single-process run', async () => {
  const dir = photoFolder(5); // 600 photos
  const work = scratch('queue');
  const single = path.join(work, 'single.jsonl');
  const queued = path.join(work, 'queued.jsonl');
  expect((await runCli(['score', dir, '--out', single, '--quiet'])).code).toBe(0);

  const worker = (name: string) =>
    startCli(['worker', '--queue', redis.url, '--queue-name', name, '--lock-seconds', '2', '--threads', '1']);
  const queueName = `test-${process.pid}`;
  const doomed = worker(queueName);
  const survivor = worker(queueName);
  let doomedLog = '';
  let killedJob = '';
  const killedOnce = new Promise<void>((resolve) => {
    doomed.stderr!.on('data', (d) => {
      doomedLog += d;
      const m = /job (\S+): started/.exec(doomedLog);
      if (m && !killedJob) {
        killedJob = m[1];
        doomed.kill('SIGKILL'); // mid-job: its rows never reach the producer, its lock expires
        resolve();
      }
    });
  });
  let survivorLog = '';
  survivor.stderr!.on('data', (d) => (survivorLog += d));
  await new Promise((r) => setTimeout(r, 1500)); // both workers connected and waiting

  const producer = await runCli([
    'score',
    dir,
    '--queue',
    redis.url,
    '--queue-name',
    queueName,
    '--job-size',
    '50',
    '--out',
    queued,
  ]);
  expect(producer.code, producer.stderr).toBe(0);
  await killedOnce;
  expect((await doomed.done).signal).toBe('SIGKILL');
  expect(survivorLog).toContain(`job ${killedJob}: done (50 photos)`); // the killed job, retried on the survivor
  survivor.kill('SIGTERM');
  expect((await survivor.done).code).toBe(0); // a graceful stop

  const rows = linesOf(readFileSync(queued, 'utf8')).map((l) => JSON.parse(l) as { path: string });
  expect(rows.length).toBe(600);
  expect(new Set(rows.map((r) => r.path)).size).toBe(600);
  expect(sortedLines(readFileSync(queued, 'utf8'))).toEqual(sortedLines(readFileSync(single, 'utf8')));
});
