/** Cost and load of internal routes (arrays of oriented task ids) and conversion to a CarpSolution. */
import { lateOf, startPt, type CarpInst } from './instance.js';
import type { CarpSolution } from './types.js';

/** Service + deadheading of route r, from its start point back to the depot. */
export function routeCost(inst: CarpInst, r: number, seq: readonly number[]): number {
  const { D, nPts, serv } = inst;
  let prev = startPt(inst, r);
  let c = 0;
  for (const t of seq) {
    c += D[prev * nPts + t] + serv[t >> 1];
    prev = t;
  }
  return c + D[prev * nPts + inst.depotPt];
}

/** Load of route r, including what a live vehicle already carries. */
export function routeLoad(inst: CarpInst, r: number, seq: readonly number[]): number {
  let l = r < inst.nStarts ? inst.startLoad[r] : 0;
  for (const t of seq) l += inst.dem[t >> 1];
  return l;
}

/** Service + deadheading of a set of routes. */
export function plainCost(inst: CarpInst, routes: readonly (readonly number[])[]): number {
  let c = 0;
  routes.forEach((seq, r) => {
    if (seq.length > 0 || r < inst.nStarts) c += routeCost(inst, r, seq);
  });
  return c;
}

/** What the solver minimises: service + deadheading, plus the lateness price of live routes (if any). */
export function totalCost(inst: CarpInst, routes: readonly (readonly number[])[]): number {
  if (inst.lateCost === 0) return plainCost(inst, routes);
  let c = 0;
  routes.forEach((seq, r) => {
    if (seq.length === 0 && r >= inst.nStarts) return;
    const rc = routeCost(inst, r, seq);
    c += rc + inst.lateCost * lateOf(inst, r, rc);
  });
  return c;
}

/** Drops empty depot routes (live vehicles keep their slot, even empty). */
export function compactRoutes(inst: CarpInst, routes: number[][]): number[][] {
  return routes.filter((seq, r) => r < inst.nStarts || seq.length > 0);
}

/** Converts internal routes to the public solution shape. */
export function toSolution(inst: CarpInst, routes: number[][]): CarpSolution {
  const compact = compactRoutes(inst, routes);
  const sol: CarpSolution = {
    routes: compact.map((seq) => seq.map((t) => ({ edgeId: inst.edgeId[t >> 1], from: inst.head[t], to: inst.tail[t] }))),
    cost: plainCost(inst, compact),
    loads: compact.map((seq, r) => routeLoad(inst, r, seq)),
  };
  if (inst.limit.some((l) => l < Infinity)) sol.late = compact.map((seq, r) => lateOf(inst, r, routeCost(inst, r, seq)));
  if (inst.unserved.length > 0) sol.unserved = inst.unserved;
  return sol;
}
