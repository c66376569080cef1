/** Small random VRPTW instances for tests: planar points, tight-ish windows, optional live vehicles. */
import { createRng } from '../../../optimizer/util/rng.js';
import type { VrptwProblem, VrptwVehicle } from '../../../optimizer/vrptw/types.js';

export interface RandomOptions {
  customers: number;
  vehicles: number;
  seed: number;
  /** add one extra node per vehicle as its live start position, with start time and load */
  live?: boolean;
  /** use a cost matrix different from travel time */
  separateCost?: boolean;
}

export function randomVrptw(o: RandomOptions): VrptwProblem {
  const rng = createRng(o.seed);
  const extra = o.live ? o.vehicles : 0;
  const n = 1 + o.customers + extra;
  const xs = Array.from({ length: n }, () => rng.range(0, 100));
  const ys = Array.from({ length: n }, () => rng.range(0, 100));
  const time = new Float64Array(n * n);
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = Math.round(Math.hypot(xs[i] - xs[j], ys[i] - ys[j]));
      time[i * n + j] = d;
      cost[i * n + j] = o.separateCost ? d + rng.int(20) : d;
    }
  }
  const horizon = 400;
  const demand = [0], ready = [0], due = [horizon], service = [0];
  for (let c = 1; c <= o.customers; c++) {
    demand.push(1 + rng.int(9));
    const r = rng.int(250);
    ready.push(r);
    due.push(r + 20 + rng.int(120));
    service.push(5 + rng.int(10));
  }
  for (let e = 0; e < extra; e++) { demand.push(0); ready.push(0); due.push(horizon); service.push(0); }
  const capacity = 12 + rng.int(15);
  let vehicles: VrptwVehicle[] | undefined;
  let customers: number[] | undefined;
  if (o.live) {
    vehicles = Array.from({ length: o.vehicles }, (_, k) => ({
      start: 1 + o.customers + k, startTime: rng.int(120), initialLoad: rng.int(8),
      // most trucks unload at the depot; every third one ends where it started (home garage)
      end: k % 3 === 2 ? 1 + o.customers + k : 0,
    }));
    customers = Array.from({ length: o.customers }, (_, i) => i + 1);
  }
  return {
    n, time, cost: o.separateCost ? cost : undefined, demand, ready, due, service, capacity,
    maxVehicles: o.vehicles, horizon, vehicles, customers,
  };
}
