import { EPS, type Instance } from '../instance.js';
import { spliceCost } from '../route.js';
import { refreshRoute, type Sol } from '../solution.js';
import { movePenaltyDelta, record, scheduleFeasible, spliced, type Move, type Operator } from './common.js';

const MAX_LEN = 3;

/**
 * Cross-exchange: the string of l1 customers starting at u (route A) trades places with the string
 * of l2 customers right after v (route B), creating the arc (v, u). Orders inside strings are kept.
 */
export function crossGain(inst: Instance, s: Sol, u: number, l1: number, v: number, l2: number): number {
  const r1 = s.routeOf[u], r2 = s.routeOf[v];
  if (r1 === r2) return -Infinity;
  const A = s.routes[r1].seq, B = s.routes[r2].seq;
  const i = s.posOf[u], j = s.posOf[v];
  if (i + l1 - 1 > A.length - 2 || j + l2 > B.length - 2) return -Infinity;
  const { n, cost } = inst;
  const a = A[i - 1], g1 = A[i + l1 - 1], b = A[i + l1];
  const f2 = B[j + 1], g2 = B[j + l2], y = B[j + l2 + 1];
  return cost[a * n + u] + cost[g1 * n + b] + cost[v * n + f2] + cost[g2 * n + y]
    - cost[a * n + f2] - cost[g2 * n + b] - cost[v * n + u] - cost[g1 * n + y];
}

/** Capacity and time feasibility of the cross-exchange. O(l1 + l2). */
export function crossFeasible(inst: Instance, s: Sol, u: number, l1: number, v: number, l2: number): boolean {
  const r1 = s.routeOf[u], r2 = s.routeOf[v];
  const A = s.routes[r1], B = s.routes[r2];
  const i = s.posOf[u], j = s.posOf[v];
  if (inst.unload >= 0) {
    return scheduleFeasible(inst, r1, spliced(A.seq, i - 1, i + l1, B.seq, j + 1, j + l2))
      && scheduleFeasible(inst, r2, spliced(B.seq, j, j + l2 + 1, A.seq, i, i + l1 - 1));
  }
  const segA = A.cumLoad[i + l1 - 1] - A.cumLoad[i - 1];
  const segB = B.cumLoad[j + l2] - B.cumLoad[j];
  if (A.cumLoad[A.seq.length - 1] - segA + segB > inst.vehicles[r1].free + EPS) return false;
  if (B.cumLoad[B.seq.length - 1] - segB + segA > inst.vehicles[r2].free + EPS) return false;
  return spliceCost(inst, A, i - 1, i + l1, B.seq, j + 1, j + l2) !== Infinity
    && spliceCost(inst, B, j, j + l2 + 1, A.seq, i, i + l1 - 1) !== Infinity;
}

export const crossExchange: Operator = {
  name: 'cross-exchange',
  evaluate(inst: Instance, s: Sol, u: number, v: number, best: Move): void {
    for (let l1 = 1; l1 <= MAX_LEN; l1++) {
      for (let l2 = 1; l2 <= MAX_LEN; l2++) {
        let gain = crossGain(inst, s, u, l1, v, l2);
        if (gain > best.gain && inst.movePenalty > 0) {
          const r1 = s.routeOf[u], r2 = s.routeOf[v], i = s.posOf[u], j = s.posOf[v];
          gain -= movePenaltyDelta(inst, s.routes[r1].seq, i, i + l1 - 1, r1, r2) + movePenaltyDelta(inst, s.routes[r2].seq, j + 1, j + l2, r2, r1);
        }
        if (gain > best.gain && crossFeasible(inst, s, u, l1, v, l2)) {
          record(best, crossExchange, gain, s.routeOf[u], s.routeOf[v], s.posOf[u], s.posOf[v], l1, l2);
        }
      }
    }
  },
  apply(inst: Instance, s: Sol, m: Move): void {
    const A = s.routes[m.r1].seq, B = s.routes[m.r2].seq;
    const segB = B.splice(m.j + 1, m.l2);
    const segA = A.splice(m.i, m.l1, ...segB);
    B.splice(m.j + 1, 0, ...segA);
    refreshRoute(inst, s, m.r1);
    refreshRoute(inst, s, m.r2);
  },
};
