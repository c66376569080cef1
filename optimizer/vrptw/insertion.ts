import type { Rng } from '../util/rng.js';
import { EPS, type Instance } from './instance.js';
import { bestInRouteTrips } from './insertion-trips.js';
import type { Route } from './route.js';
import type { Sol } from './solution.js';

/** Where a customer goes and what it adds to the cost. */
export interface Placement {
  route: number;
  /** insert after this position of the route's seq */
  after: number;
  delta: number;
  /** multi-trip: 0 = c alone, 1 = an unload visit just before c, 2 = just after c */
  unload?: number;
}

/** Cost added by inserting c after position p of r, or Infinity when it breaks a time window. O(1). */
export function insertionDelta(inst: Instance, r: Route, c: number, p: number): number {
  const { n, time, cost, ready, due, service } = inst;
  const a = r.seq[p];
  const b = r.seq[p + 1];
  let t = r.earliest[p] + (p === 0 ? 0 : service[a]) + time[a * n + c];
  if (t > due[c] + EPS) return Infinity;
  if (t < ready[c]) t = ready[c];
  t += service[c] + time[c * n + b];
  if (t > r.latest[p + 1] + EPS) return Infinity;
  // an empty route costs nothing, so its start->end arc is not saved by the insertion
  const saved = r.seq.length === 2 ? 0 : cost[a * n + b];
  return cost[a * n + c] + cost[c * n + b] - saved;
}

/**
 * Skips positions at random ("blinks", SISR) with a given rate. Draws the gap to the next skipped
 * position from a geometric distribution, so it costs one random number per skip, not per position.
 */
export class Blinker {
  private left = 0;
  private readonly logKeep: number;
  constructor(private readonly rng: Rng, rate: number) {
    this.logKeep = rate > 0 ? Math.log(1 - rate) : 0;
    this.draw();
  }
  private draw(): void {
    this.left = this.logKeep < 0 ? Math.floor(Math.log(Math.max(this.rng.next(), 1e-300)) / this.logKeep) : Infinity;
  }
  /** true when this position is to be skipped */
  skip(): boolean {
    if (this.left-- > 0) return false;
    this.draw();
    return true;
  }
}

const seenKind: Uint8Array[] = [];

/**
 * Cheapest feasible position for c in route r, written to `out` (out.delta = Infinity when none).
 * Capacity included; interchangeable-vehicle filtering is the caller's job.
 */
export function bestInRoute(inst: Instance, r: Route, c: number, blink: Blinker | null, out: Placement): void {
  if (inst.unload >= 0) {
    bestInRouteTrips(inst, r, c, blink, out);
    return;
  }
  const { n, time, cost, ready, due, service, demand } = inst;
  const eps = EPS; // a local: module bindings can be getters under some loaders, too slow in this loop
  out.delta = Infinity;
  out.after = -1;
  const seq = r.seq;
  const last = seq.length - 1;
  if (r.cumLoad[last] + demand[c] > inst.vehicles[r.vehicle].free + eps) return;
  const dueC = due[c] + eps;
  const readyC = ready[c];
  const svcC = service[c];
  const earliest = r.earliest, latest = r.latest;
  // latest times grow along a route and service of c ends no earlier than readyC + svcC: skip the
  // positions whose successor must start before that, found by binary search
  const need = readyC + svcC - eps;
  let lo = 0, hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (latest[mid + 1] < need) lo = mid + 1; else hi = mid;
  }
  for (let p = lo; p < last; p++) {
    const e = earliest[p];
    // earliest times only grow along a route: once past c's due time, no later position works
    if (e > dueC) break;
    if (blink && blink.skip()) continue;
    const a = seq[p];
    const b = seq[p + 1];
    let t = e + (p === 0 ? 0 : service[a]) + time[a * n + c];
    if (t > dueC) continue;
    if (t < readyC) t = readyC;
    t += svcC + time[c * n + b];
    if (t > latest[p + 1] + eps) continue;
    const d = cost[a * n + c] + cost[c * n + b] - (last === 1 ? 0 : cost[a * n + b]);
    if (d < out.delta) { out.delta = d; out.after = p; }
  }
}

const scratch: Placement = { route: -1, after: -1, delta: Infinity, unload: 0 };

/** Live repair: the move penalty of putting customer c on vehicle k. */
export function movePenaltyOf(inst: Instance, c: number, k: number): number {
  const prev = inst.prevVehicle;
  return prev !== null && prev[c] >= 0 && prev[c] !== k ? inst.movePenalty : 0;
}

/**
 * The routes worth trying for an insertion, in index order: every used route and the first unused
 * one of each vehicle kind (interchangeable empty vehicles are tried once). Keep it up to date with
 * openedRoute when an insertion opens one.
 */
export function candidateRoutes(inst: Instance, s: Sol): number[] {
  const seen = (seenKind[0]?.length ?? 0) >= inst.kinds ? seenKind[0] : (seenKind[0] = new Uint8Array(inst.kinds * 2 + 8));
  seen.fill(0, 0, inst.kinds);
  const out: number[] = [];
  for (let k = 0; k < s.routes.length; k++) {
    if (s.routes[k].seq.length === 2) {
      const kind = inst.vehicles[k].kind;
      if (seen[kind]) continue;
      seen[kind] = 1;
    }
    out.push(k);
  }
  return out;
}

/** Route k, unused until now, got a customer: the next unused route of its kind joins the candidates. */
export function openedRoute(inst: Instance, s: Sol, routes: number[], k: number): void {
  const kind = inst.vehicles[k].kind;
  for (let j = k + 1; j < s.routes.length; j++) {
    if (s.routes[j].seq.length !== 2 || inst.vehicles[j].kind !== kind) continue;
    let at = routes.length;
    while (at > 0 && routes[at - 1] > j) at--;
    routes.splice(at, 0, j);
    return;
  }
}

/**
 * Best and second-best placements of c over the candidate routes (see candidateRoutes), second best
 * taken per route as regret heuristics expect. A blinker, when given, skips positions.
 */
export function bestPlacements(inst: Instance, s: Sol, c: number, blink: Blinker | null, best: Placement, second: Placement | null, routes: readonly number[]): void {
  best.route = -1;
  best.delta = Infinity;
  if (second) { second.route = -1; second.delta = Infinity; }
  for (let q = 0; q < routes.length; q++) {
    const k = routes[q];
    const r = s.routes[k];
    bestInRoute(inst, r, c, blink, scratch);
    if (scratch.delta === Infinity) continue;
    const routeBest = inst.prevVehicle ? scratch.delta + movePenaltyOf(inst, c, k) : scratch.delta;
    // scratch is shared: only the multi-trip search writes its unload field
    scratch.unload = inst.unload >= 0 ? scratch.unload : 0;
    if (routeBest < best.delta) {
      if (second) { second.route = best.route; second.after = best.after; second.delta = best.delta; second.unload = best.unload; }
      best.route = k; best.after = scratch.after; best.delta = routeBest; best.unload = scratch.unload;
    } else if (second && routeBest < second.delta) {
      second.route = k; second.after = scratch.after; second.delta = routeBest; second.unload = scratch.unload;
    }
  }
}
