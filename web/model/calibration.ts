/** `calibration.json` of a bundle (models/README.md): the one schema; percentiles and rates are web/ood/calibration.ts. */
import { z } from 'zod';
import { schemaProblems } from '../lib/schemaProblems';

/** Score arrays keyed by score name (ID validation split, OoD reference sets). */
export const calibrationSchema = z.object({
  id_val: z.record(z.string(), z.array(z.number())),
  ood_ref: z.record(z.string(), z.record(z.string(), z.array(z.number()))).default({}),
  caption_agreement_id: z.array(z.number()).optional(),
});
export type CalibrationFile = z.infer<typeof calibrationSchema>;

/** For callers holding the JSON already (tests, Node): the problems, named by file and field. */
export function parseCalibration(json: unknown, source = 'calibration.json'): CalibrationFile {
  const r = calibrationSchema.safeParse(json);
  if (!r.success) throw new Error(`${source}: ${schemaProblems(r.error)}`);
  return r.data;
}
