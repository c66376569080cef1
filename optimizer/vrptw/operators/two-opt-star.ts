import { EPS, type Instance } from '../instance.js';
import { refreshRoute, type Sol } from '../solution.js';
import { movePenaltyDelta, record, scheduleFeasible, spliced, type Move, type Operator } from './common.js';

/**
 * 2-opt*: for u in route A and v in route B, A keeps its head up to u and continues with v and B's
 * tail; B keeps its head before v and continues with A's tail after u. Creates the arc (u, v).
 * Only between vehicles with the same end node and horizon, so tails keep their cached slack.
 */
export function twoOptStarGain(inst: Instance, s: Sol, u: number, v: number): number {
  const r1 = s.routeOf[u], r2 = s.routeOf[v];
  if (r1 === r2) return -Infinity;
  const va = inst.vehicles[r1], vb = inst.vehicles[r2];
  if (va.end !== vb.end || va.horizon !== vb.horizon) return -Infinity;
  const A = s.routes[r1], B = s.routes[r2];
  const i = s.posOf[u], j = s.posOf[v];
  const lastA = A.seq.length - 1, lastB = B.seq.length - 1;
  const { n, cost } = inst;
  const newA = A.cumCost[i] + cost[u * n + v] + B.cumCost[lastB] - B.cumCost[j];
  const emptyB = j === 1 && i + 1 === lastA;
  const newB = emptyB ? 0 : B.cumCost[j - 1] + cost[B.seq[j - 1] * n + A.seq[i + 1]] + A.cumCost[lastA] - A.cumCost[i + 1];
  return A.cost + B.cost - newA - newB;
}

/** Capacity and time feasibility of the 2-opt* exchange at (u, v). O(1). */
export function twoOptStarFeasible(inst: Instance, s: Sol, u: number, v: number): boolean {
  const r1 = s.routeOf[u], r2 = s.routeOf[v];
  const A = s.routes[r1], B = s.routes[r2];
  const i = s.posOf[u], j = s.posOf[v];
  const { n, time, service } = inst;
  if (inst.unload >= 0) {
    const lastA = A.seq.length - 1, lastB = B.seq.length - 1;
    return scheduleFeasible(inst, r1, spliced(A.seq, i, lastA, B.seq, j, lastB - 1))
      && scheduleFeasible(inst, r2, spliced(B.seq, j - 1, lastB, A.seq, i + 1, lastA - 1));
  }
  const loadA = A.cumLoad[A.seq.length - 1], loadB = B.cumLoad[B.seq.length - 1];
  if (A.cumLoad[i] + loadB - B.cumLoad[j - 1] > inst.vehicles[r1].free + EPS) return false;
  if (B.cumLoad[j - 1] + loadA - A.cumLoad[i] > inst.vehicles[r2].free + EPS) return false;
  if (A.earliest[i] + service[u] + time[u * n + v] > B.latest[j] + EPS) return false;
  const x = B.seq[j - 1], y = A.seq[i + 1];
  return B.earliest[j - 1] + (j - 1 === 0 ? 0 : service[x]) + time[x * n + y] <= A.latest[i + 1] + EPS;
}

export const twoOptStar: Operator = {
  name: '2-opt*',
  evaluate(inst: Instance, s: Sol, u: number, v: number, best: Move): void {
    let gain = twoOptStarGain(inst, s, u, v);
    if (gain > best.gain && inst.movePenalty > 0) {
      const r1 = s.routeOf[u], r2 = s.routeOf[v];
      const A = s.routes[r1].seq, B = s.routes[r2].seq;
      gain -= movePenaltyDelta(inst, A, s.posOf[u] + 1, A.length - 2, r1, r2) + movePenaltyDelta(inst, B, s.posOf[v], B.length - 2, r2, r1);
    }
    if (gain > best.gain && twoOptStarFeasible(inst, s, u, v)) {
      record(best, twoOptStar, gain, s.routeOf[u], s.routeOf[v], s.posOf[u], s.posOf[v], 0, 0);
    }
  },
  apply(inst: Instance, s: Sol, m: Move): void {
    const A = s.routes[m.r1].seq, B = s.routes[m.r2].seq;
    const tailA = A.slice(m.i + 1, -1);
    const tailB = B.slice(m.j, -1);
    s.routes[m.r1].seq = [...A.slice(0, m.i + 1), ...tailB, A[A.length - 1]];
    s.routes[m.r2].seq = [...B.slice(0, m.j), ...tailA, B[B.length - 1]];
    refreshRoute(inst, s, m.r1);
    refreshRoute(inst, s, m.r2);
  },
};
