import type { Rng } from '../util/rng.js';
import type { Instance } from './instance.js';
import { bestPlacements, Blinker, type Placement } from './insertion.js';
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
  for (const c of pending) {
    bestPlacements(inst, s, c, blink, best, null);
    if (best.route < 0) s.unassigned.push(c);
    else insertCustomer(inst, s, c, best.route, best.after, best.unload);
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
