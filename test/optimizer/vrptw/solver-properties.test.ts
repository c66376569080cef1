import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { constructRegret } from '../../../optimizer/vrptw/construct.js';
import { buildInstance } from '../../../optimizer/vrptw/instance.js';
import { toSolution } from '../../../optimizer/vrptw/solution.js';
import { solveVrptw, solveVrptwDetailed } from '../../../optimizer/vrptw/solve.js';
import type { VrptwProblem } from '../../../optimizer/vrptw/types.js';
import { checkVrptw, servableByIdleVehicle } from './checker.js';
import { randomVrptw } from './random-instance.js';

describe('solveVrptw properties', () => {
  it('is deterministic for a seed and an iteration budget', () => {
    const p = randomVrptw({ customers: 40, vehicles: 6, seed: 9 });
    const a = solveVrptw(p, { timeLimitMs: 10_000, seed: 4, maxIterations: 400 });
    const b = solveVrptw(p, { timeLimitMs: 10_000, seed: 4, maxIterations: 400 });
    expect(b).toEqual(a);
    expect(checkVrptw(p, a).errors).toEqual([]);
  });

  it('returns a checked solution even with no time at all', () => {
    const p = randomVrptw({ customers: 60, vehicles: 8, seed: 2 });
    const sol = solveVrptw(p, { timeLimitMs: 0 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
  });

  it('lists customers that fit nowhere as unassigned: too heavy, window closed before reachable', () => {
    const p: VrptwProblem = randomVrptw({ customers: 6, vehicles: 2, seed: 5 });
    (p.demand as number[])[2] = 1000;
    (p.due as number[])[3] = 0;
    (p.ready as number[])[3] = 0;
    const sol = solveVrptw(p, { timeLimitMs: 1000, seed: 1, maxIterations: 200 });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toEqual(expect.arrayContaining([2, 3]));
  });

  it('uses at most maxVehicles routes and keeps one slot per vehicle', () => {
    const p = randomVrptw({ customers: 30, vehicles: 3, seed: 11 });
    const sol = solveVrptw(p, { timeLimitMs: 2000, seed: 1, maxIterations: 300 });
    expect(sol.routes.length).toBe(3);
    expect(checkVrptw(p, sol).errors).toEqual([]);
  });

  it('rejects malformed problems with a clear message', () => {
    const p = randomVrptw({ customers: 4, vehicles: 1, seed: 1 });
    expect(() => solveVrptw({ ...p, time: [1, 2, 3] }, { timeLimitMs: 10 })).toThrow(/time has 3 entries/);
    expect(() => solveVrptw({ ...p, customers: [1, 1] }, { timeLimitMs: 10 })).toThrow(/listed twice/);
    expect(() => solveVrptw({ ...p, customers: [0, 1] }, { timeLimitMs: 10 })).toThrow(/starts or ends at a customer/);
    const time = Array.from(p.time);
    time[7] = NaN;
    expect(() => solveVrptw({ ...p, time }, { timeLimitMs: 10 })).toThrow(/NaN in the time or cost matrix/);
  });
});

describe('optimizer/vrptw stays pure', () => {
  it('imports nothing from node, express, socket.io, ioredis or mongoose', () => {
    const root = join(import.meta.dirname, '../../../optimizer/vrptw');
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const src = readFileSync(join(root, f), 'utf8');
      expect(src, f).not.toMatch(/from '(node:|fs|path|express|socket\.io|ioredis|mongoose)/);
    }
  });
});

describe('warm start from a previous plan (initialRoutes)', () => {
  it('keeps a plan that is already locally optimal', () => {
    const p = randomVrptw({ customers: 30, vehicles: 4, seed: 21, live: true });
    const first = solveVrptw(p, { timeLimitMs: 5000, seed: 1, maxIterations: 300 });
    const again = solveVrptw(p, { timeLimitMs: 5000, seed: 2, maxIterations: 0, initialRoutes: first.routes });
    expect(again.routes).toEqual(first.routes);
    expect(again.cost).toBeCloseTo(first.cost, 9);
  });

  it('drops unknown, repeated and no-longer-feasible entries, then places every customer it can', () => {
    const p = randomVrptw({ customers: 12, vehicles: 3, seed: 8 });
    const first = solveVrptw(p, { timeLimitMs: 5000, seed: 1, maxIterations: 200 });
    const victim = first.routes.find((r) => r.length > 0)![0];
    (p.due as number[])[victim] = -1; // its window has closed since the plan was made
    const messy = first.routes.map((r, k) => (k === 0 ? [0, ...r, ...r, 99] : r));
    const sol = solveVrptw(p, { timeLimitMs: 5000, seed: 1, maxIterations: 200, initialRoutes: messy });
    expect(checkVrptw(p, sol).errors).toEqual([]);
    expect(sol.unassigned).toContain(victim);
    expect(sol.unassigned.length).toBeLessThanOrEqual(first.unassigned.length + 1);
  });

  it('treats an unreachable customer (infinite travel time) as unassigned', () => {
    const p = randomVrptw({ customers: 6, vehicles: 2, seed: 4 });
    const time = Array.from(p.time);
    for (let i = 0; i < p.n; i++) if (i !== 5) time[i * p.n + 5] = Infinity;
    const sol = solveVrptw({ ...p, time }, { timeLimitMs: 2000, seed: 1, maxIterations: 100 });
    expect(sol.unassigned).toContain(5);
    expect(Number.isFinite(sol.cost)).toBe(true);
  });

  it('stops searching at once when there is nobody to serve', () => {
    const p = { ...randomVrptw({ customers: 5, vehicles: 2, seed: 1 }), customers: [] };
    const { solution, stats } = solveVrptwDetailed(p, { timeLimitMs: 3000 });
    expect(stats.iterations).toBe(0);
    expect(solution).toEqual({ routes: [[], []], cost: 0, unassigned: [] });
  });

  it('construction cut short by its deadline still places every customer it can', () => {
    const p = randomVrptw({ customers: 120, vehicles: 10, seed: 6, live: true });
    const inst = buildInstance(p);
    const cut = toSolution(constructRegret(inst, undefined, 0));
    const full = toSolution(constructRegret(inst));
    expect(checkVrptw(p, cut).errors).toEqual([]);
    for (const c of cut.unassigned) expect(servableByIdleVehicle(p, cut, c)).toBe(false);
    expect(cut.unassigned.length).toBeLessThanOrEqual(full.unassigned.length + 5);
  });
});
