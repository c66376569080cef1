/**
 * CARP solver: best of the classic path-scanning rules and split giant tours, improved by local
 * search, then an iterated ruin-and-recreate search with simulated-annealing acceptance until
 * the time limit (or iteration budget) runs out. Live re-plans may price lateness past each
 * vehicle's time left (see CarpProblem.lateCost); without time limits the objective is total cost.
 */
import { compactRoutes, plainCost, toSolution, totalCost } from './evaluate.js';
import { buildInst, type CarpInst } from './instance.js';
import { localSearch, nearestEdges } from './local-search.js';
import { pathScanning, type PsRule } from './path-scanning.js';
import { RouteState } from './route-state.js';
import { recreate, ruin, unloadLate } from './ruin-recreate.js';
import { split } from './split.js';
import type { CarpOptions, CarpProblem, CarpSolution } from './types.js';
import { createRng, type Rng } from '../util/rng.js';

/** Best of the five classic path-scanning rules (the usual baseline). */
export function solveCarpPathScanning(p: CarpProblem): CarpSolution {
  const inst = buildInst(p);
  return toSolution(inst, bestPathScanning(inst));
}

function bestPathScanning(inst: CarpInst): number[][] {
  let best: number[][] = [];
  let bestC = Infinity;
  for (const rule of [1, 2, 3, 4, 5] as PsRule[]) {
    const r = pathScanning(inst, rule);
    const c = totalCost(inst, r);
    if (c < bestC) {
      best = r;
      bestC = c;
    }
  }
  return best;
}

/** Initial solutions: path scanning, and (without live starts) splits of its and random giant tours. */
function initial(inst: CarpInst, rng: Rng): number[][] {
  let best = bestPathScanning(inst);
  let bestC = totalCost(inst, best);
  const consider = (r: number[][]): void => {
    const c = totalCost(inst, r);
    if (c < bestC && r.length <= inst.maxRoutes) {
      best = r;
      bestC = c;
    }
  };
  if (inst.lateCost > 0) {
    const totalDem = inst.dem.reduce((a, b) => a + b, 0);
    consider(unloadLate(inst, best, rng, totalDem > 0 ? plainCost(inst, best) / totalDem : 1));
  }
  if (inst.nStarts === 0) {
    // each try costs O(E^2): fewer on big networks
    const tries = inst.nEdges <= 200 ? 10 : inst.nEdges <= 600 ? 4 : 1;
    for (let k = 0; k < tries; k++) {
      const ps = pathScanning(inst, 0, rng);
      consider(ps);
      consider(split(inst, ps.flat().map((t) => t >> 1)));
    }
  }
  return best;
}

