/** Coverage sets of the maximal covering location model and its objective. */
import type { SquadProblem } from './types.js';

/** covers[j] = indices of cells a post in cell j reaches within the radius. */
export function coverSets(p: SquadProblem): number[][] {
  const n = p.cells.length;
  if (p.reachS.length !== n) throw new Error(`reachS has ${p.reachS.length} rows for ${n} cells`);
  return p.reachS.map((row, j) => {
    if (row.length !== n) throw new Error(`reachS row ${j} has ${row.length} entries for ${n} cells`);
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (row[i] <= p.radiusS || i === j) out.push(i);
    return out;
  });
}

/** Expected incidents covered by posts at the given cell indices. */
export function coveredBy(p: SquadProblem, covers: number[][], posts: readonly number[]): number {
  const hit = new Uint8Array(p.cells.length);
  for (const j of posts) for (const i of covers[j]) hit[i] = 1;
  let s = 0;
  hit.forEach((h, i) => {
    if (h) s += Math.max(0, p.cells[i].expected);
  });
  return s;
}
