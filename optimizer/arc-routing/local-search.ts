/**
 * Granular first-improvement local search: for each task (random order) and each of its nearest
 * edges, evaluate relocate / swap / 2-opt* / 2-opt around the pair and apply the best improving move.
 * "Don't-look bits" (Bentley 1992): only tasks whose surroundings changed since they were last
 * examined are looked at again, so a search after a small perturbation costs little on long routes.
 */
import { applyMove, evalCross, evalRelocate, evalReverse, evalSwap, swapDir, type Move } from './moves.js';
import type { CarpInst } from './instance.js';
import type { RouteState } from './route-state.js';
import type { Rng } from '../util/rng.js';

const EPS = 1e-9;

/** For each edge, the `k` edges nearest to it (deadheading between any of their ends, either way). */
export function nearestEdges(inst: CarpInst, k: number): Int32Array[] {
  const { D, nPts, nEdges } = inst;
  const kk = Math.min(k, nEdges - 1);
  const out: Int32Array[] = [];
  // bounded insertion keeps the k best without sorting all edges: O(E^2) overall, not O(E^2 log E)
  const bestF = new Int32Array(kk);
  const bestP = new Float64Array(kk);
  for (let e = 0; e < nEdges; e++) {
    let n = 0;
    const x0 = 2 * e * nPts, x1 = (2 * e + 1) * nPts;
    for (let f = 0; f < nEdges; f++) {
      if (f === e) continue;
      const y0 = 2 * f, y1 = 2 * f + 1;
      let m = D[x0 + y0];
      if (D[x0 + y1] < m) m = D[x0 + y1];
      if (D[x1 + y0] < m) m = D[x1 + y0];
      if (D[x1 + y1] < m) m = D[x1 + y1];
      if (D[y0 * nPts + 2 * e] < m) m = D[y0 * nPts + 2 * e];
      if (D[y1 * nPts + 2 * e] < m) m = D[y1 * nPts + 2 * e];
      if (D[y0 * nPts + 2 * e + 1] < m) m = D[y0 * nPts + 2 * e + 1];
      if (D[y1 * nPts + 2 * e + 1] < m) m = D[y1 * nPts + 2 * e + 1];
      if (n === kk && m >= bestP[kk - 1]) continue;
      let pos = n < kk ? n++ : kk - 1;
      while (pos > 0 && bestP[pos - 1] > m) {
        bestP[pos] = bestP[pos - 1];
        bestF[pos] = bestF[pos - 1];
        pos--;
      }
      bestP[pos] = m;
      bestF[pos] = f;
    }
    out.push(bestF.slice(0, n));
  }
  return out;
}

/** Best move found so far for the current pair (kept outside the hot loop to avoid allocations). */
let best: Move | null = null;

function tryRelocate(st: RouteState, a: number, i: number, b: number, j: number, u: number): void {
  let d = evalRelocate(st, a, i, b, j, u);
  if (d < -EPS && (!best || d < best.delta)) best = { kind: 'relocate', delta: d, a, i, b, j, x: u };
  d = evalRelocate(st, a, i, b, j, u ^ 1);
  if (d < -EPS && (!best || d < best.delta)) best = { kind: 'relocate', delta: d, a, i, b, j, x: u ^ 1 };
}

function tryCross(st: RouteState, a: number, i: number, b: number, j: number, rev: boolean): void {
  const d = evalCross(st, a, i, b, j, rev);
  if (d < -EPS && (!best || d < best.delta)) best = { kind: 'cross', delta: d, a, i, b, j, rev };
}

function tryReverse(st: RouteState, a: number, i: number, j: number): void {
  if (i > j) return;
  const d = evalReverse(st, a, i, j);
  if (d < -EPS && (!best || d < best.delta)) best = { kind: 'reverse', delta: d, a, i, j };
}

/** Moves of the task of edge eu alone: flip it, or open a new route with it. */
function aloneMoves(st: RouteState, eu: number): void {
  const a = st.routeOf[eu], i = st.posOf[eu];
  const u = st.routes[a][i];
  tryRelocate(st, a, i, a, i, u);
  const spare = st.routes.length - 1;
  if (spare !== a && spare >= st.inst.nStarts && st.routes[spare].length === 0) tryRelocate(st, a, i, spare, -1, u);
  // with lateness priced, an idle live vehicle (no task near any other) may be the one with time to spare
  if (st.inst.lateCost > 0) {
    for (let r = 0; r < st.inst.nStarts; r++) if (r !== a && st.routes[r].length === 0) tryRelocate(st, a, i, r, -1, u);
  }
}

