import type { Instance } from './instance.js';
import { insertionDelta } from './insertion.js';
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
