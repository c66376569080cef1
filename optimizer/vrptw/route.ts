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
  /**
   * load collected up to and including each position (initial load excluded); multi-trip: since the
   * last unload visit (0 at an unload position)
   */
  cumLoad: number[];
  /**
   * multi-trip only (empty otherwise): room left on the trip that a customer inserted after each
   * position joins (for an unload position, the trip that follows it)
   */
  room: number[];
  /** multi-trip only: load that trip collects after each position */
  rest: number[];
  /**
   * working-time limit only (empty otherwise, see updateWork): drive[p] = travel and service from the
   * start to the begin of service at p, no waiting; preG/sufG = max of ready - drive over customers and
   * unloads up to / from p; preLat[p] = min of due - drive over the positions before p
   */
  drive: number[];
  preG: number[];
  sufG: number[];
  preLat: number[];
  /** route cost (0 when empty) */
  cost: number;
}

/** An empty route for vehicle k. */
export function emptyRoute(inst: Instance, k: number): Route {
  const v = inst.vehicles[k];
  const r: Route = { vehicle: k, seq: [v.start, v.end], earliest: [], latest: [], cumCost: [], cumLoad: [], room: [], rest: [], drive: [], preG: [], sufG: [], preLat: [], cost: 0 };
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
  if (inst.unload >= 0) {
    updateTrips(inst, r);
    if (inst.workLimit && Number.isFinite(v.maxWork)) updateWork(inst, r);
  }
}

/*
 * Working time. With drive D[q] (travel and service from the start to q, no waiting), a route left at
 * time d ends at max(d + A, B) with A = D[end] and B = A + max over stops q of (ready[q] - D[q]) = A + G,
 * and it can leave no later than L = min over q of (due[q] - D[q]) (horizon at the end). Leaving as
 * late as that gives the shortest day: max(A, B - L). The cached prefix/suffix values make this O(1)
 * for an insertion.
 */

/** Caches the per-position values of the working-time check (see the note above). O(route length). */
function updateWork(inst: Instance, r: Route): void {
  const { n, time, service, ready, due } = inst;
  const seq = r.seq;
  const len = seq.length;
  const last = len - 1;
  const { drive, preG, sufG, preLat } = r;
  resize(drive, len);
  resize(preG, len);
  resize(sufG, len);
  resize(preLat, len);
  let d = 0, g = -Infinity, lat = Infinity;
  drive[0] = 0;
  preG[0] = -Infinity;
  preLat[0] = Infinity;
  for (let p = 1; p < len; p++) {
    d += (p === 1 ? 0 : service[seq[p - 1]]) + time[seq[p - 1] * n + seq[p]];
    drive[p] = d;
    preLat[p] = lat;
    if (p < last) {
      if (due[seq[p]] - d < lat) lat = due[seq[p]] - d;
      if (ready[seq[p]] - d > g) g = ready[seq[p]] - d;
    }
    preG[p] = g;
  }
  g = -Infinity;
  sufG[last] = g;
  for (let p = last - 1; p >= 0; p--) {
    if (p > 0 && ready[seq[p]] - drive[p] > g) g = ready[seq[p]] - drive[p];
    sufG[p] = g;
  }
}

/** Shortest working day of a full sequence (start..end) driven by vehicle k (see the note above). O(length). */
export function workOf(inst: Instance, k: number, seq: ArrayLike<number>): number {
  const { n, time, service, ready, due } = inst;
  const last = seq.length - 1;
  let d = 0, g = -Infinity, lat = Infinity;
  for (let p = 1; p <= last; p++) {
    d += (p === 1 ? 0 : service[seq[p - 1]]) + time[seq[p - 1] * n + seq[p]];
    if (p === last) break;
    if (due[seq[p]] - d < lat) lat = due[seq[p]] - d;
    if (ready[seq[p]] - d > g) g = ready[seq[p]] - d;
  }
  lat = Math.min(lat, inst.vehicles[k].horizon - d);
  return Math.max(d, d + g - lat);
}

/**
 * Shortest working day of route r with `first` then `second` (either may be -1: left out) put between
 * positions p and p+1; the caller has checked the time windows. Needs the cache of updateWork. O(1).
 */
export function workAfterInsert(inst: Instance, r: Route, p: number, first: number, second: number): number {
  const { n, time, service, ready, due } = inst;
  const seq = r.seq;
  const a = seq[p], b = seq[p + 1];
  let d = r.drive[p];
  let prev = a;
  let svc = p === 0 ? 0 : service[a];
  let g = -Infinity;
  for (let i = 0; i < 2; i++) {
    const x = i === 0 ? first : second;
    if (x < 0) continue;
    d += svc + time[prev * n + x];
    if (ready[x] - d > g) g = ready[x] - d;
    prev = x;
    svc = service[x];
  }
  const last = seq.length - 1;
  const A = r.drive[last];
  const A2 = A + d + svc + time[prev * n + b] - r.drive[p + 1];
  // latest begin at p with the new stops, from the unchanged latest begin at p+1
  let l = r.latest[p + 1];
  let next = b;
  for (let i = 1; i >= 0; i--) {
    const x = i === 0 ? first : second;
    if (x < 0) continue;
    l = Math.min(due[x], l - service[x] - time[x * n + next]);
    next = x;
  }
  l -= (p === 0 ? 0 : service[a]) + time[a * n + next];
  if (p > 0 && due[a] < l) l = due[a];
  const leave = Math.min(r.preLat[p], l - r.drive[p]);
  const B = Math.max(A2 + r.preG[p], A2 + g, A + r.sufG[p + 1]);
  return Math.max(A2, B - leave);
}

