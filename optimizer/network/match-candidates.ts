import { pointToPiece } from './pieces.js';
import type { SegmentDirections } from './match-heading.js';
import type { Projection } from './projection.js';
import type { SnapResult } from './snapper.js';

/**
 * Another pass of a candidate's segment near the fix. The snapper gives each segment its one
 * nearest point, but a loop ramp or a hairpin passes a fix twice, and the vehicle may be on the
 * other pass: then the right candidate is missing and the track breaks or takes a wrong road.
 * Returns the nearest point within radiusM that lies more than 2 * radiusM along the segment from
 * the candidate, or null.
 */
export function otherPass(d: SegmentDirections, proj: Projection, c: SnapResult, lat: number, lon: number, radiusM: number): SnapResult | null {
  const s = c.segmentId;
  const p = d.pieces;
  const total = p.segLen[s];
  if (!(total > 2 * radiusM) || d.first[s + 1] - d.first[s] < 3) return null;
  const x = proj.x(lon);
  const y = proj.y(lat);
  const here = c.fraction * total;
  let best = -1;
  let bestT = 0;
  let bestD = radiusM;
  for (let i = d.first[s], end = d.first[s + 1]; i < end; i++) {
    const t = pointToPiece(p, i, x, y);
    if (Math.abs(p.cum[i] + t * p.len[i] - here) <= 2 * radiusM) continue;
    const ex = x - (p.x1[i] + t * p.dx[i]);
    const ey = y - (p.y1[i] + t * p.dy[i]);
    const dist = Math.sqrt(ex * ex + ey * ey);
    if (dist <= bestD) {
      best = i;
      bestT = t;
      bestD = dist;
    }
  }
  if (best < 0) return null;
  const at = proj.interpolate(p.lat1[best], p.lon1[best], p.lat2[best], p.lon2[best], bestT);
  const bearing = (Math.atan2(p.dx[best], p.dy[best]) * 180) / Math.PI;
  return {
    segmentId: s,
    distM: bestD,
    fraction: Math.min(1, Math.max(0, (p.cum[best] + bestT * p.len[best]) / total)),
    lat: at.lat,
    lon: at.lon,
    bearingDeg: (bearing + 360) % 360,
  };
}
