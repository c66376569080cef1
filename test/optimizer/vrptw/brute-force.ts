/**
 * Exact optimum of tiny VRPTW instances by enumeration, independent of the solver: for each vehicle,
 * the cheapest feasible order of every subset of customers (depth-first over all orders), then a
 * subset DP that splits customers among vehicles. Objective: most customers served, then least cost.
 * With `unloadNode`, the enumeration may also visit the unload node whenever something is on board.
 * With `maxWork`, a route counts when the truck, leaving as late as its windows allow, is back in time.
 */
import type { VrptwProblem } from '../../../optimizer/vrptw/types.js';

export interface BruteResult {
  served: number;
  cost: number;
}

export function bruteForceVrptw(p: VrptwProblem): BruteResult {
  const n = p.n;
  const costM = p.cost ?? p.time;
  const cust = p.customers ?? Array.from({ length: n - 1 }, (_, i) => i + 1);
  const m = cust.length;
  if (m > 9) throw new Error('brute force is for at most 9 customers');
  const fleet = p.vehicles ?? Array.from({ length: p.maxVehicles }, () => ({ start: 0, startTime: p.ready[0], initialLoad: 0 }));
  const full = 1 << m;
  let f = new Float64Array(full).fill(Infinity);
  f[0] = 0;
  for (const v0 of fleet) {
    const v = v0 as { start: number; startTime: number; initialLoad: number; end?: number; capacity?: number; horizon?: number; maxWork?: number };
    const route = new Float64Array(full).fill(Infinity);
    route[0] = 0;
    const end = v.end ?? 0;
    const horizon = v.horizon ?? p.horizon ?? p.due[0];
    const fullCap = v.capacity ?? p.capacity;
    const cap = fullCap - v.initialLoad;
    const u = p.unloadNode;
    const path: number[] = [];
    // working time when leaving as late as possible: no stop may then start after its due time
    const shortestDay = (): number => {
      let drive = 0, latest = Infinity, prev = v.start;
      path.forEach((x, i) => {
        drive += (i === 0 ? 0 : p.service[prev]) + p.time[prev * n + x];
        latest = Math.min(latest, p.due[x] - drive);
        prev = x;
      });
      latest = Math.min(latest, horizon - drive - p.service[prev] - p.time[prev * n + end]);
      const leave = Math.max(v.startTime, latest);
      let t = leave;
      prev = v.start;
      path.forEach((x, i) => {
        t = Math.max(t + (i === 0 ? 0 : p.service[prev]) + p.time[prev * n + x], p.ready[x]);
        prev = x;
      });
      return t + p.service[prev] + p.time[prev * n + end] - leave;
    };
    const dfs = (mask: number, node: number, t: number, c: number, load: number, tripCap: number): void => {
      if (mask !== 0 && t + p.time[node * n + end] <= horizon + 1e-9 && (v.maxWork === undefined || shortestDay() <= v.maxWork + 1e-9)) {
        route[mask] = Math.min(route[mask], c + costM[node * n + end]);
      }
      for (let i = 0; i < m; i++) {
        if (mask & (1 << i)) continue;
        const x = cust[i];
        if (load + p.demand[x] > tripCap + 1e-9) continue;
        const arrive = t + p.time[node * n + x];
        if (arrive > p.due[x] + 1e-9) continue;
        const leave = Math.max(arrive, p.ready[x]) + p.service[x];
        path.push(x);
        dfs(mask | (1 << i), x, leave, c + costM[node * n + x], load + p.demand[x], tripCap);
        path.pop();
      }
      // unload: only with something on board, so the enumeration stays finite
      if (u !== undefined && (load > 0 || tripCap < fullCap)) {
        const arrive = t + p.time[node * n + u];
        if (arrive <= p.due[u] + 1e-9) {
          path.push(u);
          dfs(mask, u, Math.max(arrive, p.ready[u]) + p.service[u], c + costM[node * n + u], 0, fullCap);
          path.pop();
        }
      }
    };
    dfs(0, v.start, v.startTime, 0, 0, cap);
    const g = new Float64Array(full).fill(Infinity);
    for (let mask = 0; mask < full; mask++) {
      // enumerate the subset this vehicle takes
      for (let sub = mask; ; sub = (sub - 1) & mask) {
        const val = f[mask ^ sub] + route[sub];
        if (val < g[mask]) g[mask] = val;
        if (sub === 0) break;
      }
    }
    f = g;
  }
  let best: BruteResult = { served: -1, cost: Infinity };
  for (let mask = 0; mask < full; mask++) {
    if (f[mask] === Infinity) continue;
    let bits = 0;
    for (let x = mask; x; x &= x - 1) bits++;
    if (bits > best.served || (bits === best.served && f[mask] < best.cost)) best = { served: bits, cost: f[mask] };
  }
  return best;
}
