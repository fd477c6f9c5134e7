/**
 * Photos and captions the Check e2e test (tests/e2e/check.e2e.test.ts) uses, picked from the default bundle's actual
 * scores (tests/integration/ood_photos.test.ts checks them against the committed bundle; re-pick when it fails).
 * PROVISIONAL: picked on the smoke-quality bundle; to be re-picked on the trained one.
 */
export const CHECK_PICKS = {
  /** an ID photo well above the default (TPR-95) threshold of the default score */
  idPhoto: 'id/ship/n02687172_aircraft_carrier.JPEG',
  /** the class the model puts first for it */
  idClass: 'dog',
  /** an OoD photo the model scores clearly below the threshold */
  oodPhoto: 'ood/n03804744_nail.JPEG',
  /** a caption that contradicts idPhoto (its agreement percentile among ID pairs is below 5) */
  contradictingCaption: 'a photo of a frog.',
  /** a caption that matches idPhoto */
  matchingCaption: 'a photo of a ship.',
} as const;
