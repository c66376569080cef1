/** All-pairs shortest paths for small graphs (benchmark instances, test grids). */

/** Shortest-path matrix (row-major, n x n) over undirected (or, with `directed`, one-way) weighted edges. */
export function floydWarshall(
  n: number,
  edges: readonly { u: number; v: number; cost: number; directed?: boolean }[],
): Float64Array {
  const d = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) d[i * n + i] = 0;
  for (const e of edges) {
    if (e.cost < d[e.u * n + e.v]) d[e.u * n + e.v] = e.cost;
    if (!e.directed && e.cost < d[e.v * n + e.u]) d[e.v * n + e.u] = e.cost;
  }
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i < n; i++) {
      const dik = d[i * n + k];
      if (dik === Infinity) continue;
      const ri = i * n;
      for (let j = 0; j < n; j++) {
        const via = dik + d[rk + j];
        if (via < d[ri + j]) d[ri + j] = via;
      }
    }
  }
  return d;
}
