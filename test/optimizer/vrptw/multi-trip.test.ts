import { describe, expect, it } from 'vitest';
import { solveVrptw } from '../../../optimizer/vrptw/solve.js';
import type { VrptwProblem } from '../../../optimizer/vrptw/types.js';
import { bruteForceVrptw } from './brute-force.js';
import { checkVrptw, servableByIdleVehicle } from './checker.js';
import { randomVrptw } from './random-instance.js';

/**
 * A street drawn as a line, positions in minutes of driving; the plant (node 0) is the depot:
 *   plant(0)@0   c1@10   c2@20   c3@30   c4@40
 * Each bin is 6 t, the truck holds 12 t, unloading takes 5 min.
 */
function street(horizon = 500): VrptwProblem {
  const at = [0, 10, 20, 30, 40];
  const n = at.length;
  return {
    n,
    time: Array.from({ length: n * n }, (_, k) => Math.abs(at[Math.floor(k / n)] - at[k % n])),
    demand: [0, 6, 6, 6, 6],
    ready: [0, 0, 0, 0, 0],
    due: [horizon, horizon, horizon, horizon, horizon],
    service: [5, 1, 1, 1, 1],
    capacity: 12,
    maxVehicles: 1,
    horizon,
    unloadNode: 0,
  };
}

/** Random tiny instance where trucks must unload: small capacity, the depot is the plant. */
function tinyMultiTrip(seed: number, customers: number, vehicles: number): VrptwProblem {
  const p = randomVrptw({ customers, vehicles, seed, live: seed % 2 === 0 });
  const service = Array.from(p.service);
  service[0] = 10;
  return { ...p, service, capacity: 10, unloadNode: 0, horizon: 600, due: Array.from(p.due, (d, i) => (i === 0 ? 600 : d + 150)) };
}

describe('multi-trip: unloading at the plant between customers', () => {
  it('one truck serves four bins in two trips, unloading once, at the brute-force optimum', () => {
    const p = street();
    const sol = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 300 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual([]);
    expect(sol.routes[0].filter((x) => x === 0)).toHaveLength(1);
    // 0 -> 10 -> 20 -> 0 (unload) -> 30 -> 40 -> 0: 40 + 80
    expect(sol.cost).toBe(120);
    expect(bruteForceVrptw(p)).toEqual({ served: 4, cost: 120 });
  });

  it('without an unload node the same truck can take only two bins', () => {
    const p = { ...street(), unloadNode: undefined };
    const sol = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 300 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toHaveLength(2);
  });

  it('the shift end still holds: a short horizon leaves the farthest bin out', () => {
    // all four need 120 + 5 + 4 = 129 minutes; c2, c3, unload, c1 take 80 + 5 + 3 = 88
    const p = street(100);
    const sol = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 300 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual([4]);
    expect(bruteForceVrptw(p)).toEqual({ served: 3, cost: sol.cost });
  });

  it('a truck that is already full unloads before its first pickup', () => {
    const p: VrptwProblem = { ...street(), n: 6, vehicles: [{ start: 5, startTime: 0, initialLoad: 12, end: 0 }], customers: [1, 2, 3, 4] };
    const at = [0, 10, 20, 30, 40, 25];
    p.time = Array.from({ length: 36 }, (_, k) => Math.abs(at[Math.floor(k / 6)] - at[k % 6]));
    p.demand = [0, 6, 6, 6, 6, 0];
    p.ready = [0, 0, 0, 0, 0, 0];
    p.due = [500, 500, 500, 500, 500, 500];
    p.service = [5, 1, 1, 1, 1, 0];
    const sol = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 300 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual([]);
    expect(sol.routes[0][0]).toBe(0);
    expect(sol.cost).toBe(bruteForceVrptw(p).cost);
  });

  it('matches the brute-force optimum on random tiny instances (up to 8 customers, 1-2 trucks)', () => {
    let unloads = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const customers = 5 + (seed % 4);
      const p = tinyMultiTrip(seed, customers, 1 + (seed % 2));
      const sol = solveVrptw(p, { timeLimitMs: 5000, seed, maxIterations: 400 });
      const report = checkVrptw(p, sol);
      expect(report.errors, `seed ${seed}`).toEqual([]);
      const opt = bruteForceVrptw(p);
      expect(p.customers?.length ?? p.n - 1 - sol.unassigned.length, `seed ${seed}`).toBeGreaterThan(0);
      expect((p.customers ?? Array.from({ length: p.n - 1 }, (_, i) => i + 1)).length - sol.unassigned.length, `served, seed ${seed}`).toBe(opt.served);
      expect(sol.cost, `cost, seed ${seed}`).toBeCloseTo(opt.cost, 6);
      unloads += sol.routes.flat().filter((x) => x === 0).length;
    }
    // the instances are built so that trucks have to unload: the test would be vacuous otherwise
    expect(unloads).toBeGreaterThan(10);
  });

  it('random 60-customer instances: every solution passes the checker and uses several trips', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const p = tinyMultiTrip(seed, 60, 3);
      const sol = solveVrptw(p, { timeLimitMs: 5000, seed, maxIterations: 300 });
      expect(checkVrptw(p, sol).errors, `seed ${seed}`).toEqual([]);
      expect(sol.routes.flat().some((x) => x === 0)).toBe(true);
      for (const c of sol.unassigned) expect(servableByIdleVehicle(p, sol, c), `seed ${seed}, customer ${c}`).toBe(false);
    }
  });
});

describe('multi-trip input checks', () => {
  it('rejects an unload node that is also a customer, or not a node', () => {
    expect(() => solveVrptw({ ...street(), unloadNode: 2 }, { timeLimitMs: 100 })).toThrow(/unloadNode 2 is also listed as a customer/);
    expect(() => solveVrptw({ ...street(), unloadNode: 9 }, { timeLimitMs: 100 })).toThrow(/unloadNode 9 is not a node index/);
  });
});

describe('checker: multi-trip rules', () => {
  it('accepts a load split by an unload visit and rejects the same load in one trip', () => {
    const p = street();
    expect(checkVrptw(p, { routes: [[1, 2, 0, 3, 4]], cost: 120, unassigned: [] }).errors).toEqual([]);
    const errors = checkVrptw(p, { routes: [[1, 2, 3, 0, 4]], cost: 100, unassigned: [] }).errors;
    expect(errors.some((e) => e.includes('exceeds capacity'))).toBe(true);
  });

  it('counts the unload service time against the horizon', () => {
    const p = street(125);
    // 40 min of driving to c2 and back, 2 services, 5 min unload, 80 min to c4 and back, 2 services = 129
    const errors = checkVrptw(p, { routes: [[1, 2, 0, 3, 4]], cost: 120, unassigned: [] }).errors;
    expect(errors.some((e) => e.includes('after the horizon'))).toBe(true);
  });

  it('does not allow the unload node as a stop when the problem has none', () => {
    const p = { ...street(), unloadNode: undefined };
    expect(checkVrptw(p, { routes: [[1, 2, 0, 3, 4]], cost: 120, unassigned: [] }).ok).toBe(false);
  });
});
