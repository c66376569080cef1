import type { Instance } from '../instance.js';
import type { Sol } from '../solution.js';
import type { Move, Operator } from './common.js';
import { applySegmentMove, evaluateSegmentMove } from './segment-move.js';

/** Relocate: move customer u next to its neighbour v (before or after), in any route. */
export const relocate: Operator = {
  name: 'relocate',
  evaluate(inst: Instance, s: Sol, u: number, v: number, best: Move): void {
    evaluateSegmentMove(inst, s, relocate, u, 1, v, best);
  },
  apply: applySegmentMove,
};
