import { shortestPath } from './astar.js';
import { routeGeometry } from './geometry.js';
import type { RoadGraph } from './graph.js';
import type { RoadNetwork } from './types.js';

/** A route visiting nodes in a given order: concatenated fastest paths between consecutive stops. */
export interface PlannedRoute {
  arcs: number[];
  segmentIds: number[];
  /** [lat, lon] geometry in travel direction */
  points: [number, number][];
  distM: number;
  timeS: number;
  /** one leg per consecutive pair of nodes */
  legs: { timeS: number; distM: number }[];
  /** indexes of legs with no path (their time and distance are Infinity, so are the totals) */
  unreachableLegs: number[];
}

/** Join fastest paths through `nodeSeq` in order (an unreachable leg is reported, not thrown). */
export function planRoute(net: RoadNetwork, g: RoadGraph, nodeSeq: readonly number[]): PlannedRoute {
  const arcs: number[] = [];
  const legs: { timeS: number; distM: number }[] = [];
  const unreachableLegs: number[] = [];
  let timeS = 0;
  let distM = 0;
  for (let i = 0; i + 1 < nodeSeq.length; i++) {
    const p = shortestPath(g, nodeSeq[i], nodeSeq[i + 1]);
    if (!p) {
      unreachableLegs.push(i);
      legs.push({ timeS: Infinity, distM: Infinity });
      timeS = distM = Infinity;
      continue;
    }
    for (const a of p.arcs) arcs.push(a);
    legs.push({ timeS: p.timeS, distM: p.distM });
    timeS += p.timeS;
    distM += p.distM;
  }
  const segmentIds = arcs.map((a) => g.segment[a]);
  const points = nodeSeq.length > 0 && arcs.length === 0 ? [nodePoint(net, nodeSeq[0])] : routeGeometry(net, g, arcs);
  return { arcs, segmentIds, points, distM, timeS, legs, unreachableLegs };
}

function nodePoint(net: RoadNetwork, v: number): [number, number] {
  const n = net.nodes[v];
  return [n.lat, n.lon];
}
