/**
 * Large-neighbourhood perturbation: remove a handful of edges (random, or a seed edge and its
 * neighbours so that a whole area is re-planned), then re-insert each at its cheapest place in
 * its cheaper direction, skipping a few places at random ("blinks") to diversify.
 */
import { routeCost } from './evaluate.js';
import { lateOf, startPt, type CarpInst } from './instance.js';
import type { Rng } from '../util/rng.js';

/** Removes `q` edges (and, when there are more routes than allowed, a whole surplus route). */
export function ruin(
  inst: CarpInst,
  routes: number[][],
  q: number,
  near: Int32Array[],
  rng: Rng,
): { routes: number[][]; removed: number[] } {
  const gone = new Set<number>();
  const n = inst.nEdges;
  q = Math.min(q, n);
  const used = routes.filter((s, r) => r < inst.nStarts || s.length > 0).length;
  if (used > inst.maxRoutes && rng.next() < 0.3) {
    // shrink towards the route limit: empty the lightest depot route
    let lightest = -1;
    routes.forEach((s, r) => {
      if (r >= inst.nStarts && s.length > 0 && (lightest < 0 || s.length < routes[lightest].length)) lightest = r;
    });
    if (lightest >= 0) for (const t of routes[lightest]) gone.add(t >> 1);
    q = Math.max(q, gone.size);
  }
  if (rng.next() < 0.5) {
    while (gone.size < q) gone.add(rng.int(n));
  } else {
    const seed = rng.int(n);
    gone.add(seed);
    for (const f of near[seed]) {
      if (gone.size >= q) break;
      if (rng.next() < 0.8) gone.add(f);
    }
    while (gone.size < q) gone.add(rng.int(n));
  }
  return { routes: routes.map((s) => s.filter((t) => !gone.has(t >> 1))), removed: [...gone] };
}

/**
 * Inserts edges one by one at their cheapest feasible place; opens a new route when none fits.
 * At the route limit an edge that fits nowhere goes where detour + `overloadCost` x overload is
 * least, for the penalised local search to repair. When lateness is priced, a place on a live
 * route also costs the lateness it adds there.
 */
export function recreate(inst: CarpInst, routes: number[][], removed: number[], rng: Rng, overloadCost: number, blink = 0.01): number[][] {
  const { D, nPts, depotPt, dem, capacity, oneway, lateCost, serv } = inst;
  const load = routes.map((s, r) => (r < inst.nStarts ? inst.startLoad[r] : 0) + s.reduce((a, t) => a + dem[t >> 1], 0));
  const cost = lateCost > 0 ? routes.map((s, r) => routeCost(inst, r, s)) : [];
  const order = rng.next() < 0.5 ? rng.shuffle(removed.slice()) : removed.slice().sort((a, b) => dem[b] - dem[a] || a - b);
  let used = routes.filter((s, r) => r < inst.nStarts || s.length > 0).length;
  for (const e of order) {
    const canOpen = used < inst.maxRoutes;
    let bestC = Infinity, bestR = -1, bestJ = -1, bestX = -1;
    for (let r = 0; r < routes.length; r++) {
      const over = Math.max(0, load[r] + dem[e] - capacity) - Math.max(0, load[r] - capacity);
      if (over > 1e-9 && canOpen) continue;
      const extra = over > 1e-9 ? overloadCost * over : 0;
      const s = routes[r];
      const timed = lateCost > 0 && r < inst.nStarts;
      const lateNow = timed ? lateOf(inst, r, cost[r]) : 0;
      let q = startPt(inst, r);
      for (let j = -1; j < s.length; j++) {
        if (j >= 0) q = s[j];
        const nx = j + 1 < s.length ? s[j + 1] : depotPt;
        if (blink > 0 && rng.next() < blink) continue;
        const base = D[q * nPts + nx] - extra;
        for (let x = 2 * e; x < 2 * e + (oneway[e] ? 1 : 2); x++) {
          let c = D[q * nPts + x] + D[x * nPts + nx] - base;
          if (timed) c += lateCost * (lateOf(inst, r, cost[r] + c - extra + serv[e]) - lateNow);
          if (c < bestC) {
            bestC = c; bestR = r; bestJ = j; bestX = x;
          }
        }
      }
    }
    const fresh = oneway[e] || D[depotPt * nPts + 2 * e] + D[2 * e * nPts + depotPt] <= D[depotPt * nPts + 2 * e + 1] + D[(2 * e + 1) * nPts + depotPt] ? 2 * e : 2 * e + 1;
    const freshC = D[depotPt * nPts + fresh] + D[fresh * nPts + depotPt];
    if (bestR < 0 || (canOpen && freshC < bestC)) {
      const spare = routes.findIndex((s, r) => r >= inst.nStarts && s.length === 0);
      if (spare >= 0) {
        routes[spare].push(fresh);
        load[spare] += dem[e];
        if (lateCost > 0) cost[spare] = routeCost(inst, spare, routes[spare]);
      } else {
        routes.push([fresh]);
        load.push(dem[e]);
        if (lateCost > 0) cost.push(routeCost(inst, routes.length - 1, routes[routes.length - 1]));
      }
      used++;
    } else {
      routes[bestR].splice(bestJ + 1, 0, bestX);
      if (lateCost > 0) cost[bestR] = routeCost(inst, bestR, routes[bestR]);
      if (routes[bestR].length === 1 && bestR >= inst.nStarts) used++;
      load[bestR] += dem[e];
    }
  }
  return routes;
}

/**
 * Live re-plans with time limits: takes from each late live route its last tasks until it is back
 * in time (the first ones, near where the vehicle is, stay) and re-inserts them where they cost the
 * least, lateness included. Path scanning knows nothing of time, so this gives the search a start.
 */
export function unloadLate(inst: CarpInst, routes: number[][], rng: Rng, overloadCost: number): number[][] {
  const out = routes.map((s) => s.slice());
  const removed: number[] = [];
  for (let r = 0; r < Math.min(inst.nStarts, out.length); r++) {
    const s = out[r];
    while (s.length > 0 && lateOf(inst, r, routeCost(inst, r, s)) > 0) removed.push(s.pop()! >> 1);
  }
  return removed.length ? recreate(inst, out, removed.reverse(), rng, overloadCost, 0) : out;
}
