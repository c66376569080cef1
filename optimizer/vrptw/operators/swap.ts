import { EPS, type Instance } from '../instance.js';
import { spliceCost } from '../route.js';
import { refreshRoute, type Sol } from '../solution.js';
import { movePenaltyDelta, record, swappedFeasible, scheduleFeasible, type Move, type Operator } from './common.js';

/** Gain of exchanging customers u and v (any routes; not adjacent in one route), from arc costs. */
export function swapGain(inst: Instance, s: Sol, u: number, v: number): number {
  const r1 = s.routeOf[u], r2 = s.routeOf[v];
  const i = s.posOf[u], j = s.posOf[v];
  if (r1 === r2 && Math.abs(i - j) < 2) return -Infinity;
  const A = s.routes[r1].seq, B = s.routes[r2].seq;
  const a = A[i - 1], b = A[i + 1], x = B[j - 1], y = B[j + 1];
  const { n, cost } = inst;
  return cost[a * n + u] + cost[u * n + b] - cost[a * n + v] - cost[v * n + b]
    + cost[x * n + v] + cost[v * n + y] - cost[x * n + u] - cost[u * n + y];
}

/** Capacity and time feasibility of exchanging u and v. */
export function swapFeasible(inst: Instance, s: Sol, u: number, v: number): boolean {
  const r1 = s.routeOf[u], r2 = s.routeOf[v];
  const i = s.posOf[u], j = s.posOf[v];
  if (r1 === r2) return swappedFeasible(inst, s, r1, i, j);
  const A = s.routes[r1], B = s.routes[r2];
  if (inst.unload >= 0) {
    const a = A.seq.slice(), b = B.seq.slice();
    a[i] = v;
    b[j] = u;
    return scheduleFeasible(inst, r1, a) && scheduleFeasible(inst, r2, b);
  }
  const d = inst.demand[v] - inst.demand[u];
  if (A.cumLoad[A.seq.length - 1] + d > inst.vehicles[r1].free + EPS) return false;
  if (B.cumLoad[B.seq.length - 1] - d > inst.vehicles[r2].free + EPS) return false;
  return spliceCost(inst, A, i - 1, i + 1, B.seq, j, j) !== Infinity
    && spliceCost(inst, B, j - 1, j + 1, A.seq, i, i) !== Infinity;
}

/** Swap: exchange customers u and v. */
export const swap: Operator = {
  name: 'swap',
  evaluate(inst: Instance, s: Sol, u: number, v: number, best: Move): void {
    let gain = swapGain(inst, s, u, v);
    if (gain > best.gain && inst.movePenalty > 0) {
      const r1 = s.routeOf[u], r2 = s.routeOf[v];
      gain -= movePenaltyDelta(inst, [u, v], 0, 0, r1, r2) + movePenaltyDelta(inst, [u, v], 1, 1, r2, r1);
    }
    if (gain > best.gain && swapFeasible(inst, s, u, v)) record(best, swap, gain, s.routeOf[u], s.routeOf[v], s.posOf[u], s.posOf[v], 1, 1);
  },
  apply(inst: Instance, s: Sol, m: Move): void {
    const A = s.routes[m.r1].seq, B = s.routes[m.r2].seq;
    const t = A[m.i];
    A[m.i] = B[m.j];
    B[m.j] = t;
    refreshRoute(inst, s, m.r1);
    if (m.r2 !== m.r1) refreshRoute(inst, s, m.r2);
  },
};
