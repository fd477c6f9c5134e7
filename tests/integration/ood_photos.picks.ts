/**
 * Photos and captions the Check e2e test (tests/e2e/check.e2e.test.ts) uses, picked from the default bundle's actual
 * scores (tests/integration/ood_photos.test.ts checks them against the committed bundle; re-pick when it fails).
 * Picked on the trained cifar10-cma-tiny of 09:00 UTC (default score max-logit, TPR-95 threshold 42.872), in Node
 * (onnxruntime-node, the app's preprocessing, jpeg-js decoding), over all 120 shared photos:
 * - bullfrog: max-logit 44.328, percentile 94.4 among ID calibration photos, top class frog (3rd highest ID photo,
 *   the highest whose top class is its true class);
 * - bucket: max-logit 42.503, percentile 0.8, the lowest-scoring OoD photo;
 * - captions on the bullfrog: "a photo of a truck." agreement percentile 0 (contradicts), "a photo of a frog." 95.
 */
export const CHECK_PICKS = {
  /** an ID photo well above the default (TPR-95) threshold of the default score */
  idPhoto: 'id/frog/n01641577_bullfrog.JPEG',
  /** the class the model puts first for it */
  idClass: 'frog',
  /** an OoD photo the model scores clearly below the threshold */
  oodPhoto: 'ood/n02909870_bucket.JPEG',
  /** a caption that contradicts idPhoto (its agreement percentile among ID pairs is below 3) */
  contradictingCaption: 'a photo of a truck.',
  /** the bundle's default score (manifest scoring.default) */
  defaultScore: 'maxlogit',
  /** a caption that matches idPhoto */
  matchingCaption: 'a photo of a frog.',
} as const;
