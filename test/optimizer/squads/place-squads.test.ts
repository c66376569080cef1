import { describe, expect, it } from 'vitest';
import { placeSquads } from '../../../optimizer/squads/place-squads.js';
import type { SquadProblem } from '../../../optimizer/squads/types.js';
import { createRng } from '../../../optimizer/util/rng.js';

/** Cells on a w x h grid, travel 200 s per step (Manhattan), random expected incidents. */
function gridProblem(seed: number, w: number, h: number, squads: number): SquadProblem {
  const rng = createRng(seed);
  const n = w * h;
  const cells = Array.from({ length: n }, (_, i) => ({ id: 100 + i, expected: rng.next() < 0.2 ? 0 : Math.round(rng.range(0, 10) * 10) / 10 }));
  const xy = (i: number) => [i % w, Math.floor(i / w)];
  const reachS = cells.map((_, j) => cells.map((_, i) => {
    const [a, b] = xy(j), [c, d] = xy(i);
    return 200 * (Math.abs(a - c) + Math.abs(b - d)) + (i === j ? 0 : rng.int(60));
  }));
  return { squads, cells, reachS, radiusS: 400 };
}

function coverage(p: SquadProblem, postIds: number[]): number {
  const idx = postIds.map((id) => p.cells.findIndex((c) => c.id === id));
  return p.cells.reduce((s, c, i) => s + (idx.some((j) => p.reachS[j][i] <= p.radiusS || j === i) ? c.expected : 0), 0);
}

function bruteForce(p: SquadProblem): number {
  const n = p.cells.length;
  let best = 0;
  const pick: number[] = [];
  const rec = (from: number): void => {
    if (pick.length === Math.min(p.squads, n)) {
      best = Math.max(best, coverage(p, pick.map((j) => p.cells[j].id)));
      return;
    }
    for (let j = from; j < n; j++) {
      pick.push(j);
      rec(j + 1);
      pick.pop();
    }
  };
  rec(0);
  return best;
}

describe('placeSquads', () => {
  it('matches brute force on small grids (MIP)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const p = gridProblem(seed, 4, 3 + (seed % 2), 1 + (seed % 3));
      const plan = placeSquads(p);
      expect(plan.method).toBe('mip');
      expect(plan.posts.length).toBe(p.squads);
      expect(plan.covered).toBeCloseTo(bruteForce(p), 9);
      expect(coverage(p, plan.posts)).toBeCloseTo(plan.covered, 9);
    }
  });

  it('greedy fallback stays close to the optimum', () => {
    for (let seed = 20; seed <= 25; seed++) {
      const p = gridProblem(seed, 4, 4, 2);
      const plan = placeSquads(p, { maxMipCells: 0 });
      expect(plan.method).toBe('greedy');
      const opt = bruteForce(p);
      expect(plan.covered).toBeLessThanOrEqual(opt + 1e-9);
      expect(plan.covered).toBeGreaterThanOrEqual(0.9 * opt);
    }
  });

  it('places every squad even when fewer posts cover everything', () => {
    const p: SquadProblem = {
      squads: 3,
      cells: [{ id: 7, expected: 5 }, { id: 8, expected: 1 }],
      reachS: [[0, 100], [100, 0]],
      radiusS: 600,
    };
    const plan = placeSquads(p);
    expect(plan.covered).toBe(6);
    expect(plan.posts.length).toBe(3);
    expect(plan.posts[0]).toBe(7);
    expect(new Set(plan.posts)).toEqual(new Set([7, 8]));
  });

  it('handles a town-sized grid (239 cells, 6 squads) and beats or ties greedy', () => {
    const p = gridProblem(3, 16, 15, 6);
    p.cells.pop();
    p.reachS = p.reachS.slice(0, 239).map((r) => r.slice(0, 239));
    const plan = placeSquads(p, { timeoutMs: 5000 });
    const greedy = placeSquads(p, { maxMipCells: 0 });
    expect(plan.posts.length).toBe(6);
    expect(plan.covered).toBeGreaterThanOrEqual(greedy.covered - 1e-9);
    expect(coverage(p, plan.posts)).toBeCloseTo(plan.covered, 9);
  });

  it('rejects a travel matrix of the wrong shape', () => {
    expect(() => placeSquads({ squads: 1, cells: [{ id: 1, expected: 1 }], reachS: [], radiusS: 600 })).toThrow(/reachS/);
  });
});
