/**
 * The demo town's kitchen-waste day (400 restaurants, 10 trucks of 5 t, unloading at the plant): with
 * the crews' 8-hour working time the plan shares the work among more trucks, and no truck works longer.
 */
import { describe, expect, it } from 'vitest';
import { solveVrptw } from '../../../optimizer/vrptw/solve.js';
import type { VrptwProblem } from '../../../optimizer/vrptw/types.js';
import { checkVrptw } from './checker.js';
import { kitchenTown, SHIFT_START_S, WORK_S } from './kitchen-town.js';

describe('kitchen-waste day plan of the demo town', () => {
  it('with an 8-hour working time: more trucks, each back within 8 hours of leaving, nothing left out', () => {
    const town = kitchenTown(1);
    const all = Array.from({ length: town.restaurants }, (_, i) => i + 1);
    const fleet = (maxWork?: number) => Array.from({ length: 10 }, () => ({ at: 0, startTime: SHIFT_START_S, load: 0, maxWork }));
    // iterations, not the clock, end the search: the same plans on any machine
    const opts = { timeLimitMs: 120_000, seed: 1, maxIterations: 300 };
    const free = town.problem(fleet(), all, town.demand, 0);
    const limited = town.problem(fleet(WORK_S), all, town.demand, 0);
    const before = solveVrptw(free, opts);
    const after = solveVrptw(limited, opts);
    expect(checkVrptw(free, before).errors).toEqual([]);
    // the checker replays each route from its departure and rejects a day longer than maxWork
    expect(checkVrptw(limited, after).errors).toEqual([]);
    expect(after.unassigned).toEqual([]);
    const used = (routes: number[][]) => routes.filter((r) => r.length > 0).length;
    expect(used(after.routes)).toBeGreaterThan(used(before.routes));
    // without the limit some truck works well past 8 hours (from 06:00 to its return)
    const longest = Math.max(...before.routes.map((r, k) => (r.length ? backAt(free, k, r) - free.vehicles![k].startTime : 0)));
    expect(longest).toBeGreaterThan(WORK_S);
  });
});

/** Return time at the plant of vehicle k's route when it leaves at its start time. */
function backAt(p: VrptwProblem, k: number, route: number[]): number {
  const v = p.vehicles![k];
  let t = v.startTime;
  let prev = v.start;
  route.forEach((x, i) => {
    t = Math.max(t + (i === 0 ? 0 : p.service[prev]) + p.time[prev * p.n + x], p.ready[x]);
    prev = x;
  });
  return t + p.service[prev] + p.time[prev * p.n + (v.end ?? 0)];
}
