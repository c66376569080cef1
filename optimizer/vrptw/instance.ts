import type { VrptwOptions, VrptwProblem, VrptwVehicle } from './types.js';

/** Internal, validated view of a problem: one entry per vehicle, neighbour lists precomputed. */
export interface Vehicle {
  start: number;
  end: number;
  startTime: number;
  /** capacity minus the load already on board */
  free: number;
  /** capacity of an empty truck (room on trips after an unload) */
  capacity: number;
  horizon: number;
  /** vehicles with equal kinds are interchangeable when empty (dense index from 0) */
  kind: number;
  /** longest working time from leaving the start to arriving at the end (Infinity: no limit) */
  maxWork: number;
}

export interface Instance {
  n: number;
  time: ArrayLike<number>;
  cost: ArrayLike<number>;
  demand: ArrayLike<number>;
  ready: ArrayLike<number>;
  due: ArrayLike<number>;
  service: ArrayLike<number>;
  customers: number[];
  isCustomer: Uint8Array;
  vehicles: Vehicle[];
  /** per customer: other customers by increasing closeness (symmetrised cost), at most NEIGHBOURS */
  neighbours: Int32Array[];
  /** number of distinct vehicle kinds */
  kinds: number;
  /** cost of leaving a customer unserved in the search objective: more than any insertion costs */
  penalty: number;
  /** multi-trip: the unload node, or -1 when vehicles never unload (single trip, the benchmark case) */
  unload: number;
  /** live repair: per node, the vehicle that had it in options.previous (-1: none); null without previous */
  prevVehicle: Int32Array | null;
  /** objective cost per customer on another vehicle than in prevVehicle */
  movePenalty: number;
  /** some vehicle has a finite maxWork (multi-trip only): routes cache what the working-time check needs */
  workLimit: boolean;
}

/** Feasibility slack for floating-point times (benchmark times carry one decimal). */
export const EPS = 1e-6;
const NEIGHBOURS = 40;

