/**
 * Photos and captions the Check e2e test (tests/e2e/check.e2e.test.ts) uses, picked from the default bundle's actual
 * scores (tests/integration/ood_photos.test.ts checks them against the committed bundle; re-pick when it fails).
 * Picked on the cifar10-cma-tiny of 2026-12-02 12:03 UTC (conv-group tower; default score MCM, TPR-95 threshold
 * 0.10679), in Node (onnxruntime-node, the app's preprocessing, jpeg-js decoding), over all 120 shared photos:
 * - aircraft carrier: MCM 0.123, percentile 95.0 among ID calibration photos, top class ship (3rd highest ID photo
 *   whose top class is its true class; a plain, clearly normal photo);
 * - grocery store: MCM 0.104, percentile 0.3, flagged by the image alone (3rd lowest OoD photo, not the lowest);
 * - captions on the carrier: "a photo of a truck." agreement percentile 0.0 (contradicts), "a photo of a ship." 77.1.
 */
export const CHECK_PICKS = {
  /** an ID photo well above the default (TPR-95) threshold of the default score */
  idPhoto: 'id/ship/n02687172_aircraft_carrier.JPEG',
  /** the class the model puts first for it */
  idClass: 'ship',
  /** an OoD photo the model scores clearly below the threshold */
  oodPhoto: 'ood/n03461385_grocery_store.JPEG',
  /** a caption that contradicts idPhoto (its agreement percentile among ID pairs is below 3) */
  contradictingCaption: 'a photo of a truck.',
  /** the bundle's default score (manifest scoring.default) */
  defaultScore: 'mcm',
  /** a caption that matches idPhoto */
  matchingCaption: 'a photo of a ship.',
} as const;
