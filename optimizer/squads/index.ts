/** Enforcement-squad placement (maximal covering location). */
export { placeSquads } from './place-squads.js';
export type { SquadOptions, SquadPlan, SquadProblem } from './types.js';
