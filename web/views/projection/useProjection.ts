/** React hook: project a space's vectors in the shared worker, with progress; re-runs when inputs change. */
import { useEffect, useState } from 'react';
import { createProjectionClient, type ProjectionClient } from './client';
import type { ProjectionMethod, ResultMessage } from './protocol';

let shared: ProjectionClient | null = null;
function client(): ProjectionClient {
  shared ??= createProjectionClient();
  return shared;
}

export interface ProjectionState {
  result: ResultMessage | null;
  progress: { fraction: number; stage: string } | null;
  error: string | null;
}

/**
 * `vectors` is copied before transfer, so the caller keeps its array.
 * `key` identifies the data (model + run + selection) so equal arrays do not re-project.
 */
export function useProjection(
  vectors: Float32Array | null,
  n: number,
  dim: number,
  method: ProjectionMethod,
  dims: 2 | 3,
  key: string,
  uncentred = false,
  groups?: Uint8Array,
): ProjectionState {
  const [state, setState] = useState<ProjectionState>({ result: null, progress: null, error: null });
  useEffect(() => {
    if (!vectors || n === 0) {
      setState({ result: null, progress: null, error: null });
      return;
    }
    let live = true;
    setState({ result: null, progress: { fraction: 0, stage: method }, error: null });
    client()
      .project(
        { method, dims, vectors: vectors.slice(), n, dim, seed: 42, uncentred, groups: groups?.slice() },
        (fraction, stage) => {
          if (live) setState((s) => ({ ...s, progress: { fraction, stage } }));
        },
      )
      .then((result) => {
        if (live) setState({ result, progress: null, error: null });
      })
      .catch((e: unknown) => {
        if (live) setState({ result: null, progress: null, error: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      live = false;
    };
    // `key` stands for the content of `vectors`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, method, dims, n, dim, uncentred]);
  return state;
}
