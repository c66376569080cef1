import type { VrptwProblem } from './types.js';

/** A benchmark instance parsed from a file: the problem plus the file's own node numbering. */
export interface BenchInstance {
  name: string;
  problem: VrptwProblem;
  /** ids[i] = number of node i in the file (node 0 is the depot) */
  ids: number[];
}

/** n*n matrix from planar points with a per-arc rounding rule. */
export function euclideanMatrix(xs: number[], ys: number[], round: (d: number) => number): Float64Array {
  const n = xs.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dx = xs[i] - xs[j], dy = ys[i] - ys[j];
      m[i * n + j] = i === j ? 0 : round(Math.sqrt(dx * dx + dy * dy));
    }
  }
  return m;
}
