/**
 * Photos and captions the Check e2e test (tests/e2e/check.e2e.test.ts) uses, picked from the default bundle's actual
 * scores (tests/integration/ood_photos.test.ts checks them against the committed bundle; re-pick when it fails).
 * Picked on the cifar10-cma-tiny of 2026-12-03 17:38 UTC (co-trained conv-group tower; default score max-logit, chosen
 * on validation data; TPR-95 threshold 95.753), in Node (onnxruntime-node, the app's preprocessing, jpeg-js decoding at the time),
 * over all 120 shared photos:
 * - aircraft carrier: max-logit 98.02, percentile 63.2 among ID calibration photos, top class ship (a plain, clearly
 *   normal photo in the middle of the ID photos whose top class is their true class, not the highest);
 * - grocery store: max-logit 94.29, percentile 0.5, flagged by the image alone (41 of 60 OoD photos are flagged; it is
 *   not among the lowest-scoring five). Re-picked on the pad-crop bundle of 2026-12-04 (threshold 95.999, percentile
 *   5.0): the grocery store moved to percentile 2.6, inside the borderline band; the confectionery shop is at 94.19,
 *   percentile 0.46 (25th lowest of the 60);
 * - captions on the carrier: "a photo of a truck." agreement percentile 0.0 (contradicts), "a photo of a ship." 64.0.
 */
export const CHECK_PICKS = {
  /** an ID photo well above the default (TPR-95) threshold of the default score */
  idPhoto: 'id/ship/n02687172_aircraft_carrier.JPEG',
  /** the class the model puts first for it */
  idClass: 'ship',
  /** an OoD photo the model scores clearly below the threshold (not in the borderline band) */
  oodPhoto: 'ood/n03089624_confectionery.JPEG',
  /** a caption that contradicts idPhoto (its agreement percentile among ID pairs is below 3) */
  contradictingCaption: 'a photo of a truck.',
  /** the bundle's default score (manifest scoring.default) */
  defaultScore: 'maxlogit',
  /** a caption that matches idPhoto */
  matchingCaption: 'a photo of a ship.',
} as const;
