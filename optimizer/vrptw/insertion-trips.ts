import type { Blinker, Placement } from './insertion.js';
import { EPS, type Instance } from './instance.js';
import { workAfterInsert, type Route } from './route.js';

/**
 * Time check and added cost of putting `first` then `second` (either may be -1: left out) between
 * positions p and p+1 of r. Infinity when a time window or the slack of the rest breaks. O(1).
 */
function pairDelta(inst: Instance, r: Route, p: number, first: number, second: number): number {
  const { n, time, cost, ready, due, service } = inst;
  const seq = r.seq;
  let prev = seq[p];
  let t = r.earliest[p] + (p === 0 ? 0 : service[prev]);
  let c = 0;
  for (let i = 0; i < 2; i++) {
    const x = i === 0 ? first : second;
    if (x < 0) continue;
    t += time[prev * n + x];
    if (t > due[x] + EPS) return Infinity;
    if (t < ready[x]) t = ready[x];
    t += service[x];
    c += cost[prev * n + x];
    prev = x;
  }
  const b = seq[p + 1];
  if (t + time[prev * n + b] > r.latest[p + 1] + EPS) return Infinity;
  const maxWork = inst.vehicles[r.vehicle].maxWork;
  if (maxWork !== Infinity && workAfterInsert(inst, r, p, first, second) > maxWork + EPS) return Infinity;
  const saved = seq.length === 2 ? 0 : cost[seq[p] * n + b];
  return c + cost[prev * n + b] - saved;
}

/**
 * Multi-trip version of bestInRoute: c joins the trip at the position when it has room; when it has
 * not, an unload visit goes just before c (c starts a new trip with the rest of that trip) or just
 * after it (the rest of that trip starts a new one), whichever is cheaper and fits.
 */
export function bestInRouteTrips(inst: Instance, r: Route, c: number, blink: Blinker | null, out: Placement): void {
  const u = inst.unload;
  const d = inst.demand[c];
  const cap = inst.vehicles[r.vehicle].capacity;
  const dueC = inst.due[c] + EPS;
  const seq = r.seq;
  const last = seq.length - 1;
  const endAtUnload = seq[last] === u;
  out.delta = Infinity;
  out.after = -1;
  out.unload = 0;
  if (d > cap + EPS) return;
  for (let p = 0; p < last; p++) {
    if (r.earliest[p] > dueC) break;
    if (blink && blink.skip()) continue;
    const room = r.room[p];
    if (d <= room + EPS) {
      const delta = pairDelta(inst, r, p, c, -1);
      if (delta < out.delta) { out.delta = delta; out.after = p; out.unload = 0; }
      continue;
    }
    const a = seq[p], b = seq[p + 1];
    // unload first: c and the rest of the trip make a new trip
    if (a !== u && d + r.rest[p] <= cap + EPS) {
      const delta = pairDelta(inst, r, p, u, c);
      if (delta < out.delta) { out.delta = delta; out.after = p; out.unload = 1; }
    }
    // unload after c: the trip up to c must hold c; the rest starts a new trip
    if (b !== u && !(p + 1 === last && endAtUnload) && d <= room + r.rest[p] + EPS) {
      const delta = pairDelta(inst, r, p, c, u);
      if (delta < out.delta) { out.delta = delta; out.after = p; out.unload = 2; }
    }
  }
}
