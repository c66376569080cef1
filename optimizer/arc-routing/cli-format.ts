/** The `--format carp` entry of the benchmark CLI (optimizer/cli/solve.ts). */
import { parseCarp, carpProblemOf } from './parse-carp.js';
import { solveCarp } from './solve-carp.js';

export interface CarpCliResult {
  instance: string;
  /** per route, the required edges in service order, each [u, v]: serviced from u to v, vertices numbered as in the file */
  routes: [number, number][][];
  /** service plus deadheading, depot to depot, as the benchmark's best-known values count it */
  cost: number;
  timeMs: number;
}

/** Solves the text of a CARPLIB `.dat` file (gdb, val, egl) within the time limit. */
export function solveCarpText(text: string, args: { timeLimitS: number; seed: number }): CarpCliResult {
  const t0 = Date.now();
  const file = parseCarp(text);
  const sol = solveCarp(carpProblemOf(file), { timeLimitMs: args.timeLimitS * 1000, seed: args.seed });
  if (sol.unserved?.length) throw new Error(`${sol.unserved.length} required edges cannot be served: ${sol.unserved[0].reason}`);
  const routes = sol.routes.filter((r) => r.length > 0).map((r) => r.map((e): [number, number] => [e.from + 1, e.to + 1]));
  return { instance: file.name, routes, cost: Math.round(sol.cost * 1e6) / 1e6, timeMs: Date.now() - t0 };
}
