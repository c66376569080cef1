import type { Stop } from '../../contracts/domain.js';
import { solveCarp } from '../../optimizer/arc-routing/index.js';
import type { CarpProblem, CarpSolution } from '../../optimizer/arc-routing/types.js';
import { travelTimeMatrix, travelTimeTable, type TravelMatrix } from '../../optimizer/network/index.js';
import type { VehicleRuntime } from '../live/fleet-state.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';

/** Sweeping speed with brushes down, km/h. */
export const SWEEP_KMH = 8;
/** A sweeper this close to a planned segment of its own list is taken to be sweeping it. */
const ON_SEGMENT_M = 30;

type Route = CarpSolution['routes'][number];

/**
 * Shares the solver's trips among the vehicles: trip k < own.length is vehicle k's own (it starts
 * where the vehicle is); every further trip starts and ends at the depot and goes, longest first,
 * to the vehicle that would finish its work earliest. Returns the trip indexes of each vehicle in
 * driving order.
 */
export function shareTrips(ownS: readonly number[], extraS: readonly number[], toDepotS: readonly number[]): number[][] {
  const plan = ownS.map((_, k) => [k]);
  // a vehicle with no trip of its own drives to the depot first
  const busy = ownS.map((s, k) => (s > 0 ? s : toDepotS[k]));
  const order = extraS.map((_, i) => i).sort((a, b) => extraS[b] - extraS[a] || a - b);
  for (const i of order) {
    let k = 0;
    for (let j = 1; j < busy.length; j++) if (busy[j] < busy[k]) k = j;
    plan[k].push(ownS.length + i);
    busy[k] += extraS[i];
  }
  return plan;
}

/**
 * Street sweeping: the planned main roads not yet swept this shift, shared among the working
 * sweepers as arc routes (each segment serviced once, hopper refills at the depot). A segment a
 * sweeper is sweeping right now stays with it; trips beyond one per sweeper are chained after a
 * refill at the depot, so no segment is left without a sweeper.
 */
export class SweeperPlanner {
  private matrix?: TravelMatrix;
  private nodes: number[] = [];
  private local = new Map<number, number>();

  constructor(private readonly world: World, private readonly book: AssignmentBook, private readonly isSwept: (segmentId: number) => boolean) {}

  private staticMatrix(): TravelMatrix {
    if (!this.matrix) {
      const w = this.world;
      const set = new Set<number>([w.town.places.sweeperDepot.nodeId]);
      for (const id of w.town.plannedSweepSegments) {
        const s = w.network.segments[id];
        set.add(s.from);
        set.add(s.to);
      }
      this.nodes = [...set];
      this.nodes.forEach((n, i) => this.local.set(n, i));
      this.matrix = travelTimeMatrix(w.graph, this.nodes);
    }
    return this.matrix;
  }

  /** The planned, unswept segment of its own list the sweeper is on now, with the node it is swept towards. */
  private started(v: VehicleRuntime): { segmentId: number; stop: Stop } | undefined {
    const a = v.assignment;
    if (!a || !v.last || v.status !== 'working') return undefined;
    const hit = this.world.snapper.nearestSegment(v.last.lat, v.last.lon, ON_SEGMENT_M);
    if (!hit || this.isSwept(hit.segmentId)) return undefined;
    const stop = a.stops.slice(Math.max(0, v.nextStop - 1)).find((s) => s.kind === 'segment' && Number(s.id) === hit.segmentId);
    return stop?.nodeId !== undefined ? { segmentId: hit.segmentId, stop } : undefined;
  }

