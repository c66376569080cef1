import { haversineM } from '../util/geo.js';
import { arriveLabels, departLabels } from './position.js';
import { routeBetweenPositions } from './position-route.js';
import { otherPass } from './match-candidates.js';
import { pacedStep } from './match-pace.js';
import { courseDirection, courseScore, courseVector } from './match-heading.js';
import { searchWithin } from './match-search.js';
import { spaceFor } from './search-space.js';
import type { SegmentDirections } from './match-heading.js';
import type { Pace } from './match-pace.js';
import type { RoadGraph } from './graph.js';
import type { EndLabel, SegmentPiece, SegmentPosition } from './position.js';
import type { Snapper, SnapResult } from './snapper.js';
import type { RoadNetwork } from './types.js';

/** One GPS fix of a track, in time order. */
export interface TrackPoint {
  lat: number;
  lon: number;
  /** degrees clockwise from north; used when the vehicle is moving */
  headingDeg?: number;
  /** as the receiver reports it (Doppler), not from positions; under 3 km/h the fix is taken as standing still */
  speedKmh?: number;
  /** seconds (any origin); with speedKmh the matcher reads how far the vehicle went between fixes (match-pace.ts) */
  timeS?: number;
}

export interface MatchOptions {
  /** candidate roads within this distance of a fix, metres (default 40) */
  radiusM?: number;
  /** keep at most this many nearest candidates per fix (default 10) */
  maxCandidates?: number;
  /** GPS noise, metres (default 8) */
  sigmaM?: number;
  /** scale of how much the route between fixes may differ from the straight line, metres (default 30) */
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

/** How the vehicle got from a candidate of the previous fix to a candidate of this one. */
export interface StepRoute {
  distM: number;
  /** partial segment left first, whole arcs, partial segment entered last */
  first: SegmentPiece | null;
  arcs: number[];
  last: SegmentPiece | null;
}

/** Candidates of one fix with Viterbi scores and back-pointers into the previous layer. */
export interface Layer {
  fix: number;
  point: TrackPoint;
  cands: SnapResult[];
  score: number[];
  back: number[];
  /** way along its segment each candidate is driven, when the course tells: 1 from -> to, -1 back, 0 unknown */
  dirs: number[];
  /** the route from the back-pointed candidate, kept so the driven stretch is the one scored */
  routes: (StepRoute | null)[];
}

/** What the steps need: the network, the matcher's routing graph (MATCH_SPEED_KMH), the snapper and segment directions, with options resolved. */
export interface MatchContext {
  net: RoadNetwork;
  dg: RoadGraph;
  snapper: Snapper;
  dirs: SegmentDirections;
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
export const jitterM = (ctx: MatchContext): number => 3.5 * ctx.sigmaM;

/**
 * Speeds of the matcher's routing weights. Between sparse fixes there are often several ways of
 * about the same length (a street grid, a slip road beside a junction) and drivers take the bigger
 * road; a mild version of the routing speeds (SPEED_KMH runs 40 / 30 / 20 / 12) picks that way
 * without letting a fast road pull the path far from the fixes, as the transition still scores
 * the route's length.
 */
export const MATCH_SPEED_KMH = { arterial: 40, collector: 34, local: 28, alley: 22 } as const;

/**
 * Predecessors scoring this far (nats) below the best are not routed from: e^-12 is beyond what
 * any one transition makes up in practice, and when no way on is found the step is redone in full.
 */
const BEAM = 12;

/** The next Viterbi layer for a fix (null when no road is near); `broke` when it cannot join `prev`. */
export function nextLayer(ctx: MatchContext, prev: Layer | null, point: TrackPoint, fix: number, pace: Pace | null = null): { layer: Layer; broke: boolean } | null {
  const cands = ctx.snapper.segmentsWithin(point.lat, point.lon, ctx.radiusM).slice(0, ctx.maxCandidates);
  if (cands.length === 0) return null;
  for (let j = 0, m = cands.length; j < m; j++) {
    const again = otherPass(ctx.dirs, ctx.snapper.projection, cands[j], point.lat, point.lon, ctx.radiusM);
    if (again) cands.push(again);
  }
  const n = cands.length;
  const emit = new Array<number>(n);
  const dirs = new Array<number>(n);
  const course = courseVector(point.headingDeg, point.speedKmh);
  // a noisy fix snaps up to a couple of sigma along a bend from where the vehicle was
  const windowM = 2 * ctx.sigmaM;
  for (let j = 0; j < n; j++) {
    const c = cands[j];
    const oneway = ctx.net.segments[c.segmentId].oneway;
    emit[j] = emission(c.distM, ctx.sigmaM) + (course ? courseScore(ctx.dirs, c.segmentId, c.fraction, oneway, course, windowM) : 0);
    dirs[j] = course && !oneway ? courseDirection(ctx.dirs, c.segmentId, c.fraction, course, windowM) : 0;
  }
  const layer: Layer = { fix, point, cands, score: emit.slice(), back: new Array<number>(n).fill(-1), dirs, routes: new Array<StepRoute | null>(n).fill(null) };
  if (!prev) return { layer, broke: false };
  // a course that rules out every way on (a bad heading, a U-turn) must not end the chain, nor
  // must the beam when the only way on is from an unlikely candidate
  const courses = prev.dirs.some((d) => d !== 0) || dirs.some((d) => d !== 0);
  const paced = pacedStep(pace, prev.point, point, ctx.sigmaM);
  const linked = link(ctx, prev, layer, emit, paced, true, BEAM) || link(ctx, prev, layer, emit, paced, true, Infinity) || (courses && link(ctx, prev, layer, emit, paced, false, Infinity));
  return { layer, broke: !linked };
}

/**
 * Viterbi step: best predecessor of each candidate, scored by how much the route between them
 * differs from the straight line between the fixes and, given `paced`, from the distance the
 * reported speeds account for (which tells a slip road from the corner it cuts). With `useDirs`,
 * a candidate whose course is known is left and entered only that way, so a route cannot turn
 * round mid-block at a fix.
 */
function link(ctx: MatchContext, prev: Layer, layer: Layer, emit: readonly number[], paced: { distM: number; scaleM: number } | null, useDirs: boolean, beam: number): boolean {
  const { dg } = ctx;
  const cands = layer.cands;
  const n = cands.length;
  const gc = haversineM(prev.point.lat, prev.point.lon, layer.point.lat, layer.point.lon);
  // a route longer than this scores at least 10 (nats) below a straight one: never the best (the
  // speeds' term cannot make that up: its scale is at least a fifth of the distance they give, and
  // it is dropped when the fixes lie further apart than that distance allows)
  const limitM = 2 * gc + 10 * ctx.betaM + 2 * ctx.radiusM;
  const slack = jitterM(ctx);
  // arrival ends of every candidate, the same for each predecessor
  const arrives: EndLabel[][] = [];
  const targets: number[] = [];
  for (let j = 0; j < n; j++) {
    const want = useDirs ? layer.dirs[j] : 0;
    const ls = arriveLabels(dg, cands[j]).filter((l) => want === 0 || (dg.forward[l.piece.arc] === 1 ? 1 : -1) === want);
    arrives.push(ls);
    for (const l of ls) targets.push(l.node);
  }
  const best = new Array<number>(n).fill(-Infinity);
  const sp = spaceFor(dg);
  const floor = Math.max(...prev.score) - beam;
  for (let i = 0; i < prev.cands.length; i++) {
    if (prev.score[i] === -Infinity || prev.score[i] < floor) continue;
    const pc = prev.cands[i];
    const dir = useDirs ? prev.dirs[i] : 0;
    const from: SegmentPosition = dir === 0 ? pc : { segmentId: pc.segmentId, fraction: pc.fraction, direction: dir as 1 | -1 };
    const departs = departLabels(dg, from);
    searchWithin(dg, sp, departs, targets, limitM);
    for (let j = 0; j < n; j++) {
      let d = sameSegmentDistance(dg, from, cands[j], useDirs ? layer.dirs[j] : 0, slack);
      let via: EndLabel | null = null;
      for (const l of arrives[j]) {
        if (!sp.isSettled(l.node)) continue;
        const dd = sp.distM[l.node] + l.distM;
        if (dd < d) {
          d = dd;
          via = l;
        }
      }
      if (d === Infinity) continue;
      const s = prev.score[i] - Math.abs(d - gc) / ctx.betaM - (paced ? Math.abs(d - paced.distM) / paced.scaleM : 0) + emit[j];
      if (s > best[j]) {
        best[j] = s;
        layer.back[j] = i;
        layer.routes[j] = via ? pathTo(dg, departs, via, d) : alongSegment(dg, pc, cands[j], d);
      }
    }
  }
  if (!best.some((s) => s > -Infinity)) return false;
  layer.score = best;
  return true;
}

/** The route the last search found to `via` (its parent arcs back to the seed it grew from). */
function pathTo(dg: RoadGraph, departs: readonly EndLabel[], via: EndLabel, distM: number): StepRoute {
  const sp = spaceFor(dg);
  const arcs: number[] = [];
  let v = via.node;
  for (let a = sp.parentArc[v]; a >= 0; a = sp.parentArc[v]) {
    arcs.push(a);
    v = dg.tail[a];
  }
  arcs.reverse();
  const depart = departs.find((d) => d.node === v && d.timeS === sp.timeS[v]) ?? departs.find((d) => d.node === v)!;
  return {
    distM,
    first: depart.piece.from === depart.piece.to ? null : depart.piece,
    arcs,
    last: via.piece.from === via.piece.to ? null : via.piece,
  };
}

function alongSegment(dg: RoadGraph, a: SegmentPosition, b: SegmentPosition, distM: number): StepRoute {
  const s = a.segmentId;
  const arc = b.fraction >= a.fraction || dg.segmentBwdArc[s] < 0 ? dg.segmentFwdArc[s] : dg.segmentBwdArc[s];
  return { distM, first: { segmentId: s, arc, from: a.fraction, to: b.fraction }, arcs: [], last: null };
}

/**
 * Stretches driven between two matched fixes. `stay` means the second fix is only GPS jitter
 * within a few metres of the first, or of `before` (the fix matched just before it), even across
 * a node or just behind it on a one-way street: nothing is reported yet, and the next stretch
 * starts from the first fix.
 */
export function drivenBetween(ctx: MatchContext, a: SnapResult, b: SnapResult, fromFix: number, toFix: number, scored?: StepRoute | null, before?: SnapResult | null): { pieces: DrivenPiece[]; stay: boolean } {
  const { dg } = ctx;
  // a step back may be jitter up to jitterM; a step forward counts once beyond 2 sigma
  const backM = jitterM(ctx);
  const slack = 2 * ctx.sigmaM;
  const len = dg.lenM[dg.segmentFwdArc[a.segmentId]];
  if (a.segmentId === b.segmentId && b.fraction <= a.fraction && (a.fraction - b.fraction) * len <= backM) return { pieces: [], stay: true };
  const r = scored ?? routeBetweenPositions(ctx.net, dg, a, b);
  // a few metres either way is noise; a real move shows up once it exceeds the slack
  if (!r || r.distM <= slack) return { pieces: [], stay: true };
  if (r.distM > haversineM(a.lat, a.lon, b.lat, b.lon) + slack) {
    const back = routeBetweenPositions(ctx.net, dg, b, a);
    if (back && back.distM <= backM) return { pieces: [], stay: true };
    // a slow vehicle's fixes can drift back further than that in a few small steps, each of them
    // jitter from the fix before (which is how the Viterbi steps scored them)
    const sinceBefore = before && before !== a ? routeBetweenPositions(ctx.net, dg, b, before) : null;
    if (sinceBefore && sinceBefore.distM <= backM) return { pieces: [], stay: true };
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

/**
 * Distance along the same segment, letting GPS jitter pass for a short step backwards; Infinity
 * when the segment's one-way rule or a known course (`dirB` at b, a.direction at a) forbids it.
 */
function sameSegmentDistance(g: RoadGraph, a: SegmentPosition, b: SegmentPosition, dirB: number, slackM: number): number {
  if (a.segmentId !== b.segmentId) return Infinity;
  const d = (b.fraction - a.fraction) * g.lenM[g.segmentFwdArc[a.segmentId]];
  if (d >= 0) return a.direction === -1 || dirB === -1 ? (d <= slackM ? d : Infinity) : d;
  if (-d <= slackM) return -d;
  return g.segmentBwdArc[a.segmentId] >= 0 && a.direction !== 1 && dirB !== 1 ? -d : Infinity;
}

/**
 * Gaussian near the road, linear beyond two sigma: a multipath outlier 30 m off should cost a
 * little more than a good fix, not outweigh a whole implausible detour.
 */
function emission(distM: number, sigma: number): number {
  const z = distM / sigma;
  return z <= 2 ? -0.5 * z * z : -2 - 2 * (z - 2);
}
