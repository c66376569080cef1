/**
 * Turns a TowProblem into the plain matrix both solvers (Hungarian, LP) decide on: free trucks (rows)
 * x open incidents (columns), with pins and towing trucks fixed beforehand.
 */
import type { TowOptions, TowProblem } from './types.js';

export interface TowModel {
  /** truck indices the solver decides for */
  rows: number[];
  /** incident indices the solver decides for */
  cols: number[];
  /** combined cost of truck t -> incident i (problem indices); Infinity when not allowed */
  cost: (t: number, i: number) => number;
  /** estimated cost of leaving incident i for a later round */
  defer: Float64Array;
  /** the arrival (s from now) that estimate assumes: best ETA plus one queue delay */
  deferEtaS: Float64Array;
  /** cost of giving truck t nothing now (abandoning its current incident costs the switch penalty) */
  idle: Float64Array;
  /** pairs decided before solving: pins and trucks that keep the car they tow */
  fixed: { t: number; i: number }[];
  /** incidents no solver can serve, with the reason */
  dropped: { i: number; reason: string }[];
  warnings: string[];
  /** ETA (s from now) of truck t at incident i */
  eta: (t: number, i: number) => number;
  /** slots a truck can fill in one decision (LP variant: two-wheeler trucks take several) */
  slots: Int32Array;
}

export const DEFAULTS = { lateWeight: 1000, switchPenaltyS: 300, queueDelayS: 1800, timeoutMs: 2000 };

/** Which pins to honour when building the model: all, none, or only those of the listed incidents. */
export type PinMode = 'all' | 'none' | ReadonlySet<string>;

/** Builds the decision matrix; validates shapes and explains every incident it drops. */
export function buildTowModel(p: TowProblem, opts: TowOptions = {}, pins: PinMode = 'all'): TowModel {
  const W = opts.lateWeight ?? DEFAULTS.lateWeight;
  const switchS = opts.switchPenaltyS ?? DEFAULTS.switchPenaltyS;
  const queueS = opts.queueDelayS ?? DEFAULTS.queueDelayS;
  const { trucks, incidents, travelS } = p;
  if (travelS.length !== trucks.length) throw new Error(`travelS has ${travelS.length} rows for ${trucks.length} trucks`);
  travelS.forEach((row, t) => {
    if (row.length !== incidents.length) throw new Error(`travelS row ${t} has ${row.length} entries for ${incidents.length} incidents`);
  });
  const incIndex = new Map(incidents.map((inc, i) => [inc.id, i]));
  const truckIndex = new Map(trucks.map((tr, t) => [tr.id, t]));
  const warnings: string[] = [];

  const eta = (t: number, i: number): number => {
    const d = travelS[t][i];
    return Number.isFinite(d) && d >= 0 ? Math.max(0, trucks[t].busyUntilS) + d : Infinity;
  };
  const late = (t: number, i: number): number => Math.max(0, eta(t, i) - incidents[i].deadlineS);
  // a truck heading to a case outside this decision may only be diverted to a more urgent one
  const lockedOutside = (t: number): boolean => {
    const cur = trucks[t].currentIncidentId;
    return cur !== undefined && !trucks[t].towing && !incIndex.has(cur);
  };
  const cost = (t: number, i: number): number => {
    const tr = trucks[t];
    const e = eta(t, i);
    if (!tr.available || !Number.isFinite(e)) return Infinity;
    let c = W * Math.max(0, incidents[i].priority) * late(t, i) + e;
    if (tr.currentIncidentId !== undefined && !tr.towing && tr.currentIncidentId !== incidents[i].id) {
      if (lockedOutside(t) && incidents[i].priority <= (tr.currentPriority ?? Infinity)) return Infinity;
      c += switchS;
    }
    return c;
  };

  const fixed: { t: number; i: number }[] = [];
  const truckTaken = new Set<number>();
  const incTaken = new Set<number>();
  // a truck carrying a car keeps that case, whatever else happens
  trucks.forEach((tr, t) => {
    const i = tr.currentIncidentId === undefined ? undefined : incIndex.get(tr.currentIncidentId);
    if (tr.towing && i !== undefined) {
      fixed.push({ t, i });
      truckTaken.add(t);
      incTaken.add(i);
    }
  });
  // pins: the more urgent pin wins when two incidents are pinned to one truck
  const pinned = incidents
    .map((inc, i) => ({ inc, i }))
    .filter(({ inc }) => inc.pinnedTruckId !== undefined && !incTaken.has(incIndex.get(inc.id)!))
    .filter(({ inc }) => pins === 'all' || (pins !== 'none' && pins.has(inc.id)))
    .sort((a, b) => b.inc.priority - a.inc.priority || a.inc.deadlineS - b.inc.deadlineS || a.i - b.i);
  const dropped: { i: number; reason: string }[] = [];
  for (const { inc, i } of pinned) {
    const t = truckIndex.get(inc.pinnedTruckId!);
    if (t === undefined) {
      warnings.push(`incident ${inc.id}: pinned truck ${inc.pinnedTruckId} is unknown; pin ignored`);
    } else if (!trucks[t].available) {
      warnings.push(`incident ${inc.id}: pinned truck ${inc.pinnedTruckId} is not available; pin ignored`);
    } else if (!Number.isFinite(eta(t, i))) {
      warnings.push(`incident ${inc.id}: pinned truck ${inc.pinnedTruckId} cannot reach it; pin ignored`);
    } else if (truckTaken.has(t)) {
      const other = fixed.find((f) => f.t === t)!;
      dropped.push({ i, reason: `pinned to ${inc.pinnedTruckId}, which goes to ${incidents[other.i].id} first` });
      incTaken.add(i);
    } else {
      fixed.push({ t, i });
      truckTaken.add(t);
      incTaken.add(i);
    }
  }

  const rows: number[] = [];
  trucks.forEach((tr, t) => {
    if (tr.available && !truckTaken.has(t)) rows.push(t);
  });
  const anyAvailable = trucks.some((tr) => tr.available);
  const defer = new Float64Array(incidents.length);
  const deferEtaS = new Float64Array(incidents.length);
  const cols: number[] = [];
  incidents.forEach((inc, i) => {
    let best = Infinity;
    for (let t = 0; t < trucks.length; t++) if (trucks[t].available) best = Math.min(best, eta(t, i));
    const d = best + queueS;
    defer[i] = W * Math.max(0, inc.priority) * Math.max(0, d - inc.deadlineS) + d;
    deferEtaS[i] = d;
    if (incTaken.has(i)) return;
    if (!anyAvailable) dropped.push({ i, reason: 'no tow truck is available' });
    else if (!Number.isFinite(best)) dropped.push({ i, reason: 'no available tow truck can reach it' });
    else cols.push(i);
  });
  const idle = new Float64Array(trucks.length);
  trucks.forEach((tr, t) => {
    const cur = tr.currentIncidentId;
    if (cur !== undefined && !tr.towing && incIndex.has(cur)) idle[t] = switchS;
  });
  const slots = new Int32Array(trucks.map((tr) => Math.max(1, tr.towing ? tr.capacity : tr.capacity - tr.load)));
  return { rows, cols, cost, defer, deferEtaS, idle, fixed, dropped, warnings, eta, slots };
}
