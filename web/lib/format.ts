/**
 * How numbers read on screen, in exports and in reports: one place, so the same quantity looks the same everywhere.
 * Percentages keep a space before the sign ("12.3 %"), the house style the end-to-end tests read.
 */

/** What a value the data lacks shows as. */
export const MISSING = '—';

export interface PercentOptions {
  /** decimals (default 1) */
  digits?: number;
  /** shown for null, undefined, NaN or ±Infinity (default MISSING) */
  missing?: string;
  /**
   * Above 99 and below 100, show the value floored to 0.1 (99.83 → "99.8 %"): "lower than 100 % of ID photos" would
   * be a misleading rounding when one photo in a thousand is lower still.
   */
  keepBelow100?: boolean;
}

const percentOptions = (o: PercentOptions | number | undefined): PercentOptions =>
  typeof o === 'number' ? { digits: o } : (o ?? {});

/** A value already in percent (0–100, e.g. a percentile or a metric from metrics.json): 12.345 → "12.3 %". */
export function percentValue(value: number | null | undefined, options?: PercentOptions | number): string {
  const { digits = 1, missing = MISSING, keepBelow100 = false } = percentOptions(options);
  if (value === null || value === undefined || !Number.isFinite(value)) return missing;
  if (keepBelow100 && value > 99 && value < 100) return `${Math.min(99.9, Math.floor(value * 10) / 10)} %`;
  return `${value.toFixed(digits)} %`;
}

/** A fraction in [0, 1] (a rate, a metric, a probability) as a percentage: 0.12345 → "12.3 %". */
export function percent(fraction: number | null | undefined, options?: PercentOptions | number): string {
  return percentValue(fraction === null || fraction === undefined ? fraction : fraction * 100, options);
}

/** A count or amount with thousands separators, fixed decimals: 12345 → "12,345". */
export function count(x: number, digits = 0, missing = MISSING): string {
  return Number.isFinite(x)
    ? x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : missing;
}

/**
 * A score or statistic with `digits` decimals; exponent form where fixed decimals would show 0.000 or a long string
 * (|x| < 1e-3 or ≥ 1e5), e.g. energy scores near 0 or costs per day. Non-finite values show as `missing`, or as
 * JavaScript writes them when no `missing` is given.
 */
export function decimal(x: number | null | undefined, digits = 3, missing?: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return missing ?? String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : x.toFixed(digits);
}

/** A score beside its threshold: `digits` decimals, one decimal from 100 on (energy and logits run into the hundreds). */
export function score(x: number, digits = 3): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(digits);
}

/** Bytes in (decimal) megabytes, one decimal: 12_345_678 → "12.3 MB"; without the unit for "12.3 / 45.6 MB". */
export function megabytes(bytes: number, withUnit = true): string {
  const n = (bytes / 1e6).toFixed(1);
  return withUnit ? `${n} MB` : n;
}

/** Whole milliseconds: "1234 ms". */
export function milliseconds(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** Time left, rounded up: seconds below 90 s, whole minutes above; `missing` while not yet known. */
export function timeLeft(seconds: number, missing = '…'): string {
  if (!Number.isFinite(seconds)) return missing;
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

/** A duration already spent, for people: "0.8 s", "42 s", "3 min 20 s". */
export function elapsed(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

/** A count and a noun that agrees with it: plural(1, 'file') → "1 file", plural(3, 'photo') → "3 photos". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}
