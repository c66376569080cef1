import { lowerBoundTimeS } from './graph.js';
import { spaceFor } from './search-space.js';
import type { RoadGraph } from './graph.js';
import type { SearchSpace } from './search-space.js';

/** One fastest path: node sequence, arcs and segments in travel order, totals. */
export interface GraphPath {
  nodes: number[];
  arcs: number[];
  segmentIds: number[];
  timeS: number;
  distM: number;
}

/** Fastest path from `from` to `to` by A* (chord-distance lower bound); null when unreachable. */
export function shortestPath(g: RoadGraph, from: number, to: number): GraphPath | null {
  checkNode(g, from);
  checkNode(g, to);
  const sp = spaceFor(g);
  if (!runAStar(g, sp, from, to)) return null;
  return extractPath(g, sp, from, to);
}

/** A* search into `sp`; returns whether `to` was reached. */
export function runAStar(g: RoadGraph, sp: SearchSpace, from: number, to: number): boolean {
  sp.reset();
  const heap = sp.heap;
  const { timeS: arcT, lenM: arcL, head, firstOut } = g;
  const { timeS, distM } = sp;
  sp.relax(from, 0, 0, -1);
  heap.push(from, lowerBoundTimeS(g, from, to));
  while (heap.size > 0) {
    const u = heap.pop();
    sp.settle(u);
    if (u === to) return true;
    const tu = timeS[u];
    const du = distM[u];
    for (let a = firstOut[u], end = firstOut[u + 1]; a < end; a++) {
      const v = head[a];
      const tv = tu + arcT[a];
      if (sp.relax(v, tv, du + arcL[a], a)) heap.push(v, tv + lowerBoundTimeS(g, v, to));
    }
  }
  return false;
}

/** Read the path to `to` out of a finished forward search. */
export function extractPath(g: RoadGraph, sp: SearchSpace, from: number, to: number): GraphPath {
  const arcs: number[] = [];
  let v = to;
  while (v !== from) {
    const a = sp.parentArc[v];
    arcs.push(a);
    v = g.tail[a];
  }
  arcs.reverse();
  const nodes = [from];
  const segmentIds: number[] = [];
  for (const a of arcs) {
    nodes.push(g.head[a]);
    segmentIds.push(g.segment[a]);
  }
  return { nodes, arcs, segmentIds, timeS: sp.timeS[to], distM: sp.distM[to] };
}

function checkNode(g: RoadGraph, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= g.nodeCount) throw new RangeError(`node ${v} outside 0..${g.nodeCount - 1}`);
}
