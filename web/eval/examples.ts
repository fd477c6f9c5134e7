/**
 * Example photos of a run for the meeting (Present): which normal photos are flagged (false alarms), which unknown
 * photos are caught and which slip through — at whatever threshold is set. For any threshold those are found among
 * the K lowest-scoring normal photos, the K lowest-scoring unknown photos and the K highest-scoring unknown photos of
 * each score, so a run keeps only those few (with a small thumbnail each, made from the person's own files while the
 * run encodes them, stored with the run in IndexedDB, never uploaded). Pure: no React, no IndexedDB.
 */
import { count } from '../lib/format';
import type { Confusion } from '../ood/metrics';
import type { StoryStep } from './story';
import type { ImageRecord, SetKind } from './types';

/** Photos kept per list and score; Present shows up to this many per kind. */
export const EXAMPLES_PER_KIND = 6;

export interface ExamplePhoto {
  key: string;
  set: string;
  score: number;
}

export interface ScoreExamples {
  /** lowest-scoring normal photos, lowest first: the first false alarms as the threshold rises */
  lowId: ExamplePhoto[];
  /** lowest-scoring unknown photos, lowest first: the surest catches */
  lowOod: ExamplePhoto[];
  /** highest-scoring unknown photos, highest first: the first to slip through as the threshold falls */
  highOod: ExamplePhoto[];
}

export interface RunExamples {
  byScore: Record<string, ScoreExamples>;
  /** JPEG data URLs by photo key, for the photos in any list ('' when the browser could not make one) */
  thumbs: Record<string, string>;
}

const keep = (
  list: ExamplePhoto[],
  add: ExamplePhoto[],
  order: (a: ExamplePhoto, b: ExamplePhoto) => number,
  k: number,
) => [...list.filter((p) => !add.some((a) => a.key === p.key)), ...add].sort(order).slice(0, k);

/**
 * The run's examples after one more batch of records: each list merged and cut to `k`, thumbnails of photos that left
 * every list dropped. `needThumb` are the keys now in a list without a thumbnail (the caller makes them from the
 * batch's files, which it still holds).
 */
export function mergeExamples(
  prev: RunExamples | undefined,
  records: ImageRecord[],
  kindOf: (set: string) => SetKind | undefined,
  k = EXAMPLES_PER_KIND,
): { next: RunExamples; needThumb: string[] } {
  const byScore: Record<string, ScoreExamples> = {};
  const names = new Set([...Object.keys(prev?.byScore ?? {}), ...records.flatMap((r) => Object.keys(r.scores))]);
  for (const name of names) {
    const old = prev?.byScore[name] ?? { lowId: [], lowOod: [], highOod: [] };
    const of = (kind: SetKind) =>
      records
        .filter((r) => kindOf(r.set) === kind && Number.isFinite(r.scores[name]))
        .map((r) => ({ key: r.key, set: r.set, score: r.scores[name] }));
    const id = of('id');
    const ood = of('ood');
    const up = (a: ExamplePhoto, b: ExamplePhoto) => a.score - b.score || a.key.localeCompare(b.key);
    const down = (a: ExamplePhoto, b: ExamplePhoto) => b.score - a.score || a.key.localeCompare(b.key);
    byScore[name] = {
      lowId: keep(old.lowId, id, up, k),
      lowOod: keep(old.lowOod, ood, up, k),
      highOod: keep(old.highOod, ood, down, k),
    };
  }
  const wanted = new Set(
    Object.values(byScore).flatMap((s) => [...s.lowId, ...s.lowOod, ...s.highOod].map((p) => p.key)),
  );
  const thumbs: Record<string, string> = {};
  for (const key of wanted) if (prev?.thumbs[key] !== undefined) thumbs[key] = prev.thumbs[key];
  return { next: { byScore, thumbs }, needThumb: [...wanted].filter((key) => thumbs[key] === undefined) };
}

export interface ExamplesAt {
  /** unknown photos flagged, surest first */
  caught: ExamplePhoto[];
  /** unknown photos that pass, the most normal-looking first */
  missed: ExamplePhoto[];
  /** normal photos flagged, the most unusual first */
  falseAlarms: ExamplePhoto[];
}

/** What the threshold does, in photos: a photo is flagged when its score is below the threshold (web/ood). */
export function examplesAt(ex: RunExamples | undefined, score: string, threshold: number): ExamplesAt | null {
  const s = ex?.byScore[score];
  if (!s) return null;
  return {
    caught: s.lowOod.filter((p) => p.score < threshold),
    missed: s.highOod.filter((p) => p.score >= threshold),
    falseAlarms: s.lowId.filter((p) => p.score < threshold),
  };
}

/** Present's examples step: what the line does, in the person's own photos (or why there are none to show). */
export function examplesStep(
  at: ExamplesAt | null,
  number: number,
  fromRun: boolean,
  /** the whole run at this line (web/ood confusionAt): the counts beside the few photos shown */
  confusion?: Pick<Confusion, 'tn' | 'fp' | 'fn' | 'tp'>,
): StoryStep {
  const base = {
    id: 'examples' as const,
    title: `${number} · The line, in photos`,
    show: 'flagged' as const,
  };
  if (!at)
    return {
      ...base,
      line: 'Example photos come only from your own run: never from the reference data, never uploaded.',
      facts: [],
      missing: fromRun
        ? 'This run kept no example photos (imported, or made before this version): run the photos again on Evaluate.'
        : 'Run your own photos on the Evaluate screen and open the run: its caught, missed and false-alarm photos show here.',
    };
  const c = confusion;
  const of = (n: number, total: number) => `${count(n)} of ${count(total)}`;
  return {
    ...base,
    line: 'At this line, from your own run: unknown photos it catches, unknown photos that slip through, and normal photos it flags.',
    facts: c
      ? [
          { label: 'unknown photos caught', value: of(c.tn, c.tn + c.fp) },
          { label: 'unknown photos that slip through', value: of(c.fp, c.tn + c.fp) },
          { label: 'normal photos flagged (false alarms)', value: of(c.fn, c.fn + c.tp) },
        ]
      : [],
  };
}
