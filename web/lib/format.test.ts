import { describe, expect, it } from 'vitest';
import {
  count,
  decimal,
  plural,
  megabytes,
  milliseconds,
  MISSING,
  percent,
  percentValue,
  score,
  timeLeft,
} from './format';

describe('percent', () => {
  it('writes a fraction with a space before the sign, one decimal by default', () => {
    expect(percent(0.12345)).toBe('12.3 %');
    expect(percent(0.12345, 2)).toBe('12.35 %');
    expect(percent(0.5, { digits: 0 })).toBe('50 %');
    expect(percent(1)).toBe('100.0 %');
  });
  it('rounds as (x * 100).toFixed does, the way the screens did before', () => {
    for (const x of [0, 0.001, 0.0125, 0.3333, 0.955, 0.99999])
      for (const d of [0, 1, 2]) expect(percent(x, d)).toBe(`${(x * 100).toFixed(d)} %`);
  });
  it('shows the missing mark for null, undefined and non-finite values', () => {
    for (const x of [null, undefined, Number.NaN, Infinity]) expect(percent(x)).toBe(MISSING);
    expect(percent(undefined, { digits: 2, missing: '–' })).toBe('–');
  });
});

describe('percentValue', () => {
  it('takes values already in percent', () => {
    expect(percentValue(87.654, 2)).toBe('87.65 %');
    expect(percentValue(undefined, 2)).toBe(MISSING);
  });
  it('never rounds a value just below 100 up to 100 when asked', () => {
    const opts = { digits: 0, keepBelow100: true };
    expect(percentValue(99.83, opts)).toBe('99.8 %');
    expect(percentValue(99.99, opts)).toBe('99.9 %');
    expect(percentValue(99.04, opts)).toBe('99 %');
    expect(percentValue(100, opts)).toBe('100 %');
    expect(percentValue(42.5, opts)).toBe('43 %');
    expect(percentValue(99.83, 0)).toBe('100 %');
  });
});

describe('numbers', () => {
  it('count: thousands separators, fixed decimals', () => {
    expect(count(12345)).toBe('12,345');
    expect(count(1234.5, 1)).toBe('1,234.5');
    expect(count(2, 2)).toBe('2.00');
    expect(count(Number.NaN)).toBe(MISSING);
  });
  it('decimal: fixed decimals, exponent form for tiny and huge values', () => {
    expect(decimal(0.123456)).toBe('0.123');
    expect(decimal(15.5123, 2)).toBe('15.51');
    expect(decimal(0)).toBe('0.000');
    expect(decimal(0.0001234)).toBe('1.23e-4');
    expect(decimal(123456, 2)).toBe('1.23e+5');
    expect(decimal(Infinity)).toBe('Infinity');
    expect(decimal(undefined, 3, MISSING)).toBe(MISSING);
    expect(decimal(Number.NaN, 3, MISSING)).toBe(MISSING);
  });
  it('score: one decimal from 100 on', () => {
    expect(score(0.12345)).toBe('0.123');
    expect(score(0.12345, 4)).toBe('0.1235');
    expect(score(-123.456)).toBe('-123.5');
  });
  it('megabytes, milliseconds, time left', () => {
    expect(megabytes(12_345_678)).toBe('12.3 MB');
    expect(megabytes(12_345_678, false)).toBe('12.3');
    expect(milliseconds(1234.6)).toBe('1235 ms');
    expect(timeLeft(12.2)).toBe('13 s');
    expect(timeLeft(89.5)).toBe('90 s');
    expect(timeLeft(90)).toBe('2 min');
    expect(timeLeft(Infinity)).toBe('…');
  });
});

describe('plural', () => {
  it('agrees with the count (issue 13: "1 files")', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(2, 'photo')).toBe('2 photos');
    expect(plural(1234, 'photo')).toBe('1,234 photos');
    expect(plural(3, 'class', 'classes')).toBe('3 classes');
  });
});

describe('elapsed', () => {
  it('reads as a person says it', async () => {
    const { elapsed } = await import('./format');
    expect(elapsed(0.84)).toBe('0.8 s');
    expect(elapsed(42.3)).toBe('42 s');
    expect(elapsed(200)).toBe('3 min 20 s');
  });
});
