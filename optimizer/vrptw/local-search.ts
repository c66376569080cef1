import type { Rng } from '../util/rng.js';
import type { Instance } from './instance.js';
import { noMove, type Operator } from './operators/common.js';
import { crossExchange } from './operators/cross-exchange.js';
import { orOpt } from './operators/or-opt.js';
import { relocate } from './operators/relocate.js';
import { split } from './operators/split.js';
import { swap } from './operators/swap.js';
import { twoOptStar } from './operators/two-opt-star.js';
import type { Sol } from './solution.js';

/** The operators local search uses by default, cheapest first. */
export const DEFAULT_OPERATORS: readonly Operator[] = [relocate, swap, twoOptStar, orOpt, crossExchange, split];

/** Neighbours of each customer that moves are built around (granular neighbourhood). */
const GRANULARITY = 20;
/** Smallest gain worth applying: guards against cycling on floating-point noise. */
const MIN_GAIN = 1e-7;

/**
 * Best-improvement per customer over the granular neighbourhood of every operator, repeated until a
 * full pass finds nothing or the deadline (a Date.now() value) passes. Modifies s in place; only ever
 * accepts feasible, strictly improving moves. `around` limits the customers moves start from (their
 * neighbours may be anywhere), to polish just the part of a solution that changed.
 */
export function localSearch(
  inst: Instance, s: Sol, rng: Rng, deadline = Infinity, ops: readonly Operator[] = DEFAULT_OPERATORS, around?: number[],
): void {
  const order = rng.shuffle((around ?? inst.customers).slice());
  const move = noMove();
  let improved = true;
  while (improved) {
    improved = false;
    for (const u of order) {
      if (s.routeOf[u] < 0) continue;
      if (deadline !== Infinity && Date.now() > deadline) return;
      move.op = null;
      move.gain = MIN_GAIN;
      for (const op of ops) op.evaluateAlone?.(inst, s, u, move);
      const nb = inst.neighbours[u];
      const lim = Math.min(GRANULARITY, nb.length);
      for (let q = 0; q < lim; q++) {
        const v = nb[q];
        if (s.routeOf[v] < 0) continue;
        for (const op of ops) op.evaluate(inst, s, u, v, move);
      }
      const op = move.op as Operator | null;
      if (op) {
        op.apply(inst, s, move);
        improved = true;
      }
    }
  }
}
