/// <reference lib="webworker" />
/** Projection worker: PCA and UMAP off the main thread, progress messages while UMAP lays out. */
import { computeProjection } from './compute';
import type { ProjectionRequestMessage, ProjectionResponseMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const cancelled = new Set<number>();

function post(message: ProjectionResponseMessage, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<ProjectionRequestMessage>) => {
  const msg = event.data;
  if (msg.type === 'cancel') {
    cancelled.add(msg.jobId);
    return;
  }
  try {
    let lastPost = 0;
    const result = computeProjection(msg, (fraction, stage) => {
      const now = performance.now();
      if (fraction < 1 && now - lastPost < 50) return;
      lastPost = now;
      post({ type: 'progress', jobId: msg.jobId, fraction, stage });
    });
    if (cancelled.delete(msg.jobId)) return;
    const transfer: Transferable[] = [result.coords.buffer];
    if (result.rows) transfer.push(result.rows.buffer);
    post(result, transfer);
  } catch (e) {
    post({ type: 'error', jobId: msg.jobId, message: e instanceof Error ? e.message : String(e) });
  }
};
