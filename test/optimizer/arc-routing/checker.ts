/**
 * Independent CARP solution checker: written against the public types only, sharing no code with
 * the solver. Returns a list of violations (empty = valid) and the recomputed cost.
 */
import type { CarpProblem, CarpSolution } from '../../../optimizer/arc-routing/types.js';

export interface CarpCheck {
  errors: string[];
  cost: number;
  loads: number[];
  /** per route: time back after its vehicle's timeLeft, recomputed (0 = in time or no limit) */
  late: number[];
}

/** Every required edge serviced exactly once in an allowed direction (or reported unserved), capacity per route, cost recomputed. */
export function checkCarp(p: CarpProblem, s: CarpSolution): CarpCheck {
  const errors: string[] = [];
  const byId = new Map(p.required.map((e) => [e.id, e]));
  const seen = new Map<number, number>();
  let cost = 0;
  const loads: number[] = [];
  const late: number[] = [];
  const starts = p.starts ?? [];
  if (starts.length > 0 && s.routes.length < starts.length) errors.push(`${s.routes.length} routes for ${starts.length} live vehicles`);
  if (p.maxVehicles !== undefined && s.routes.length > p.maxVehicles) errors.push(`${s.routes.length} routes > maxVehicles ${p.maxVehicles}`);
  s.routes.forEach((route, r) => {
    const before = cost;
    let at = r < starts.length ? starts[r].node : p.depot;
    let load = r < starts.length ? starts[r].load : 0;
    for (const step of route) {
      const e = byId.get(step.edgeId);
      if (!e) {
        errors.push(`route ${r}: unknown edge ${step.edgeId}`);
        continue;
      }
      const forward = step.from === e.u && step.to === e.v;
      const backward = step.from === e.v && step.to === e.u;
      if (!forward && !backward) errors.push(`route ${r}: edge ${e.id} given as ${step.from}->${step.to}`);
      if (backward && e.oneway) errors.push(`route ${r}: one-way edge ${e.id} serviced backwards`);
      seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
      cost += (at === step.from ? 0 : p.dist(at, step.from)) + e.serviceCost;
      load += e.demand;
      at = step.to;
    }
    cost += at === p.depot ? 0 : p.dist(at, p.depot);
    if (load > p.capacity + 1e-9) errors.push(`route ${r}: load ${load} > capacity ${p.capacity}`);
    loads.push(load);
    const st = starts[r];
    late.push(st?.timeLeft !== undefined ? Math.max(0, (st.readyTime ?? 0) + (st.slowness ?? 1) * (cost - before) - st.timeLeft) : 0);
  });
  if (starts.some((st) => st.timeLeft !== undefined && st.timeLeft < Infinity)) {
    if (!s.late) errors.push('no lateness reported for vehicles with a time limit');
    late.forEach((l, r) => {
      if (s.late && Math.abs(s.late[r] - l) > 1e-6 * Math.max(1, l)) errors.push(`route ${r}: reported lateness ${s.late[r]} != recomputed ${l}`);
    });
  }
  const left = new Map((s.unserved ?? []).map((u) => [u.edgeId, u.reason]));
  for (const e of p.required) {
    const n = seen.get(e.id) ?? 0;
    if (left.has(e.id)) {
      if (n !== 0) errors.push(`edge ${e.id} reported unserved but serviced ${n} times`);
      if (!left.get(e.id)) errors.push(`edge ${e.id} unserved without a reason`);
    } else if (n !== 1) errors.push(`edge ${e.id} serviced ${n} times`);
  }
  if (Math.abs(cost - s.cost) > 1e-6 * Math.max(1, cost)) errors.push(`reported cost ${s.cost} != recomputed ${cost}`);
  return { errors, cost, loads, late };
}
