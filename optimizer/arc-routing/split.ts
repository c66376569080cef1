/**
 * Route-first cluster-second (Ulusoy 1985): cut a giant tour of edges into depot routes at
 * minimum cost. Within each candidate route the service directions are chosen optimally by a
 * two-state dynamic programme, so the giant tour only fixes the order of the edges.
 */
import type { CarpInst } from './instance.js';

/** Optimal split of an edge order (depot routes only, ignores live starts). */
export function split(inst: CarpInst, edges: readonly number[]): number[][] {
  const { D, nPts, depotPt, serv, dem, capacity, oneway } = inst;
  const n = edges.length;
  const V = new Float64Array(n + 1).fill(Infinity);
  const pred = new Int32Array(n + 1).fill(-1);
  V[0] = 0;
  // per start i: best cost of serving edges i..j ending in each orientation
  const c = new Float64Array(2);
  const nc = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    if (V[i] === Infinity) continue;
    let load = 0;
    for (let j = i; j < n; j++) {
      const e = edges[j];
      load += dem[e];
      if (load > capacity + 1e-9) break;
      for (let o = 0; o < 2; o++) {
        const t = 2 * e + o;
        if (o === 1 && oneway[e]) {
          nc[o] = Infinity;
          continue;
        }
        if (j === i) {
          nc[o] = D[depotPt * nPts + t] + serv[e];
        } else {
          const pe = edges[j - 1];
          nc[o] = Math.min(c[0] + D[(2 * pe) * nPts + t], c[1] + D[(2 * pe + 1) * nPts + t]) + serv[e];
        }
      }
      c[0] = nc[0];
      c[1] = nc[1];
      const close = Math.min(c[0] + D[(2 * e) * nPts + depotPt], c[1] + D[(2 * e + 1) * nPts + depotPt]);
      if (V[i] + close < V[j + 1] - 1e-9) {
        V[j + 1] = V[i] + close;
        pred[j + 1] = i;
      }
    }
  }
  const routes: number[][] = [];
  for (let j = n; j > 0; j = pred[j]) routes.push(orient(inst, edges.slice(pred[j], j)));
  return routes.reverse();
}

/** Best service directions for a fixed order of edges in one depot route. */
export function orient(inst: CarpInst, edges: readonly number[]): number[] {
  const { D, nPts, depotPt, serv, oneway } = inst;
  const n = edges.length;
  if (n === 0) return [];
  const cost = new Float64Array(2 * n);
  const from = new Uint8Array(2 * n);
  for (let j = 0; j < n; j++) {
    const e = edges[j];
    for (let o = 0; o < 2; o++) {
      const t = 2 * e + o;
      if (o === 1 && oneway[e]) {
        cost[2 * j + o] = Infinity;
        continue;
      }
      if (j === 0) {
        cost[o] = D[depotPt * nPts + t] + serv[e];
        continue;
      }
      const pe = edges[j - 1];
      const a = cost[2 * (j - 1)] + D[2 * pe * nPts + t];
      const b = cost[2 * (j - 1) + 1] + D[(2 * pe + 1) * nPts + t];
      cost[2 * j + o] = Math.min(a, b) + serv[e];
      from[2 * j + o] = b < a ? 1 : 0;
    }
  }
  const last = edges[n - 1];
  let o = cost[2 * (n - 1)] + D[2 * last * nPts + depotPt] <= cost[2 * (n - 1) + 1] + D[(2 * last + 1) * nPts + depotPt] ? 0 : 1;
  const out = new Array<number>(n);
  for (let j = n - 1; j >= 0; j--) {
    out[j] = 2 * edges[j] + o;
    o = from[2 * j + o];
  }
  return out;
}
