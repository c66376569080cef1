import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { carpProblemOf, parseCarp } from '../../../optimizer/arc-routing/parse-carp.js';
import { solveCarp, solveCarpPathScanning } from '../../../optimizer/arc-routing/solve-carp.js';
import type { CarpProblem } from '../../../optimizer/arc-routing/types.js';
import { createRng } from '../../../optimizer/util/rng.js';
import { asciiMap } from './ascii-grid.js';
import { checkCarp } from './checker.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.CITYFLEET_DATA_DIR ?? join(repo, '../shared/data');
const carpDir = join(dataDir, 'bench/carp');
const haveData = existsSync(carpDir);
if (!haveData && process.env.CI) throw new Error(`CARP benchmark data missing at ${carpDir} (CI must not skip)`);
if (!haveData) console.warn(`skipping CARP benchmark tests: ${carpDir} not found (set CITYFLEET_DATA_DIR)`);

/** Exact optimum of a tiny CARP by enumeration: every order and direction of the edges, cut optimally into routes. */
function bruteForce(p: CarpProblem): number {
  const req = p.required;
  let best = Infinity;
  const order: number[] = [];
  const used = new Set<number>();
  const rec = (): void => {
    if (order.length === req.length) {
      for (let mask = 0; mask < 1 << req.length; mask++) {
        const task = order.map((e, k) => {
          const back = (mask >> k) & 1;
          const r = req[e];
          return back ? (r.oneway ? null : { from: r.v, to: r.u, c: r.serviceCost, q: r.demand }) : { from: r.u, to: r.v, c: r.serviceCost, q: r.demand };
        });
        if (task.some((t) => t === null)) continue;
        const ts = task as { from: number; to: number; c: number; q: number }[];
        const V = new Array(ts.length + 1).fill(Infinity);
        V[0] = 0;
        for (let i = 0; i < ts.length; i++) {
          let cost = 0;
          let load = 0;
          for (let j = i; j < ts.length; j++) {
            load += ts[j].q;
            if (load > p.capacity) break;
            cost += (j === i ? p.dist(p.depot, ts[j].from) : p.dist(ts[j - 1].to, ts[j].from)) + ts[j].c;
            V[j + 1] = Math.min(V[j + 1], V[i] + cost + p.dist(ts[j].to, p.depot));
          }
        }
        best = Math.min(best, V[ts.length]);
      }
      return;
    }
    for (let e = 0; e < req.length; e++) {
      if (used.has(e)) continue;
      used.add(e);
      order.push(e);
      rec();
      order.pop();
      used.delete(e);
    }
  };
  rec();
  return best;
}

const BLOCK = `
A---B===C
|   #   |
D===E---F
#   |   #
G---H===I
`;

