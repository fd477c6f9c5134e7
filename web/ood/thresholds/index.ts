export { asSorted, countAtMost, countBelow, percentile, sortScores, type SortedScores } from './sorted';
export {
  costOptimal,
  isFlagged,
  ratesAt,
  thresholdAtTpr,
  youden,
  type CalibrationScores,
  type CostParams,
  type CostPoint,
  type OperatingPoint,
  type Rates,
} from './thresholds';
export { SLIDER_STEPS, sliderScale, type SliderScale } from './sliderScale';
