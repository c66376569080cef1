/**
 * Mutable route set with the prefix sums that make move evaluation O(1): forward and reversed
 * deadheading inside each route, loads, and counts of one-way tasks (which must never be reversed).
 */
import { lateOf, startPt, type CarpInst } from './instance.js';

/** Stands in for SV when lateness is not priced (never read then). */
const NO_SV = new Float64Array(0);

export class RouteState {
  readonly inst: CarpInst;
  routes: number[][] = [];
  /** deadheading of each route incl. leaving its start and returning to the depot */
  dh: number[] = [];
  /** service cost of each route */
  sv: number[] = [];
  /** load incl. start load */
  load: number[] = [];
  /** F[r][i]: deadheading s[0] -> ... -> s[i] ; R[r][i]: same for the reversed tasks s[i]^1 -> ... -> s[0]^1 */
  F: Float64Array[] = [];
  R: Float64Array[] = [];
  /** SL[r][i]: demand of s[0..i-1]; OW[r][i]: one-way tasks among s[0..i-1] */
  SL: Float64Array[] = [];
  OW: Int32Array[] = [];
  /** SV[r][i]: service cost of s[0..i-1]; kept only when lateness is priced (moves then need each route's own change) */
  SV: Float64Array[] = [];
  routeOf: Int32Array;
  posOf: Int32Array;
  /** cost per unit of overload while searching (see moves.ts) */
  penalty = 1;

  constructor(inst: CarpInst, routes: number[][]) {
    this.inst = inst;
    this.routeOf = new Int32Array(inst.nEdges).fill(-1);
    this.posOf = new Int32Array(inst.nEdges).fill(-1);
    this.setRoutes(routes);
  }

  /** Replaces all routes; keeps one empty depot route at the end when another route is allowed. */
  setRoutes(routes: number[][]): void {
    const { inst } = this;
    const kept = routes.filter((s, r) => r < inst.nStarts || s.length > 0).map((s) => s.slice());
    while (kept.length < inst.nStarts) kept.push([]);
    if (kept.length < inst.maxRoutes) kept.push([]);
    this.routes = kept;
    this.dh = new Array(kept.length);
    this.sv = new Array(kept.length);
    this.load = new Array(kept.length);
    this.F = new Array(kept.length);
    this.R = new Array(kept.length);
    this.SL = new Array(kept.length);
    this.OW = new Array(kept.length);
    this.SV = new Array(kept.length);
    for (let r = 0; r < kept.length; r++) this.refresh(r);
  }

  /** Recomputes the caches of route r after its sequence changed. */
  refresh(r: number): void {
    const { D, nPts, serv, dem, oneway, depotPt } = this.inst;
    const s = this.routes[r];
    const k = s.length;
    const F = new Float64Array(Math.max(1, k));
    const R = new Float64Array(Math.max(1, k));
    const SL = new Float64Array(k + 1);
    const OW = new Int32Array(k + 1);
    const SV = this.inst.lateCost > 0 ? new Float64Array(k + 1) : NO_SV;
    let sv = 0;
    for (let i = 0; i < k; i++) {
      const t = s[i];
      if (i > 0) {
        F[i] = F[i - 1] + D[s[i - 1] * nPts + t];
        R[i] = R[i - 1] + D[(t ^ 1) * nPts + (s[i - 1] ^ 1)];
      }
      SL[i + 1] = SL[i] + dem[t >> 1];
      OW[i + 1] = OW[i] + oneway[t >> 1];
      sv += serv[t >> 1];
      if (this.inst.lateCost > 0) SV[i + 1] = sv;
      this.routeOf[t >> 1] = r;
      this.posOf[t >> 1] = i;
    }
    const sp = startPt(this.inst, r);
    this.dh[r] = k === 0 ? D[sp * nPts + depotPt] : D[sp * nPts + s[0]] + F[k - 1] + D[s[k - 1] * nPts + depotPt];
    this.sv[r] = sv;
    this.load[r] = (r < this.inst.nStarts ? this.inst.startLoad[r] : 0) + SL[k];
    this.F[r] = F;
    this.R[r] = R;
    this.SL[r] = SL;
    this.OW[r] = OW;
    this.SV[r] = SV;
  }

  /** Point before position i of route r (its start point when i = 0). */
  prev(r: number, i: number): number {
    return i > 0 ? this.routes[r][i - 1] : startPt(this.inst, r);
  }

  /** Point after position i of route r (the depot after the last task). */
  next(r: number, i: number): number {
    const s = this.routes[r];
    return i + 1 < s.length ? s[i + 1] : this.inst.depotPt;
  }

  /** The objective: service + deadheading, plus the lateness price of live routes (if any). */
  total(): number {
    const { lateCost } = this.inst;
    let c = 0;
    for (let r = 0; r < this.routes.length; r++) {
      const rc = this.dh[r] + this.sv[r];
      c += lateCost > 0 ? rc + lateCost * lateOf(this.inst, r, rc) : rc;
    }
    return c;
  }

  /** Total overload over capacity. */
  excess(): number {
    const c = this.inst.capacity;
    let x = 0;
    for (const l of this.load) if (l > c + 1e-9) x += l - c;
    return x;
  }

  /** Routes used (non-empty or owned by a live vehicle). */
  usedRoutes(): number {
    let n = 0;
    this.routes.forEach((s, r) => {
      if (s.length > 0 || r < this.inst.nStarts) n++;
    });
    return n;
  }

  /** After moves: drop emptied depot routes, keep one spare, refresh positions. */
  normalize(): void {
    const { nStarts, maxRoutes } = this.inst;
    const empties = this.routes.filter((s, r) => r >= nStarts && s.length === 0).length;
    const lastEmpty = this.routes.length > nStarts && this.routes[this.routes.length - 1].length === 0;
    const wantSpare = this.usedRoutes() < maxRoutes;
    if (wantSpare ? empties === 1 && lastEmpty : empties === 0) return;
    this.setRoutes(this.routes);
  }

  snapshot(): number[][] {
    return this.routes.map((s) => s.slice());
  }
}
