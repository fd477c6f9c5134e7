import { describe, expect, it } from 'vitest';
import { fillTemplate } from './template';

describe('fillTemplate', () => {
  it('fills the one {} the way Python str.format does for the recipe templates', () => {
    expect(fillTemplate('a photo of a {}.', 'cat')).toBe('a photo of a cat.');
    expect(fillTemplate('{}', 'dog')).toBe('dog');
  });
  it('fills every {}', () => {
    expect(fillTemplate('a {} next to another {}', 'ship')).toBe('a ship next to another ship');
  });
  it('takes the label literally', () => {
    expect(fillTemplate('a photo of a {}.', "$& $1 $' {}")).toBe("a photo of a $& $1 $' {}.");
  });
  it('leaves a template without {} as it is', () => {
    expect(fillTemplate('a photo', 'cat')).toBe('a photo');
  });
});
