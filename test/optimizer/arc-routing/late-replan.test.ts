import { describe, expect, it } from 'vitest';
import { solveCarp } from '../../../optimizer/arc-routing/solve-carp.js';
import type { CarpProblem, CarpSolution, CarpStart } from '../../../optimizer/arc-routing/types.js';
import { asciiMap } from './ascii-grid.js';
import { checkCarp } from './checker.js';

/**
 * The depot A is far left; the streets to sweep are on the right. Sweeper 0 is in the middle of
 * them at D, sweeper 1 is back at the depot. Going by total cost alone, sweeper 0 does it all.
 */
const EAST = `
A----B----C====D====E
          #    #    #
          F====G====H
`;

const OPTS = { timeLimitMs: 5000, seed: 3, maxIterations: 200 };

/** The EAST problem with extra fields for the two live sweepers. */
function east(extra: [Partial<CarpStart>, Partial<CarpStart>], lateCost?: number): CarpProblem {
  const p = asciiMap(EAST).problem({ capacity: 100, depot: 'A', starts: [{ at: 'D', load: 0 }, { at: 'A', load: 0 }] });
  // no trips from the depot beside the two sweepers' own (those would have no shift to be late for)
  return { ...p, maxVehicles: 2, starts: p.starts!.map((s, k) => ({ ...s, ...extra[k] })), ...(lateCost !== undefined ? { lateCost } : {}) };
}

const served = (s: CarpSolution, r: number): number => s.routes[r].length;

describe('CARP live re-plan with time left per vehicle', () => {
  const names = asciiMap(EAST).names;
  const at = (n: string): number => names.indexOf(n);

  it('by total cost alone, the sweeper on the spot sweeps everything', () => {
    const p = east([{}, {}]);
    const s = solveCarp(p, OPTS);
    expect(checkCarp(p, s).errors).toEqual([]);
    expect(served(s, 0)).toBe(p.required.length);
    expect(served(s, 1)).toBe(0);
    expect(s.late).toBeUndefined();
  });

  it('moves the work off a slow sweeper that would be back after its shift end', () => {
    const plain = solveCarp(east([{}, {}]), OPTS);
    // sweeper 0 works at a third of the planned pace and has 40 s left: even driving home is late
    const p = east([{ slowness: 3, timeLeft: 40 }, { timeLeft: 200 }]);
    const s = solveCarp(p, OPTS);
    const chk = checkCarp(p, s);
    expect(chk.errors).toEqual([]);
    // it sweeps nothing off its way home (D -> C -> A), the other sweeper the rest, in time
    const own = s.routes[0].map((t) => t.edgeId);
    const homeway = p.required.filter((e) => [e.u, e.v].sort().join() === [at('C'), at('D')].sort().join()).map((e) => e.id);
    expect(own.every((e) => homeway.includes(e))).toBe(true);
    expect(served(s, 1)).toBeGreaterThanOrEqual(p.required.length - 1);
    expect(chk.late[1]).toBe(0);
    // the slow sweeper is late only by its drive home, at its pace
    expect(chk.late[0]).toBe(3 * p.dist(at('D'), at('A')) - 40);
    // bought with more driving than the plain plan
    expect(s.cost).toBeGreaterThan(plain.cost);
  });

  it('counts the time a sweeper is busy before its route as part of its shift', () => {
    // same pace, but sweeper 0 first finishes 190 s of other work and has 200 s left
    const p = east([{ readyTime: 190, timeLeft: 200 }, { timeLeft: 200 }]);
    const s = solveCarp(p, OPTS);
    const chk = checkCarp(p, s);
    expect(chk.errors).toEqual([]);
    expect(served(s, 1)).toBeGreaterThanOrEqual(p.required.length - 1);
    expect(chk.late[1]).toBe(0);
  });

  it('does not move work when everybody is in time', () => {
    const plain = solveCarp(east([{}, {}]), OPTS);
    const p = east([{ slowness: 1.5, timeLeft: 1000 }, { timeLeft: 1000 }]);
    const s = solveCarp(p, OPTS);
    expect(checkCarp(p, s).errors).toEqual([]);
    expect(s.late).toEqual([0, 0]);
    expect(s.cost).toBe(plain.cost);
    expect(served(s, 0)).toBe(p.required.length);
  });

  it('keeps the plain total-cost objective without time limits or at a zero late cost', () => {
    const base = solveCarp(east([{}, {}]), OPTS);
    for (const p of [east([{ slowness: 3, readyTime: 10 }, {}]), east([{ slowness: 3, timeLeft: 40 }, { timeLeft: 200 }], 0)]) {
      const s = solveCarp(p, OPTS);
      expect(checkCarp(p, s).errors).toEqual([]);
      expect(s.routes).toEqual(base.routes);
      expect(s.cost).toBe(base.cost);
    }
  });

  it('rejects a slowness that is not positive', () => {
    expect(() => solveCarp(east([{ slowness: 0 }, {}]), OPTS)).toThrow(/slowness/);
  });
});
