import type { Stop } from '../../contracts/domain.js';
import { solveCarp } from '../../optimizer/arc-routing/index.js';
import type { CarpProblem } from '../../optimizer/arc-routing/types.js';
import { travelTimeMatrix, travelTimeTable, type TravelMatrix } from '../../optimizer/network/index.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';

/** Sweeping speed with brushes down, km/h. */
export const SWEEP_KMH = 8;

/**
 * Street sweeping: the planned main roads not yet swept this shift, shared among the working
 * sweepers as arc routes (each segment serviced once, hopper refills at the depot).
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

  async plan(reason: string, timeLimitMs: number): Promise<number> {
    const w = this.world;
    const M = this.staticMatrix();
    const sweepers = w.fleet.ofFleet('sweeper').filter((v) => v.status !== 'broken' && v.status !== 'offline');
    if (sweepers.length === 0) return 0;
    const todo = w.town.plannedSweepSegments.filter((id) => !this.isSwept(id));
    // local node space: static nodes, then one node per sweeper's current position
    const starts = sweepers.map((v) => this.book.currentNode(v.spec.id));
    const fromStarts = travelTimeTable(w.graph, starts, this.nodes);
    const S = this.nodes.length;
    const dist = (a: number, b: number): number => {
      if (a === b) return 0;
      if (b >= S) return 1e9; // nobody returns to where a sweeper happens to be
      if (a >= S) return fromStarts.time[(a - S) * fromStarts.cols + b];
      return M.time[a * S + b];
    };
    const problem: CarpProblem = {
      nNodes: S + sweepers.length,
      depot: this.local.get(w.town.places.sweeperDepot.nodeId)!,
      required: todo.map((id) => {
        const s = w.network.segments[id];
        return { id, u: this.local.get(s.from)!, v: this.local.get(s.to)!, serviceCost: (s.lengthM / (SWEEP_KMH / 3.6)), demand: s.lengthM, oneway: s.oneway };
      }),
      dist,
      capacity: sweepers[0].spec.capacity,
      maxVehicles: sweepers.length,
      starts: sweepers.map((v, k) => ({ node: S + k, load: Math.min(v.load, v.spec.capacity) })),
    };
    const sol = solveCarp(problem, { timeLimitMs, seed: w.config.seed });
    const depot = w.town.places.sweeperDepot;
    let changed = 0;
    for (let k = 0; k < sweepers.length; k++) {
      const route = sol.routes[k] ?? [];
      const segmentIds: number[] = [];
      const nodeSeq: number[] = [];
      const stops: Stop[] = [];
      for (const e of route) {
        const seg = w.network.segments[e.edgeId];
        const [from, to] = [this.nodes[e.from], this.nodes[e.to]];
        segmentIds.push(e.edgeId);
        nodeSeq.push(from, to);
        const mid = seg.geometry[Math.floor(seg.geometry.length / 2)];
        stops.push({ kind: 'segment', id: String(e.edgeId), lat: mid[0], lon: mid[1], nodeId: to, label: seg.name ?? `#${e.edgeId}` });
      }
      nodeSeq.push(depot.nodeId);
      stops.push({ kind: 'depot', id: depot.id, lat: depot.lat, lon: depot.lon, nodeId: depot.nodeId, label: depot.name });
      if (await this.book.publish(sweepers[k].spec.id, { stops, segmentIds, nodeSeq, reason })) changed++;
    }
    return changed;
  }
}
