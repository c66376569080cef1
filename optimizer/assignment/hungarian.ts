/**
 * Rectangular assignment by the Hungarian method with potentials (shortest augmenting paths),
 * O(n^2 m) for n rows <= m columns. Every row is matched to a distinct column.
 */

/** Result of {@link hungarian}: `rowToCol[r]` is the column given to row r; `cost` is the sum. */
export interface HungarianResult {
  rowToCol: Int32Array;
  cost: number;
}

/**
 * Minimum-cost assignment of each of `nRows` rows to a distinct column of `nCols >= nRows`.
 * `cost(r, c)` must be finite; encode forbidden pairs with a large finite cost.
 */
export function hungarian(nRows: number, nCols: number, cost: (r: number, c: number) => number): HungarianResult {
  if (nRows > nCols) throw new Error(`hungarian: ${nRows} rows > ${nCols} columns; transpose the matrix`);
  const n = nRows;
  const m = nCols;
  // 1-based arrays with a virtual column 0, as in the classic potentials formulation
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[c] = row matched to column c (0 = none)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  const a = new Float64Array(n * m);
  for (let r = 0; r < n; r++) for (let c = 0; c < m; c++) a[r * m + c] = cost(r, c);

  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const row = (i0 - 1) * m;
      const ui0 = u[i0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = a[row + j - 1] - ui0 - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    // flip the augmenting path back to the root
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }

  const rowToCol = new Int32Array(n).fill(-1);
  let total = 0;
  for (let j = 1; j <= m; j++) {
    if (p[j] !== 0) {
      rowToCol[p[j] - 1] = j - 1;
      total += a[(p[j] - 1) * m + j - 1];
    }
  }
  return { rowToCol, cost: total };
}
