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
  const slotOf = new Int32Array(R).fill(-1);
  slots.forEach((k, j) => { slotOf[k] = j; });
  const keyOpen = new Set<number>();
  const openNextEmpty = (): void => {
    for (let k = 0; k < R; k++) {
      const key = inst.vehicles[k].kind;
      if (s.routes[k].seq.length === 2 && !keyOpen.has(key) && slotOf[k] < 0) {
        keyOpen.add(key);
        slotOf[k] = slots.length;
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
  // per customer: best and second-best delta over the slots, and the slot index of the best (the first
  // in slot order among equals, -1 when none fits), kept up to date as single entries change, so that
  // picking a customer costs O(pending) and not O(pending x routes), which was slow at 1,000 customers
  const b1 = new Float64Array(inst.n).fill(Infinity);
  const b2 = new Float64Array(inst.n).fill(Infinity);
  const k1 = new Int32Array(inst.n).fill(-1);
  const recompute = (c: number): void => {
    let v1 = Infinity, v2 = Infinity, j1 = -1;
    for (let j = 0; j < slots.length; j++) {
      const d = bestDelta[c * R + slots[j]];
      if (d < v1) { v2 = v1; v1 = d; j1 = j; } else if (d < v2) v2 = d;
    }
    b1[c] = v1; b2[c] = v2; k1[c] = j1;
  };
  const evalRoute = (c: number, k: number): void => {
    bestInRoute(inst, s.routes[k], c, null, one);
    const old = bestDelta[c * R + k];
    const d = one.delta + (inst.prevVehicle ? movePenaltyOf(inst, c, k) : 0);
    bestDelta[c * R + k] = d;
    bestPos[c * R + k] = one.after;
    if (inst.unload >= 0) bestUnload[c * R + k] = one.unload ?? 0;
    const j = slotOf[k];
    if (j === k1[c]) {
      if (d > old) recompute(c);
      else b1[c] = d;
    } else if (d > old && old <= b2[c]) {
      recompute(c); // it may have been the second best
    } else if (d < b1[c] || (d === b1[c] && k1[c] >= 0 && j < k1[c])) {
      b2[c] = b1[c]; b1[c] = d; k1[c] = j;
    } else if (d < b2[c]) {
      b2[c] = d;
    }
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
      if (k1[c] < 0) continue;
      const score = (b2[c] === Infinity ? BIG : b2[c]) - b1[c];
      if (score > pickScore + 1e-9 || (Math.abs(score - pickScore) <= 1e-9 && b1[c] < pickBest)) {
        pick = i; pickScore = score; pickBest = b1[c]; pickRoute = slots[k1[c]];
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
