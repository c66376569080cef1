/** Turns a solver's chosen (truck, incident) pairs into a TowPlan with reasons for what was left. */
import type { TowModel } from './cost-model.js';
import type { TowPlan, TowProblem } from './types.js';

/** Objective of a set of chosen pairs: their costs, idle trucks' costs and deferral estimates of the rest. */
export function planObjective(model: TowModel, chosen: { t: number; i: number }[]): number {
  const usedT = new Set<number>();
  const usedI = new Set<number>();
  let total = 0;
  for (const { t, i } of [...model.fixed, ...chosen]) {
    total += model.cost(t, i);
    usedT.add(t);
    usedI.add(i);
  }
  for (const t of model.rows) if (!usedT.has(t)) total += model.idle[t];
  for (const i of model.cols) if (!usedI.has(i)) total += model.defer[i];
  return total;
}

/** A plan's objective and, in plain seconds, the lateness and response it adds up (deferred cases by their estimate). */
export interface PlanCosts {
  objective: number;
  lateS: number;
  responseS: number;
}

/** Objective, lateness and response time of a set of chosen pairs. */
export function planCosts(p: TowProblem, model: TowModel, chosen: { t: number; i: number }[]): PlanCosts {
  let lateS = 0;
  let responseS = 0;
  const usedI = new Set<number>();
  for (const { t, i } of [...model.fixed, ...chosen]) {
    const eta = model.eta(t, i);
    lateS += Math.max(0, eta - p.incidents[i].deadlineS);
    responseS += eta;
    usedI.add(i);
  }
  for (const i of model.cols) {
    if (usedI.has(i)) continue;
    lateS += Math.max(0, model.deferEtaS[i] - p.incidents[i].deadlineS);
    responseS += model.deferEtaS[i];
  }
  return { objective: planObjective(model, chosen), lateS, responseS };
}

/** Builds the plan; `chosen` holds the solver's pairs (fixed pairs are added here). */
export function toPlan(p: TowProblem, model: TowModel, chosen: { t: number; i: number }[], method: string): TowPlan {
  const { trucks, incidents } = p;
  const assignments: TowPlan['assignments'] = [];
  const usedI = new Set<number>();
  const usedT = new Map<number, number[]>();
  for (const { t, i } of [...model.fixed, ...chosen]) {
    const tr = trucks[t];
    // a truck carrying this car is already on the case: nothing left to drive
    const onCase = tr.towing && tr.currentIncidentId === incidents[i].id;
    const etaS = onCase ? 0 : model.eta(t, i);
    assignments.push({ truckId: tr.id, incidentId: incidents[i].id, etaS, lateS: Math.max(0, etaS - incidents[i].deadlineS) });
    usedI.add(i);
    usedT.set(t, [...(usedT.get(t) ?? []), i]);
  }
  const unassigned: TowPlan['unassigned'] = model.dropped.map(({ i, reason }) => ({ incidentId: incidents[i].id, reason }));
  const freeRows = model.rows.filter((t) => !usedT.has(t)).length;
  for (const i of model.cols) {
    if (usedI.has(i)) continue;
    let best = -1;
    for (let t = 0; t < trucks.length; t++) {
      if (trucks[t].available && (best < 0 || model.eta(t, i) < model.eta(best, i))) best = t;
    }
    const bestTxt = best >= 0 ? `best ETA ${Math.round(model.eta(best, i))} s by ${trucks[best].id}` : 'no truck';
    const reason =
      freeRows > 0
        ? `queued: waiting for a better-placed truck (${bestTxt}) beats sending a free one now`
        : `queued: all ${model.rows.length} free trucks have more urgent or closer incidents (${bestTxt})`;
    unassigned.push({ incidentId: incidents[i].id, reason });
  }
  const preempted: NonNullable<TowPlan['preempted']> = [];
  trucks.forEach((tr, t) => {
    const cur = tr.currentIncidentId;
    if (cur === undefined || tr.towing || !tr.available) return;
    const mine = usedT.get(t) ?? [];
    if (!mine.some((i) => incidents[i].id === cur) && (mine.length > 0 || model.idle[t] > 0)) {
      preempted.push({ truckId: tr.id, fromIncidentId: cur });
    }
  });
  assignments.sort((a, b) => a.etaS - b.etaS || a.truckId.localeCompare(b.truckId));
  const plan: TowPlan = { assignments, unassigned, objective: planObjective(model, chosen), method };
  if (preempted.length > 0) plan.preempted = preempted;
  if (model.warnings.length > 0) plan.warnings = model.warnings;
  return plan;
}
