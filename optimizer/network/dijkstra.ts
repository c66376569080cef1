import { runDijkstra, spaceFor } from './search-space.js';
import type { SeedLabel } from './search-space.js';
import type { RoadGraph } from './graph.js';

export interface ShortestPathTreeOptions {
  /** nodes farther than this (seconds) are left unsettled (Infinity) */
  maxTimeS?: number;
  /** stop as soon as every one of these nodes is settled */
  targets?: ArrayLike<number>;
  /** search backwards: times are FROM each node TO the source (e.g. all vehicles to one incident) */
  reverse?: boolean;
  /** extra sources with a head start, searched together with `source` (multi-source tree) */
  extraSources?: readonly SeedLabel[];
}

/**
 * Settled shortest-path labels: `timeS[v]`/`distM[v]` for settled nodes, Infinity elsewhere;
 * `parentArc[v]` is the last arc into v on its path (the first arc out of v when reverse), -1 for
 * sources and unsettled nodes.
 */
export interface ShortestPathTree {
  source: number;
  reverse: boolean;
  timeS: Float64Array;
  distM: Float64Array;
  parentArc: Int32Array;
  /** number of settled nodes */
  settled: number;
}

/**
 * Dijkstra from one node (binary heap on typed arrays), optionally bounded or stopped early.
 * Pass source -1 to search from `extraSources` alone (e.g. departLabels of a vehicle mid-block).
 */
export function shortestPathTree(g: RoadGraph, source: number, opts: ShortestPathTreeOptions = {}): ShortestPathTree {
  const sp = spaceFor(g);
  const seeds: SeedLabel[] = source >= 0 ? [{ node: source, timeS: 0, distM: 0 }] : [];
  if (opts.extraSources) seeds.push(...opts.extraSources);
  const settled = runDijkstra(g, sp, seeds, opts);
  const n = g.nodeCount;
  const timeS = new Float64Array(n).fill(Infinity);
  const distM = new Float64Array(n).fill(Infinity);
  const parentArc = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    if (!sp.isSettled(v)) continue;
    timeS[v] = sp.timeS[v];
    distM[v] = sp.distM[v];
    parentArc[v] = sp.parentArc[v];
  }
  return { source, reverse: opts.reverse === true, timeS, distM, parentArc, settled };
}

/**
 * Arcs of the tree path to `node`, in travel order (source first for a forward tree, `node` first
 * for a reverse tree); null when `node` was not settled.
 */
export function treePathArcs(g: RoadGraph, tree: ShortestPathTree, node: number): number[] | null {
  if (!(tree.timeS[node] < Infinity)) return null;
  const arcs: number[] = [];
  let v = node;
  for (let a = tree.parentArc[v]; a >= 0; a = tree.parentArc[v]) {
    arcs.push(a);
    v = tree.reverse ? g.head[a] : g.tail[a];
  }
  if (!tree.reverse) arcs.reverse();
  return arcs;
}
