/** `calibration.json` of a bundle (models/README.md): the one schema; percentiles and rates are web/ood/calibration.ts. */
import { z } from 'zod';
import { schemaProblems } from '../lib/schemaProblems';

/** Score arrays keyed by score name (ID validation split, OoD reference sets). */
export const calibrationSchema = z.object({
  id_val: z.record(z.string(), z.array(z.number())),
  ood_ref: z.record(z.string(), z.record(z.string(), z.array(z.number()))).default({}),
  caption_agreement_id: z.array(z.number()).optional(),
  /**
   * Hand-written everyday captions of the classes (training/natural_captions.py), and each ID validation photo paired
   * with one caption of its class: the caption's index and the photo–caption cosine. The app encodes the captions
   * itself and applies its caption rules (web/ood/captionCheck.ts naturalCaptionRates): the caption check's false-alarm
   * rate on ordinary, correct captions.
   */
  caption_natural: z
    .object({
      captions: z.array(z.string()),
      class: z.array(z.number().int()),
      caption: z.array(z.number().int().nonnegative()),
      agreement: z.array(z.number()),
    })
    .refine((c) => c.caption.length === c.agreement.length && c.caption.every((i) => i < c.captions.length), {
      message: 'caption and agreement must pair up, and caption indices point into captions',
    })
    .optional(),
});
export type CalibrationFile = z.infer<typeof calibrationSchema>;

/** For callers holding the JSON already (tests, Node): the problems, named by file and field. */
export function parseCalibration(json: unknown, source = 'calibration.json'): CalibrationFile {
  const r = calibrationSchema.safeParse(json);
  if (!r.success) throw new Error(`${source}: ${schemaProblems(r.error)}`);
  return r.data;
}
