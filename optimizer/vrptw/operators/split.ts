import { EPS, type Instance } from '../instance.js';
import { refreshRoute, type Sol } from '../solution.js';
import { movePenaltyDelta, record, scheduleFeasible, spliced, type Move, type Operator } from './common.js';

/** An unused vehicle that ends where vehicle k ends, by the same horizon, or -1. */
function idleTwin(inst: Instance, s: Sol, k: number): number {
  const v = inst.vehicles[k];
  for (let e = 0; e < s.routes.length; e++) {
    if (s.routes[e].seq.length !== 2) continue;
    const w = inst.vehicles[e];
    if (w.end === v.end && w.horizon === v.horizon) return e;
  }
  return -1;
}

/**
 * Gain of splitting u's route after u: the head stays, the tail goes to idle vehicle e. This is the
 * only move that opens a route, which the distance objective sometimes needs (fewer, longer routes
 * are a deep local optimum on wide-window instances).
 */
export function splitGain(inst: Instance, s: Sol, u: number, e: number): number {
  const { n, cost } = inst;
  const A = s.routes[s.routeOf[u]];
  const i = s.posOf[u];
  const last = A.seq.length - 1;
  if (i + 1 >= last) return -Infinity;
  const endA = A.seq[last];
  const startE = inst.vehicles[e].start;
  const head = A.cumCost[i] + cost[u * n + endA];
  const tail = cost[startE * n + A.seq[i + 1]] + A.cumCost[last] - A.cumCost[i + 1];
  return A.cost - head - tail;
}

/** Capacity and time feasibility of the split into idle vehicle e. O(1). */
export function splitFeasible(inst: Instance, s: Sol, u: number, e: number): boolean {
  const k = s.routeOf[u];
  const A = s.routes[k];
  const i = s.posOf[u];
  const last = A.seq.length - 1;
  const w = inst.vehicles[e];
  const { n, time, service } = inst;
  if (inst.unload >= 0) {
    return scheduleFeasible(inst, k, spliced(A.seq, i, last, A.seq, 0, -1))
      && scheduleFeasible(inst, e, spliced([w.start, w.end], 0, 1, A.seq, i + 1, last - 1));
  }
  if (A.cumLoad[last] - A.cumLoad[i] > w.free + EPS) return false;
  if (A.earliest[i] + service[u] + time[u * n + A.seq[last]] > inst.vehicles[k].horizon + EPS) return false;
  return w.startTime + time[w.start * n + A.seq[i + 1]] <= A.latest[i + 1] + EPS;
}

export const split: Operator = {
  name: 'split',
  evaluate(): void {
    // works on u alone: see evaluateAlone
  },
  evaluateAlone(inst: Instance, s: Sol, u: number, best: Move): void {
    const e = idleTwin(inst, s, s.routeOf[u]);
    if (e < 0) return;
    let gain = splitGain(inst, s, u, e);
    if (gain > best.gain && inst.movePenalty > 0) {
      const A = s.routes[s.routeOf[u]].seq;
      gain -= movePenaltyDelta(inst, A, s.posOf[u] + 1, A.length - 2, s.routeOf[u], e);
    }
    if (gain > best.gain && splitFeasible(inst, s, u, e)) record(best, split, gain, s.routeOf[u], e, s.posOf[u], 0, 0, 0);
  },
  apply(inst: Instance, s: Sol, m: Move): void {
    const A = s.routes[m.r1].seq;
    const E = s.routes[m.r2].seq;
    const tail = A.splice(m.i + 1, A.length - m.i - 2);
    E.splice(1, 0, ...tail);
    refreshRoute(inst, s, m.r1);
    refreshRoute(inst, s, m.r2);
  },
};
