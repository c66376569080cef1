import { EPS, type Instance } from '../instance.js';
import { tripsFeasible } from '../route.js';
import type { Sol } from '../solution.js';

/** A candidate move; fields are interpreted by the operator that wrote it. */
export interface Move {
  op: Operator | null;
  gain: number;
  /** route of u, route of v */
  r1: number;
  r2: number;
  /** positions in r1 / r2 */
  i: number;
  j: number;
  /** segment lengths or variant flags */
  l1: number;
  l2: number;
}

/**
 * A local-search neighbourhood over pairs (u, v) of nearby customers. `evaluate` computes each
 * candidate's gain from cached costs first and checks feasibility only for candidates that would beat
 * `best`; `apply` performs the recorded move.
 */
export interface Operator {
  readonly name: string;
  evaluate(inst: Instance, s: Sol, u: number, v: number, best: Move): void;
  /** moves that involve u alone (no neighbour), evaluated once per u */
  evaluateAlone?(inst: Instance, s: Sol, u: number, best: Move): void;
  apply(inst: Instance, s: Sol, m: Move): void;
}

/** Records a move into best (the caller has verified gain > best.gain and feasibility). */
export function record(best: Move, op: Operator, gain: number, r1: number, r2: number, i: number, j: number, l1: number, l2: number): void {
  best.op = op; best.gain = gain; best.r1 = r1; best.r2 = r2; best.i = i; best.j = j; best.l1 = l1; best.l2 = l2;
}

/** A fresh "no move" record. */
export function noMove(): Move {
  return { op: null, gain: 0, r1: -1, r2: -1, i: 0, j: 0, l1: 0, l2: 0 };
}

const scratch: number[] = [];

/**
 * Feasibility of route `k`'s sequence after moving seq[from..from+len-1] to just after position
 * `after` (same route; `after` outside the segment). O(route length); used for intra-route moves.
 */
export function movedFeasible(inst: Instance, s: Sol, k: number, from: number, len: number, after: number): boolean {
  const seq = s.routes[k].seq;
  scratch.length = 0;
  for (let p = 0; p < seq.length; p++) {
    if (p >= from && p < from + len) continue;
    scratch.push(seq[p]);
    if (p === after) for (let q = from; q < from + len; q++) scratch.push(seq[q]);
  }
  return scheduleFeasible(inst, k, scratch);
}

/** Feasibility of route k's sequence with positions i and j exchanged. O(route length). */
export function swappedFeasible(inst: Instance, s: Sol, k: number, i: number, j: number): boolean {
  const seq = s.routes[k].seq;
  scratch.length = 0;
  for (let p = 0; p < seq.length; p++) scratch.push(p === i ? seq[j] : p === j ? seq[i] : seq[p]);
  return scheduleFeasible(inst, k, scratch);
}

/** Time-window and horizon feasibility of a full sequence (start..end) driven by vehicle k. */
export function scheduleFeasible(inst: Instance, k: number, seq: ArrayLike<number>): boolean {
  // multi-trip: moves inside a route can shift load between trips, so loads are checked as well
  if (inst.unload >= 0) return tripsFeasible(inst, k, seq);
  const { n, time, ready, due, service } = inst;
  const v = inst.vehicles[k];
  let t = v.startTime;
  for (let p = 1; p < seq.length; p++) {
    const a = seq[p - 1];
    const b = seq[p];
    t += (p === 1 ? 0 : service[a]) + time[a * n + b];
    if (p === seq.length - 1) return t <= v.horizon + EPS;
    if (t > due[b] + EPS) return false;
    if (t < ready[b]) t = ready[b];
  }
  return true;
}

/** Moves seq[from..from+len-1] to just after position `after` (same route); the caller refreshes. */
export function moveWithin(seq: number[], from: number, len: number, after: number): void {
  const seg = seq.splice(from, len);
  const at = after < from ? after + 1 : after + 1 - len;
  seq.splice(at, 0, ...seg);
}

/** base[0..p], then src[from..to] (inclusive; empty when to < from), then base[q..]: a new array. */
export function spliced(base: readonly number[], p: number, q: number, src: readonly number[], from: number, to: number): number[] {
  const out = base.slice(0, p + 1);
  for (let i = from; i <= to; i++) out.push(src[i]);
  for (let i = q; i < base.length; i++) out.push(base[i]);
  return out;
}

/**
 * Live repair: change of the move penalty when src[from..to] leaves route `fromRoute` for `toRoute`
 * (unload visits and customers without a previous vehicle count nothing). O(to - from + 1).
 */
export function movePenaltyDelta(inst: Instance, src: readonly number[], from: number, to: number, fromRoute: number, toRoute: number): number {
  const prev = inst.prevVehicle;
  if (!prev || inst.movePenalty === 0 || fromRoute === toRoute) return 0;
  let d = 0;
  for (let i = from; i <= to; i++) {
    const k = prev[src[i]];
    if (k < 0 || src[i] === inst.unload) continue;
    if (k === fromRoute) d += inst.movePenalty;
    else if (k === toRoute) d -= inst.movePenalty;
  }
  return d;
}
