/**
 * Internal, index-based form of a CarpProblem. Each required edge e gives two oriented tasks,
 * 2e (u->v) and 2e+1 (v->u); task ^ 1 is the reverse. "Points" are the tasks, then the depot,
 * then one start point per live vehicle; D holds deadheading from the end of one point to the
 * start of another, so a route's cost is a sum of lookups.
 */
import type { CarpProblem } from './types.js';

export interface CarpInst {
  nEdges: number;
  /** oriented tasks: 2 * nEdges */
  nTasks: number;
  /** points: tasks, depot, starts */
  nPts: number;
  depotPt: number;
  /** number of live vehicles with a start point; routes 0..nStarts-1 belong to them */
  nStarts: number;
  /** node where a point begins / ends */
  head: Int32Array;
  tail: Int32Array;
  /** per edge */
  serv: Float64Array;
  dem: Float64Array;
  oneway: Uint8Array;
  /** deadheading cost from point a's tail to point b's head: D[a * nPts + b] */
  D: Float64Array;
  capacity: number;
  startLoad: Float64Array;
  /** per live vehicle: busy time before its route, route time per unit of cost, time left (Infinity: none) */
  ready: Float64Array;
  slow: Float64Array;
  limit: Float64Array;
  /** cost per unit of lateness of live routes; 0 = the plain total-cost objective */
  lateCost: number;
  maxRoutes: number;
  /** problem's edge ids */
  edgeId: Int32Array;
  /** required edges left out, with the reason */
  unserved: { edgeId: number; reason: string }[];
}

/** Cost per unit of lateness when a problem gives time limits but no lateCost. */
export const DEFAULT_LATE_COST = 10;

/**
 * Lateness of route r if its service + deadheading is `cost`: how long after its limit a live
 * vehicle is back (0 for depot routes, which have no limit).
 */
export function lateOf(inst: CarpInst, r: number, cost: number): number {
  if (r >= inst.nStarts) return 0;
  const t = inst.ready[r] + inst.slow[r] * cost - inst.limit[r];
  return t > 0 ? t : 0;
}

/** Start point of route r. */
export const startPt = (inst: CarpInst, r: number): number => (r < inst.nStarts ? inst.depotPt + 1 + r : inst.depotPt);

