import type { Instance } from './instance.js';
import { cloneRoute, departureOf, emptyRoute, normalizeTrips, updateRoute, type Route } from './route.js';
import type { VrptwSolution } from './types.js';

/** Working solution: one route per vehicle, where each customer is, and who is left over. */
export interface Sol {
  routes: Route[];
  /** per node: route index, -1 when not routed */
  routeOf: Int32Array;
  /** per node: position in its route's seq */
  posOf: Int32Array;
  unassigned: number[];
  /** undo log of the current trial (see beginTrial); null when not recording */
  journal: Journal | null;
}

/** Copies of the routes touched since beginTrial, and the unassigned list at that time. */
export interface Journal {
  saved: Map<number, Route>;
  unassigned: number[];
}

/** Starts recording changes so that rollback can undo them cheaply (only touched routes are copied). */
export function beginTrial(s: Sol): void {
  s.journal = { saved: new Map(), unassigned: s.unassigned.slice() };
}

/** Must be called before route k is modified while a trial is recorded. */
export function touchRoute(s: Sol, k: number): void {
  if (s.journal && !s.journal.saved.has(k)) s.journal.saved.set(k, cloneRoute(s.routes[k]));
}

/** Keeps the changes of the trial. */
export function commitTrial(s: Sol): void {
  s.journal = null;
}

/** Undoes every change since beginTrial. */
export function rollbackTrial(s: Sol): void {
  const j = s.journal;
  if (!j) return;
  for (const c of s.unassigned) s.routeOf[c] = -1;
  for (const c of j.unassigned) s.routeOf[c] = -1;
  for (const [k, r] of j.saved) {
    s.routes[k] = r;
    for (let p = 1; p < r.seq.length - 1; p++) {
      s.routeOf[r.seq[p]] = k;
      s.posOf[r.seq[p]] = p;
    }
  }
  s.unassigned = j.unassigned;
  s.journal = null;
}

/** A solution with every vehicle empty and every customer unassigned. */
export function emptySol(inst: Instance): Sol {
  const routes = inst.vehicles.map((_, k) => emptyRoute(inst, k));
  return { routes, routeOf: new Int32Array(inst.n).fill(-1), posOf: new Int32Array(inst.n), unassigned: [...inst.customers], journal: null };
}

/**
 * Recomputes route k's cache and the position index of its customers (multi-trip: tidies unloads
 * first, and with `merge` also joins trips that fit in one; see normalizeTrips).
 */
export function refreshRoute(inst: Instance, s: Sol, k: number, merge = false): void {
  const r = s.routes[k];
  if (inst.unload >= 0) normalizeTrips(inst, r, merge);
  updateRoute(inst, r);
  for (let p = 1; p < r.seq.length - 1; p++) {
    s.routeOf[r.seq[p]] = k;
    s.posOf[r.seq[p]] = p;
  }
}

/** Total route cost. */
export function solCost(s: Sol): number {
  let c = 0;
  for (const r of s.routes) c += r.cost;
  return c;
}

/** Live repair: customers routed on another vehicle than in the previous plan. O(customers). */
export function movedCount(inst: Instance, s: Sol): number {
  const prev = inst.prevVehicle;
  if (!prev) return 0;
  let moved = 0;
  for (const c of inst.customers) if (prev[c] >= 0 && s.routeOf[c] >= 0 && s.routeOf[c] !== prev[c]) moved++;
  return moved;
}

/** Route cost plus the move penalty (live repair): what the search minimises once all it can is served. */
export function penalisedCost(inst: Instance, s: Sol): number {
  return inst.movePenalty > 0 ? solCost(s) + inst.movePenalty * movedCount(inst, s) : solCost(s);
}

/** Search objective: cost plus a penalty per unserved customer that outweighs any route cost change. */
export function objective(inst: Instance, s: Sol): number {
  return penalisedCost(inst, s) + inst.penalty * s.unassigned.length;
}

/** Whether a is better than b: fewer unserved customers first, then lower (penalised) cost. */
export function better(inst: Instance, a: Sol, b: Sol): boolean {
  if (a.unassigned.length !== b.unassigned.length) return a.unassigned.length < b.unassigned.length;
  return penalisedCost(inst, a) < penalisedCost(inst, b) - 1e-9;
}

/** Deep copy. */
export function cloneSol(s: Sol): Sol {
  return { routes: s.routes.map(cloneRoute), routeOf: s.routeOf.slice(), posOf: s.posOf.slice(), unassigned: s.unassigned.slice(), journal: null };
}

/**
 * Inserts customer c into route k after position p (cache refreshed); multi-trip: unload 1 puts an
 * unload visit just before c, 2 just after.
 */
export function insertCustomer(inst: Instance, s: Sol, c: number, k: number, p: number, unload = 0): void {
  touchRoute(s, k);
  const seq = s.routes[k].seq;
  if (unload === 0) seq.splice(p + 1, 0, c);
  else if (unload === 1) seq.splice(p + 1, 0, inst.unload, c);
  else seq.splice(p + 1, 0, c, inst.unload);
  refreshRoute(inst, s, k);
}

/** Converts to the public plain shape. */
export function toSolution(s: Sol, inst?: Instance): VrptwSolution {
  return {
    routes: s.routes.map((r) => r.seq.slice(1, -1)),
    cost: solCost(s),
    unassigned: s.unassigned.slice().sort((a, b) => a - b),
    ...(inst?.prevVehicle ? { moved: movedCount(inst, s) } : {}),
    ...(inst?.workLimit ? { departures: s.routes.map((r) => departureOf(inst, r)) } : {}),
  };
}
