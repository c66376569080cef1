/**
 * Independent feasibility checker for VRPTW solutions. It re-derives everything from the problem
 * and the routes, and deliberately shares no code with the solver (types only).
 */
import type { VrptwProblem, VrptwSolution } from '../../../optimizer/vrptw/types.js';

export interface CheckReport {
  ok: boolean;
  errors: string[];
  /** cost recomputed from the routes */
  cost: number;
  /** non-empty routes */
  vehicles: number;
}

const TOL = 1e-6;

/**
 * Checks coverage, capacity, time windows, horizon and the reported cost. With `unloadNode`, a route
 * may list that node: the truck drives there, waits for its window, takes its service time and
 * continues empty; capacity then holds per trip. A vehicle with `maxWork` leaves at the time the
 * solution gives in `departures` (not before its startTime) and is back at its end node within maxWork.
 */
export function checkVrptw(p: VrptwProblem, sol: VrptwSolution): CheckReport {
  const errors: string[] = [];
  const n = p.n;
  const costM = p.cost ?? p.time;
  const customers = p.customers ?? Array.from({ length: n - 1 }, (_, i) => i + 1);
  const isCustomer = new Set(customers);
  const fleet = p.vehicles ?? Array.from({ length: p.maxVehicles }, () => ({ start: 0, startTime: p.ready[0], initialLoad: 0 }));
  const defaultHorizon = p.horizon ?? p.due[0];
  if (sol.routes.length !== fleet.length) errors.push(`expected ${fleet.length} routes (one per vehicle), got ${sol.routes.length}`);
  const seen = new Map<number, string>();
  const note = (c: number, where: string): void => {
    if (!isCustomer.has(c)) errors.push(`${where}: node ${c} is not a customer`);
    const before = seen.get(c);
    if (before !== undefined) errors.push(`customer ${c} appears twice (${before} and ${where})`);
    seen.set(c, where);
  };
  let total = 0;
  let used = 0;
  const unload = p.unloadNode;
  sol.routes.forEach((route, k) => {
    route.forEach((c) => { if (c !== unload || unload === undefined) note(c, `route ${k}`); });
    if (route.length === 0 || k >= fleet.length) return;
    used++;
    const v = fleet[k] as { start: number; startTime: number; initialLoad: number; end?: number; capacity?: number; horizon?: number; maxWork?: number };
    const end = v.end ?? 0;
    const cap = v.capacity ?? p.capacity;
    const horizon = v.horizon ?? defaultHorizon;
    let load = v.initialLoad;
    let t = v.startTime;
    if (v.maxWork !== undefined) {
      const leave = sol.departures?.[k];
      if (leave === undefined || !(leave >= v.startTime - TOL)) errors.push(`route ${k}: departure ${leave} missing or before the start time ${v.startTime}`);
      else t = leave;
    }
    const left = t;
    let prev = v.start;
    let leaveService = 0;
    let trip = 0;
    for (const c of route) {
      const isUnload = unload !== undefined && c === unload;
      if (isUnload) {
        if (load > cap + TOL) errors.push(`route ${k}: trip ${trip} load ${load} exceeds capacity ${cap}`);
        load = 0;
        trip++;
      } else {
        load += p.demand[c];
      }
      const arrive = t + leaveService + p.time[prev * n + c];
      if (arrive > p.due[c] + TOL) errors.push(`route ${k}: arrives at ${isUnload ? 'the unload node ' : ''}${c} at ${arrive}, after its due time ${p.due[c]}`);
      t = Math.max(arrive, p.ready[c]);
      total += costM[prev * n + c];
      leaveService = p.service[c];
      prev = c;
    }
    const back = t + leaveService + p.time[prev * n + end];
    if (back > horizon + TOL) errors.push(`route ${k}: back at end node ${end} at ${back}, after the horizon ${horizon}`);
    if (v.maxWork !== undefined && back - left > v.maxWork + TOL) errors.push(`route ${k}: works ${back - left} from leaving to the end node, more than maxWork ${v.maxWork}`);
    total += costM[prev * n + end];
    if (load > cap + TOL) errors.push(`route ${k}: ${trip > 0 ? `trip ${trip} ` : ''}load ${load} exceeds capacity ${cap}`);
  });
  sol.unassigned.forEach((c) => note(c, 'unassigned'));
  for (const c of customers) if (!seen.has(c)) errors.push(`customer ${c} is neither routed nor listed unassigned`);
  if (Math.abs(total - sol.cost) > TOL * Math.max(1, Math.abs(total))) errors.push(`reported cost ${sol.cost} but routes cost ${total}`);
  return { ok: errors.length === 0, errors, cost: total, vehicles: used };
}

/**
 * Whether customer c could be served alone by some vehicle that the solution leaves unused: a
 * solver that lists such a customer as unassigned dropped it without reason.
 */
export function servableByIdleVehicle(p: VrptwProblem, sol: VrptwSolution, c: number): boolean {
  const n = p.n;
  const fleet = p.vehicles ?? Array.from({ length: p.maxVehicles }, () => ({ start: 0, startTime: p.ready[0], initialLoad: 0 }));
  return fleet.some((v0, k) => {
    if ((sol.routes[k] ?? []).length > 0) return false;
    const v = v0 as { start: number; startTime: number; initialLoad: number; end?: number; capacity?: number; horizon?: number; maxWork?: number };
    const cap = v.capacity ?? p.capacity;
    if (p.demand[c] > cap + TOL) return false;
    let t = v.startTime;
    let from = v.start;
    // with a working-time limit the truck leaves late enough not to wait: it works drive + service
    let busy = 0;
    if (v.initialLoad + p.demand[c] > cap + TOL) {
      // too full for c: only possible by unloading first
      const u = p.unloadNode;
      if (u === undefined) return false;
      const atU = t + p.time[from * n + u];
      if (atU > p.due[u] + TOL) return false;
      t = Math.max(atU, p.ready[u]) + p.service[u];
      busy += p.time[from * n + u] + p.service[u];
      from = u;
    }
    const arrive = t + p.time[from * n + c];
    if (arrive > p.due[c] + TOL) return false;
    const back = Math.max(arrive, p.ready[c]) + p.service[c] + p.time[c * n + (v.end ?? 0)];
    busy += p.time[from * n + c] + p.service[c] + p.time[c * n + (v.end ?? 0)];
    if (v.maxWork !== undefined && busy > v.maxWork + TOL) return false;
    return back <= (v.horizon ?? p.horizon ?? p.due[0]) + TOL;
  });
}
