import { describe, expect, it } from 'vitest';
import { createRng } from '../../../optimizer/util/rng.js';
import { constructRegret } from '../../../optimizer/vrptw/construct.js';
import { buildInstance } from '../../../optimizer/vrptw/instance.js';
import { DEFAULT_OPERATORS, localSearch } from '../../../optimizer/vrptw/local-search.js';
import { recreateGreedy } from '../../../optimizer/vrptw/recreate.js';
import { ruinStrings } from '../../../optimizer/vrptw/ruin.js';
import { split } from '../../../optimizer/vrptw/operators/split.js';
import { beginTrial, emptySol, insertCustomer, rollbackTrial, solCost, toSolution } from '../../../optimizer/vrptw/solution.js';
import type { VrptwProblem } from '../../../optimizer/vrptw/types.js';
import { checkVrptw } from './checker.js';
import { randomVrptw } from './random-instance.js';

const variants = Array.from({ length: 16 }, (_, i) => ({
  seed: 300 + i, customers: 25 + 5 * (i % 4), vehicles: 3 + (i % 4), live: i % 2 === 0, separateCost: i % 3 === 0,
}));

describe('local-search operators', () => {
  for (const op of DEFAULT_OPERATORS) {
    it(`${op.name} alone keeps every solution feasible, never raises the cost, and its cached costs are exact`, () => {
      let improvedSomewhere = false;
      for (const v of variants) {
        const p = randomVrptw(v);
        const inst = buildInstance(p);
        const s = constructRegret(inst);
        const before = solCost(s);
        localSearch(inst, s, createRng(v.seed), Infinity, [op]);
        const sol = toSolution(s);
        const report = checkVrptw(p, sol);
        expect(report.errors, `${op.name} on seed ${v.seed}`).toEqual([]);
        expect(sol.cost).toBeLessThanOrEqual(before + 1e-9);
        if (sol.cost < before - 1e-9) improvedSomewhere = true;
      }
      // an operator that never finds anything on 16 varied instances is broken, not lucky
      if (op.name !== 'split') expect(improvedSomewhere).toBe(true);
    });
  }

  it('all operators together, after ruin-and-recreate steps, stay feasible', () => {
    for (const v of variants) {
      const p = randomVrptw(v);
      const inst = buildInstance(p);
      const rng = createRng(v.seed);
      const s = constructRegret(inst);
      for (let k = 0; k < 30; k++) {
        const pending = ruinStrings(inst, s, rng);
        pending.push(...s.unassigned);
        s.unassigned = [];
        recreateGreedy(inst, s, pending, rng);
        localSearch(inst, s, rng);
        expect(checkVrptw(p, toSolution(s)).errors).toEqual([]);
      }
    }
  });

  it('split hands the tail of a route to an idle truck that stands next to it', () => {
    // on a line: depot@0, c1@10, c2@100; truck 0 at the depot carries both, truck 1 idles at 100
    const at = [0, 10, 100, 100];
    const n = at.length;
    const p: VrptwProblem = {
      n, time: Array.from({ length: n * n }, (_, k) => Math.abs(at[Math.floor(k / n)] - at[k % n])),
      demand: [0, 1, 1, 0], ready: [0, 0, 0, 0], due: [1000, 1000, 1000, 1000], service: [0, 0, 0, 0],
      capacity: 10, maxVehicles: 2, customers: [1, 2],
      vehicles: [{ start: 0, startTime: 0, initialLoad: 0 }, { start: 3, startTime: 0, initialLoad: 0 }],
    };
    const inst = buildInstance(p);
    const s = emptySol(inst);
    s.unassigned = [];
    insertCustomer(inst, s, 1, 0, 0);
    insertCustomer(inst, s, 2, 0, 1);
    expect(solCost(s)).toBe(200);
    localSearch(inst, s, createRng(1), Infinity, [split]);
    expect(toSolution(s).routes).toEqual([[1], [2]]);
    expect(solCost(s)).toBe(120);
    expect(checkVrptw(p, toSolution(s)).errors).toEqual([]);
  });

  it('rollback restores the solution exactly', () => {
    const p = randomVrptw({ customers: 40, vehicles: 5, seed: 3, live: true });
    const inst = buildInstance(p);
    const rng = createRng(5);
    const s = constructRegret(inst);
    const snapshot = JSON.stringify(toSolution(s));
    const routeOf = s.routeOf.slice();
    for (let k = 0; k < 20; k++) {
      beginTrial(s);
      const pending = ruinStrings(inst, s, rng);
      pending.push(...s.unassigned);
      s.unassigned = [];
      recreateGreedy(inst, s, pending, rng);
      rollbackTrial(s);
      expect(JSON.stringify(toSolution(s))).toBe(snapshot);
      expect(Array.from(s.routeOf)).toEqual(Array.from(routeOf));
    }
  });
});
