/** Exact tow dispatch: each free truck gets at most one incident now, by the Hungarian method. */
import { buildTowModel, type PinMode, type TowModel } from './cost-model.js';
import { hungarian } from './hungarian.js';
import { planCosts, toPlan, type PlanCosts } from './plan.js';
import type { TowOptions, TowPlan, TowProblem } from './types.js';

/** Optimal one-to-one choice on a model: rows may stay idle, incidents may be deferred. */
export function solveTowModelHungarian(model: TowModel): { t: number; i: number }[] {
  const { rows, cols } = model;
  const n = rows.length;
  const m = cols.length;
  if (n === 0 || m === 0) return [];
  // savings form: assigning i costs cost - defer, leaving it costs nothing extra; n idle columns let any truck wait
  const sav = new Float64Array(n * m);
  let maxAbs = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < m; c++) {
      const v = model.cost(rows[r], cols[c]) - model.defer[cols[c]];
      sav[r * m + c] = v;
      if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    maxAbs = Math.max(maxAbs, Math.abs(model.idle[rows[r]]));
  }
  // a free idle column always exists, so any forbidden cell costing more than every swing is never chosen
  const forbidden = 4 * maxAbs + 1;
  const res = hungarian(n, m + n, (r, c) => {
    if (c >= m) return model.idle[rows[r]];
    const v = sav[r * m + c];
    return Number.isFinite(v) ? v : forbidden;
  });
  const out: { t: number; i: number }[] = [];
  for (let r = 0; r < n; r++) {
    const c = res.rowToCol[r];
    if (c < m && Number.isFinite(sav[r * m + c])) out.push({ t: rows[r], i: cols[c] });
  }
  return out;
}

function costsFor(p: TowProblem, opts: TowOptions, pins: PinMode): PlanCosts {
  const model = buildTowModel(p, opts, pins);
  return planCosts(p, model, solveTowModelHungarian(model));
}

/**
 * Computes the pin costs of a plan: all pins together and each pin alone, against no pins; besides
 * the objective, each pin's extra lateness and response time in plain seconds.
 */
export function pinCostsOf(
  p: TowProblem,
  opts: TowOptions,
  withPins?: PlanCosts,
  solve: (pins: PinMode) => PlanCosts = (pins) => costsFor(p, opts, pins),
): Pick<TowPlan, 'pinCost' | 'pinCosts'> {
  const pinned = p.incidents.filter((inc) => inc.pinnedTruckId !== undefined);
  if (pinned.length === 0) return { pinCost: 0, pinCosts: [] };
  const all = withPins ?? solve('all');
  const free = solve('none');
  const pinCosts = pinned.map((inc) => {
    const one = pinned.length === 1 ? all : solve(new Set([inc.id]));
    return { incidentId: inc.id, truckId: inc.pinnedTruckId!, cost: one.objective - free.objective, lateS: one.lateS - free.lateS, responseS: one.responseS - free.responseS };
  });
  return { pinCost: all.objective - free.objective, pinCosts };
}

/**
 * Decides which free tow truck goes to which incident next: minimises priority-weighted lateness
 * (times `lateWeight`) plus response time, exactly, with pins, re-dispatch and switching penalties.
 */
export function assignTows(p: TowProblem, opts: TowOptions = {}): TowPlan {
  const model = buildTowModel(p, opts, 'all');
  const chosen = solveTowModelHungarian(model);
  const plan = toPlan(p, model, chosen, 'hungarian');
  return opts.pinCosts === 'none' ? plan : { ...plan, ...pinCostsOf(p, opts, planCosts(p, model, chosen)) };
}
