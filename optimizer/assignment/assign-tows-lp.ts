/**
 * Tow dispatch as a MIP (javascript-lp-solver), for side constraints the Hungarian method cannot
 * carry: a two-wheeler truck may take several incidents, up to its free capacity.
 */
import { buildTowModel, DEFAULTS, type PinMode, type TowModel } from './cost-model.js';
import { pinCostsOf, solveTowModelHungarian } from './assign-tows.js';
import { solveLp, type LpModel } from './lp-solve.js';
import { planCosts, toPlan, type PlanCosts } from './plan.js';
import type { TowOptions, TowPlan, TowProblem } from './types.js';

/** LP/MIP choice on a model; `null` when the solver fails (timeout, numerical trouble). */
export function solveTowModelLp(model: TowModel, timeoutMs: number, multi: boolean): { t: number; i: number }[] | null {
  const { rows, cols } = model;
  if (rows.length === 0 || cols.length === 0) return [];
  const variables: LpModel['variables'] = {};
  const constraints: LpModel['constraints'] = {};
  const ints: Record<string, 1> = {};
  const pairs = new Map<string, { t: number; i: number }>();
  for (const t of rows) {
    const cap = multi ? model.slots[t] : 1;
    constraints[`T${t}`] = { max: cap };
    if (model.idle[t] > 0) {
      // abandoning the current incident costs the switch penalty unless the truck takes something
      constraints[`C${t}`] = { min: 1 };
      variables[`y${t}`] = { cost: model.idle[t], [`C${t}`]: 1 };
      ints[`y${t}`] = 1;
    }
    for (const i of cols) {
      const c = model.cost(t, i) - model.defer[i];
      if (!Number.isFinite(c)) continue;
      const name = `x${t}_${i}`;
      variables[name] = { cost: c, [`T${t}`]: 1, [`I${i}`]: 1, ...(model.idle[t] > 0 ? { [`C${t}`]: 1 } : {}) };
      ints[name] = 1;
      pairs.set(name, { t, i });
    }
  }
  for (const i of cols) constraints[`I${i}`] = { max: 1 };
  const res = solveLp({ optimize: 'cost', opType: 'min', constraints, variables, ints, timeout: timeoutMs });
  if (!res.feasible) return null;
  const out: { t: number; i: number }[] = [];
  for (const [name, pair] of pairs) if (res.value(name) > 0.5) out.push(pair);
  return out;
}

/**
 * Tow dispatch by MIP. With `multi` (default true) a truck may take up to its free capacity of incidents;
 * each one's ETA is then the direct travel time (an optimistic estimate: no chaining between incidents).
 * Falls back to the Hungarian method if the solver fails.
 */
export function assignTowsLp(p: TowProblem, opts: TowOptions & { multi?: boolean } = {}): TowPlan {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const multi = opts.multi ?? true;
  const solve = (pins: PinMode): { model: TowModel; chosen: { t: number; i: number }[]; method: string } => {
    const model = buildTowModel(p, opts, pins);
    const lp = solveTowModelLp(model, timeoutMs, multi);
    return lp ? { model, chosen: lp, method: 'lp' } : { model, chosen: solveTowModelHungarian(model), method: 'lp-failed:hungarian' };
  };
  const main = solve('all');
  const plan = toPlan(p, main.model, main.chosen, main.method);
  const costsOf = (pins: PinMode): PlanCosts => {
    const s = solve(pins);
    return planCosts(p, s.model, s.chosen);
  };
  return opts.pinCosts === 'none' ? plan : { ...plan, ...pinCostsOf(p, opts, planCosts(p, main.model, main.chosen), costsOf) };
}
