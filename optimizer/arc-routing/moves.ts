/**
 * Local-search moves on a RouteState, each evaluated in O(1) from the prefix sums: relocate a task
 * (either direction), swap two tasks, exchange route tails (2-opt*, plain or reversed), reverse a
 * stretch of one route (2-opt; a single task = flip its direction). Deltas are changes of cost + overload
 * penalty, and of the lateness price of live routes when the problem sets one (zero and skipped otherwise).
 */
import { lateOf } from './instance.js';
import type { RouteState } from './route-state.js';

export type Move =
  | { kind: 'relocate'; delta: number; a: number; i: number; b: number; j: number; x: number }
  | { kind: 'swap'; delta: number; a: number; i: number; b: number; j: number; x: number; y: number }
  | { kind: 'cross'; delta: number; a: number; i: number; b: number; j: number; rev: boolean }
  | { kind: 'reverse'; delta: number; a: number; i: number; j: number };

const EPS = 1e-9;

/**
 * Change of the overload penalty when routes a and b get new loads. Overloaded routes are allowed
 * during the search (penalised by `st.penalty` per unit) so that moves can pass through slightly
 * infeasible solutions on tight instances; the solver only keeps feasible ones.
 */
function loadPenalty(st: RouteState, a: number, newA: number, b: number, newB: number): number {
  const cap = st.inst.capacity;
  const c = cap + EPS;
  const oldA = st.load[a], oldB = st.load[b];
  if (newA <= c && newB <= c && oldA <= c && oldB <= c) return 0;
  const ex = (newA > c ? newA - cap : 0) + (newB > c ? newB - cap : 0) - (oldA > c ? oldA - cap : 0) - (oldB > c ? oldB - cap : 0);
  return st.penalty * ex;
}

/**
 * Change of the lateness price when routes a and b change cost by dA and dB (b = a, dB = 0 for a
 * move inside one route). Lateness is per route, so it needs each route's own change.
 */
function latePenalty(st: RouteState, a: number, dA: number, b: number, dB: number): number {
  const inst = st.inst;
  if (a >= inst.nStarts && b >= inst.nStarts) return 0;
  const cA = st.dh[a] + st.sv[a];
  const cB = st.dh[b] + st.sv[b];
  return inst.lateCost * (lateOf(inst, a, cA + dA) - lateOf(inst, a, cA) + lateOf(inst, b, cB + dB) - lateOf(inst, b, cB));
}

/** Task at position i of route a moved (as task x, u or u^1) to just after position j of route b (j = -1: first). */
export function evalRelocate(st: RouteState, a: number, i: number, b: number, j: number, x: number): number {
  const { D, nPts, dem, oneway, lateCost, serv } = st.inst;
  const u = st.routes[a][i];
  if (x !== u && oneway[u >> 1]) return Infinity;
  const pen = a !== b ? loadPenalty(st, a, st.load[a] - dem[u >> 1], b, st.load[b] + dem[u >> 1]) : 0;
  const p = st.prev(a, i);
  const n = st.next(a, i);
  if (a === b && (j === i - 1 || j === i)) {
    const d = D[p * nPts + x] + D[x * nPts + n] - D[p * nPts + u] - D[u * nPts + n];
    return lateCost > 0 ? d + latePenalty(st, a, d, a, 0) : d;
  }
  const remove = D[p * nPts + n] - D[p * nPts + u] - D[u * nPts + n];
  const q = j >= 0 ? st.routes[b][j] : st.prev(b, 0);
  const r = st.next(b, j);
  // the plain sum keeps its order of operations: the search must stay bit-for-bit what it was without lateness
  const d = pen + remove + D[q * nPts + x] + D[x * nPts + r] - D[q * nPts + r];
  if (lateCost === 0) return d;
  const insert = D[q * nPts + x] + D[x * nPts + r] - D[q * nPts + r];
  return d + (a === b ? latePenalty(st, a, remove + insert, a, 0) : latePenalty(st, a, remove - serv[u >> 1], b, insert + serv[u >> 1]));
}

/** Direction chosen by the last evalSwap for each task (kept out of the return value: no allocation per pair). */
export const swapDir = { x: 0, y: 0 };

