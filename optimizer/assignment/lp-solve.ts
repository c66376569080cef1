/** Thin typed wrapper over javascript-lp-solver (its Solve() is typed as returning unknown). */
import solver, { type Model } from 'javascript-lp-solver';

export type LpModel = Model;

export interface LpResult {
  feasible: boolean;
  bounded: boolean;
  /** objective value as the solver reports it */
  result: number;
  /** value of every variable the solver reports (omitted variables are 0) */
  value: (name: string) => number;
  ms: number;
}

/** Solves an LP/MIP in the solver's JSON format; never throws on infeasible models. */
export function solveLp(model: LpModel): LpResult {
  const t0 = Date.now();
  const raw = solver.Solve(model) as Record<string, unknown>;
  const num = (k: string): number => (typeof raw[k] === 'number' ? (raw[k] as number) : 0);
  return {
    feasible: raw.feasible === true,
    bounded: raw.bounded !== false,
    result: num('result'),
    value: num,
    ms: Date.now() - t0,
  };
}
