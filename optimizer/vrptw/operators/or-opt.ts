import type { Instance } from '../instance.js';
import type { Sol } from '../solution.js';
import type { Move, Operator } from './common.js';
import { applySegmentMove, evaluateSegmentMove } from './segment-move.js';

/** Or-opt: move the string of 2 or 3 customers starting at u next to v, keeping its order. */
export const orOpt: Operator = {
  name: 'or-opt',
  evaluate(inst: Instance, s: Sol, u: number, v: number, best: Move): void {
    evaluateSegmentMove(inst, s, orOpt, u, 2, v, best);
    evaluateSegmentMove(inst, s, orOpt, u, 3, v, best);
  },
  apply: applySegmentMove,
};
