import { describe, expect, it } from 'vitest';
import { solveVrptw } from '../../../optimizer/vrptw/solve.js';
import { bruteForceVrptw } from './brute-force.js';
import { checkVrptw } from './checker.js';
import { randomVrptw } from './random-instance.js';

const cases = Array.from({ length: 30 }, (_, i) => ({
  seed: 100 + i, customers: 5 + (i % 4), vehicles: 1 + (i % 3), separateCost: i % 4 === 1, live: i % 5 === 2,
}));

describe('solveVrptw matches the brute-force optimum on tiny instances', () => {
  it.each(cases)('seed $seed: $customers customers, $vehicles vehicles, separateCost=$separateCost live=$live', (c) => {
    const p = randomVrptw(c);
    const exact = bruteForceVrptw(p);
    const sol = solveVrptw(p, { timeLimitMs: 5000, seed: 7, maxIterations: 1500 });
    const report = checkVrptw(p, sol);
    expect(report.errors).toEqual([]);
    const custCount = p.customers?.length ?? p.n - 1;
    expect(custCount - sol.unassigned.length).toBe(exact.served);
    expect(sol.cost).toBeCloseTo(exact.cost, 6);
  });

  it('the generated set is not trivial: some optima leave customers out, some serve all 8 with several routes', () => {
    const results = cases.map((c) => ({ c, r: bruteForceVrptw(randomVrptw(c)) }));
    expect(results.filter(({ c, r }) => r.served < c.customers).length).toBeGreaterThan(2);
    expect(results.filter(({ c, r }) => r.served === c.customers && c.customers === 8 && c.vehicles > 1).length).toBeGreaterThan(0);
  });
});
