import { EPS, type Instance } from '../instance.js';
import { size, spliceCost } from '../route.js';
import { refreshRoute, type Sol } from '../solution.js';
import { movedFeasible, movePenaltyDelta, moveWithin, record, scheduleFeasible, spliced, type Move, type Operator } from './common.js';

/**
 * Gain of moving the `len` customers starting at u to just after position `after` of route r2
 * (r2 may be u's own route). Computed from arc costs only; -Infinity when the move is not defined.
 */
export function segmentMoveGain(inst: Instance, s: Sol, u: number, len: number, r2: number, after: number): number {
  const r1 = s.routeOf[u];
  const A = s.routes[r1].seq;
  const B = s.routes[r2].seq;
  const i = s.posOf[u];
  const last = i + len - 1;
  if (last > A.length - 2) return -Infinity;
  if (r1 === r2 && after >= i - 1 && after <= last) return -Infinity;
  const { n, cost } = inst;
  const a = A[i - 1], f = A[i], g = A[last], b = A[last + 1];
  const x = B[after], y = B[after + 1];
  let gain = cost[a * n + f] + cost[g * n + b] - cost[a * n + b] + cost[x * n + y] - cost[x * n + f] - cost[g * n + y];
  // an emptied route costs nothing, not its start->end arc
  if (r1 !== r2 && len === size(s.routes[r1])) gain += cost[a * n + b];
  return gain;
}

/** Capacity and time feasibility of the segment move described for segmentMoveGain. */
export function segmentMoveFeasible(inst: Instance, s: Sol, u: number, len: number, r2: number, after: number): boolean {
  const r1 = s.routeOf[u];
  const i = s.posOf[u];
  if (r1 === r2) return movedFeasible(inst, s, r1, i, len, after);
  const A = s.routes[r1];
  const B = s.routes[r2];
  if (inst.unload >= 0) {
    return scheduleFeasible(inst, r1, spliced(A.seq, i - 1, i + len, A.seq, 0, -1))
      && scheduleFeasible(inst, r2, spliced(B.seq, after, after + 1, A.seq, i, i + len - 1));
  }
  const segLoad = A.cumLoad[i + len - 1] - A.cumLoad[i - 1];
  if (B.cumLoad[B.seq.length - 1] + segLoad > inst.vehicles[r2].free + EPS) return false;
  if (len < size(A) && spliceCost(inst, A, i - 1, i + len, A.seq, 0, -1) === Infinity) return false;
  return spliceCost(inst, B, after, after + 1, A.seq, i, i + len - 1) !== Infinity;
}

/** Performs the move (m.i = position of u, m.l1 = length, m.r2/m.j = target route and position). */
export function applySegmentMove(inst: Instance, s: Sol, m: Move): void {
  if (m.r1 === m.r2) {
    moveWithin(s.routes[m.r1].seq, m.i, m.l1, m.j);
    refreshRoute(inst, s, m.r1);
    return;
  }
  const seg = s.routes[m.r1].seq.splice(m.i, m.l1);
  s.routes[m.r2].seq.splice(m.j + 1, 0, ...seg);
  refreshRoute(inst, s, m.r1);
  refreshRoute(inst, s, m.r2);
}

/** Tries the segment of `len` starting at u after v and before v; keeps the best improving one. */
export function evaluateSegmentMove(inst: Instance, s: Sol, op: Operator, u: number, len: number, v: number, best: Move): void {
  const r2 = s.routeOf[v];
  const pv = s.posOf[v];
  for (let after = pv - 1; after <= pv; after++) {
    let gain = segmentMoveGain(inst, s, u, len, r2, after);
    if (gain > best.gain && inst.movePenalty > 0) {
      gain -= movePenaltyDelta(inst, s.routes[s.routeOf[u]].seq, s.posOf[u], s.posOf[u] + len - 1, s.routeOf[u], r2);
    }
    if (gain > best.gain && segmentMoveFeasible(inst, s, u, len, r2, after)) {
      record(best, op, gain, s.routeOf[u], r2, s.posOf[u], after, len, 0);
    }
  }
}
