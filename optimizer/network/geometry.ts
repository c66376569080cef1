import { segmentPoints } from './pieces.js';
import type { RoadGraph } from './graph.js';
import type { RoadNetwork } from './types.js';

/** Points of the route along `arcs`, in travel direction, each shared joint listed once. */
export function routeGeometry(net: RoadNetwork, g: RoadGraph, arcs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let prevHead = -1;
  for (const a of arcs) {
    const pts = arcPoints(net, g, a);
    // consecutive arcs meet at a node, whose point already closes the previous piece
    const skipFirst = out.length > 0 && g.tail[a] === prevHead;
    for (let i = skipFirst ? 1 : 0; i < pts.length; i++) out.push([pts[i][0], pts[i][1]]);
    prevHead = g.head[a];
  }
  return out;
}

/** Geometry of one arc in its travel direction. */
export function arcPoints(net: RoadNetwork, g: RoadGraph, arc: number): [number, number][] {
  const pts = segmentPoints(net, g.segment[arc]);
  return g.forward[arc] === 1 ? pts : pts.slice().reverse();
}
