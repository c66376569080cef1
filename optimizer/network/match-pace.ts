import { haversineM } from '../util/geo.js';
import type { TrackPoint } from './match-steps.js';

/**
 * How far a vehicle went by the speeds its receiver reports, summed over the intervals between
 * fixes (trapezoid rule over each). Doppler speeds are good to a few tenths of a m/s, but they are
 * read only at the fixes and the speed changes in between (a junction, a bend, braking), so each
 * interval is taken as good to PACE_SD_SHARE of its length, and less where the two readings differ,
 * independently of the others.
 */
export interface Pace {
  distM: number;
  varM2: number;
}

/** Over a longer gap a vehicle may have stood at a light or sped up and slowed again: its speeds at the two fixes say little. */
export const PACE_MAX_S = 15;
const PACE_SD_SHARE = 0.1;
/** A transition's scale is at least this: the two fixes' own noise along the road. */
const PACE_MIN_SCALE_M = 10;
/** A receiver reporting less than this is standing still (Doppler speed of a parked phone wanders by 1-2 km/h). */
const STILL_KMH = 3;

/** The same place as far as speeds go: nothing driven yet. */
export const NO_PACE: Pace = { distM: 0, varM2: 0 };

/** One interval, `a` before `b`; null unless both carry a time and a speed and are at most PACE_MAX_S apart. */
export function paceBetween(a: TrackPoint, b: TrackPoint): Pace | null {
  if (a.timeS === undefined || b.timeS === undefined || a.speedKmh === undefined || b.speedKmh === undefined) return null;
  const dt = b.timeS - a.timeS;
  if (!(dt > 0) || dt > PACE_MAX_S || !(a.speedKmh >= 0) || !(b.speedKmh >= 0)) return null;
  const distM = ((a.speedKmh + b.speedKmh) / 2 / 3.6) * dt;
  // between two readings the speed may have been anywhere between them (a stop, a start): uniform over that range
  const rangeM = (Math.abs(a.speedKmh - b.speedKmh) / 3.6) * dt;
  const varM2 = (PACE_SD_SHARE * distM) ** 2 + rangeM ** 2 / 12;
  // devices send anything: numbers past what a double squares say nothing
  return Number.isFinite(varM2) ? { distM, varM2 } : null;
}

/** Two runs one after the other; null when either is unknown. */
export function addPace(x: Pace | null, y: Pace | null): Pace | null {
  return x && y ? { distM: x.distM + y.distM, varM2: x.varM2 + y.varM2 } : null;
}

/**
 * The distance between fixes `a` and `b` by `pace`, with the scale of a linear penalty on routes
 * that differ from it (twice its spread, at least the fixes' noise). Null when the straight line
 * between the fixes is far beyond what the speeds allow: a terminal that leaves the field at 0,
 * or a clock that does not match the positions.
 */
export function pacedStep(pace: Pace | null, a: TrackPoint, b: TrackPoint, sigmaM: number): { distM: number; scaleM: number } | null {
  if (!pace) return null;
  const scaleM = Math.max(PACE_MIN_SCALE_M, 2 * Math.sqrt(pace.varM2));
  if (haversineM(a.lat, a.lon, b.lat, b.lon) > pace.distM + 3 * scaleM + 3 * sigmaM) return null;
  return { distM: pace.distM, scaleM };
}

/** A fix whose receiver says the vehicle is not moving: it shows no way driven, only GPS jitter. */
export function standsStill(p: TrackPoint): boolean {
  return p.speedKmh !== undefined && p.speedKmh < STILL_KMH;
}
