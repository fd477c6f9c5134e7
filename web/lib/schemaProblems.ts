/**
 * zod's complaints as one line a person can act on, for every file or form the app validates: the field by its path
 * and what is wrong with it. The caller puts the file name in front. One line rather than `z.prettifyError`'s
 * multi-line list: the messages appear in single-line notices, and the manifest's wording (`field "embedDim": …`) is
 * what people and the end-to-end tests already read.
 */
import type { z } from 'zod';

/** At most `max` problems (zod lists every bad element of a long array), in schema order, then how many more. */
export function schemaProblems(error: z.ZodError, max = 6): string {
  const shown = error.issues.slice(0, max).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    return `field "${where}": ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
