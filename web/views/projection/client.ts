/** Thin promise client over the projection worker. One worker per client; jobs run in order. */
import type { ProjectRequest, ProjectionResponseMessage, ResultMessage } from './protocol';

export type ProjectionJob = Omit<ProjectRequest, 'type' | 'jobId'>;

export interface ProjectionClient {
  /** `job.vectors` is transferred: pass a copy if you still need it. */
  project(job: ProjectionJob, onProgress?: (fraction: number, stage: string) => void): Promise<ResultMessage>;
  dispose(): void;
}

interface Pending {
  resolve: (r: ResultMessage) => void;
  reject: (e: Error) => void;
  onProgress?: (fraction: number, stage: string) => void;
}

export function createProjectionClient(
  worker: Worker = new Worker(new URL('./projection.worker.ts', import.meta.url), { type: 'module' }),
): ProjectionClient {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  worker.onmessage = (event: MessageEvent<ProjectionResponseMessage>) => {
    const msg = event.data;
    const p = pending.get(msg.jobId);
    if (!p) return;
    if (msg.type === 'progress') p.onProgress?.(msg.fraction, msg.stage);
    else {
      pending.delete(msg.jobId);
      if (msg.type === 'result') p.resolve(msg);
      else p.reject(new Error(msg.message));
    }
  };
  worker.onerror = (event) => {
    const err = new Error(`Projection worker failed: ${event.message || 'unknown error'}`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  return {
    project(job, onProgress) {
      const jobId = nextId++;
      return new Promise<ResultMessage>((resolve, reject) => {
        pending.set(jobId, { resolve, reject, onProgress });
        worker.postMessage(
          { ...job, type: 'project', jobId } satisfies ProjectRequest,
          job.groups ? [job.vectors.buffer, job.groups.buffer] : [job.vectors.buffer],
        );
      });
    },
    dispose() {
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('Projection cancelled.'));
      pending.clear();
    },
  };
}
