/**
 * Path scanning (Golden, DeArmon & Baker 1983): grow one route at a time by the nearest unserved
 * task that still fits, breaking ties by one of five classic rules (or at random).
 */
import { startPt, type CarpInst } from './instance.js';
import type { Rng } from '../util/rng.js';

/** Tie-break rules 1..5 of the classic method; 0 = random tie-break (needs an rng). */
export type PsRule = 0 | 1 | 2 | 3 | 4 | 5;

/** Builds routes (oriented task ids) with one tie-break rule. */
export function pathScanning(inst: CarpInst, rule: PsRule, rng?: Rng): number[][] {
  const { D, nPts, depotPt, dem, serv, capacity } = inst;
  const served = new Uint8Array(inst.nEdges);
  let left = inst.nEdges;
  const routes: number[][] = [];
  const eps = 1e-9;
  for (let r = 0; left > 0 || r < inst.nStarts; r++) {
    const seq: number[] = [];
    let cur = startPt(inst, r);
    let load = r < inst.nStarts ? inst.startLoad[r] : 0;
    for (;;) {
      let best = -1;
      let bestD = Infinity;
      let bestScore = -Infinity;
      let ties = 0;
      for (let t = 0; t < inst.nTasks; t++) {
        const e = t >> 1;
        if (served[e] || (t & 1 && inst.oneway[e]) || load + dem[e] > capacity + eps) continue;
        const d = D[cur * nPts + t];
        if (d > bestD + eps) continue;
        const toDepot = D[t * nPts + depotPt];
        const ratio = serv[e] > 0 ? dem[e] / serv[e] : Infinity;
        let score: number;
        switch (rule) {
          case 1: score = toDepot; break;
          case 2: score = -toDepot; break;
          case 3: score = ratio; break;
          case 4: score = -ratio; break;
          case 5: score = load < capacity / 2 ? toDepot : -toDepot; break;
          default: score = 0;
        }
        if (d < bestD - eps) {
          best = t; bestD = d; bestScore = score; ties = 1;
        } else if (score > bestScore + eps) {
          best = t; bestScore = score; ties = 1;
        } else if (rule === 0 && score >= bestScore - eps && rng && rng.int(++ties) === 0) {
          best = t;
        }
      }
      if (best < 0) break;
      seq.push(best);
      served[best >> 1] = 1;
      left--;
      load += dem[best >> 1];
      cur = best;
    }
    if (seq.length === 0 && r >= inst.nStarts) throw new Error('CARP: path scanning made no progress');
    routes.push(seq);
  }
  return routes;
}
