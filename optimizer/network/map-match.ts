import { haversineM } from '../util/geo.js';
import { withTravelTimes } from './graph.js';
import { buildSegmentDirections } from './match-heading.js';
import { MATCH_SPEED_KMH, appendPiece, drivenBetween, jitterM, nextLayer } from './match-steps.js';
import { settleTrackEnds } from './match-ends.js';
import { NO_PACE, addPace, paceBetween, standsStill } from './match-pace.js';
import { createSpurFilter } from './match-spurs.js';
import type { RoadGraph } from './graph.js';
import type { Pace } from './match-pace.js';
import type { DrivenPiece, Layer, MatchContext, MatchOptions, TrackPoint } from './match-steps.js';
import type { Snapper, SnapResult } from './snapper.js';
import type { RoadNetwork } from './types.js';

export type { DrivenPiece, MatchOptions, TrackPoint } from './match-steps.js';

export interface TrackMatch {
  /** matched road position of each fix, null when no road was near (a fix left out as standing still gets the position the vehicle stood at) */
  points: (SnapResult | null)[];
  /** what was driven between matched fixes, in order, contiguous stretches merged */
  pieces: DrivenPiece[];
  /** indexes of fixes where the track could not be joined to the previous one and restarts */
  breaks: number[];
}

/** Decisions that became final with one push or flush of a follower. */
export interface FollowStep {
  points: { fix: number; snap: SnapResult }[];
  pieces: DrivenPiece[];
  breaks: number[];
}

/** Online matching of one vehicle's fixes: decisions come out as soon as later fixes settle them. */
export interface TrackFollower {
  /** Feed the next fix (fixes are numbered from 0 in push order). */
  push(point: TrackPoint): FollowStep;
  /** Decide everything pending now (end of shift, long pause); the chain still continues. */
  flush(): FollowStep;
}

export interface FollowOptions extends MatchOptions {
  /** force a decision once this many fixes are pending (default 20) */
  maxLag?: number;
}

/** Matches GPS tracks to roads (hidden Markov model + Viterbi), whole tracks or fix by fix. */
export interface TrackMatcher {
  match(track: readonly TrackPoint[], opts?: MatchOptions): TrackMatch;
  follow(opts?: FollowOptions): TrackFollower;
}

/** Build a matcher for a network; drives between fixes respect one-way streets and favour bigger roads among ways of about equal length. */
export function createTrackMatcher(net: RoadNetwork, g: RoadGraph, snapper: Snapper): TrackMatcher {
  const dg = withTravelTimes(g, net, { speedKmh: MATCH_SPEED_KMH });
  const dirs = buildSegmentDirections(net, snapper.projection);
  const context = (o: MatchOptions): MatchContext => ({
    net,
    dg,
    snapper,
    dirs,
    radiusM: o.radiusM ?? 40,
    maxCandidates: o.maxCandidates ?? 10,
    sigmaM: o.sigmaM ?? 8,
    betaM: o.betaM ?? 30,
  });
  return {
    follow: (opts = {}) => createFollower(context(opts), opts.maxLag ?? 20),
    match: (track, opts = {}) => {
      // with no lag limit every decision is the exact Viterbi one
      const ctx = context(opts);
      const f = createFollower(ctx, Infinity);
      const out: TrackMatch = { points: track.map(() => null), pieces: [], breaks: [] };
      const take = (s: FollowStep): void => {
        for (const p of s.points) out.points[p.fix] = p.snap;
        for (const p of s.pieces) appendPiece(out.pieces, p);
        out.breaks.push(...s.breaks);
      };
      // fixes left out as standing still, and the fix of the layer the vehicle stood at
      const standing: [number, number][] = [];
      for (const [k, p] of track.entries()) {
        take(f.push(p));
        const at = f.standingAt();
        if (at !== null) standing.push([k, at]);
      }
      take(f.flush());
      out.pieces = settleTrackEnds(net, out.pieces, out.points, track, ctx.sigmaM);
      for (const [k, at] of standing) out.points[k] = out.points[at];
      return out;
    },
  };
}

/** A follower that also tells whether the fix it was just given was left out as standing still, and at which fix the vehicle stood. */
type Follower = TrackFollower & { standingAt(): number | null };

