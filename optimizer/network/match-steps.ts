import { haversineM } from '../util/geo.js';
import { arriveLabels, departLabels } from './position.js';
import { routeBetweenPositions } from './position-route.js';
import { runDijkstra, spaceFor } from './search-space.js';
import type { RoadGraph } from './graph.js';
import type { SegmentPosition } from './position.js';
import type { Snapper, SnapResult } from './snapper.js';
import type { RoadNetwork } from './types.js';

/** One GPS fix of a track, in time order. */
export interface TrackPoint {
  lat: number;
  lon: number;
  /** degrees clockwise from north; used when the vehicle is moving */
  headingDeg?: number;
  speedKmh?: number;
}

export interface MatchOptions {
  /** candidate roads within this distance of a fix, metres (default 40) */
  radiusM?: number;
  /** keep at most this many nearest candidates per fix (default 6) */
  maxCandidates?: number;
  /** GPS noise, metres (default 8) */
  sigmaM?: number;
  /** how much longer than the straight line a plausible drive between fixes may be, metres (default 40) */
  betaM?: number;
}

/** A driven stretch of one segment, fractions from its `from` node (to < from when driven backward). */
export interface DrivenPiece {
  segmentId: number;
  from: number;
  to: number;
  /** index of the fix before this stretch and of the fix after it (so callers can check e.g. brushes-down) */
  fromFix: number;
  toFix: number;
}

/** Candidates of one fix with Viterbi scores and back-pointers into the previous layer. */
export interface Layer {
  fix: number;
  point: TrackPoint;
  cands: SnapResult[];
  score: number[];
  back: number[];
}

/** What the steps need: the network, a distance-weighted graph and the snapper, with options resolved. */
export interface MatchContext {
  net: RoadNetwork;
  dg: RoadGraph;
  snapper: Snapper;
  radiusM: number;
  maxCandidates: number;
  sigmaM: number;
  betaM: number;
}

/**
 * How far a fix may seem to move backwards without the vehicle moving: two fixes' errors
 * differ by sigma * sqrt(2) per axis, and with fixes a second apart that often exceeds 2 sigma;
 * within this a step back on a one-way street is jitter, not a loop round the block.
 */
const jitterM = (ctx: MatchContext): number => 3.5 * ctx.sigmaM;

/** The next Viterbi layer for a fix (null when no road is near); `broke` when it cannot join `prev`. */
export function nextLayer(ctx: MatchContext, prev: Layer | null, point: TrackPoint, fix: number): { layer: Layer; broke: boolean } | null {
  const cands = ctx.snapper.segmentsWithin(point.lat, point.lon, ctx.radiusM).slice(0, ctx.maxCandidates);
  if (cands.length === 0) return null;
  const emit = cands.map((c) => emission(c.distM, ctx.sigmaM) + headingScore(point, c, ctx.net.segments[c.segmentId].oneway));
  const layer: Layer = { fix, point, cands, score: emit.slice(), back: cands.map(() => -1) };
  if (!prev) return { layer, broke: false };
  const gc = haversineM(prev.point.lat, prev.point.lon, point.lat, point.lon);
  const limitM = 3 * gc + 10 * ctx.betaM + 2 * ctx.radiusM;
  const best = cands.map(() => -Infinity);
  prev.cands.forEach((pc, i) => {
    if (prev.score[i] === -Infinity) return;
    routeDistances(ctx.dg, pc, cands, limitM, jitterM(ctx)).forEach((d, j) => {
      if (d === Infinity) return;
      const s = prev.score[i] - Math.abs(d - gc) / ctx.betaM + emit[j];
      if (s > best[j]) {
        best[j] = s;
        layer.back[j] = i;
      }
    });
  });
  if (!best.some((s) => s > -Infinity)) return { layer, broke: true };
  layer.score = best;
  return { layer, broke: false };
}

/**
 * Stretches driven between two matched fixes. `stay` means the second fix is only GPS jitter
 * within a few metres of the first (even across a node, or just behind it on a one-way street):
 * nothing is reported yet, and the next stretch starts from the first fix.
 */
