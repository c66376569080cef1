import { buildPieces } from './pieces.js';
import type { Pieces } from './pieces.js';
import type { Projection } from './projection.js';
import type { RoadNetwork } from './types.js';

/**
 * Direction of every straight piece of every segment, to compare with a fix's course over ground.
 * A fix is snapped to the piece nearest its noisy position, which on a curved slip road can be
 * a piece or two away from where the vehicle was; so a course is compared with every piece within
 * a few noise widths of the snapped spot, not with the snapped piece alone.
 */
export interface SegmentDirections {
  /** pieces of segment s are first[s] .. first[s + 1] - 1 */
  first: Int32Array;
  /** fraction of the segment where each piece starts and ends */
  f0: Float64Array;
  f1: Float64Array;
  /** unit vector of each piece, east and north components */
  ex: Float64Array;
  ey: Float64Array;
  lenM: Float64Array;
  /** the pieces themselves (planar, in the snapper's projection) */
  pieces: Pieces;
}

/** Piece directions of a network's segments (planar, from the snapper's projection). */
export function buildSegmentDirections(net: RoadNetwork, proj: Projection): SegmentDirections {
  const p = buildPieces(net, proj);
  const n = p.seg.length;
  const first = new Int32Array(net.segments.length + 1);
  for (let i = 0; i < n; i++) first[p.seg[i] + 1]++;
  for (let s = 0; s < net.segments.length; s++) first[s + 1] += first[s];
  const d: SegmentDirections = {
    first,
    f0: new Float64Array(n),
    f1: new Float64Array(n),
    ex: new Float64Array(n),
    ey: new Float64Array(n),
    lenM: Float64Array.from(p.segLen),
    pieces: p,
  };
  // buildPieces emits each segment's pieces together and in order
  for (let i = 0; i < n; i++) {
    const total = p.segLen[p.seg[i]];
    d.f0[i] = total > 0 ? p.cum[i] / total : 0;
    d.f1[i] = total > 0 ? (p.cum[i] + p.len[i]) / total : 1;
    const len = Math.hypot(p.dx[i], p.dy[i]);
    d.ex[i] = len > 0 ? p.dx[i] / len : 0;
    d.ey[i] = len > 0 ? p.dy[i] / len : 0;
  }
  return d;
}

/**
 * Best agreement (cosine) between a course (unit vector hx east, hy north) and the direction of
 * segment `s` within `windowM` of `fraction`; `directed` compares with the way the segment is
 * drawn (one-way streets), otherwise either way along it counts.
 */
export function bestCourseAgreement(d: SegmentDirections, s: number, fraction: number, windowM: number, hx: number, hy: number, directed: boolean): number {
  const len = d.lenM[s];
  const w = len > 0 ? windowM / len : 1;
  let best = -1;
  for (let i = d.first[s], end = d.first[s + 1]; i < end; i++) {
    if (d.f1[i] < fraction - w || d.f0[i] > fraction + w) continue;
    const c = d.ex[i] * hx + d.ey[i] * hy;
    const a = directed ? c : Math.abs(c);
    if (a > best) best = a;
  }
  return best;
}

/** A fix's course over ground as a unit vector (east, north); null when not reported or too slow to trust. */
export function courseVector(headingDeg: number | undefined, speedKmh: number | undefined): { hx: number; hy: number } | null {
  if (headingDeg === undefined || !Number.isFinite(headingDeg) || (speedKmh !== undefined && speedKmh < 5)) return null;
  const rad = (headingDeg * Math.PI) / 180;
  return { hx: Math.sin(rad), hy: Math.cos(rad) };
}

/**
 * Log-likelihood of a course on a candidate: von Mises with kappa 20 (about 13 degrees of spread:
 * receivers at speed, a little curvature) against the best-matching direction near the snapped
 * spot, floored at -6 so that one wild course (a fix at a turn, multipath) costs no more than a
 * fix 30 m off the road. On one-way streets the direction counts, elsewhere only the axis.
 */
export function courseScore(d: SegmentDirections, s: number, fraction: number, oneway: boolean, course: { hx: number; hy: number }, windowM: number): number {
  const along = bestCourseAgreement(d, s, fraction, windowM, course.hx, course.hy, oneway);
  return Math.max(-COURSE_FLOOR, -COURSE_KAPPA * (1 - along));
}

/**
 * Which way along a two-way segment the course points: 1 from -> to, -1 back, 0 when it does not
 * clearly say (across the road, or a bend that runs both ways within the window).
 */
export function courseDirection(d: SegmentDirections, s: number, fraction: number, course: { hx: number; hy: number }, windowM: number): number {
  const fwd = bestCourseAgreement(d, s, fraction, windowM, course.hx, course.hy, true);
  const bwd = bestCourseAgreement(d, s, fraction, windowM, -course.hx, -course.hy, true);
  // cos 60 degrees: far beyond course noise, so a wrong call needs a wild course
  if (fwd >= 0.5 && bwd < 0.5) return 1;
  if (bwd >= 0.5 && fwd < 0.5) return -1;
  return 0;
}

const COURSE_KAPPA = 20;
const COURSE_FLOOR = 6;
