import { haversineM } from '../util/geo.js';
import { segmentPoints } from './pieces.js';
import type { RoadGraph } from './graph.js';
import type { RoadNetwork } from './types.js';

/** A spot part-way along a segment, e.g. a snapped GPS fix or an incident's kerb position. */
export interface SegmentPosition {
  segmentId: number;
  /** 0..1 along the segment from its `from` node */
  fraction: number;
  /**
   * Known travel direction of a vehicle there: 1 = towards `to`, -1 = towards `from`. A moving
   * truck cannot turn round mid-block, so this limits how it may leave; omit when unknown.
   */
  direction?: 1 | -1;
}

/** Driving part of one segment: from fraction `from` to fraction `to` (to < from when backward). */
export interface SegmentPiece {
  segmentId: number;
  arc: number;
  from: number;
  to: number;
}

/** Reaching (or leaving from) an end node of a position's segment along one of its arcs. */
export interface EndLabel {
  node: number;
  timeS: number;
  distM: number;
  piece: SegmentPiece;
}

/** How a vehicle at `pos` can reach its segment's end nodes (head starts for a search). */
export function departLabels(g: RoadGraph, pos: SegmentPosition): EndLabel[] {
  const { s, f } = checkPosition(g, pos);
  const out: EndLabel[] = [];
  const fwd = g.segmentFwdArc[s];
  const bwd = g.segmentBwdArc[s];
  if (pos.direction !== -1) out.push(label(g, fwd, g.head[fwd], 1 - f, { segmentId: s, arc: fwd, from: f, to: 1 }));
  if (bwd >= 0 && pos.direction !== 1) out.push(label(g, bwd, g.head[bwd], f, { segmentId: s, arc: bwd, from: f, to: 0 }));
  return out;
}

/** How `pos` can be reached from its segment's end nodes: remaining time from each node. */
export function arriveLabels(g: RoadGraph, pos: SegmentPosition): EndLabel[] {
  const { s, f } = checkPosition(g, pos);
  const out: EndLabel[] = [];
  const fwd = g.segmentFwdArc[s];
  const bwd = g.segmentBwdArc[s];
  out.push(label(g, fwd, g.tail[fwd], f, { segmentId: s, arc: fwd, from: 0, to: f }));
  if (bwd >= 0) out.push(label(g, bwd, g.tail[bwd], 1 - f, { segmentId: s, arc: bwd, from: 1, to: f }));
  return out;
}

/** [lat, lon] points of a segment between two fractions, in the order driven. */
export function segmentSlice(net: RoadNetwork, segmentId: number, from: number, to: number): [number, number][] {
  const pts = segmentPoints(net, segmentId);
  if (from > to) return segmentSlice(net, segmentId, to, from).reverse();
  const cum = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1] + haversineM(pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]));
  const total = cum[cum.length - 1];
  const at = (f: number): { i: number; p: [number, number] } => {
    const d = f * total;
    let i = 0;
    while (i + 2 < pts.length && cum[i + 1] < d) i++;
    const span = cum[i + 1] - cum[i];
    const t = span > 0 ? Math.min(1, Math.max(0, (d - cum[i]) / span)) : 0;
    return { i, p: [pts[i][0] + t * (pts[i + 1][0] - pts[i][0]), pts[i][1] + t * (pts[i + 1][1] - pts[i][1])] };
  };
  const a = at(from);
  const b = at(to);
  const out: [number, number][] = [a.p];
  for (let i = a.i + 1; i <= b.i; i++) pushDistinct(out, pts[i]);
  pushDistinct(out, b.p);
  return out;
}

/** Append a point unless it repeats the last one. */
export function pushDistinct(out: [number, number][], p: readonly [number, number]): void {
  const last = out[out.length - 1];
  if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
}

function label(g: RoadGraph, arc: number, node: number, share: number, piece: SegmentPiece): EndLabel {
  return { node, timeS: share * g.timeS[arc], distM: share * g.lenM[arc], piece };
}

function checkPosition(g: RoadGraph, pos: SegmentPosition): { s: number; f: number } {
  const s = pos.segmentId;
  if (!Number.isInteger(s) || s < 0 || s >= g.segmentFwdArc.length) throw new RangeError(`segment ${s} outside network`);
  if (!Number.isFinite(pos.fraction)) throw new RangeError(`fraction ${pos.fraction} is not a number`);
  return { s, f: Math.min(1, Math.max(0, pos.fraction)) };
}
