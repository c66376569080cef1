import type { ItemBoxes } from './grid-index.js';
import type { Projection } from './projection.js';
import type { RoadNetwork } from './types.js';

/**
 * Every straight piece of every segment's geometry, projected to planar metres, as parallel
 * typed arrays. `cum[p]` is the planar length of the segment before piece p, so a point on a
 * piece maps to a fraction of the whole segment.
 */
export interface Pieces {
  seg: Int32Array;
  x1: Float64Array;
  y1: Float64Array;
  dx: Float64Array;
  dy: Float64Array;
  len: Float64Array;
  cum: Float64Array;
  lat1: Float64Array;
  lon1: Float64Array;
  lat2: Float64Array;
  lon2: Float64Array;
  /** planar length of each segment */
  segLen: Float64Array;
  boxes: ItemBoxes;
}

/** Cut all segment geometry into straight pieces (falling back to from->to when geometry is missing). */
export function buildPieces(net: RoadNetwork, proj: Projection): Pieces {
  const geoms = net.segments.map((s) => segmentPoints(net, s.id));
  let count = 0;
  for (const g of geoms) count += Math.max(1, g.length - 1);
  const p: Pieces = {
    seg: new Int32Array(count),
    x1: new Float64Array(count),
    y1: new Float64Array(count),
    dx: new Float64Array(count),
    dy: new Float64Array(count),
    len: new Float64Array(count),
    cum: new Float64Array(count),
    lat1: new Float64Array(count),
    lon1: new Float64Array(count),
    lat2: new Float64Array(count),
    lon2: new Float64Array(count),
    segLen: new Float64Array(net.segments.length),
    boxes: { minX: new Float64Array(count), minY: new Float64Array(count), maxX: new Float64Array(count), maxY: new Float64Array(count) },
  };
  let k = 0;
  geoms.forEach((g, s) => {
    const pts = g.length >= 2 ? g : [g[0], g[0]];
    let along = 0;
    for (let i = 0; i + 1 < pts.length; i++, k++) {
      const [la1, lo1] = pts[i];
      const [la2, lo2] = pts[i + 1];
      const x1 = proj.x(lo1);
      const y1 = proj.y(la1);
      const x2 = proj.x(lo2);
      const y2 = proj.y(la2);
      p.seg[k] = s;
      p.x1[k] = x1;
      p.y1[k] = y1;
      p.dx[k] = x2 - x1;
      p.dy[k] = y2 - y1;
      p.len[k] = Math.hypot(x2 - x1, y2 - y1);
      p.cum[k] = along;
      along += p.len[k];
      p.lat1[k] = la1;
      p.lon1[k] = lo1;
      p.lat2[k] = la2;
      p.lon2[k] = lo2;
      p.boxes.minX[k] = Math.min(x1, x2);
      p.boxes.maxX[k] = Math.max(x1, x2);
      p.boxes.minY[k] = Math.min(y1, y2);
      p.boxes.maxY[k] = Math.max(y1, y2);
    }
    p.segLen[s] = along;
  });
  return p;
}

/** Parameter t in [0, 1] of the point of piece p closest to (x, y). */
export function pointToPiece(p: Pieces, i: number, x: number, y: number): number {
  const dx = p.dx[i];
  const dy = p.dy[i];
  const l2 = dx * dx + dy * dy;
  if (l2 === 0) return 0;
  const t = ((x - p.x1[i]) * dx + (y - p.y1[i]) * dy) / l2;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** Segment geometry as [lat, lon] points from `from` to `to`; falls back to the two end nodes. */
export function segmentPoints(net: RoadNetwork, segmentId: number): [number, number][] {
  const s = net.segments[segmentId];
  if (s.geometry && s.geometry.length >= 2) return s.geometry;
  const a = net.nodes[s.from];
  const b = net.nodes[s.to];
  return [
    [a.lat, a.lon],
    [b.lat, b.lon],
  ];
}
