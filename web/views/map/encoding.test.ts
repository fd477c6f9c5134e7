import { describe, expect, it } from 'vitest';
import type { EmbeddingPoint } from '../../eval/embeddingSpace';
import { colourIndex, fillBox, flagsFor, legendFor, normaliseToView } from './encoding';

const space = { classes: ['cat', 'dog'], oodSets: ['SVHN', 'DTD'] };
const pt = (kind: EmbeddingPoint['kind'], extra: Partial<EmbeddingPoint> = {}): EmbeddingPoint => ({
  kind,
  name: 'x',
  set: '',
  classIndex: -1,
  ...extra,
});

describe('map encoding', () => {
  it('colours ID by class, OoD by set, then photos and prompts; the legend lines up', () => {
    const legend = legendFor(space, 'class');
    expect(colourIndex(pt('id-image', { classIndex: 1 }), space)).toBe(1);
    expect(legend.labels[colourIndex(pt('ood-image', { set: 'DTD' }), space)]).toBe('OoD: DTD');
    expect(legend.labels[colourIndex(pt('photo'), space)]).toBe('checked photos');
    expect(legend.labels[colourIndex(pt('class-text'), space)]).toBe('class prompts');
    expect(legend.labels[colourIndex(pt('neg-text'), space)]).toBe('negative prompts');
    expect(legend.colours).toHaveLength(legend.labels.length);
  });

  it('flags points scoring below the threshold, never prompts or unscored points', () => {
    const pts = [
      pt('id-image', { scores: { mcm: 0.9 } }),
      pt('ood-image', { scores: { mcm: 0.2 } }),
      pt('class-text'),
      pt('photo', { scores: { energy: 0 } }),
    ];
    expect([...flagsFor(pts, 'mcm', 0.5)]).toEqual([0, 1, 0, 0]);
    expect([...flagsFor(pts, 'mcm', null)]).toEqual([0, 0, 0, 0]);
  });

  it('fits coordinates into [-1, 1] keeping aspect and centre', () => {
    const { x, y } = normaliseToView(new Float32Array([0, 0, 10, 0, 10, 5]), 0);
    expect([...x]).toEqual([-1, 1, 1]);
    expect([...y].map((v) => +v.toFixed(3))).toEqual([-0.5, -0.5, 0.5]);
  });

  it('fills a wide panel: each axis scaled on its own to the canvas aspect (x to ±2 on a 2:1 panel, y to ±1)', () => {
    const pts = new Float32Array([0, 0, 10, 0, 10, 5]);
    const { x, y } = normaliseToView(pts, 0, fillBox(800, 400));
    expect([...x]).toEqual([-2, 2, 2]);
    expect([...y]).toEqual([-1, -1, 1]);
    const tall = normaliseToView(pts, 0, fillBox(400, 800));
    expect([...tall.x]).toEqual([-1, 1, 1]);
    expect([...tall.y]).toEqual([-2, -2, 2]);
    // 200 px kept free on the right for the legend: the cloud spans the other 600 px, shifted left
    const roomy = normaliseToView(pts, 0, fillBox(800, 400, 200));
    expect([...roomy.x]).toEqual([-2, 1, 1]);
  });
});