/** When vehicle k leaves on route r: late enough not to wait on the road, as its windows allow. */
export function departureOf(inst: Instance, r: Route): number {
  const v = inst.vehicles[r.vehicle];
  if (r.seq.length === 2 || !Number.isFinite(v.maxWork)) return v.startTime;
  return Math.min(r.latest[0], Math.max(v.startTime, r.sufG[1]));
}

/** Multi-trip: per-trip loads (cumLoad restarts after each unload visit), room and rest per position. */
function updateTrips(inst: Instance, r: Route): void {
  const { seq, cumLoad } = r;
  const len = seq.length;
  const u = inst.unload;
  const v = inst.vehicles[r.vehicle];
  resize(r.room, len);
  resize(r.rest, len);
  let load = 0;
  for (let p = 1; p < len - 1; p++) {
    load = seq[p] === u ? 0 : load + inst.demand[seq[p]];
    cumLoad[p] = load;
  }
  cumLoad[len - 1] = load;
  // trips: [0, first unload) on top of the initial load, then from each unload position to the next
  let from = 0;
  for (let p = 1; p < len; p++) {
    if (p < len - 1 && seq[p] !== u) continue;
    const total = cumLoad[p - 1];
    const room = (from === 0 ? v.free : v.capacity) - total;
    for (let q = from; q < p; q++) { r.rest[q] = total - cumLoad[q]; r.room[q] = room; }
    from = p;
  }
  r.rest[len - 1] = 0;
  r.room[len - 1] = 0;
}

/** Deep copy of a route. */
export function cloneRoute(r: Route): Route {
  return {
    vehicle: r.vehicle, seq: r.seq.slice(), earliest: r.earliest.slice(), latest: r.latest.slice(),
    cumCost: r.cumCost.slice(), cumLoad: r.cumLoad.slice(), room: r.room.slice(), rest: r.rest.slice(),
    drive: r.drive.slice(), preG: r.preG.slice(), sufG: r.sufG.slice(), preLat: r.preLat.slice(), cost: r.cost,
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

/**
 * Multi-trip: time windows, horizon, the load of every trip and the working time of a full sequence
 * (start..end) driven by vehicle k. O(sequence length).
 */
export function tripsFeasible(inst: Instance, k: number, seq: ArrayLike<number>): boolean {
  const { n, time, ready, due, service, demand } = inst;
  const v = inst.vehicles[k];
  const u = inst.unload;
  let t = v.startTime;
  let room = v.free;
  const last = seq.length - 1;
  for (let p = 1; p <= last; p++) {
    const a = seq[p - 1];
    const b = seq[p];
    t += (p === 1 ? 0 : service[a]) + time[a * n + b];
    if (p === last) return t <= v.horizon + EPS && (v.maxWork === Infinity || workOf(inst, k, seq) <= v.maxWork + EPS);
    if (t > due[b] + EPS) return false;
    if (t < ready[b]) t = ready[b];
    if (b === u) room = v.capacity;
    else if ((room -= demand[b]) < -EPS) return false;
  }
  return true;
}

/**
 * Multi-trip: drops unload visits that do nothing (an empty truck, twice in a row, just before an end
 * at the unload node, a route without customers) and, with `merge`, joins neighbouring trips whose
 * loads fit in one. Merging is left to the callers that want it (after a ruin, on the final
 * solution): it moves load forward, which can make the next customers of an unchanged plan no longer
 * fit where they were (warm start), and operators price their moves without it. Falls back to the unchanged sequence if the shorter one breaks a time window (possible only when
 * travel times break the triangle inequality). Call before updateRoute.
 */
export function normalizeTrips(inst: Instance, r: Route, merge = false): void {
  const u = inst.unload;
  const seq = r.seq;
  const v = inst.vehicles[r.vehicle];
  let any = false;
  let customers = 0;
  for (let p = 1; p < seq.length - 1; p++) {
    if (seq[p] === u) any = true;
    else customers++;
  }
  if (!any) return;
  const out: number[] = [seq[0]];
  if (customers > 0) {
    let tripLoad = 0;
    let tripRoom = v.free;
    // index in `out` of the last unload kept, with the load of the trip before it
    let lastU = -1;
    let beforeU = 0;
    let roomBeforeU = 0;
    for (let p = 1; p < seq.length - 1; p++) {
      const x = seq[p];
      if (x !== u) {
        out.push(x);
        tripLoad += inst.demand[x];
        continue;
      }
      const prev = out[out.length - 1];
      if (out.length > 1 && prev === u) continue; // twice in a row
      if (out.length === 1 && v.free >= v.capacity) continue; // nothing on board yet
      if (merge && lastU >= 0 && beforeU + tripLoad <= roomBeforeU + EPS && out.length > 1) {
        // the trip since the last unload fits into the one before: that unload goes
        out.splice(lastU, 1);
        tripLoad += beforeU;
        tripRoom = roomBeforeU;
      }
      lastU = out.length;
      beforeU = tripLoad;
      roomBeforeU = tripRoom;
      out.push(u);
      tripLoad = 0;
      tripRoom = v.capacity;
    }
    // trailing trip
    // an unload with no customer after it is useless, unless the route ends elsewhere (a home garage)
    const trailing = lastU === out.length - 1;
    if (lastU >= 0 && ((trailing && seq[seq.length - 1] === u) || (merge && beforeU + tripLoad <= roomBeforeU + EPS))) out.splice(lastU, 1);
  }
  out.push(seq[seq.length - 1]);
  if (out.length === seq.length) return;
  if (tripsFeasible(inst, r.vehicle, out)) r.seq = out;
}
