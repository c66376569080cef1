import { routeGeometry } from './geometry.js';
import { arriveLabels, departLabels, pushDistinct, segmentSlice } from './position.js';
import { runDijkstra, spaceFor } from './search-space.js';
import type { RoadGraph } from './graph.js';
import type { EndLabel, SegmentPiece, SegmentPosition } from './position.js';
import type { RoadNetwork } from './types.js';

/** Fastest drive between two spots on segments, partial segments at both ends included. */
export interface PositionRoute {
  timeS: number;
  distM: number;
  /** whole arcs driven between the partial pieces */
  arcs: number[];
  segmentIds: number[];
  /** partial segment driven first (null when starting exactly on a node of the path) */
  first: SegmentPiece | null;
  /** partial segment driven last */
  last: SegmentPiece | null;
  /** [lat, lon] geometry from the start spot to the end spot */
  points: [number, number][];
}

/** Fastest route from one segment position to another (respecting one-way streets); null if none. */
export function routeBetweenPositions(
  net: RoadNetwork,
  g: RoadGraph,
  from: SegmentPosition,
  to: SegmentPosition,
): PositionRoute | null {
  const departs = departLabels(g, from);
  const arrives = arriveLabels(g, to);
  let best = direct(g, from, to);

  const sp = spaceFor(g);
  const seeds = departs.map((d) => ({ node: d.node, timeS: d.timeS, distM: d.distM }));
  runDijkstra(g, sp, seeds, { targets: arrives.map((a) => a.node), maxTimeS: best?.timeS });
  let via: { arrive: EndLabel; timeS: number; distM: number } | null = null;
  for (const a of arrives) {
    if (!sp.isSettled(a.node)) continue;
    const t = sp.timeS[a.node] + a.timeS;
    if (t < (via?.timeS ?? Infinity)) via = { arrive: a, timeS: t, distM: sp.distM[a.node] + a.distM };
  }
  if (via && (!best || via.timeS < best.timeS)) {
    const arcs: number[] = [];
    let v = via.arrive.node;
    for (let a = sp.parentArc[v]; a >= 0; a = sp.parentArc[v]) {
      arcs.push(a);
      v = g.tail[a];
    }
    arcs.reverse();
    // the seed the path grew from tells which way the start segment was left
    const depart = departs.find((d) => d.node === v && d.timeS === sp.timeS[v]) ?? departs.find((d) => d.node === v)!;
    const first = depart.piece.from === depart.piece.to ? null : depart.piece;
    const last = via.arrive.piece.from === via.arrive.piece.to ? null : via.arrive.piece;
    best = { timeS: via.timeS, distM: via.distM, arcs, segmentIds: arcs.map((a) => g.segment[a]), first, last, points: [] };
  }
  if (!best) return null;
  best.points = drawRoute(net, g, best);
  return best;
}

/** Staying on the same segment, when its direction allows. */
function direct(g: RoadGraph, from: SegmentPosition, to: SegmentPosition): PositionRoute | null {
  if (from.segmentId !== to.segmentId) return null;
  const s = from.segmentId;
  const f0 = clamp01(from.fraction);
  const f1 = clamp01(to.fraction);
  const forward = f1 >= f0;
  const arc = forward ? g.segmentFwdArc[s] : g.segmentBwdArc[s];
  if (arc < 0 || (from.direction === 1 && !forward) || (from.direction === -1 && forward && f1 > f0)) return null;
  const share = Math.abs(f1 - f0);
  const piece: SegmentPiece = { segmentId: s, arc, from: f0, to: f1 };
  return { timeS: share * g.timeS[arc], distM: share * g.lenM[arc], arcs: [], segmentIds: [], first: piece, last: null, points: [] };
}

function drawRoute(net: RoadNetwork, g: RoadGraph, r: PositionRoute): [number, number][] {
  const out: [number, number][] = [];
  if (r.first) for (const p of segmentSlice(net, r.first.segmentId, r.first.from, r.first.to)) pushDistinct(out, p);
  for (const p of routeGeometry(net, g, r.arcs)) pushDistinct(out, p);
  if (r.last) for (const p of segmentSlice(net, r.last.segmentId, r.last.from, r.last.to)) pushDistinct(out, p);
  return out;
}

function clamp01(f: number): number {
  return Math.min(1, Math.max(0, f));
}