/** Exchange of the tasks at (a, i) and (b, j), each placed in its better direction (see swapDir). */
export function evalSwap(st: RouteState, a: number, i: number, b: number, j: number): number {
  if (a === b && Math.abs(i - j) < 2) return Infinity;
  const { D, nPts, dem, oneway, lateCost, serv } = st.inst;
  const u = st.routes[a][i];
  const v = st.routes[b][j];
  const dd = dem[v >> 1] - dem[u >> 1];
  const pen = a !== b ? loadPenalty(st, a, st.load[a] + dd, b, st.load[b] - dd) : 0;
  const pa = st.prev(a, i), na = st.next(a, i), pb = st.prev(b, j), nb = st.next(b, j);
  let y = v;
  let cy = D[pa * nPts + v] + D[v * nPts + na];
  if (!oneway[v >> 1]) {
    const c = D[pa * nPts + (v ^ 1)] + D[(v ^ 1) * nPts + na];
    if (c < cy) {
      cy = c;
      y = v ^ 1;
    }
  }
  let x = u;
  let cx = D[pb * nPts + u] + D[u * nPts + nb];
  if (!oneway[u >> 1]) {
    const c = D[pb * nPts + (u ^ 1)] + D[(u ^ 1) * nPts + nb];
    if (c < cx) {
      cx = c;
      x = u ^ 1;
    }
  }
  swapDir.x = x;
  swapDir.y = y;
  const old = D[pa * nPts + u] + D[u * nPts + na] + D[pb * nPts + v] + D[v * nPts + nb];
  if (lateCost === 0) return pen + cy + cx - old;
  const oldA = D[pa * nPts + u] + D[u * nPts + na];
  const oldB = D[pb * nPts + v] + D[v * nPts + nb];
  const ds = serv[v >> 1] - serv[u >> 1];
  const late = a === b ? latePenalty(st, a, cy + cx - old, a, 0) : latePenalty(st, a, cy - oldA + ds, b, cx - oldB - ds);
  return pen + cy + cx - old + late;
}

/** Deadheading of route r's tasks 0..i from its start (0 when i < 0). */
const headDh = (st: RouteState, r: number, i: number): number =>
  i < 0 ? 0 : st.inst.D[st.prev(r, 0) * st.inst.nPts + st.routes[r][0]] + st.F[r][i];
/** Deadheading of route r's tasks i+1..end and back to the depot, entered at s[i+1] (0 when empty). */
const tailDh = (st: RouteState, r: number, i: number): number => {
  const s = st.routes[r];
  const k = s.length;
  return i + 1 >= k ? 0 : st.F[r][k - 1] - st.F[r][i + 1] + st.inst.D[s[k - 1] * st.inst.nPts + st.inst.depotPt];
};

