import { describe, expect, it } from 'vitest';
import { solveVrptw } from '../../../optimizer/vrptw/solve.js';
import type { VrptwProblem, VrptwSolution } from '../../../optimizer/vrptw/types.js';
import { checkVrptw } from './checker.js';
import { randomVrptw } from './random-instance.js';

/** Customers of `now` that sit on another vehicle than in `before` (counted here, not by the solver). */
function movedBetween(before: number[][], now: VrptwSolution, unload: number | undefined): number {
  const was = new Map<number, number>();
  before.forEach((r, k) => r.forEach((c) => { if (c !== unload) was.set(c, k); }));
  let moved = 0;
  now.routes.forEach((r, k) => r.forEach((c) => { if (c !== unload && was.has(c) && was.get(c) !== k) moved++; }));
  return moved;
}

/** A multi-trip day: 80 customers, 5 trucks; the last `late` customers are requests that come in later. */
function day(seed: number): VrptwProblem {
  const p = randomVrptw({ customers: 80, vehicles: 5, seed });
  const service = Array.from(p.service);
  service[0] = 10;
  return { ...p, service, capacity: 30, unloadNode: 0, horizon: 800, due: Array.from(p.due, (d, i) => (i === 0 ? 800 : d + 300)) };
}

describe('live repair with a penalty on moved stops', () => {
  it('a few new requests move few planned stops; a re-solve from scratch moves many', () => {
    for (const seed of [1, 2, 3]) {
      const p = day(seed);
      const all = Array.from({ length: 80 }, (_, i) => i + 1);
      const first = { ...p, customers: all.slice(0, 77) };
      const plan = solveVrptw(first, { timeLimitMs: 5000, seed, maxIterations: 800 });
      expect(checkVrptw(first, plan).errors).toEqual([]);
      const full = { ...p, customers: all };
      const repaired = solveVrptw(full, {
        timeLimitMs: 5000, seed, maxIterations: 300, initialRoutes: plan.routes, previous: plan.routes, movePenalty: 100,
      });
      expect(checkVrptw(full, repaired).errors).toEqual([]);
      expect(repaired.unassigned.length).toBeLessThanOrEqual(plan.unassigned.length);
      expect(repaired.moved).toBe(movedBetween(plan.routes, repaired, 0));
      const scratch = solveVrptw(full, { timeLimitMs: 5000, seed: seed + 100, maxIterations: 300 });
      expect(repaired.moved!).toBeLessThanOrEqual(3);
      expect(movedBetween(plan.routes, scratch, 0)).toBeGreaterThan(repaired.moved! + 10);
    }
  });

  it('without a penalty moves are still counted and reported', () => {
    const p = day(4);
    const plan = solveVrptw(p, { timeLimitMs: 5000, seed: 4, maxIterations: 200 });
    // hand the previous plan to the wrong trucks: keeping it costs nothing extra, so counting is all we test
    const rotated = plan.routes.map((_, k) => plan.routes[(k + 1) % plan.routes.length]);
    const sol = solveVrptw(p, { timeLimitMs: 5000, seed: 4, maxIterations: 50, previous: rotated });
    expect(sol.moved).toBe(movedBetween(rotated, sol, 0));
    expect(sol.moved!).toBeGreaterThan(0);
  });

  it('a broken truck: its stops go to the others, theirs mostly stay', () => {
    const p = day(5);
    const plan = solveVrptw(p, { timeLimitMs: 5000, seed: 5, maxIterations: 800 });
    const broken = plan.routes.findIndex((r) => r.length > 0);
    // the four trucks left, each starting from where it is (the depot here) with its old route
    const keep = plan.routes.map((_, k) => k).filter((k) => k !== broken);
    const fleet: VrptwProblem = { ...p, maxVehicles: 4 };
    const previous = keep.map((k) => plan.routes[k]);
    const sol = solveVrptw(fleet, { timeLimitMs: 5000, seed: 5, maxIterations: 300, initialRoutes: previous, previous, movePenalty: 100 });
    expect(checkVrptw(fleet, sol).errors).toEqual([]);
    const orphans = plan.routes[broken].filter((c) => c !== 0).length;
    expect(orphans).toBeGreaterThan(0);
    expect(sol.moved).toBe(movedBetween(previous, sol, 0));
    expect(sol.moved!).toBeLessThan(orphans);
  });

  it('a truck that fills up early unloads first and keeps its own stops', () => {
    const p = day(6);
    const plan = solveVrptw(p, { timeLimitMs: 5000, seed: 6, maxIterations: 800 });
    const k = plan.routes.findIndex((r) => r.length > 3);
    // the truck is at its first stop, full: that stop is done, the rest of its route is still to come
    const done = plan.routes[k][0];
    const n = p.n + 1;
    const here = p.n; // a new node: where truck k is, a copy of its first stop
    const time = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const a = i === here ? done : i, b = j === here ? done : j;
      time[i * n + j] = i === j ? 0 : (p.time as Float64Array)[a * p.n + b];
    }
    const ext = (arr: ArrayLike<number>, v: number) => [...Array.from(arr), v];
    const customers = Array.from({ length: 80 }, (_, i) => i + 1).filter((c) => c !== done);
    const vehicles = plan.routes.map((_, j) => (j === k
      ? { start: here, startTime: p.ready[done] + p.service[done], initialLoad: 30, end: 0 }
      : { start: 0, startTime: 0, initialLoad: 0, end: 0 }));
    const live: VrptwProblem = {
      ...p, n, time, cost: undefined, demand: ext(p.demand, 0), ready: ext(p.ready, 0), due: ext(p.due, 800),
      service: ext(p.service, 0), customers, vehicles,
    };
    const previous = plan.routes.map((r) => r.filter((c) => c !== done));
    const sol = solveVrptw(live, { timeLimitMs: 5000, seed: 6, maxIterations: 300, initialRoutes: previous, previous, movePenalty: 100 });
    expect(checkVrptw(live, sol).errors).toEqual([]);
    expect(sol.routes[k][0]).toBe(0);
    expect(sol.moved).toBe(movedBetween(previous, sol, 0));
    expect(sol.moved!).toBeLessThanOrEqual(5);
  });
});
