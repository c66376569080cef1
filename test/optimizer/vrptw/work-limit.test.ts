/** Working-time limit per truck (VrptwVehicle.maxWork): the truck may leave late, then works at most maxWork. */
import { describe, expect, it } from 'vitest';
import { constructRegret } from '../../../optimizer/vrptw/construct.js';
import { buildInstance } from '../../../optimizer/vrptw/instance.js';
import { spliceCost, workAfterInsert, workOf } from '../../../optimizer/vrptw/route.js';
import { solveVrptw } from '../../../optimizer/vrptw/solve.js';
import type { VrptwProblem } from '../../../optimizer/vrptw/types.js';
import { bruteForceVrptw } from './brute-force.js';
import { checkVrptw, servableByIdleVehicle } from './checker.js';
import { randomVrptw } from './random-instance.js';

/**
 * The street of multi-trip.test.ts, positions in minutes of driving, the plant (node 0) is the depot:
 *   plant(0)@0   c1@10   c2@20   c3@30   c4@40
 * Bins of 6 t, trucks of 12 t, 5 min to unload, 1 min per bin. Bins open at `open`.
 */
function street(maxWork: number, open = 0): VrptwProblem {
  const at = [0, 10, 20, 30, 40];
  const n = at.length;
  return {
    n,
    time: Array.from({ length: n * n }, (_, k) => Math.abs(at[Math.floor(k / n)] - at[k % n])),
    demand: [0, 6, 6, 6, 6],
    ready: [0, open, open, open, open],
    due: [500, 500, 500, 500, 500],
    service: [5, 1, 1, 1, 1],
    capacity: 12,
    maxVehicles: 2,
    horizon: 500,
    unloadNode: 0,
    vehicles: [0, 1].map(() => ({ start: 0, startTime: 0, initialLoad: 0, end: 0, maxWork })),
  };
}

const used = (routes: number[][]) => routes.filter((r) => r.length > 0).length;

describe('working-time limit', () => {
  it('one truck would work 129 min; with 90 the bins go to two trucks at the same driving cost', () => {
    const p = street(90);
    const sol = solveVrptw(p, { timeLimitMs: 5000, seed: 1, maxIterations: 300 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual([]);
    expect(used(sol.routes)).toBe(2);
    // c1, c2 (42 min) and c3, c4 (82 min): 40 + 80 minutes of driving
    expect(sol.cost).toBe(120);
    expect(bruteForceVrptw(p)).toEqual({ served: 4, cost: 120 });
    const one = solveVrptw(street(200), { timeLimitMs: 5000, seed: 1, maxIterations: 300 });
    expect(one.cost).toBe(120);
  });

  it('counts from leaving: bins opening at 200 do not make the crew wait at the plant on the clock', () => {
    const p = street(90, 200);
    const sol = solveVrptw(p, { timeLimitMs: 5000, seed: 1, maxIterations: 300 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual([]);
    sol.routes.forEach((r, k) => { if (r.length) expect(sol.departures![k]).toBeGreaterThanOrEqual(160); });
  });

  it('leaves out what no truck can do within the limit', () => {
    // c4 alone is 80 min of driving and 1 of service, c3 alone 61
    const p = street(70);
    const sol = solveVrptw(p, { timeLimitMs: 5000, seed: 1, maxIterations: 300 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual([4]);
    expect(bruteForceVrptw(p)).toEqual({ served: 3, cost: sol.cost });
  });

  it('needs an unload node', () => {
    expect(() => solveVrptw({ ...street(90), unloadNode: undefined }, { timeLimitMs: 100 })).toThrow(/maxWork, which needs unloadNode/);
    expect(() => solveVrptw({ ...street(0) }, { timeLimitMs: 100 })).toThrow(/maxWork 0/);
  });

  it('the checker rejects a day longer than maxWork and a missing departure', () => {
    const p = street(90);
    const errors = checkVrptw(p, { routes: [[1, 2, 0, 3, 4], []], cost: 120, unassigned: [], departures: [0, 0] }).errors;
    expect(errors.some((e) => e.includes('more than maxWork'))).toBe(true);
    expect(checkVrptw(p, { routes: [[1, 2], [3, 4]], cost: 120, unassigned: [] }).errors.some((e) => e.includes('departure'))).toBe(true);
    expect(checkVrptw(p, { routes: [[1, 2], [3, 4]], cost: 120, unassigned: [], departures: [0, 0] }).errors).toEqual([]);
  });

  it('the O(1) check of an insertion agrees with the full one', () => {
    let compared = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const p = tinyLimited(seed, 25, 2, 400);
      const inst = buildInstance(p);
      const s = constructRegret(inst);
      for (const r of s.routes) {
        for (let p0 = 0; p0 < r.seq.length - 1; p0++) {
          for (const c of inst.customers) for (const [x, y] of [[c, -1], [c, 0], [0, c]]) {
            if (r.seq.includes(c)) continue;
            const pair = y < 0 ? [x] : [x, y];
            if (spliceCost(inst, r, p0, p0 + 1, pair, 0, pair.length - 1) === Infinity) continue;
            const seq = [...r.seq.slice(0, p0 + 1), ...pair, ...r.seq.slice(p0 + 1)];
            expect(workAfterInsert(inst, r, p0, x, y)).toBeCloseTo(workOf(inst, r.vehicle, seq), 6);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('matches the brute-force optimum on random tiny instances', () => {
    let limited = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const p = tinyLimited(seed, 5 + (seed % 3), 1 + (seed % 2), 120);
      const sol = solveVrptw(p, { timeLimitMs: 5000, seed, maxIterations: 400 });
      expect(checkVrptw(p, sol).errors, `seed ${seed}`).toEqual([]);
      const opt = bruteForceVrptw(p);
      const served = p.customers!.length - sol.unassigned.length;
      expect(served, `served, seed ${seed}`).toBe(opt.served);
      expect(sol.cost, `cost, seed ${seed}`).toBeCloseTo(opt.cost, 6);
      // the limit must bind somewhere, or this test would say nothing about it
      const free = bruteForceVrptw({ ...p, vehicles: p.vehicles!.map((v) => ({ ...v, maxWork: undefined })) });
      if (free.served !== opt.served || free.cost !== opt.cost) limited++;
    }
    expect(limited).toBeGreaterThan(3);
  });

  it('random 60-customer instances pass the checker; nothing is left out that an idle truck could do', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const p = tinyLimited(seed, 60, 4, 250);
      const sol = solveVrptw(p, { timeLimitMs: 5000, seed, maxIterations: 300 });
      expect(checkVrptw(p, sol).errors, `seed ${seed}`).toEqual([]);
      for (const c of sol.unassigned) expect(servableByIdleVehicle(p, sol, c), `seed ${seed}, customer ${c}`).toBe(false);
    }
  });
});

/** Random multi-trip instance (plant = depot 0) whose trucks work at most maxWork. */
function tinyLimited(seed: number, customers: number, vehicles: number, maxWork: number): VrptwProblem {
  const p = randomVrptw({ customers, vehicles, seed, live: true });
  const service = Array.from(p.service);
  service[0] = 10;
  return {
    ...p, service, capacity: 10, unloadNode: 0, horizon: 600, due: Array.from(p.due, (d, i) => (i === 0 ? 600 : d + 150)),
    vehicles: p.vehicles!.map((v) => ({ ...v, maxWork })),
  };
}
