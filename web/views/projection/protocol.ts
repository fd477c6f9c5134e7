/** Typed messages between the app and the projection worker. Float32Arrays travel as transferables. */

/** 'gap': 3-D axes spanning the image/text centroid plane (see axes.ts); needs `groups`. */
export type ProjectionMethod = 'pca' | 'umap' | 'gap';

export interface ProjectRequest {
  type: 'project';
  jobId: number;
  method: ProjectionMethod;
  /** 2 for the map, 3 for the sphere (PCA only). */
  dims: 2 | 3;
  /** n × dim row-major; transferred (the caller's copy becomes empty). */
  vectors: Float32Array;
  n: number;
  dim: number;
  seed?: number;
  /** UMAP runs on an evenly spaced sample of at most this many rows (the rest are left out). */
  maxUmapPoints?: number;
  /** PCA: project without centring (keeps the origin, so the sphere view can re-normalise). */
  uncentred?: boolean;
  /** 'gap': per row, 1 = ID image, 2 = class prompt, 0 = other. */
  groups?: Uint8Array;
}

export interface CancelRequest {
  type: 'cancel';
  jobId: number;
}

export type ProjectionRequestMessage = ProjectRequest | CancelRequest;

export interface ProgressMessage {
  type: 'progress';
  jobId: number;
  fraction: number;
  stage: string;
}

export interface ResultMessage {
  type: 'result';
  jobId: number;
  /** The method actually used: UMAP falls back to PCA with too few points. */
  method: ProjectionMethod;
  dims: 2 | 3;
  /** m × dims row-major; transferred. */
  coords: Float32Array;
  /** Which input rows the coordinates belong to, when UMAP sampled (absent = all rows, in order). */
  rows?: Uint32Array;
  /** PCA: explained variance fraction per axis. */
  explained?: number[];
  /** Why the requested method was not used, for the user. */
  notice?: string;
  elapsedMs: number;
}

export interface ErrorMessage {
  type: 'error';
  jobId: number;
  message: string;
}

export type ProjectionResponseMessage = ProgressMessage | ResultMessage | ErrorMessage;
