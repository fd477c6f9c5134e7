import { describe, expect, it } from 'vitest';
import { classColour, CLASS_COLOURS, oodColour, OOD_COLOURS } from './palette';

describe('palette', () => {
  it('gives each OoD set and class its own colour, repeating after the last', () => {
    expect(new Set(OOD_COLOURS).size).toBe(OOD_COLOURS.length);
    expect(OOD_COLOURS.map((_, i) => oodColour(i))).toEqual(OOD_COLOURS);
    expect(oodColour(OOD_COLOURS.length)).toBe(OOD_COLOURS[0]);
    expect(classColour(CLASS_COLOURS.length + 1)).toBe(CLASS_COLOURS[1]);
  });
  it('keeps OoD colours apart from the class colours they share a map with', () => {
    for (const c of OOD_COLOURS) expect(CLASS_COLOURS).not.toContain(c);
  });
});
