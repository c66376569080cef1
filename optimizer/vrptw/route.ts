import { EPS, type Instance } from './instance.js';

/**
 * One vehicle's route with its schedule cached per position, so that moves can be checked in O(1)
 * per inserted node. Position 0 is the start node, positions 1..m the customers, m+1 the end node.
 */
export interface Route {
  vehicle: number;
  /** start, customers..., end */
  seq: number[];
  /** earliest begin of service per position (forward pass; waiting allowed) */
  earliest: number[];
  /** latest begin of service per position that keeps the rest of the route feasible (backward pass) */
  latest: number[];
  /** cost from the start up to each position */
  cumCost: number[];
  /** load collected up to and including each position (initial load excluded) */
  cumLoad: number[];
  /** route cost (0 when empty) */
  cost: number;
}

/** An empty route for vehicle k. */
export function emptyRoute(inst: Instance, k: number): Route {
  const v = inst.vehicles[k];
  const r: Route = { vehicle: k, seq: [v.start, v.end], earliest: [], latest: [], cumCost: [], cumLoad: [], cost: 0 };
  updateRoute(inst, r);
  return r;
}

/** Number of customers on the route. */
export function size(r: Route): number {
  return r.seq.length - 2;
}

/** Sets arr.length to len, growing by push so the array never gets holes (holey arrays are slower). */
function resize(arr: number[], len: number): void {
  if (arr.length > len) arr.length = len;
  while (arr.length < len) arr.push(0);
}

/** Recomputes the cached schedule, loads and costs after r.seq changed. O(route length). */
export function updateRoute(inst: Instance, r: Route): void {
  const { n, time, cost, ready, service, demand, due } = inst;
  const v = inst.vehicles[r.vehicle];
  const seq = r.seq;
  const len = seq.length;
  const earliest = r.earliest, latest = r.latest, cumCost = r.cumCost, cumLoad = r.cumLoad;
  if (earliest.length !== len) {
    resize(earliest, len);
    resize(latest, len);
    resize(cumCost, len);
    resize(cumLoad, len);
  }
  let t = v.startTime;
  let c = 0;
  let load = 0;
  earliest[0] = t;
  cumCost[0] = 0;
  cumLoad[0] = 0;
  let a = seq[0];
  for (let p = 1; p < len; p++) {
    const b = seq[p];
    t += (p === 1 ? 0 : service[a]) + time[a * n + b];
    if (p < len - 1) {
      if (t < ready[b]) t = ready[b];
      load += demand[b];
    }
    c += cost[a * n + b];
    earliest[p] = t;
    cumCost[p] = c;
    cumLoad[p] = load;
    a = b;
  }
  let l = v.horizon;
  latest[len - 1] = l;
  let b = seq[len - 1];
  for (let p = len - 2; p >= 0; p--) {
    const x = seq[p];
    l -= time[x * n + b] + (p === 0 ? 0 : service[x]);
    if (p > 0 && due[x] < l) l = due[x];
    latest[p] = l;
    b = x;
  }
  r.cost = len > 2 ? c : 0;
}

/** Deep copy of a route. */
export function cloneRoute(r: Route): Route {
  return {
    vehicle: r.vehicle, seq: r.seq.slice(), earliest: r.earliest.slice(), latest: r.latest.slice(),
    cumCost: r.cumCost.slice(), cumLoad: r.cumLoad.slice(), cost: r.cost,
  };
}

/**
 * Cost of the arcs that a replacement makes: route r keeps positions 0..p and q..end, and in between
 * gets src[from..to] (inclusive; to < from means nothing, i.e. positions p+1..q-1 are just dropped).
 * Returns Infinity when a time window or the slack of the kept tail is violated. The caller subtracts
 * the cost of what was replaced and checks capacity. O(to - from + 1).
 */
export function spliceCost(inst: Instance, r: Route, p: number, q: number, src: number[], from: number, to: number): number {
  const { n, time, cost, ready, due, service } = inst;
  let prev = r.seq[p];
  let t = r.earliest[p] + (p === 0 ? 0 : service[prev]);
  let c = 0;
  for (let i = from; i <= to; i++) {
    const x = src[i];
    t += time[prev * n + x];
    if (t > due[x] + EPS) return Infinity;
    if (t < ready[x]) t = ready[x];
    t += service[x];
    c += cost[prev * n + x];
    prev = x;
  }
  const next = r.seq[q];
  t += time[prev * n + next];
  if (t > r.latest[q] + EPS) return Infinity;
  return c + cost[prev * n + next];
}