/** Solves a CARP within `timeLimitMs` (and `maxIterations`, if given); deterministic for a seed and iteration budget. */
export function solveCarp(p: CarpProblem, opts: CarpOptions): CarpSolution {
  const t0 = Date.now();
  const deadline = t0 + opts.timeLimitMs;
  const inst = buildInst(p);
  if (inst.nEdges === 0) {
    const idle = Array.from({ length: inst.nStarts }, (): number[] => []);
    return { ...toSolution(inst, idle), stats: { iterations: 0, ms: 0, initialCost: totalCost(inst, idle) } };
  }
  const rng = createRng(opts.seed);
  const near = nearestEdges(inst, 30);
  const init = initial(inst, rng);
  const initialCost = totalCost(inst, init);
  const st = new RouteState(inst, init);
  // overload allowed while searching, at a price per unit that adapts to keep about half the
  // local optima feasible; an overloaded optimum is repaired with a steeper price or dropped
  const totalDem = inst.dem.reduce((a, b) => a + b, 0);
  // scaled on service + deadheading: a lateness price would inflate the overload price and temperature
  const initialPlain = inst.lateCost > 0 ? plainCost(inst, init) : initialCost;
  st.penalty = totalDem > 0 ? initialPlain / totalDem : 1;
  const unavoidable = Array.from(inst.startLoad).reduce((a, l) => a + Math.max(0, l - inst.capacity), 0);
  const feasible = (): boolean => st.excess() <= unavoidable + 1e-9;
  let look = new Uint8Array(inst.nEdges).fill(1);
  const searchFeasible = (): boolean => {
    localSearch(st, near, rng, deadline, look);
    if (feasible()) return true;
    const base = st.penalty;
    for (const f of [10, 100]) {
      st.penalty = base * f;
      // only tasks in overloaded routes need another look at the steeper price
      st.routes.forEach((s, r) => {
        if (st.load[r] > inst.capacity + 1e-9) for (const t of s) look[t >> 1] = 1;
      });
      localSearch(st, near, rng, deadline, look);
      if (feasible()) break;
    }
    st.penalty = base;
    return feasible();
  };
  const initOk = searchFeasible();
  // routes beyond maxVehicles (path scanning may need them) weigh like a whole extra solution each
  const surplusCost = initialCost + 1;
  const score = (routes: number[][], cost: number): number => cost + surplusCost * Math.max(0, usedOf(inst, routes) - inst.maxRoutes);
  let cur = initOk ? st.snapshot() : init;
  let curC = score(cur, initOk ? st.total() : initialCost);
  let best = cur;
  let bestC = curC;
  const maxIt = opts.maxIterations ?? Infinity;
  const t0Temp = 0.002 * (inst.lateCost > 0 ? initialPlain : initOk ? st.total() : initialCost);
  // up to 40 % of the edges (at most 40): tried 12 / 25 / 40 / 55 %, 40 % did best at 1 s on gdb and val
  const qMax = Math.max(2, Math.min(40, Math.ceil(inst.nEdges * 0.4)));
  let feasCount = 0;
  let it = 0;
  for (; it < maxIt && Date.now() < deadline; it++) {
    const progress = Number.isFinite(maxIt) ? it / maxIt : (Date.now() - t0) / opts.timeLimitMs;
    const temp = t0Temp * Math.max(0, 1 - progress);
    const q = 2 + rng.int(qMax - 1);
    const r = ruin(inst, cur, q, near, rng);
    // wake up the removed tasks and their old and new neighbours only
    look = new Uint8Array(inst.nEdges);
    const gone = new Uint8Array(inst.nEdges);
    for (const e of r.removed) gone[e] = 1;
    for (const s of cur) {
      for (let k = 0; k < s.length; k++) {
        if (!gone[s[k] >> 1]) continue;
        if (k > 0) look[s[k - 1] >> 1] = 1;
        if (k + 1 < s.length) look[s[k + 1] >> 1] = 1;
      }
    }
    st.setRoutes(recreate(inst, r.routes, r.removed, rng, st.penalty));
    for (const e of r.removed) {
      const s = st.routes[st.routeOf[e]];
      const k = st.posOf[e];
      look[e] = 1;
      if (k > 0) look[s[k - 1] >> 1] = 1;
      if (k + 1 < s.length) look[s[k + 1] >> 1] = 1;
    }
    localSearch(st, near, rng, deadline, look);
    const natural = feasible();
    if (natural) feasCount++;
    if ((it + 1) % 20 === 0) {
      const rate = feasCount / 20;
      if (rate < 0.4) st.penalty *= 1.3;
      else if (rate > 0.6) st.penalty /= 1.3;
      feasCount = 0;
    }
    if (!natural && !searchFeasible()) continue;
    const c = st.total() + surplusCost * Math.max(0, st.usedRoutes() - inst.maxRoutes);
    if (c < curC - 1e-9 || (temp > 0 && c < curC - temp * Math.log(rng.next() + 1e-12))) {
      cur = st.snapshot();
      curC = c;
      if (c < bestC - 1e-9) {
        best = cur;
        bestC = c;
      }
    }
  }
  const sol = toSolution(inst, compactRoutes(inst, best));
  return { ...sol, stats: { iterations: it, ms: Date.now() - t0, initialCost } };
}

function usedOf(inst: CarpInst, routes: number[][]): number {
  return routes.filter((s, r) => r < inst.nStarts || s.length > 0).length;
}
