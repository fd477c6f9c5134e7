import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaProblems } from './schemaProblems';

const schema = z.object({ size: z.number().int(), mean: z.array(z.number()).length(3), name: z.string() });
const problems = (data: unknown, max?: number) => {
  const r = schema.safeParse(data);
  if (r.success) throw new Error('expected a failure');
  return schemaProblems(r.error, max);
};

describe('schemaProblems', () => {
  it('names every bad field by its path, in schema order, on one line', () => {
    const text = problems({ size: 'big', mean: [0, 'x', 0], name: 'ok' });
    expect(text).toMatch(/^field "size": .*; field "mean\.1": /);
    expect(text).not.toContain('\n');
  });
  it('says "(top level)" when the whole value is wrong', () => {
    expect(problems(42)).toMatch(/^field "\(top level\)": /);
  });
  it('stops after max problems and counts the rest', () => {
    const data = { size: 'a', mean: 'b', name: 3 };
    const total = schema.safeParse(data).error!.issues.length;
    expect(total).toBeGreaterThan(2);
    expect(problems(data, 2)).toMatch(new RegExp(`^field "size".*field "mean".*; and ${total - 2} more$`));
    const text = problems(data, 2);
    expect(text).not.toContain('field "name"');
  });
});