describe('solveCarp on ASCII street grids', () => {
  it('sweeps a ring in one tour of exactly its length', () => {
    const map = asciiMap(`
A===B
#   #
C===D
`);
    const p = map.problem({ capacity: 10 });
    const s = solveCarp(p, { timeLimitMs: 200, seed: 1, maxIterations: 20 });
    expect(checkCarp(p, s).errors).toEqual([]);
    expect(s.routes.length).toBe(1);
    expect(s.cost).toBe(4 + 4 + 4 + 4);
  });

  it('finds the optimum of small grids (brute force) and every answer passes the checker', () => {
    const map = asciiMap(BLOCK);
    for (const capacity of [1, 2, 3, 6]) {
      const p = map.problem({ capacity, depot: 'E' });
      const s = solveCarp(p, { timeLimitMs: 2000, seed: capacity, maxIterations: 150 });
      expect(checkCarp(p, s).errors).toEqual([]);
      expect(s.cost).toBe(bruteForce(p));
    }
  });

  it('services one-way streets only their way', () => {
    const map = asciiMap(`
A>>>>B---C
|    v   |
D====E>>>F
`);
    const p = map.problem({ capacity: 2 });
    expect(p.required.filter((e) => e.oneway).length).toBe(3);
    const s = solveCarp(p, { timeLimitMs: 1000, seed: 3, maxIterations: 100 });
    expect(checkCarp(p, s).errors).toEqual([]);
    expect(s.cost).toBe(bruteForce(p));
  });

  it('re-plans live: vehicles start where they are with what they carry', () => {
    const map = asciiMap(BLOCK);
    const p = map.problem({ capacity: 3, depot: 'A', starts: [{ at: 'I', load: 2 }, { at: 'C', load: 0 }] });
    const s = solveCarp(p, { timeLimitMs: 1000, seed: 5, maxIterations: 100 });
    const chk = checkCarp(p, s);
    expect(chk.errors).toEqual([]);
    expect(s.routes.length).toBeGreaterThanOrEqual(2);
    expect(chk.loads[0]).toBeLessThanOrEqual(3);
    expect(s.loads?.[0]).toBe(chk.loads[0]);
  });

  it('keeps to maxVehicles when the demand fits, and raises an impossible limit', () => {
    const map = asciiMap(BLOCK);
    const p = { ...map.problem({ capacity: 3, depot: 'A' }), maxVehicles: 2 };
    const s = solveCarp(p, { timeLimitMs: 2000, seed: 7, maxIterations: 100 });
    expect(checkCarp(p, s).errors).toEqual([]);
    expect(s.routes.length).toBe(2);
    const tight = { ...p, maxVehicles: 1 };
    const t = solveCarp(tight, { timeLimitMs: 2000, seed: 7, maxIterations: 100 });
    expect(t.routes.length).toBe(2);
    expect(t.cost).toBe(s.cost);
  });

  it('is deterministic for a seed and iteration budget', () => {
    const map = asciiMap(BLOCK);
    const p = map.problem({ capacity: 2 });
    const a = solveCarp(p, { timeLimitMs: 5000, seed: 42, maxIterations: 30 });
    const b = solveCarp(p, { timeLimitMs: 5000, seed: 42, maxIterations: 30 });
    expect(b.routes).toEqual(a.routes);
    expect(b.cost).toBe(a.cost);
  });

  it('sends live vehicles home when nothing is left to sweep', () => {
    const map = asciiMap(BLOCK);
    const p = { ...map.problem({ capacity: 3, depot: 'A', starts: [{ at: 'I', load: 1 }] }), required: [] };
    const s = solveCarp(p, { timeLimitMs: 100, seed: 1 });
    expect(s.routes).toEqual([[]]);
    expect(s.cost).toBe(p.dist(map.names.indexOf('I'), 0));
    expect(checkCarp(p, s).errors).toEqual([]);
  });

  it('leaves out, with a reason, edges no trip can serve and plans the rest', () => {
    const map = asciiMap(`
A===B---C

D===E
`);
    const base = map.problem({ capacity: 2 });
    const p: CarpProblem = { ...base, required: base.required.map((e, k) => ({ ...e, demand: k === 0 ? 5 : 1 })) };
    const s = solveCarp(p, { timeLimitMs: 500, seed: 1, maxIterations: 10 });
    expect(checkCarp(p, s).errors).toEqual([]);
    const why = Object.fromEntries((s.unserved ?? []).map((u) => [u.edgeId, u.reason]));
    expect(why[0]).toMatch(/exceeds vehicle capacity/);
    expect(why[1]).toMatch(/not reachable/);
    expect(s.routes.flat()).toEqual([]);
  });

  it('rejects a live vehicle that cannot get back to the depot', () => {
    const map = asciiMap(`
A===B

C---D
`);
    const p = map.problem({ capacity: 2, starts: [{ at: 'C', load: 0 }] });
    expect(() => solveCarp(p, { timeLimitMs: 100, seed: 1 })).toThrow(/cannot reach the depot/);
  });

  it('handles random demands on a larger grid, never worse than path scanning', () => {
    const rng = createRng(9);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    // 5 x 5 lattice of intersections, most streets to sweep
    const lines: string[] = [];
    for (let r = 0; r < 5; r++) {
      let row = '';
      for (let c = 0; c < 5; c++) row += letters[r * 5 + c] + (c < 4 ? (rng.next() < 0.7 ? '===' : '---') : '');
      lines.push(row);
      if (r < 4) {
        let v = '';
        for (let c = 0; c < 5; c++) v += (rng.next() < 0.7 ? '#' : '|') + (c < 4 ? '   ' : '');
        lines.push(v);
      }
    }
    const base = asciiMap(lines.join('\n')).problem({ capacity: 6, depot: 'M' });
    const p: CarpProblem = { ...base, required: base.required.map((e) => ({ ...e, demand: 1 + rng.int(3) })) };
    const ps = solveCarpPathScanning(p);
    const s = solveCarp(p, { timeLimitMs: 3000, seed: 1, maxIterations: 200 });
    expect(checkCarp(p, ps).errors).toEqual([]);
    expect(checkCarp(p, s).errors).toEqual([]);
    expect(s.cost).toBeLessThanOrEqual(ps.cost);
  });
});

describe.skipIf(!haveData)('solveCarp on gdb benchmark instances (proven optima)', () => {
  // read lazily: the body of a skipped describe still runs when the data is absent
  const bks = haveData
    ? new Map(
        readFileSync(join(carpDir, 'bks.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
          const [name, cost] = l.split(',');
          return [name, Number(cost)] as const;
        }),
      )
    : new Map<string, number>();

  it('parses gdb1 as published', () => {
    const f = parseCarp(readFileSync(join(carpDir, 'gdb/gdb1.dat'), 'utf8'));
    expect([f.name, f.nNodes, f.required.length, f.capacity, f.vehicles, f.depot]).toEqual(['gdb1', 12, 22, 5, 5, 0]);
    expect(f.required.reduce((s, e) => s + e.cost, 0)).toBe(252);
  });

  for (const name of ['gdb1', 'gdb10', 'gdb14', 'gdb19', 'gdb23']) {
    it(`${name}: valid, never below the proven optimum, within 2% of it`, () => {
      const p = carpProblemOf(parseCarp(readFileSync(join(carpDir, `gdb/${name}.dat`), 'utf8')));
      const s = solveCarp(p, { timeLimitMs: 4000, seed: 1, maxIterations: 150 });
      expect(checkCarp(p, s).errors).toEqual([]);
      const opt = bks.get(name)!;
      const gap = (s.cost / opt - 1) * 100;
      console.info(`${name}: ${s.cost} vs optimum ${opt} (gap ${gap.toFixed(2)}%, ${s.stats?.iterations} iterations)`);
      expect(s.cost).toBeGreaterThanOrEqual(opt);
      expect(gap).toBeLessThanOrEqual(2);
    });
  }
});