function createFollower(ctx: MatchContext, maxLag: number): Follower {
  let fix = 0;
  // a short stretch into a side street waits for the next one, in case that only comes back out;
  // within 3 sigma of the junction it could all be noise, and a loop that stays so near is no longer than about pi times that
  const spurR = Math.max(15, 3 * ctx.sigmaM);
  const spurs = createSpurFilter(ctx.net, spurR, 3 * spurR);
  // how far a still vehicle's fixes wander from the last one used: the steps' allowance for jitter
  const stillM = jitterM(ctx);
  const emit = (p: DrivenPiece, out: FollowStep): void => spurs.push(p, out.pieces);
  const release = (out: FollowStep): void => spurs.release(out.pieces);
  // window[0] is the last decided layer when anchor >= 0 (its chosen candidate), else undecided
  let window: Layer[] = [];
  let anchor = -1;
  // where the next driven stretch starts: the last decided fix that was not mere jitter
  let ref: { snap: SnapResult; fix: number } | null = null;
  // the fix pushed last, and what its speeds say was driven since the newest layer's fix
  let lastPoint: TrackPoint | null = null;
  let pace: Pace | null = null;
  // fixes left out in a row as standing still, and the fix of the layer they stood at
  let standing = 0;
  let stoodAt: number | null = null;

  /** Decide layers 0..upTo along `path` (candidate index per layer). */
  const commit = (path: number[], upTo: number, out: FollowStep): void => {
    for (let l = anchor >= 0 ? 1 : 0; l <= upTo; l++) {
      const layer = window[l];
      const snap = layer.cands[path[l]];
      out.points.push({ fix: layer.fix, snap });
      if (ref === null || layer.back[path[l]] < 0) {
        ref = { snap, fix: layer.fix }; // start of a chain
        continue;
      }
      // the route the Viterbi step scored, when the stretch starts at the previous fix's choice
      const prevSnap = l > 0 ? window[l - 1].cands[path[l - 1]] : null;
      const scored = prevSnap === ref.snap && layer.back[path[l]] === path[l - 1] ? layer.routes[path[l]] : null;
      const step = drivenBetween(ctx, ref.snap, snap, ref.fix, layer.fix, scored, prevSnap);
      for (const p of step.pieces) emit(p, out);
      if (!step.stay) ref = { snap, fix: layer.fix };
    }
    window = window.slice(upTo);
    anchor = path[upTo];
    // later layers keep only candidates descending from the decision
    let alive = window[0].cands.map((_, j) => j === anchor);
    window[0].score = window[0].score.map((s, j) => (alive[j] ? 0 : -Infinity));
    for (let l = 1; l < window.length; l++) {
      const layer = window[l];
      alive = layer.back.map((b) => b >= 0 && alive[b]);
      layer.score = layer.score.map((s, j) => (alive[j] ? s : -Infinity));
    }
  };

  /** Best path through the window ending at candidate j of the newest layer. */
  const trace = (j: number): number[] => {
    const path = new Array<number>(window.length);
    path[window.length - 1] = j;
    for (let l = window.length - 1; l > 0; l--) path[l - 1] = Math.max(0, window[l].back[path[l]]);
    return path;
  };

  const decideAll = (out: FollowStep): void => {
    if (window.length === 0) return;
    const last = window[window.length - 1];
    commit(trace(argmax(last.score)), window.length - 1, out);
  };

  const decideSettled = (out: FollowStep): void => {
    const last = window[window.length - 1];
    const paths = last.cands.map((_, j) => j).filter((j) => last.score[j] > -Infinity).map(trace);
    let agreed = -1;
    for (let l = window.length - 2; l >= 0 && agreed < 0; l--) if (paths.every((p) => p[l] === paths[0][l])) agreed = l;
    if (agreed > 0 || (agreed === 0 && anchor < 0)) commit(paths[0], agreed, out);
    while (window.length > maxLag + 1) commit(trace(argmax(last.score)), anchor >= 0 ? 1 : 0, out);
  };

  return {
    push(point) {
      const out: FollowStep = { points: [], pieces: [], breaks: [] };
      const here = fix++;
      pace = lastPoint ? addPace(pace, paceBetween(lastPoint, point)) : null;
      lastPoint = point;
      const prev = window[window.length - 1] ?? null;
      // a vehicle standing at a light: its fixes scatter round one spot and say nothing of roads
      // (linked one by one, a jump back on a one-way street reads as a loop round the block); the
      // speed field alone does not decide it, as some terminals leave it at 0
      if (prev && standsStill(point) && haversineM(prev.point.lat, prev.point.lon, point.lat, point.lon) <= stillM) {
        stoodAt = prev.fix;
        // standing adds no layers, so no lag forces the decisions pending: a stop is a pause, decide them
        if (++standing === maxLag) {
          decideAll(out);
          release(out);
        }
        return out;
      }
      standing = 0;
      stoodAt = null;
      const res = nextLayer(ctx, prev, point, here, pace);
      if (!res) return out;
      pace = NO_PACE;
      if (res.broke) {
        decideAll(out);
        release(out);
        out.breaks.push(here);
        window = [];
        anchor = -1;
        ref = null;
      }
      // keep scores near zero however long the track
      const top = Math.max(...res.layer.score);
      res.layer.score = res.layer.score.map((s) => s - top);
      window.push(res.layer);
      decideSettled(out);
      return out;
    },
    standingAt: () => stoodAt,
    flush() {
      const out: FollowStep = { points: [], pieces: [], breaks: [] };
      decideAll(out);
      release(out);
      return out;
    },
  };
}

function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}
