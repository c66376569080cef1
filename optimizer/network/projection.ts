import { metresPerDegree } from '../util/geo.js';
import type { RoadNetwork } from './types.js';

/**
 * Equirectangular projection to local metres around the network's centre. At town scale
 * (tens of km) distances agree with haversine to well under 0.5%, and it keeps snapping to
 * cheap planar arithmetic.
 */
export interface Projection {
  lat0: number;
  lon0: number;
  mLat: number;
  mLon: number;
  x(lon: number): number;
  y(lat: number): number;
  lon(x: number): number;
  lat(y: number): number;
  /** point at fraction t of the straight piece from (lat1, lon1) to (lat2, lon2) */
  interpolate(lat1: number, lon1: number, lat2: number, lon2: number, t: number): { lat: number; lon: number };
}

/** Projection centred on the middle of the network's node extent. */
export function createProjection(net: RoadNetwork): Projection {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const n of net.nodes) {
    if (!Number.isFinite(n.lat) || !Number.isFinite(n.lon)) continue;
    minLat = Math.min(minLat, n.lat);
    maxLat = Math.max(maxLat, n.lat);
    minLon = Math.min(minLon, n.lon);
    maxLon = Math.max(maxLon, n.lon);
  }
  const lat0 = Number.isFinite(minLat) ? (minLat + maxLat) / 2 : 0;
  const lon0 = Number.isFinite(minLon) ? (minLon + maxLon) / 2 : 0;
  return projectionAt(lat0, lon0);
}

/** Projection centred on a given point. */
export function projectionAt(lat0: number, lon0: number): Projection {
  const { mLat, mLon } = metresPerDegree(lat0);
  return {
    lat0,
    lon0,
    mLat,
    mLon,
    x: (lon) => (lon - lon0) * mLon,
    y: (lat) => (lat - lat0) * mLat,
    lon: (x) => lon0 + x / mLon,
    lat: (y) => lat0 + y / mLat,
    interpolate: (lat1, lon1, lat2, lon2, t) => ({ lat: lat1 + t * (lat2 - lat1), lon: lon1 + t * (lon2 - lon1) }),
  };
}