  async plan(reason: string, timeLimitMs: number): Promise<number> {
    const w = this.world;
    const M = this.staticMatrix();
    const sweepers = w.fleet.ofFleet('sweeper').filter((v) => v.status !== 'broken' && v.status !== 'offline');
    if (sweepers.length === 0) return 0;
    const kept = sweepers.map((v) => this.started(v));
    const keptIds = new Set(kept.flatMap((s) => (s ? [s.segmentId] : [])));
    const todo = w.town.plannedSweepSegments.filter((id) => !this.isSwept(id) && !keptIds.has(id));
    // local node space: static nodes, then one node per sweeper's position (the end of its started segment)
    const starts = sweepers.map((v, k) => kept[k]?.stop.nodeId ?? this.book.currentNode(v.spec.id));
    const fromStarts = travelTimeTable(w.graph, starts, this.nodes);
    const S = this.nodes.length;
    const dist = (a: number, b: number): number => {
      if (a === b) return 0;
      if (b >= S) return 1e9; // nobody returns to where a sweeper happens to be
      if (a >= S) return fromStarts.time[(a - S) * fromStarts.cols + b];
      return M.time[a * S + b];
    };
    const serviceS = (segmentId: number): number => w.network.segments[segmentId].lengthM / (SWEEP_KMH / 3.6);
    const depotLocal = this.local.get(w.town.places.sweeperDepot.nodeId)!;
    const capacity = sweepers[0].spec.capacity;
    const problem: CarpProblem = {
      nNodes: S + sweepers.length,
      depot: depotLocal,
      required: todo.map((id) => {
        const s = w.network.segments[id];
        return { id, u: this.local.get(s.from)!, v: this.local.get(s.to)!, serviceCost: serviceS(id), demand: s.lengthM, oneway: s.oneway };
      }),
      dist,
      capacity,
      maxVehicles: sweepers.length,
      starts: sweepers.map((v, k) => {
        // a started segment's length counts against the hopper unless reached() has counted it already
        const started = kept[k] && !kept[k]!.stop.done ? w.network.segments[kept[k]!.segmentId].lengthM : 0;
        return { node: S + k, load: Math.min(v.load + started, capacity) };
      }),
    };
    const sol = solveCarp(problem, { timeLimitMs, seed: w.config.seed });
    if (sol.unserved?.length) w.log.warn({ unserved: sol.unserved.slice(0, 5), count: sol.unserved.length }, 'segments no sweeper trip can serve');

    const tripS = (route: Route, from: number): number => {
      let t = 0;
      let at = from;
      for (const e of route) {
        t += dist(at, e.from) + serviceS(e.edgeId);
        at = e.to;
      }
      return route.length ? t + dist(at, depotLocal) : 0;
    };
    const own = sweepers.map((_, k) => sol.routes[k] ?? []);
    const extra = sol.routes.slice(sweepers.length).filter((r) => r.length > 0);
    const shares = shareTrips(
      own.map((r, k) => tripS(r, S + k)),
      extra.map((r) => tripS(r, depotLocal)),
      sweepers.map((_, k) => dist(S + k, depotLocal)),
    );

    const depot = w.town.places.sweeperDepot;
    const depotStop = (): Stop => ({ kind: 'depot', id: depot.id, lat: depot.lat, lon: depot.lon, nodeId: depot.nodeId, label: depot.name });
    let changed = 0;
    for (let k = 0; k < sweepers.length; k++) {
      const segmentIds: number[] = [];
      const nodeSeq: number[] = [];
      const stops: Stop[] = [];
      const started = kept[k];
      if (started) {
        segmentIds.push(started.segmentId);
        nodeSeq.push(started.stop.nodeId!);
        // a stop reached already (its midpoint) is not handed out again
        if (!started.stop.done) stops.push({ ...started.stop, eta: undefined });
      }
      shares[k].forEach((r, i) => {
        const route = r < sweepers.length ? own[r] : extra[r - sweepers.length];
        if (route.length === 0) return;
        if (i > 0 || r >= sweepers.length) {
          // a later trip begins with a refill at the depot
          if (stops.length === 0 || stops[stops.length - 1].kind !== 'depot') {
            nodeSeq.push(depot.nodeId);
            stops.push(depotStop());
          }
        }
        for (const e of route) {
          const seg = w.network.segments[e.edgeId];
          const [from, to] = [this.nodes[e.from], this.nodes[e.to]];
          segmentIds.push(e.edgeId);
          nodeSeq.push(from, to);
          const mid = seg.geometry[Math.floor(seg.geometry.length / 2)];
          stops.push({ kind: 'segment', id: String(e.edgeId), lat: mid[0], lon: mid[1], nodeId: to, label: seg.name ?? `#${e.edgeId}` });
        }
      });
      nodeSeq.push(depot.nodeId);
      stops.push(depotStop());
      if (await this.book.publish(sweepers[k].spec.id, { stops, segmentIds, nodeSeq, reason })) changed++;
    }
    return changed;
  }
}
