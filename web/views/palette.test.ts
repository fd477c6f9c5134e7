import { describe, expect, it } from 'vitest';
import { classColour, CLASS_COLOURS, ID_COLOUR, oodColour, OOD_COLOURS } from './palette';

const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((x, i) => x - rgb(b)[i]));

describe('palette', () => {
  it('gives each OoD set and class its own colour, repeating after the last', () => {
    expect(new Set(OOD_COLOURS).size).toBe(OOD_COLOURS.length);
    expect(OOD_COLOURS.map((_, i) => oodColour(i))).toEqual(OOD_COLOURS);
    expect(oodColour(OOD_COLOURS.length)).toBe(OOD_COLOURS[0]);
    expect(classColour(CLASS_COLOURS.length + 1)).toBe(CLASS_COLOURS[1]);
  });
  it('keeps OoD colours apart from the class colours they share a map with', () => {
    for (const c of OOD_COLOURS) expect(CLASS_COLOURS).not.toContain(c);
    // far enough apart to tell at a glance (RGB distance; the old palette had two oranges 38 apart)
    for (const c of OOD_COLOURS)
      for (const k of [...CLASS_COLOURS, ID_COLOUR]) expect(distance(c, k), `${c} ${k}`).toBeGreaterThan(60);
    const five = OOD_COLOURS.slice(0, 5); // the reference evaluation's OoD sets
    for (const [i, a] of five.entries())
      for (const b of five.slice(i + 1)) expect(distance(a, b), `${a} ${b}`).toBeGreaterThan(80);
  });
});