/** Validates a problem and builds the internal instance; throws an Error with a clear message. */
export function buildInstance(p: VrptwProblem, opts: Pick<VrptwOptions, 'previous' | 'movePenalty'> = {}): Instance {
  const n = p.n;
  if (!Number.isInteger(n) || n < 1) throw new Error(`vrptw: n must be a positive integer, got ${n}`);
  if (p.time.length !== n * n) throw new Error(`vrptw: time has ${p.time.length} entries, expected n*n = ${n * n}`);
  const cost = p.cost ?? p.time;
  if (cost.length !== n * n) throw new Error(`vrptw: cost has ${cost.length} entries, expected n*n = ${n * n}`);
  for (const [name, arr] of [['demand', p.demand], ['ready', p.ready], ['due', p.due], ['service', p.service]] as const) {
    if (arr.length !== n) throw new Error(`vrptw: ${name} has ${arr.length} entries, expected n = ${n}`);
  }
  const unload = p.unloadNode ?? -1;
  if (!Number.isInteger(unload) || unload < -1 || unload >= n) throw new Error(`vrptw: unloadNode ${p.unloadNode} is not a node index`);
  const horizon = p.horizon ?? p.due[0];
  const kinds = new Map<string, number>();
  const kindOf = (key: string): number => {
    if (!kinds.has(key)) kinds.set(key, kinds.size);
    return kinds.get(key)!;
  };
  const fleet: VrptwVehicle[] = p.vehicles ?? Array.from({ length: p.maxVehicles }, () => ({
    start: 0, startTime: p.ready[0], initialLoad: 0,
  }));
  const vehicles: Vehicle[] = fleet.map((v, k) => {
    const end = v.end ?? 0;
    for (const node of [v.start, end]) {
      if (!Number.isInteger(node) || node < 0 || node >= n) throw new Error(`vrptw: vehicle ${k} has bad node ${node}`);
    }
    const capacity = v.capacity ?? p.capacity;
    const free = capacity - v.initialLoad;
    const h = v.horizon ?? horizon;
    const maxWork = v.maxWork ?? Infinity;
    if (!(maxWork > 0)) throw new Error(`vrptw: vehicle ${k} has maxWork ${v.maxWork}, expected a number > 0`);
    if (Number.isFinite(maxWork) && unload < 0) throw new Error(`vrptw: vehicle ${k} has maxWork, which needs unloadNode`);
    // with a previous plan no two vehicles are interchangeable: each has its own customers to keep
    const key = opts.previous ? `#${k}` : `${v.start}|${end}|${v.startTime}|${free}|${h}|${capacity}|${maxWork}`;
    return { start: v.start, end, startTime: v.startTime, free, capacity, horizon: h, kind: kindOf(key), maxWork };
  });
  const customers = p.customers ? [...p.customers] : Array.from({ length: n - 1 }, (_, i) => i + 1);
  const isCustomer = new Uint8Array(n);
  for (const c of customers) {
    if (!Number.isInteger(c) || c < 0 || c >= n) throw new Error(`vrptw: customer ${c} is not a node index`);
    if (isCustomer[c]) throw new Error(`vrptw: customer ${c} listed twice`);
    isCustomer[c] = 1;
  }
  if (unload >= 0 && isCustomer[unload]) throw new Error(`vrptw: unloadNode ${unload} is also listed as a customer`);
  let prevVehicle: Int32Array | null = null;
  if (opts.previous) {
    prevVehicle = new Int32Array(n).fill(-1);
    opts.previous.forEach((route, k) => {
      if (k >= vehicles.length) return;
      for (const c of route) if (Number.isInteger(c) && c >= 0 && c < n && isCustomer[c]) prevVehicle![c] = k;
    });
  }
  const movePenalty = opts.movePenalty ?? 0;
  if (!(movePenalty >= 0) || !Number.isFinite(movePenalty)) throw new Error(`vrptw: movePenalty must be a finite number >= 0, got ${movePenalty}`);
  vehicles.forEach((v, k) => {
    if (isCustomer[v.start] || isCustomer[v.end]) throw new Error(`vrptw: vehicle ${k} starts or ends at a customer node`);
  });
  let maxArc = 0;
  for (let i = 0; i < n * n; i++) {
    // NaN compares false with everything and would pass every time-window test: refuse it
    if (Number.isNaN(p.time[i]) || Number.isNaN(cost[i])) {
      throw new Error(`vrptw: NaN in the time or cost matrix at ${Math.floor(i / n)} -> ${i % n}`);
    }
    if (Number.isFinite(cost[i]) && cost[i] > maxArc) maxArc = cost[i];
  }
  return {
    n, time: p.time, cost, demand: p.demand, ready: p.ready, due: p.due, service: p.service,
    customers, isCustomer, vehicles, kinds: kinds.size,
    neighbours: buildNeighbours(n, cost, customers),
    // a customer left out must cost more than any detour plus any move penalty it would avoid
    penalty: 4 * maxArc + 1 + 2 * movePenalty,
    unload, prevVehicle, movePenalty, workLimit: vehicles.some((v) => Number.isFinite(v.maxWork)),
  };
}

function buildNeighbours(n: number, cost: ArrayLike<number>, customers: number[]): Int32Array[] {
  const out: Int32Array[] = new Array(n);
  const m = customers.length;
  const k = Math.max(0, Math.min(NEIGHBOURS, m - 1));
  const d = new Float64Array(m);
  const work = new Float64Array(m);
  for (const c of customers) {
    for (let i = 0; i < m; i++) {
      const o = customers[i];
      d[i] = o === c ? Infinity : cost[c * n + o] + cost[o * n + c];
    }
    if (k === 0) { out[c] = new Int32Array(0); continue; }
    // k-th smallest by selection (a full sort per customer took 0.15 s at 1,000 customers, and the
    // live repair rebuilds this on every event), then order only the few candidates with a comparator
    work.set(d);
    const limit = kthSmallest(work, k - 1);
    const cand: number[] = [];
    for (let i = 0; i < m; i++) if (d[i] <= limit) cand.push(i);
    cand.sort((a, b) => d[a] - d[b] || customers[a] - customers[b]);
    out[c] = Int32Array.from(cand.slice(0, k), (i) => customers[i]);
  }
  return out;
}

/** The k-th smallest value of a (0-based), by quickselect with a median-of-three pivot; reorders a. */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three moved to a[mid], so that the partition below never runs off either end
    if (a[mid] < a[lo]) swapAt(a, mid, lo);
    if (a[hi] < a[lo]) swapAt(a, hi, lo);
    if (a[hi] < a[mid]) swapAt(a, hi, mid);
    const pivot = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { swapAt(a, i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swapAt(a: Float64Array, i: number, j: number): void {
  const t = a[i]; a[i] = a[j]; a[j] = t;
}
