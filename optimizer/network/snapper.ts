import { buildGridIndex, walkRings } from './grid-index.js';
import { createProjection } from './projection.js';
import { buildPieces, pointToPiece } from './pieces.js';
import type { GridIndex } from './grid-index.js';
import type { Projection } from './projection.js';
import type { RoadNetwork } from './types.js';

/** A point on the road network: the closest spot of one segment to a query position. */
export interface SnapResult {
  segmentId: number;
  /** metres from the query position to the snapped point */
  distM: number;
  /** 0..1 along the segment's geometry, measured from its `from` node */
  fraction: number;
  /** the snapped point, on the segment */
  lat: number;
  lon: number;
  /** direction of the segment there, from `from` towards `to`, degrees clockwise from north (compare with a GPS heading) */
  bearingDeg: number;
}

export interface Snapper {
  /** Closest segment within maxDistM (default 200 m), or null; `accept` can rule segments out. */
  nearestSegment(lat: number, lon: number, maxDistM?: number, accept?: (segmentId: number) => boolean): SnapResult | null;
  /** Closest node that has at least one segment, or -1 when the network has none. */
  nearestNode(lat: number, lon: number): number;
  /** Every segment passing within radiusM, closest point of each, nearest first. */
  segmentsWithin(lat: number, lon: number, radiusM: number): SnapResult[];
  /** the local planar projection the index uses (metres) */
  projection: Projection;
}

/** Build a uniform-grid spatial index over segment geometry and nodes for fast snapping. */
export function createSnapper(net: RoadNetwork): Snapper {
  const proj = createProjection(net);
  const pieces = buildPieces(net, proj);
  const pieceCount = pieces.seg.length;
  const area = spanArea(pieces.boxes);
  const hint = Math.min(1000, Math.max(15, Math.sqrt(area / Math.max(1, pieceCount)) * 1.5));
  const grid = buildGridIndex(pieces.boxes, hint);
  const nodeGrid = buildNodeGrid(net, proj, hint);

  // per-segment scratch for segmentsWithin, stamped to avoid clearing
  const segStamp = new Uint32Array(net.segments.length);
  const segBest = new Int32Array(net.segments.length);
  const segBestD = new Float64Array(net.segments.length);
  const segBestT = new Float64Array(net.segments.length);
  let stamp = 0;

  const toResult = (piece: number, t: number, d: number): SnapResult => {
    const s = pieces.seg[piece];
    const len = pieces.segLen[s];
    const along = pieces.cum[piece] + t * pieces.len[piece];
    const { lat, lon } = proj.interpolate(pieces.lat1[piece], pieces.lon1[piece], pieces.lat2[piece], pieces.lon2[piece], t);
    const bearing = (Math.atan2(pieces.dx[piece], pieces.dy[piece]) * 180) / Math.PI;
    return { segmentId: s, distM: d, fraction: len > 0 ? Math.min(1, Math.max(0, along / len)) : 0, lat, lon, bearingDeg: (bearing + 360) % 360 };
  };

  const nearestSegment = (lat: number, lon: number, maxDistM = 200, accept?: (segmentId: number) => boolean): SnapResult | null => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || pieceCount === 0) return null;
    const x = proj.x(lon);
    const y = proj.y(lat);
    let best = -1;
    let bestD = maxDistM;
    let bestT = 0;
    walkRings(
      grid,
      x,
      y,
      (cell) => {
        for (let k = grid.start[cell], end = grid.start[cell + 1]; k < end; k++) {
          const p = grid.items[k];
          const t = pointToPiece(pieces, p, x, y);
          const ex = x - (pieces.x1[p] + t * pieces.dx[p]);
          const ey = y - (pieces.y1[p] + t * pieces.dy[p]);
          const d = Math.sqrt(ex * ex + ey * ey);
          // ties go to the lower piece id so the answer never depends on bucket order
          if (d < bestD || (d === bestD && (best < 0 || p < best))) {
            if (accept && !accept(pieces.seg[p])) continue;
            best = p;
            bestD = d;
            bestT = t;
          }
        }
      },
      (lb) => lb > bestD,
    );
    return best < 0 ? null : toResult(best, bestT, bestD);
  };

  const segmentsWithin = (lat: number, lon: number, radiusM: number): SnapResult[] => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !(radiusM >= 0) || pieceCount === 0) return [];
    const x = proj.x(lon);
    const y = proj.y(lat);
    stamp = (stamp + 1) >>> 0 || (segStamp.fill(0), 1);
    const hits: number[] = [];
    walkRings(
      grid,
      x,
      y,
      (cell) => {
        for (let k = grid.start[cell], end = grid.start[cell + 1]; k < end; k++) {
          const p = grid.items[k];
          const t = pointToPiece(pieces, p, x, y);
          const ex = x - (pieces.x1[p] + t * pieces.dx[p]);
          const ey = y - (pieces.y1[p] + t * pieces.dy[p]);
          const d = Math.sqrt(ex * ex + ey * ey);
          if (d > radiusM) continue;
          const s = pieces.seg[p];
          if (segStamp[s] !== stamp) {
            segStamp[s] = stamp;
            hits.push(s);
          } else if (d > segBestD[s] || (d === segBestD[s] && p > segBest[s])) {
            continue;
          }
          segBest[s] = p;
          segBestD[s] = d;
          segBestT[s] = t;
        }
      },
      (lb) => lb > radiusM,
    );
    const out = hits.map((s) => toResult(segBest[s], segBestT[s], segBestD[s]));
    out.sort((a, b) => a.distM - b.distM || a.segmentId - b.segmentId);
    return out;
  };

  const nearestNode = (lat: number, lon: number): number => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || nodeGrid.items.length === 0) return -1;
    const x = proj.x(lon);
    const y = proj.y(lat);
    let best = -1;
    let bestD = Infinity;
    walkRings(
      nodeGrid.grid,
      x,
      y,
      (cell) => {
        const g = nodeGrid.grid;
        for (let k = g.start[cell], end = g.start[cell + 1]; k < end; k++) {
          const i = g.items[k];
          const ex = x - nodeGrid.x[i];
          const ey = y - nodeGrid.y[i];
          const d = Math.sqrt(ex * ex + ey * ey);
          const v = nodeGrid.items[i];
          if (d < bestD || (d === bestD && v < best)) {
            best = v;
            bestD = d;
          }
        }
      },
      (lb) => lb > bestD,
    );
    return best;
  };

  return { nearestSegment, nearestNode, segmentsWithin, projection: proj };
}

