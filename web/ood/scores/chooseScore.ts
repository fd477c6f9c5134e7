/**
 * The one rule for which score is in force, on every screen: the person's choice when this place offers it, else
 * the bundle's default (`manifest.scoring.default`), else the first one offered. Check offers the registered scores
 * it can fit (registry order, MCM first); Evaluate, Explore and Present offer the score columns of their table.
 */
export function chooseScore<N extends string>(
  chosen: string | null | undefined,
  bundleDefault: string | undefined,
  offered: readonly N[],
): N | null {
  for (const name of [chosen, bundleDefault]) {
    const hit = offered.find((n) => n === name);
    if (hit !== undefined) return hit;
  }
  return offered[0] ?? null;
}
