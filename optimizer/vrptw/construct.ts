import type { Instance } from './instance.js';
import { bestInRoute, movePenaltyOf, type Placement } from './insertion.js';
import { recreateGreedy } from './recreate.js';
import { emptySol, insertCustomer, type Sol } from './solution.js';

const BIG = 1e15;

/**
 * Regret-2 parallel insertion: repeatedly inserts the customer whose best placement is most ahead of
 * its placement in any other route, so customers with few options go first. Customers that fit
 * nowhere end up unassigned. Best placements per (customer, route) are cached and only the route just
 * changed is re-evaluated. Starts from `from` (its unassigned customers are the ones to insert) or
 * from empty routes. Past the deadline (a Date.now() value) the rest is placed by plain cheapest
 * insertion, which is much faster on large instances.
 */
export function constructRegret(inst: Instance, from?: Sol, deadline = Infinity): Sol {
  const s = from ?? emptySol(inst);
  const R = s.routes.length;
  const pending = s.unassigned.slice();
  s.unassigned = [];
  // routes worth trying: used ones plus the first unused vehicle of each kind
  const slots: number[] = [];
  for (let k = 0; k < R; k++) if (s.routes[k].seq.length > 2) slots.push(k);
  const keyOpen = new Set<number>();
  const openNextEmpty = (): void => {
    for (let k = 0; k < R; k++) {
      const key = inst.vehicles[k].kind;
      if (s.routes[k].seq.length === 2 && !keyOpen.has(key) && !slots.includes(k)) {
        keyOpen.add(key);
        slots.push(k);
      }
    }
  };
  openNextEmpty();
  const bestDelta = new Float64Array(inst.n * R).fill(Infinity);
  const bestPos = new Int32Array(inst.n * R);
  // multi-trip: where the unload visit goes (see Placement.unload)
  const bestUnload = new Int8Array(inst.unload >= 0 ? inst.n * R : 0);
  const one: Placement = { route: -1, after: 0, delta: Infinity, unload: 0 };
  const evalRoute = (c: number, k: number): void => {
    bestInRoute(inst, s.routes[k], c, null, one);
    bestDelta[c * R + k] = one.delta + (inst.prevVehicle ? movePenaltyOf(inst, c, k) : 0);
    bestPos[c * R + k] = one.after;
    if (inst.unload >= 0) bestUnload[c * R + k] = one.unload ?? 0;
  };
  for (const c of pending) for (const k of slots) evalRoute(c, k);

  while (pending.length > 0) {
    if (deadline !== Infinity && Date.now() > deadline) {
      const rest = pending.splice(0, pending.length);
      recreateGreedy(inst, s, rest, null);
      return s;
    }
    let pick = -1;
    let pickScore = -Infinity;
    let pickBest = Infinity;
    let pickRoute = -1;
    for (let i = 0; i < pending.length; i++) {
      const c = pending[i];
      let b1 = Infinity, b2 = Infinity, k1 = -1;
      for (const k of slots) {
        const d = bestDelta[c * R + k];
        if (d < b1) { b2 = b1; b1 = d; k1 = k; } else if (d < b2) b2 = d;
      }
      if (k1 < 0) continue;
      const score = (b2 === Infinity ? BIG : b2) - b1;
      if (score > pickScore + 1e-9 || (Math.abs(score - pickScore) <= 1e-9 && b1 < pickBest)) {
        pick = i; pickScore = score; pickBest = b1; pickRoute = k1;
      }
    }
    if (pick < 0) break; // nobody fits anywhere any more
    const c = pending[pick];
    pending.splice(pick, 1);
    const wasEmpty = s.routes[pickRoute].seq.length === 2;
    insertCustomer(inst, s, c, pickRoute, bestPos[c * R + pickRoute], inst.unload >= 0 ? bestUnload[c * R + pickRoute] : 0);
    if (wasEmpty) {
      keyOpen.delete(inst.vehicles[pickRoute].kind);
      const before = slots.length;
      openNextEmpty();
      for (let j = before; j < slots.length; j++) for (const o of pending) evalRoute(o, slots[j]);
    }
    for (const o of pending) evalRoute(o, pickRoute);
  }
  s.unassigned = pending;
  return s;
}
