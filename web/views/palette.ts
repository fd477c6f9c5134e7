/**
 * The colours every view shares, so a data set has the same colour in the charts, on the map and on the sphere.
 * Normal (ID) photos green in the charts; each OoD set its own warm or dark tone, distinct from its neighbours.
 */
export const ID_COLOUR = '#2e7d32';
// Dark, saturated and far apart in hue (red, navy, magenta, olive, purple, …), so no OoD set is mistaken for a
// neighbouring one, for a class colour on the map, or for the normal green (palette.test.ts measures the distances).
export const OOD_COLOURS = ['#d50000', '#1a237e', '#c51162', '#8d6e00', '#6a1b9a', '#212121', '#e65100'];
export const THRESHOLD_COLOUR = '#263238';

/** Ten well-separated class colours (Tableau 10) for ID photos by class on the map and sphere. */
export const CLASS_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#bab0ac',
  '#86bcb6',
  '#d4a6c8',
];
export const PHOTO_COLOUR = '#111111';
/** the normal set's photos: a light grey drawn under everything else, so the classes and OoD sets stay readable */
export const NORMAL_SET_COLOUR = '#cccccc';
export const CLASS_PROMPT_COLOUR = '#1b9e77';
export const NEG_PROMPT_COLOUR = '#7f7f7f';
export const KEPT_COLOUR = '#9db4cc';
export const FLAGGED_COLOUR = '#d62728';

/** Colour of the i-th OoD set (in the order the view lists the sets); repeats after the last. */
export function oodColour(i: number): string {
  return OOD_COLOURS[((i % OOD_COLOURS.length) + OOD_COLOURS.length) % OOD_COLOURS.length];
}

/** Colour of ID class k; repeats after ten. */
export function classColour(k: number): string {
  return CLASS_COLOURS[((k % CLASS_COLOURS.length) + CLASS_COLOURS.length) % CLASS_COLOURS.length];
}
