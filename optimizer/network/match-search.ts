import type { RoadGraph } from './graph.js';
import type { SearchSpace, SeedLabel } from './search-space.js';

/**
 * Fastest paths from seeds, as runDijkstra, but bounded by road distance rather than time: the
 * matcher's weights favour big roads, and a time bound loose enough for a slow alley would let
 * every search run on for kilometres of arterial. Stops once every target is settled.
 */
export function searchWithin(g: RoadGraph, sp: SearchSpace, seeds: readonly SeedLabel[], targets: readonly number[], maxDistM: number): void {
  sp.reset();
  let remaining = 0;
  for (const t of targets) if (sp.markTarget(t)) remaining++;
  if (remaining === 0) return;
  const heap = sp.heap;
  for (const s of seeds) if (s.distM <= maxDistM && sp.relax(s.node, s.timeS, s.distM, -1)) heap.push(s.node, s.timeS);
  const { firstOut, head, timeS: arcT, lenM: arcL } = g;
  const { timeS, distM, parentArc, seen, done } = sp;
  const epoch = sp.epoch;
  while (heap.size > 0) {
    const u = heap.pop();
    done[u] = epoch;
    if (sp.isTarget(u) && --remaining === 0) return;
    const tu = timeS[u];
    const du = distM[u];
    for (let a = firstOut[u], end = firstOut[u + 1]; a < end; a++) {
      const v = head[a];
      const dv = du + arcL[a];
      if (dv > maxDistM) continue;
      const tv = tu + arcT[a];
      if (seen[v] === epoch) {
        if (tv >= timeS[v] || done[v] === epoch) continue;
      } else {
        if (tv === Infinity) continue;
        seen[v] = epoch;
      }
      timeS[v] = tv;
      distM[v] = dv;
      parentArc[v] = a;
      heap.push(v, tv);
    }
  }
}
