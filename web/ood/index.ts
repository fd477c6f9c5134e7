/** The OoD domain (no React): linear algebra, scores, metrics, thresholds, calibration, verdict. */
export * from './linalg';
export * from './scores/registry';
export { mcmFromCosines } from './scores/mcm';
export { energyFromCosines } from './scores/energy';
export { maxLogitFromCosines } from './scores/maxlogit';
export { neglabelFromCosines, neglabelGrouped, neglabelGroups } from './scores/neglabel';
export { seededPermutation } from './scores/rng';
export { captionAgreement, captionIdness, type CaptionAgreement, type CaptionIdness } from './scores/caption';
export * from './metrics';
export * from './thresholds';
export * from './calibration';
export * from './verdict';
export * from './check';