export function drivenBetween(ctx: MatchContext, a: SnapResult, b: SnapResult, fromFix: number, toFix: number): { pieces: DrivenPiece[]; stay: boolean } {
  const { dg } = ctx;
  // a step back may be jitter up to jitterM; a step forward counts once beyond 2 sigma
  const backM = jitterM(ctx);
  const slack = 2 * ctx.sigmaM;
  const len = dg.lenM[dg.segmentFwdArc[a.segmentId]];
  if (a.segmentId === b.segmentId && b.fraction <= a.fraction && (a.fraction - b.fraction) * len <= backM) return { pieces: [], stay: true };
  const r = routeBetweenPositions(ctx.net, dg, a, b);
  // a few metres either way is noise; a real move shows up once it exceeds the slack
  if (!r || r.distM <= slack) return { pieces: [], stay: true };
  if (r.distM > haversineM(a.lat, a.lon, b.lat, b.lon) + slack) {
    const back = routeBetweenPositions(ctx.net, dg, b, a);
    if (back && back.distM <= backM) return { pieces: [], stay: true };
  }
  const pieces: DrivenPiece[] = [];
  const add = (segmentId: number, from: number, to: number): void => void pieces.push({ segmentId, from, to, fromFix, toFix });
  if (r.first) add(r.first.segmentId, r.first.from, r.first.to);
  for (const arc of r.arcs) add(dg.segment[arc], dg.forward[arc] === 1 ? 0 : 1, dg.forward[arc] === 1 ? 1 : 0);
  if (r.last) add(r.last.segmentId, r.last.from, r.last.to);
  return { pieces, stay: false };
}

/** Append, merging with the previous piece when it continues or overlaps the same stretch. */
export function appendPiece(pieces: DrivenPiece[], p: DrivenPiece): void {
  if (p.from === p.to) return;
  const last = pieces[pieces.length - 1];
  const dir = Math.sign(p.to - p.from);
  if (last && last.segmentId === p.segmentId && Math.sign(last.to - last.from) === dir) {
    const lo = Math.min(last.from, last.to) - 1e-9;
    const hi = Math.max(last.from, last.to) + 1e-9;
    if (p.from >= lo && p.from <= hi) {
      last.to = dir > 0 ? Math.max(last.to, p.to) : Math.min(last.to, p.to);
      last.toFix = p.toFix;
      return;
    }
  }
  pieces.push({ ...p });
}

/** Route distance from one candidate to each of the next fix's candidates (Infinity beyond limitM). */
function routeDistances(dg: RoadGraph, from: SegmentPosition, to: readonly SegmentPosition[], limitM: number, slackM: number): number[] {
  const arrives = to.map((c) => arriveLabels(dg, c));
  const sp = spaceFor(dg);
  const targets = arrives.flatMap((ls) => ls.map((l) => l.node));
  // dg runs at 10 m/s, so a time bound of limitM / 10 is a distance bound of limitM
  runDijkstra(dg, sp, departLabels(dg, from), { targets, maxTimeS: limitM / 10 });
  return to.map((c, j) => {
    let d = sameSegmentDistance(dg, from, c, slackM) ?? Infinity;
    for (const l of arrives[j]) if (sp.isSettled(l.node)) d = Math.min(d, sp.distM[l.node] + l.distM);
    return d;
  });
}

/** Distance along the same segment, letting GPS jitter pass for a short step backwards. */
function sameSegmentDistance(g: RoadGraph, a: SegmentPosition, b: SegmentPosition, slackM: number): number | null {
  if (a.segmentId !== b.segmentId) return null;
  const d = (b.fraction - a.fraction) * g.lenM[g.segmentFwdArc[a.segmentId]];
  if (d >= 0 || g.segmentBwdArc[a.segmentId] >= 0 || -d <= slackM) return Math.abs(d);
  return null;
}

/**
 * Gaussian near the road, linear beyond two sigma: a multipath outlier 30 m off should cost a
 * little more than a good fix, not outweigh a whole implausible detour.
 */
function emission(distM: number, sigma: number): number {
  const z = distM / sigma;
  return z <= 2 ? -0.5 * z * z : -2 - 2 * (z - 2);
}

/** Penalty for a road running across the vehicle's heading, or against it on a one-way road. */
function headingScore(p: TrackPoint, c: SnapResult, oneway: boolean): number {
  if (p.headingDeg === undefined || !Number.isFinite(p.headingDeg) || (p.speedKmh !== undefined && p.speedKmh < 5)) return 0;
  const along = Math.cos(((p.headingDeg - c.bearingDeg) * Math.PI) / 180);
  return -2 * (1 - (oneway ? along : Math.abs(along)));
}
