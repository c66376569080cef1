import { describe, expect, it } from 'vitest';
import type { VrptwProblem, VrptwSolution } from '../../../optimizer/vrptw/types.js';
import { checkVrptw, servableByIdleVehicle } from './checker.js';

// depot 0 and three customers on a line, 10 apart; travel time = distance
function line(): VrptwProblem {
  const xs = [0, 10, 20, 30];
  const n = 4;
  const time = Array.from({ length: n * n }, (_, k) => Math.abs(xs[Math.floor(k / n)] - xs[k % n]));
  return {
    n, time, demand: [0, 3, 3, 3], ready: [0, 0, 0, 0], due: [100, 50, 50, 50], service: [0, 5, 5, 5],
    capacity: 10, maxVehicles: 2,
  };
}
const good: VrptwSolution = { routes: [[1, 2, 3], []], cost: 60, unassigned: [] };

describe('checkVrptw', () => {
  it('accepts a feasible solution and recomputes its cost', () => {
    const r = checkVrptw(line(), good);
    expect(r.errors).toEqual([]);
    expect(r.cost).toBe(60);
    expect(r.vehicles).toBe(1);
  });
  it('rejects a duplicated customer', () => {
    expect(checkVrptw(line(), { routes: [[1, 2, 3], [2]], cost: 100, unassigned: [] }).errors.join()).toMatch(/appears twice/);
  });
  it('rejects a customer that is neither routed nor unassigned', () => {
    expect(checkVrptw(line(), { routes: [[1, 2], []], cost: 40, unassigned: [] }).errors.join()).toMatch(/customer 3 is neither/);
  });
  it('rejects the depot as a customer', () => {
    expect(checkVrptw(line(), { routes: [[1, 2, 3], [0]], cost: 60, unassigned: [] }).errors.join()).toMatch(/not a customer/);
  });
  it('rejects a capacity excess', () => {
    const p = { ...line(), capacity: 8 };
    expect(checkVrptw(p, good).errors.join()).toMatch(/exceeds capacity/);
  });
  it('counts the initial load of a live vehicle', () => {
    const p = { ...line(), vehicles: [{ start: 0, startTime: 0, initialLoad: 2 }, { start: 0, startTime: 0, initialLoad: 0 }] };
    expect(checkVrptw(p, good).errors.join()).toMatch(/load 11 exceeds capacity 10/);
  });
  it('rejects a late arrival, counting service times', () => {
    const p = line();
    p.due = [100, 50, 50, 39];
    expect(checkVrptw(p, good).errors.join()).toMatch(/arrives at 3 at 40/);
  });
  it('lets vehicles wait for a window to open', () => {
    const p = line();
    p.ready = [0, 30, 0, 0];
    p.due = [100, 50, 50, 60];
    const r = checkVrptw(p, { ...good });
    expect(r.errors).toEqual([]);
    p.due = [100, 50, 50, 59];
    expect(checkVrptw(p, good).errors.join()).toMatch(/arrives at 3 at 60/);
  });
  it('rejects a late return (horizon) and a wrong reported cost', () => {
    const p = { ...line(), horizon: 69 };
    expect(checkVrptw(p, good).errors.join()).toMatch(/after the horizon 69/);
    expect(checkVrptw(line(), { ...good, cost: 59 }).errors.join()).toMatch(/reported cost 59/);
  });
  it('rejects a solution with the wrong number of route slots', () => {
    expect(checkVrptw(line(), { routes: [[1, 2, 3]], cost: 60, unassigned: [] }).errors.join()).toMatch(/expected 2 routes/);
  });
  it('spots an unassigned customer that an idle vehicle could have served', () => {
    const sol: VrptwSolution = { routes: [[1, 2], []], cost: 40, unassigned: [3] };
    expect(checkVrptw(line(), sol).errors).toEqual([]);
    expect(servableByIdleVehicle(line(), sol, 3)).toBe(true);
    expect(servableByIdleVehicle({ ...line(), maxVehicles: 2, due: [100, 50, 50, 20] }, sol, 3)).toBe(false);
  });
});
