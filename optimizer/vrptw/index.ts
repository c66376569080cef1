/** Public entry points of the VRPTW (kitchen-waste collection) solver. */
export { solveVrptw, solveVrptwDetailed, constructVrptw } from './solve.js';
export { parseSolomon } from './parse-solomon.js';
export { parseCvrplib } from './parse-cvrplib.js';
export type { VrptwOptions, VrptwProblem, VrptwSolution, VrptwStats, VrptwVehicle } from './types.js';
export type { BenchInstance } from './bench-instance.js';
