import { describe, expect, it } from 'vitest';
import { parseHexColour } from './gl';

describe('parseHexColour', () => {
  it('reads #rrggbb with the default alpha', () => {
    expect(parseHexColour('#ff8000', 0.85)).toEqual([1, 128 / 255, 0, 0.85]);
  });
  it('reads #rgb as #rrggbb', () => {
    expect(parseHexColour('#f80', 0.9)).toEqual(parseHexColour('#ff8800', 0.9));
  });
  it('takes the alpha of #rrggbbaa over the default', () => {
    expect(parseHexColour('#00000080', 0.85)).toEqual([0, 0, 0, 128 / 255]);
  });
});
