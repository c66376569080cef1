import type { Rng } from '../util/rng.js';
import type { Instance } from './instance.js';
import { bestPlacements, Blinker, candidateRoutes, openedRoute, type Placement } from './insertion.js';
import { insertCustomer, type Sol } from './solution.js';

/** Probability of skipping a position while looking for the best insertion (SISR "blinks"). */
const BLINK_RATE = 0.01;

/**
 * Greedy insertion with blinks: puts each customer, in an order drawn at random among a few
 * sortings, at its cheapest feasible position; customers that fit nowhere become unassigned.
 * Without an rng: in the given order, every position tried.
 */
export function recreateGreedy(inst: Instance, s: Sol, pending: number[], rng: Rng | null): void {
  if (rng) sortPending(inst, pending, rng);
  const blink = rng ? new Blinker(rng, BLINK_RATE) : null;
  const best: Placement = { route: -1, after: 0, delta: Infinity, unload: 0 };
  // listed once per call, not per customer: with a large fleet (CVRPLIB X: one vehicle per customer)
  // skipping the unused vehicles took as long as evaluating the insertions
  const routes = candidateRoutes(inst, s);
  for (const c of pending) {
    bestPlacements(inst, s, c, blink, best, null, routes);
    if (best.route < 0) {
      s.unassigned.push(c);
      continue;
    }
    const opens = s.routes[best.route].seq.length === 2;
    insertCustomer(inst, s, c, best.route, best.after, best.unload);
    if (opens) openedRoute(inst, s, routes, best.route);
  }
}

function sortPending(inst: Instance, pending: number[], rng: Rng): void {
  const n = inst.n;
  const u = rng.int(13);
  if (u < 4) rng.shuffle(pending);
  else if (u < 8) pending.sort((a, b) => inst.demand[b] - inst.demand[a]);
  else if (u < 10) pending.sort((a, b) => inst.cost[b] + inst.cost[b * n] - inst.cost[a] - inst.cost[a * n]);
  else if (u < 11) pending.sort((a, b) => inst.cost[a] + inst.cost[a * n] - inst.cost[b] - inst.cost[b * n]);
  else pending.sort((a, b) => inst.due[a] - inst.due[b]);
}
