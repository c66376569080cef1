/** Street-sweeper routing: capacitated arc routing (CARP). */
export { solveCarp, solveCarpPathScanning } from './solve-carp.js';
export { parseCarp, carpProblemOf, type CarpInstanceFile } from './parse-carp.js';
export { floydWarshall } from './floyd-warshall.js';
export type { CarpOptions, CarpProblem, CarpRequiredEdge, CarpSolution, CarpStart } from './types.js';
