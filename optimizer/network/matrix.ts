import { runDijkstra, spaceFor } from './search-space.js';
import type { RoadGraph } from './graph.js';

/** Square travel matrix, row-major: entry i*n+j is from nodeIds[i] to nodeIds[j]. */
export interface TravelMatrix {
  n: number;
  /** seconds, Infinity when unreachable */
  time: Float64Array;
  /** metres along the fastest path, Infinity when unreachable */
  dist: Float64Array;
}

/** Rectangular travel table, row-major: entry i*cols+j is from sources[i] to targets[j]. */
export interface TravelTable {
  rows: number;
  cols: number;
  time: Float64Array;
  dist: Float64Array;
}

export interface TravelTableOptions {
  /** leave entries above this many seconds as Infinity (bounds each search) */
  maxTimeS?: number;
}

/** All-pairs fastest travel times and distances among `nodeIds` (one early-exit Dijkstra per source). */
export function travelTimeMatrix(g: RoadGraph, nodeIds: readonly number[], opts: TravelTableOptions = {}): TravelMatrix {
  const t = travelTimeTable(g, nodeIds, nodeIds, opts);
  return { n: t.rows, time: t.time, dist: t.dist };
}

/** Fastest travel times and distances from every source to every target. */
export function travelTimeTable(
  g: RoadGraph,
  sources: readonly number[],
  targets: readonly number[],
  opts: TravelTableOptions = {},
): TravelTable {
  const rows = sources.length;
  const cols = targets.length;
  for (const v of sources) checkNode(g, v);
  for (const v of targets) checkNode(g, v);
  const time = new Float64Array(rows * cols).fill(Infinity);
  const dist = new Float64Array(rows * cols).fill(Infinity);
  if (rows === 0 || cols === 0) return { rows, cols, time, dist };

  // Searching from whichever side is smaller saves searches; a reverse search from a target
  // yields a column instead of a row.
  const reverse = cols < rows;
  const starts = reverse ? targets : sources;
  const ends = reverse ? sources : targets;
  const ends32 = Int32Array.from(ends);
  const sp = spaceFor(g);
  const doneRow = new Map<number, number>();
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i];
    const prev = doneRow.get(s);
    if (prev !== undefined) {
      copyLine(time, dist, prev, i, ends.length, reverse, cols);
      continue;
    }
    doneRow.set(s, i);
    runDijkstra(g, sp, [{ node: s, timeS: 0, distM: 0 }], { reverse, maxTimeS: opts.maxTimeS, targets: ends32 });
    for (let j = 0; j < ends.length; j++) {
      const e = ends[j];
      if (!sp.isSettled(e)) continue;
      const k = reverse ? j * cols + i : i * cols + j;
      time[k] = sp.timeS[e];
      dist[k] = sp.distM[e];
    }
  }
  return { rows, cols, time, dist };
}

function copyLine(time: Float64Array, dist: Float64Array, from: number, to: number, len: number, byColumn: boolean, cols: number): void {
  for (let j = 0; j < len; j++) {
    const a = byColumn ? j * cols + from : from * cols + j;
    const b = byColumn ? j * cols + to : to * cols + j;
    time[b] = time[a];
    dist[b] = dist[a];
  }
}

function checkNode(g: RoadGraph, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= g.nodeCount) throw new RangeError(`node ${v} outside 0..${g.nodeCount - 1}`);
}