/** Moves that bring the tasks of edges eu and ev next to each other. */
function pairMoves(st: RouteState, eu: number, ev: number): void {
  const a = st.routeOf[eu], i = st.posOf[eu];
  const b = st.routeOf[ev], j = st.posOf[ev];
  const u = st.routes[a][i];
  tryRelocate(st, a, i, b, j, u);
  tryRelocate(st, a, i, b, j - 1, u);
  const v = st.routes[b][j];
  tryRelocate(st, b, j, a, i, v);
  tryRelocate(st, b, j, a, i - 1, v);
  const d = evalSwap(st, a, i, b, j);
  if (d < -EPS && (!best || d < best.delta)) best = { kind: 'swap', delta: d, a, i, b, j, x: swapDir.x, y: swapDir.y };
  if (a !== b) {
    tryCross(st, a, i, b, j - 1, false);
    tryCross(st, a, i - 1, b, j, false);
    tryCross(st, a, i, b, j, true);
    tryCross(st, a, i - 1, b, j - 1, true);
  } else {
    const p = Math.min(i, j), q = Math.max(i, j);
    tryReverse(st, a, p + 1, q);
    tryReverse(st, a, p, q - 1);
  }
}

/** Sets the look bits of the tasks at positions from..to of route r. */
function markRange(st: RouteState, r: number, from: number, to: number, look: Uint8Array): void {
  const s = st.routes[r];
  for (let k = Math.max(0, from); k <= Math.min(s.length - 1, to); k++) look[s[k] >> 1] = 1;
}

/** Applies a move and wakes up every task whose neighbours it changed (before and after). */
function commit(st: RouteState, m: Move, look: Uint8Array): void {
  const b = m.kind === 'reverse' ? m.a : m.b;
  markRange(st, m.a, m.i - 1, m.i + 2, look);
  markRange(st, b, m.j - 1, m.j + 2, look);
  const moved = [st.routes[m.a][m.i], st.routes[b][m.j]].filter((t) => t !== undefined).map((t) => t >> 1);
  applyMove(st, m);
  for (const e of moved) {
    const r = st.routeOf[e];
    markRange(st, r, st.posOf[e] - 1, st.posOf[e] + 1, look);
  }
  if (m.kind === 'cross' || m.kind === 'reverse') {
    // the cut points: around the old positions, now in either route
    for (const r of [m.a, b]) if (r < st.routes.length) markRange(st, r, Math.min(m.i, m.j) - 1, Math.max(m.i, m.j) + 2, look);
  }
}

/**
 * Runs to a local optimum (or until `deadline`, epoch ms); returns the number of moves applied.
 * `look[e]` = 1 marks the tasks to examine (default: all); it is cleared as tasks prove stable.
 */
export function localSearch(st: RouteState, near: Int32Array[], rng: Rng, deadline = Infinity, look?: Uint8Array): number {
  const nE = st.inst.nEdges;
  const bits = look ?? new Uint8Array(nE).fill(1);
  const order = Array.from({ length: nE }, (_, e) => e);
  let applied = 0;
  for (let improved = true; improved; ) {
    improved = false;
    rng.shuffle(order);
    for (let n = 0; n < order.length; n++) {
      const eu = order[n];
      if (!bits[eu]) continue;
      if ((n & 63) === 63 && Date.now() > deadline) break;
      bits[eu] = 0;
      best = null;
      aloneMoves(st, eu);
      if (best) {
        commit(st, best, bits);
        applied++;
        improved = true;
      }
      const nb = near[eu];
      for (let k = 0; k < nb.length; k++) {
        best = null;
        pairMoves(st, eu, nb[k]);
        if (best) {
          commit(st, best, bits);
          applied++;
          improved = true;
        }
      }
    }
    if (Date.now() > deadline) break;
  }
  best = null;
  return applied;
}
