import type { Restaurant, Stop } from '../../contracts/domain.js';
import { travelTimeMatrix, travelTimeTable, type TravelMatrix } from '../../optimizer/network/index.js';
import { solveVrptw } from '../../optimizer/vrptw/index.js';
import type { VrptwProblem, VrptwVehicle } from '../../optimizer/vrptw/types.js';
import { localMidnight } from '../clock.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';

/** Local time the kitchen-waste shift must be back at the plant. */
const SHIFT_END_MIN = 22 * 60 + 30;

/**
 * Kitchen-waste collection: plans the day's pickups (capacity in kg, opening windows, back at the
 * plant by shift end) and repairs the plan from where trucks are when something changes.
 */
export class KitchenPlanner {
  /** restaurants still to collect today, by id */
  readonly pending = new Map<string, Restaurant>();
  readonly plannedKg: number;
  /** restaurants no truck could fit in, with the last plan */
  unassigned: string[] = [];
  private staticMatrix?: TravelMatrix;
  private staticNodes: number[] = [];
  private staticIndex = new Map<string, number>();

  constructor(private readonly world: World, private readonly book: AssignmentBook) {
    for (const r of world.town.restaurants) this.pending.set(r.id, r);
    this.plannedKg = world.town.restaurants.reduce((s, r) => s + r.dailyKg, 0);
  }

  /** Plant + restaurants, computed once: rows of the matrix that never change. */
  private matrix(): TravelMatrix {
    if (!this.staticMatrix) {
      const rs = this.world.town.restaurants;
      this.staticNodes = [this.world.town.places.plant.nodeId, ...rs.map((r) => r.nodeId)];
      rs.forEach((r, i) => this.staticIndex.set(r.id, i + 1));
      this.staticMatrix = travelTimeMatrix(this.world.graph, this.staticNodes);
    }
    return this.staticMatrix;
  }

  /** After a restart: restaurants already collected this shift, from the trucks' done stops. */
  restoreCollected(): void {
    for (const v of this.world.fleet.ofFleet('kitchen')) {
      for (const s of v.assignment?.stops ?? []) {
        if (s.kind !== 'restaurant' || !s.done || !this.pending.has(s.id)) continue;
        this.world.counters.kitchenCollectedKg += s.demandKg ?? this.pending.get(s.id)!.dailyKg;
        this.pending.delete(s.id);
      }
    }
  }

  markCollected(restaurantId: string): Restaurant | undefined {
    const r = this.pending.get(restaurantId);
    this.pending.delete(restaurantId);
    return r;
  }

  /** An extra pickup request from a restaurant (e.g. a second bin today). */
  addRequest(restaurantId: string, kg: number): boolean {
    const r = this.world.town.restaurants.find((x) => x.id === restaurantId);
    if (!r) return false;
    const prev = this.pending.get(restaurantId);
    this.pending.set(restaurantId, { ...r, dailyKg: (prev?.dailyKg ?? 0) + kg });
    return true;
  }

  /** Builds the problem from the trucks' current state and solves it; publishes changed routes. */
  async plan(reason: string, timeLimitMs: number): Promise<number> {
    const w = this.world;
    const M = this.matrix();
    const now = w.clock.now();
    const midnight = localMidnight(now, w.town.utcOffsetMin);
    const sec = (minOfDay: number) => (midnight + minOfDay * 60_000 - now) / 1000;
    const trucks = w.fleet.ofFleet('kitchen').filter((v) => v.status !== 'broken' && v.status !== 'offline');
    const customers = [...this.pending.values()].filter((r) => sec(r.closeMin) > 0);
    // node layout: 0 = plant, 1..T = truck positions, then customers
    const T = trucks.length;
    const n = 1 + T + customers.length;
    const statIdx = [0, ...customers.map((r) => this.staticIndex.get(r.id)!)];
    const starts = trucks.map((v) => this.book.currentNode(v.spec.id));
    const fromStarts = travelTimeTable(w.graph, starts, this.staticNodes);
    const time = new Float64Array(n * n).fill(1e9);
    const at = (i: number) => (i === 0 ? 0 : i - T); // position in statIdx for plant/customer rows
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) time[i * n + j] = 0;
        else if (j >= 1 && j <= T) continue; // nobody drives to a truck's start
        else if (i >= 1 && i <= T) time[i * n + j] = fromStarts.time[(i - 1) * fromStarts.cols + statIdx[at(j)]];
        else time[i * n + j] = M.time[statIdx[at(i)] * M.n + statIdx[at(j)]];
      }
    }
    const demand = new Array(n).fill(0);
    const ready = new Array(n).fill(0);
    const due = new Array(n).fill(sec(SHIFT_END_MIN));
    const service = new Array(n).fill(0);
    customers.forEach((r, k) => {
      const i = 1 + T + k;
      demand[i] = r.dailyKg;
      ready[i] = Math.max(0, sec(r.openMin));
      due[i] = sec(r.closeMin);
      service[i] = r.serviceMin * 60;
    });
    const vehicles: VrptwVehicle[] = trucks.map((v, k) => ({ start: 1 + k, startTime: 0, initialLoad: Math.min(v.load, v.spec.capacity), end: 0 }));
    const problem: VrptwProblem = {
      n, time, demand, ready, due, service, capacity: trucks[0]?.spec.capacity ?? 5000, maxVehicles: T,
      horizon: Math.max(0, sec(SHIFT_END_MIN)), vehicles, customers: customers.map((_, k) => 1 + T + k),
    };
    const sol = T > 0 ? solveVrptw(problem, { timeLimitMs, seed: w.config.seed }) : { routes: [], unassigned: problem.customers ?? [], cost: 0 };
    this.unassigned = sol.unassigned.map((i) => customers[i - 1 - T].id);
    const plant = w.town.places.plant;
    let changed = 0;
    for (let k = 0; k < T; k++) {
      const route = sol.routes[k] ?? [];
      const stops: Stop[] = route.map((i) => {
        const r = customers[i - 1 - T];
        return {
          kind: 'restaurant', id: r.id, lat: r.lat, lon: r.lon, nodeId: r.nodeId, label: r.name, demandKg: r.dailyKg,
          windowStart: midnight + r.openMin * 60_000, windowEnd: midnight + r.closeMin * 60_000,
        };
      });
      if (stops.length || trucks[k].load > 0) stops.push({ kind: 'plant', id: plant.id, lat: plant.lat, lon: plant.lon, nodeId: plant.nodeId, label: plant.name });
      const serviceMin = route.map((i) => customers[i - 1 - T].serviceMin);
      if (await this.book.publish(trucks[k].spec.id, { stops, reason, serviceMin: [...serviceMin, 15] })) changed++;
    }
    return changed;
  }
}
