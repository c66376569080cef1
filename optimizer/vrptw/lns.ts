import type { Rng } from '../util/rng.js';
import type { Instance } from './instance.js';
import { recreateGreedy } from './recreate.js';
import { ruinStrings } from './ruin.js';
import { cloneRoute } from './route.js';
import { beginTrial, better, cloneSol, commitTrial, objective, rollbackTrial, solCost, type Sol } from './solution.js';

export interface LnsOptions {
  /** wall-clock deadline (Date.now() value) */
  deadline: number;
  maxIterations?: number;
}

/** Start and final temperature as multiples of the mean arc cost of the starting solution. */
const T_START = 5;
const T_END = 0.05;

/**
 * Ruin-and-recreate with simulated-annealing acceptance (SISR style). The temperature cools
 * geometrically with progress, measured in iterations when maxIterations is set (deterministic) and
 * in elapsed time otherwise. Returns the best solution seen and the number of iterations run.
 */
export function runLns(inst: Instance, start: Sol, rng: Rng, opt: LnsOptions): { best: Sol; iterations: number } {
  const cur = cloneSol(start);
  let curObj = objective(inst, cur);
  const best = cloneSol(start);
  // routes of cur that differ from best's copy: a new best copies only those (with 1,000 vehicles,
  // mostly empty, copying every route on each new best was a good part of the search time)
  const differs = new Set<number>();
  const routed = inst.customers.length - start.unassigned.length;
  const used = start.routes.filter((r) => r.seq.length > 2).length;
  const meanArc = routed > 0 ? solCost(start) / (routed + used) : 1;
  const t0 = Math.max(1e-9, T_START * meanArc);
  const t1 = Math.max(1e-9, T_END * meanArc);
  const startMs = Date.now();
  const span = Math.max(1, opt.deadline - startMs);
  let it = 0;
  for (; ; it++) {
    if (opt.maxIterations !== undefined && it >= opt.maxIterations) break;
    const now = Date.now();
    if (now >= opt.deadline) break;
    const progress = opt.maxIterations !== undefined ? it / opt.maxIterations : (now - startMs) / span;
    const temp = t0 * Math.pow(t1 / t0, progress);
    // the trial works on cur in place and is rolled back when rejected: only touched routes are copied
    beginTrial(cur);
    const pending = ruinStrings(inst, cur, rng);
    pending.push(...cur.unassigned);
    cur.unassigned = [];
    if (pending.length === 0 && inst.unload >= 0 && start.unassigned.length < inst.customers.length) {
      // multi-trip: the strings held only unload visits, which ruins keep; nothing to rebuild this time
      rollbackTrial(cur);
      continue;
    }
    recreateGreedy(inst, cur, pending, rng);
    if (pending.length === 0 || cur.routes.every((r) => r.seq.length === 2)) {
      // nothing routed and nothing to route: no iteration can change anything
      commitTrial(cur);
      break;
    }
    const candObj = objective(inst, cur);
    const improvesBest = better(inst, cur, best);
    if (improvesBest || candObj < curObj - temp * Math.log(Math.max(rng.next(), 1e-12))) {
      for (const k of cur.journal!.saved.keys()) differs.add(k);
      commitTrial(cur);
      curObj = candObj;
    } else {
      rollbackTrial(cur);
    }
    if (improvesBest) copyChanged(cur, best, differs);
  }
  return { best, iterations: it };
}

/** Makes `to` equal to `from`, given the routes that differ; clears `differs`. */
function copyChanged(from: Sol, to: Sol, differs: Set<number>): void {
  for (const k of differs) to.routes[k] = cloneRoute(from.routes[k]);
  differs.clear();
  to.routeOf.set(from.routeOf);
  to.posOf.set(from.posOf);
  to.unassigned = from.unassigned.slice();
}