/** Builds the internal form; throws a clear error for inputs no tour can serve. */
export function buildInst(p: CarpProblem): CarpInst {
  const checkNode = (x: number, what: string): void => {
    if (!Number.isInteger(x) || x < 0 || x >= p.nNodes) throw new Error(`CARP: ${what} node ${x} outside 0..${p.nNodes - 1}`);
  };
  checkNode(p.depot, 'depot');
  // edges no trip can serve are left out with the reason, not thrown: the rest still gets planned
  const unserved: { edgeId: number; reason: string }[] = [];
  const via = (a: number, b: number): number => (a === b ? 0 : p.dist(a, b));
  const required = p.required.filter((e) => {
    checkNode(e.u, `edge ${e.id}`);
    checkNode(e.v, `edge ${e.id}`);
    if (!(e.serviceCost >= 0)) throw new Error(`CARP: edge ${e.id} has service cost ${e.serviceCost}`);
    let reason = '';
    if (e.demand > p.capacity) reason = `demand ${e.demand} exceeds vehicle capacity ${p.capacity}`;
    else {
      const fwd = via(p.depot, e.u) + via(e.v, p.depot);
      const bwd = e.oneway ? Infinity : via(p.depot, e.v) + via(e.u, p.depot);
      if (!Number.isFinite(Math.min(fwd, bwd))) reason = 'not reachable from the depot and back';
    }
    if (reason) unserved.push({ edgeId: e.id, reason });
    return !reason;
  });
  const nEdges = required.length;
  const nTasks = 2 * nEdges;
  const starts = p.starts ?? [];
  const nStarts = starts.length;
  const depotPt = nTasks;
  const nPts = nTasks + 1 + nStarts;
  const head = new Int32Array(nPts);
  const tail = new Int32Array(nPts);
  const serv = new Float64Array(nEdges);
  const dem = new Float64Array(nEdges);
  const oneway = new Uint8Array(nEdges);
  const edgeId = new Int32Array(nEdges);
  required.forEach((e, k) => {
    head[2 * k] = e.u;
    tail[2 * k] = e.v;
    head[2 * k + 1] = e.v;
    tail[2 * k + 1] = e.u;
    serv[k] = e.serviceCost;
    dem[k] = e.demand;
    oneway[k] = e.oneway ? 1 : 0;
    edgeId[k] = e.id;
  });
  head[depotPt] = tail[depotPt] = p.depot;
  const startLoad = new Float64Array(nStarts);
  const ready = new Float64Array(nStarts);
  const slow = new Float64Array(nStarts).fill(1);
  const limit = new Float64Array(nStarts).fill(Infinity);
  starts.forEach((s, r) => {
    checkNode(s.node, `start ${r}`);
    if (s.readyTime !== undefined && !(s.readyTime >= 0 && Number.isFinite(s.readyTime))) throw new Error(`CARP: start ${r} has ready time ${s.readyTime}`);
    if (s.slowness !== undefined && !(s.slowness > 0 && Number.isFinite(s.slowness))) throw new Error(`CARP: start ${r} has slowness ${s.slowness}`);
    if (s.timeLeft !== undefined && Number.isNaN(s.timeLeft)) throw new Error(`CARP: start ${r} has time left NaN`);
    ready[r] = s.readyTime ?? 0;
    slow[r] = s.slowness ?? 1;
    limit[r] = s.timeLeft ?? Infinity;
    if (!Number.isFinite(via(s.node, p.depot))) throw new Error(`CARP: live vehicle ${r} at node ${s.node} cannot reach the depot`);
    head[depotPt + 1 + r] = tail[depotPt + 1 + r] = s.node;
    startLoad[r] = s.load;
  });
  // cache node-to-node distances once: dist() may be an arbitrary closure
  const nodes = Array.from(new Set([...head, ...tail]));
  const nodeIdx = new Map(nodes.map((x, i) => [x, i]));
  const nd = new Float64Array(nodes.length * nodes.length);
  for (let a = 0; a < nodes.length; a++) {
    for (let b = 0; b < nodes.length; b++) {
      // only ways into a live vehicle's start may be missing, and no route takes those
      nd[a * nodes.length + b] = a === b ? 0 : p.dist(nodes[a], nodes[b]);
    }
  }
  const headIdx = Int32Array.from(head, (x) => nodeIdx.get(x)!);
  const D = new Float64Array(nPts * nPts);
  for (let a = 0; a < nPts; a++) {
    const ta = nodeIdx.get(tail[a])! * nodes.length;
    const row = a * nPts;
    for (let b = 0; b < nPts; b++) D[row + b] = nd[ta + headIdx[b]];
  }
  // a limit the total demand cannot fit in is raised to the fewest trips that could carry it
  const need = Math.ceil((dem.reduce((a, b) => a + b, 0) + startLoad.reduce((a, b) => a + b, 0)) / p.capacity - 1e-9);
  const maxRoutes = p.maxVehicles === undefined ? Infinity : Math.max(p.maxVehicles, need, nStarts);
  const timed = starts.some((s) => s.timeLeft !== undefined && s.timeLeft < Infinity);
  if (p.lateCost !== undefined && !(p.lateCost >= 0 && Number.isFinite(p.lateCost))) throw new Error(`CARP: late cost ${p.lateCost}`);
  const lateCost = timed ? (p.lateCost ?? DEFAULT_LATE_COST) : 0;
  return { nEdges, nTasks, nPts, depotPt, nStarts, head, tail, serv, dem, oneway, D, capacity: p.capacity, startLoad, ready, slow, limit, lateCost, maxRoutes, edgeId, unserved };
}
