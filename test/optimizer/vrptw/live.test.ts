import { describe, expect, it } from 'vitest';
import { solveVrptw } from '../../../optimizer/vrptw/solve.js';
import type { VrptwProblem } from '../../../optimizer/vrptw/types.js';
import { bruteForceVrptw } from './brute-force.js';
import { checkVrptw, servableByIdleVehicle } from './checker.js';
import { randomVrptw } from './random-instance.js';

/**
 * Street drawn as a line, positions in minutes of driving:
 *   depot(0)@0   c1@10   c2@20   c3@30   c4@40   truckA(5)@35   truckB(6)@5
 */
function street(): VrptwProblem {
  const at = [0, 10, 20, 30, 40, 35, 5];
  const n = at.length;
  const time = Array.from({ length: n * n }, (_, k) => Math.abs(at[Math.floor(k / n)] - at[k % n]));
  return {
    n, time,
    demand: [0, 4, 4, 4, 4, 0, 0],
    ready: [0, 0, 0, 0, 0, 0, 0],
    due: [500, 500, 500, 500, 500, 500, 500],
    service: [0, 2, 2, 2, 2, 0, 0],
    capacity: 12,
    maxVehicles: 2,
    horizon: 500,
    customers: [1, 2, 3, 4],
    vehicles: [
      { start: 5, startTime: 100, initialLoad: 6, end: 0 },
      { start: 6, startTime: 100, initialLoad: 0, end: 0 },
    ],
  };
}

describe('live vehicles (start node, start time, load on board)', () => {
  it('routes each truck from where it is, within the room left on board', () => {
    const p = street();
    const sol = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 500 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual([]);
    // truck A has room for one more bin only (6 + 4 <= 12), truck B for three
    expect(sol.routes[0].length).toBe(1);
    expect(sol.routes[1].length).toBe(3);
    expect(sol.cost).toBe(bruteForceVrptw(p).cost);
    // A (at 35) takes c4 on its way home: 5 + 40; B (at 5) sweeps c1..c3 and returns: 25 + 30
    expect(sol.cost).toBe(100);
  });

  it('respects start times: a window that closed before the truck is free is left unassigned', () => {
    const p = street();
    p.due = [500, 105, 500, 500, 500, 500, 500];
    // B is at 5 at t=100 and reaches c1 at 105 at the earliest; A reaches it at 125
    const ok = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 500 });
    expect(checkVrptw(p, ok).errors).toEqual([]);
    expect(ok.routes[1][0]).toBe(1);
    p.vehicles![1].startTime = 101;
    const late = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 500 });
    expect(checkVrptw(p, late).errors).toEqual([]);
    expect(late.unassigned).toEqual([1]);
  });

  it('a full truck gets no more stops and the overflow is reported, not dropped', () => {
    const p = street();
    p.vehicles![0].initialLoad = 10;
    p.vehicles![1].initialLoad = 3;
    const sol = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 500 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.routes[0]).toEqual([]);
    expect(sol.routes[1].length).toBe(2);
    expect(sol.unassigned.length).toBe(2);
  });

  it('random live instances: checker passes and no idle truck could have served a left-over customer', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const p = randomVrptw({ customers: 30, vehicles: 4, seed, live: true });
      const sol = solveVrptw(p, { timeLimitMs: 3000, seed, maxIterations: 300 });
      expect(checkVrptw(p, sol).errors).toEqual([]);
      for (const c of sol.unassigned) expect(servableByIdleVehicle(p, sol, c)).toBe(false);
    }
  });
});
