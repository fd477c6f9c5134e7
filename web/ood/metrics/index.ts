export { auroc, checkScores, cumulativeCounts, fpr95, fprAtTpr, rocCurve, type RocCurve, type Scores } from './roc';
export { auprIn, auprOut, averagePrecision } from './precision';
export { accuracy, confusionAt, type Confusion } from './confusion';
export { evaluate, metricsFor, type Evaluation, type OodMetrics } from './evaluate';
