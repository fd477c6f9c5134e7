import type { EmbeddingMatrix, Vector } from '../linalg';

/** Names of the image scores; the registry in `registry.ts` is keyed by exactly these. */
export type ScoreName = 'mcm' | 'energy' | 'maxlogit' | 'neglabel' | 'knn' | 'prototype' | 'fused';

/** The scores that read only the prompts (what `fused` combines with an exemplar score). */
export type TextScoreName = 'mcm' | 'energy' | 'maxlogit' | 'neglabel';

/** The manifest's `scoring` block (only the fields the scores read; all optional). */
export interface ScoringDefaults {
  default?: string;
  mcmTemperature?: number;
  energyTemperature?: number;
  neglabelTemperature?: number;
  neglabelGroups?: number;
  neglabelSeed?: number;
  /** KNN's k (a normal set's, not the manifest's: PromptEmbeddings.exemplarK, web/ood/exemplars.ts chooseK) */
  knnK?: number;
}

/** One options shape for every score, so one picker + one T slider drive them all; unused fields are ignored. */
export interface ScoreOptions {
  /** T of MCM / energy, τ of NegLabel; max-logit ignores it. */
  temperature: number;
  /** NegLabel: number of random groups of the negatives averaged (1 = no grouping). */
  groups: number;
  /** NegLabel: seed of the shuffle that makes the groups. */
  seed: number;
  /** KNN (and fused's KNN part): which nearest normal photo's cosine is the score (1 = the nearest). */
  k: number;
  /** fused: the text score combined with KNN (the bundle's default text score unless chosen) */
  fusedText: TextScoreName;
}

/** What a score is fitted on: the prompt embeddings of the ID classes (and negatives), plus the logit scale s. */
export interface PromptEmbeddings {
  /** K class embeddings (prompt-ensembled); need not be normalised. */
  classes: EmbeddingMatrix;
  /** M negative-label embeddings (NegLabel only); need not be normalised. */
  negatives?: EmbeddingMatrix;
  /** N image embeddings of photos that are normal (a normal set's bank); need not be normalised. */
  exemplars?: EmbeddingMatrix;
  /** the class index of each exemplar row (a labelled normal set; prototype only), -1 = unlabelled */
  exemplarLabels?: Int32Array;
  /** the normal set's calibration split (rows not in the bank): what `fused` maps each part to percentiles on */
  exemplarCalibration?: EmbeddingMatrix;
  /** KNN's k for this normal set (exemplars.ts chooseK) */
  exemplarK?: number;
  /** s = exp(logit_scale), already exponentiated (manifest `logitScale`). */
  logitScale: number;
}

/** A score bound to its prompts and options: what the app calls per image. Higher = more in-distribution. */
export interface FittedScore {
  readonly name: ScoreName;
  readonly options: Readonly<ScoreOptions>;
  /** Cosines (float64) of an image embedding with the K class embeddings. */
  classCosines(image: Vector): Float64Array;
  /** The score from precomputed cosines (class cosines; negative cosines for NegLabel, exemplar cosines for KNN). */
  fromCosines(classCos: Vector, negCos?: Vector, exemplarCos?: Vector): number;
  score(image: Vector): number;
  scoreMany(images: EmbeddingMatrix): Float64Array;
}

/** One postprocessor (OpenOOD style): `setup` on ID prompts, then score. */
export interface Postprocessor {
  readonly name: ScoreName;
  /** Short label for pickers. */
  readonly label: string;
  /** One sentence for tooltips: the formula in words. */
  readonly summary: string;
  readonly requiresNegatives: boolean;
  /** Needs a normal set's image embeddings (`PromptEmbeddings.exemplars`, and its calibration split for fused). */
  readonly requiresExemplars: boolean;
  /** Needs the normal set's class labels (`PromptEmbeddings.exemplarLabels`): prototype. */
  readonly requiresLabels?: boolean;
  /** Whether `options.temperature` changes the ranking (false for max-logit). */
  readonly usesTemperature: boolean;
  defaultOptions(defaults?: ScoringDefaults): ScoreOptions;
  setup(prompts: PromptEmbeddings, options?: Partial<ScoreOptions>): FittedScore;
}
