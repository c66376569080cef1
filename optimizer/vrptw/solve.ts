import { createRng } from '../util/rng.js';
import { constructRegret } from './construct.js';
import { buildInstance } from './instance.js';
import { runLns } from './lns.js';
import { localSearch } from './local-search.js';
import { better, cloneSol, refreshRoute, solCost, toSolution } from './solution.js';
import { warmStart } from './warm-start.js';
import type { VrptwOptions, VrptwProblem, VrptwSolution, VrptwStats } from './types.js';

/** Solves a VRPTW: regret insertion, local search, then ruin-and-recreate until the limit. */
export function solveVrptw(p: VrptwProblem, opts: VrptwOptions): VrptwSolution {
  return solveVrptwDetailed(p, opts).solution;
}

/** Like solveVrptw, with search statistics (used by the benchmark). */
export function solveVrptwDetailed(p: VrptwProblem, opts: VrptwOptions): { solution: VrptwSolution; stats: VrptwStats } {
  const t0 = Date.now();
  const deadline = t0 + Math.max(0, opts.timeLimitMs);
  const inst = buildInstance(p, opts);
  const rng = createRng(opts.seed ?? 1);
  // construction may use at most half of the time; the search needs the rest
  const initial = constructRegret(inst, opts.initialRoutes ? warmStart(inst, opts.initialRoutes) : undefined, t0 + Math.max(0, opts.timeLimitMs) / 2);
  const constructionCost = solCost(initial);
  const constructionUnassigned = initial.unassigned.length;
  const start = cloneSol(initial);
  localSearch(inst, start, rng, deadline);
  // Local search on every new best did not pay for itself in measurements (same gaps at equal
  // iterations, fewer iterations per second, and far slower on long routes): only the final best
  // gets one, with a little time kept for it.
  const lnsDeadline = t0 + Math.max(0, opts.timeLimitMs) * 0.97;
  const { best, iterations } = runLns(inst, start, rng, { deadline: lnsDeadline, maxIterations: opts.maxIterations });
  localSearch(inst, best, rng, deadline);
  const final = better(inst, best, start) ? best : start;
  // multi-trip: drop unload visits the final routes do not need (never raises cost or moves a stop)
  if (inst.unload >= 0) for (let k = 0; k < final.routes.length; k++) refreshRoute(inst, final, k, true);
  return {
    solution: toSolution(final, inst),
    stats: { iterations, constructionCost, constructionUnassigned, elapsedMs: Date.now() - t0 },
  };
}

/** Construction heuristic alone (regret-2 insertion), the baseline the benchmark compares against. */
export function constructVrptw(p: VrptwProblem): VrptwSolution {
  const inst = buildInstance(p);
  return toSolution(constructRegret(inst), inst);
}