/** 2-opt* between routes a (cut after i) and b (cut after j); `rev` joins heads and tails reversed. */
export function evalCross(st: RouteState, a: number, i: number, b: number, j: number, rev: boolean): number {
  const { D, nPts, depotPt } = st.inst;
  const A = st.routes[a], B = st.routes[b];
  const kA = A.length, kB = B.length;
  const endA = i >= 0 ? A[i] : st.prev(a, 0);
  const startB = st.prev(b, 0);
  const baseA = st.load[a] - st.SL[a][kA], baseB = st.load[b] - st.SL[b][kB];
  const headLA = st.SL[a][i + 1], tailLA = st.SL[a][kA] - headLA;
  const headLB = st.SL[b][j + 1], tailLB = st.SL[b][kB] - headLB;
  let newA: number, newB: number, pen: number;
  if (!rev) {
    pen = loadPenalty(st, a, baseA + headLA + tailLB, b, baseB + headLB + tailLA);
    const endB = j >= 0 ? B[j] : startB;
    newA = headDh(st, a, i) + (j + 1 < kB ? D[endA * nPts + B[j + 1]] + tailDh(st, b, j) : D[endA * nPts + depotPt]);
    newB = headDh(st, b, j) + (i + 1 < kA ? D[endB * nPts + A[i + 1]] + tailDh(st, a, i) : D[endB * nPts + depotPt]);
  } else {
    // A' = A[0..i] + reversed B[0..j]; B' = reversed A[i+1..] + B[j+1..]
    if (st.OW[b][j + 1] > 0 || st.OW[a][kA] - st.OW[a][i + 1] > 0) return Infinity;
    pen = loadPenalty(st, a, baseA + headLA + headLB, b, baseB + tailLA + tailLB);
    newA = headDh(st, a, i) + (j >= 0 ? D[endA * nPts + (B[j] ^ 1)] + st.R[b][j] + D[(B[0] ^ 1) * nPts + depotPt] : D[endA * nPts + depotPt]);
    const entryB = j + 1 < kB ? B[j + 1] : depotPt;
    const restB = j + 1 < kB ? tailDh(st, b, j) : 0;
    if (i + 1 < kA) {
      newB = D[startB * nPts + (A[kA - 1] ^ 1)] + st.R[a][kA - 1] - st.R[a][i + 1] + D[(A[i + 1] ^ 1) * nPts + entryB] + restB;
    } else {
      newB = D[startB * nPts + entryB] + restB;
    }
  }
  if (st.inst.lateCost === 0) return pen + newA + newB - st.dh[a] - st.dh[b];
  // service moves with the tails (and heads, reversed): each route's own change prices its lateness
  const SA = st.SV[a], SB = st.SV[b];
  const svA = rev ? SA[i + 1] + SB[j + 1] : SA[i + 1] + SB[kB] - SB[j + 1];
  const svB = rev ? SA[kA] - SA[i + 1] + SB[kB] - SB[j + 1] : SB[j + 1] + SA[kA] - SA[i + 1];
  const late = latePenalty(st, a, newA - st.dh[a] + svA - st.sv[a], b, newB - st.dh[b] + svB - st.sv[b]);
  return pen + newA + newB - st.dh[a] - st.dh[b] + late;
}

/** Reversal of positions i..j (i <= j) of route a, each task serviced the other way. */
export function evalReverse(st: RouteState, a: number, i: number, j: number): number {
  if (st.OW[a][j + 1] - st.OW[a][i] > 0) return Infinity;
  const { D, nPts } = st.inst;
  const s = st.routes[a];
  const p = st.prev(a, i), n = st.next(a, j);
  const F = st.F[a], R = st.R[a];
  const d = D[p * nPts + (s[j] ^ 1)] + R[j] - R[i] + D[(s[i] ^ 1) * nPts + n] - D[p * nPts + s[i]] - (F[j] - F[i]) - D[s[j] * nPts + n];
  return st.inst.lateCost > 0 ? d + latePenalty(st, a, d, a, 0) : d;
}

/** Applies a move and refreshes the touched routes (positions stay valid only for untouched routes). */
export function applyMove(st: RouteState, m: Move): void {
  const R = st.routes;
  switch (m.kind) {
    case 'relocate': {
      const { a, i, b, j, x } = m;
      if (a === b) {
        const s = R[a];
        s.splice(i, 1);
        s.splice(j >= i ? j : j + 1, 0, x);
        if (j === i - 1 || j === i) s[i] = x;
      } else {
        R[a].splice(i, 1);
        R[b].splice(j + 1, 0, x);
      }
      break;
    }
    case 'swap':
      R[m.a][m.i] = m.y;
      R[m.b][m.j] = m.x;
      break;
    case 'cross': {
      const A = R[m.a], B = R[m.b];
      const hA = A.slice(0, m.i + 1), tA = A.slice(m.i + 1), hB = B.slice(0, m.j + 1), tB = B.slice(m.j + 1);
      const flip = (s: number[]): number[] => s.reverse().map((t) => t ^ 1);
      R[m.a] = m.rev ? hA.concat(flip(hB)) : hA.concat(tB);
      R[m.b] = m.rev ? flip(tA).concat(tB) : hB.concat(tA);
      break;
    }
    case 'reverse': {
      const s = R[m.a];
      const mid = s.slice(m.i, m.j + 1).reverse().map((t) => t ^ 1);
      s.splice(m.i, mid.length, ...mid);
      break;
    }
  }
  st.refresh(m.a);
  if (m.kind !== 'reverse' && m.b !== m.a) st.refresh(m.b);
  st.normalize();
}
