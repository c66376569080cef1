import type { Instance } from './instance.js';
import { insertionDelta } from './insertion.js';
import { tripsFeasible } from './route.js';
import { emptySol, insertCustomer, type Sol } from './solution.js';

/**
 * A starting solution from a previous plan (routes[k] for vehicle k): keeps each vehicle's customers
 * in their order as long as they still fit (time windows from the vehicle's current start, capacity);
 * what no longer fits, unknown or repeated nodes are dropped from the route and left unassigned for the
 * construction to place. Lets re-planning begin from what drivers already have.
 */
export function warmStart(inst: Instance, routes: readonly (readonly number[])[]): Sol {
  const s = emptySol(inst);
  const waiting = new Set(s.unassigned);
  for (let k = 0; k < Math.min(routes.length, s.routes.length); k++) {
    const r = s.routes[k];
    const free = inst.vehicles[k].free;
    if (inst.unload >= 0) {
      let unloadNext = false;
      for (const c of routes[k]) {
        if (c === inst.unload) unloadNext = s.routes[k].seq.length > 2;
        else if (waiting.has(c) && appendWithTrips(inst, s, k, c, unloadNext)) {
          waiting.delete(c);
          unloadNext = false;
        }
      }
      continue;
    }
    for (const c of routes[k]) {
      if (!waiting.has(c)) continue;
      const last = r.seq.length - 2;
      if (r.cumLoad[last + 1] + inst.demand[c] > free) continue;
      if (insertionDelta(inst, r, c, last) === Infinity) continue;
      insertCustomer(inst, s, c, k, last);
      waiting.delete(c);
    }
  }
  s.unassigned = inst.customers.filter((c) => waiting.has(c));
  return s;
}

/**
 * Multi-trip: appends c to route k, after an unload visit when the previous plan had one there
 * (`unloadFirst`) or when c does not fit otherwise. O(route).
 */
function appendWithTrips(inst: Instance, s: Sol, k: number, c: number, unloadFirst: boolean): boolean {
  const seq = s.routes[k].seq;
  const last = seq.length - 2;
  for (const unload of unloadFirst ? [1, 0] : [0, 1]) {
    const cand = seq.slice(0, last + 1);
    if (unload) cand.push(inst.unload);
    cand.push(c, seq[seq.length - 1]);
    if (tripsFeasible(inst, k, cand)) {
      insertCustomer(inst, s, c, k, last, unload);
      return true;
    }
  }
  return false;
}