function spanArea(b: { minX: Float64Array; minY: Float64Array; maxX: Float64Array; maxY: Float64Array }): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < b.minX.length; i++) {
    if (!Number.isFinite(b.minX[i] + b.minY[i] + b.maxX[i] + b.maxY[i])) continue;
    x0 = Math.min(x0, b.minX[i]);
    y0 = Math.min(y0, b.minY[i]);
    x1 = Math.max(x1, b.maxX[i]);
    y1 = Math.max(y1, b.maxY[i]);
  }
  return x0 <= x1 ? Math.max(1, x1 - x0) * Math.max(1, y1 - y0) : 1;
}

interface NodeGrid {
  grid: GridIndex;
  /** node id of each indexed point */
  items: Int32Array;
  x: Float64Array;
  y: Float64Array;
}

function buildNodeGrid(net: RoadNetwork, proj: Projection, cellHintM: number): NodeGrid {
  const used = new Uint8Array(net.nodes.length);
  for (const s of net.segments) {
    used[s.from] = 1;
    used[s.to] = 1;
  }
  const ids: number[] = [];
  for (let v = 0; v < used.length; v++) if (used[v]) ids.push(v);
  const x = new Float64Array(ids.length);
  const y = new Float64Array(ids.length);
  ids.forEach((v, i) => {
    x[i] = proj.x(net.nodes[v].lon);
    y[i] = proj.y(net.nodes[v].lat);
  });
  const grid = buildGridIndex({ minX: x, minY: y, maxX: x, maxY: y }, cellHintM);
  return { grid, items: Int32Array.from(ids), x, y };
}
