/** Tow dispatch: exact assignment (Hungarian) and a MIP variant for side constraints. */
export { assignTows, pinCostsOf } from './assign-tows.js';
export { assignTowsLp } from './assign-tows-lp.js';
export { hungarian, type HungarianResult } from './hungarian.js';
export { solveLp, type LpModel, type LpResult } from './lp-solve.js';
export type { TowAssignment, TowIncident, TowOptions, TowPlan, TowProblem, TowTruck } from './types.js';
