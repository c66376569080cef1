import type { Restaurant, Stop } from '../../contracts/domain.js';
import { travelTimeMatrix, travelTimeTable, type TravelMatrix } from '../../optimizer/network/index.js';
import { solveVrptw } from '../../optimizer/vrptw/index.js';
import type { VrptwProblem, VrptwVehicle } from '../../optimizer/vrptw/types.js';
import { localMidnight } from '../clock.js';
import type { VehicleRuntime } from '../live/fleet-state.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';

/** Local time the kitchen-waste shift must be back at the plant. */
const SHIFT_END_MIN = 22 * 60 + 30;
/**
 * Working time of a kitchen crew, minutes: from the truck leaving (its shift start) to being back at
 * the plant. The day plan chooses when each truck leaves; a truck whose crew has started keeps its end.
 */
const WORK_MIN = 8 * 60;
/** Minutes to unload a truck at the plant (weighbridge, tipping, washing the bins). */
const UNLOAD_MIN = 15;
/**
 * Live re-plans: cost in seconds of driving added per stop handed from one truck to another, so a
 * stop moves only when that saves more than ten minutes of driving (or when it must).
 */
const MOVE_PENALTY_S = 600;
/** Solver time of a live re-plan, at most. */
const REPAIR_SOLVER_MS = 120;
/**
 * A live re-plan's solver ends at most this long after the re-plan began (so it gets less than
 * REPAIR_SOLVER_MS when building the problem was slow), leaving time for the solver's own overrun and
 * for publishing within the 200 ms for the whole repair...
 */
const REPAIR_SOLVER_END_MS = 140;
/** ...but never less than this: the warm start alone already gives a plan, the search improves it. */
const REPAIR_SOLVER_MIN_MS = 40;

/** What the last plan did, for logs and the repair benchmark. */
export interface KitchenPlanStats {
  reason: string;
  /** stops now on another truck than in the plan drivers held (live re-plans only) */
  moved: number;
  unassigned: number;
  /** unload visits at the plant before the last one of each route */
  unloads: number;
  /** trucks with stops to serve */
  trucks: number;
  /** drivers that got a new assignment version */
  changed: number;
  /** whole plan, ms */
  ms: number;
  /** parts of it, ms: building the problem (travel times from the trucks, matrix), solving, publishing */
  buildMs: number;
  solveMs: number;
  publishMs: number;
  /** driving time of the plan (from where the trucks are), seconds */
  drivingS: number;
}

/**
 * Kitchen-waste collection: plans the day's pickups (capacity in kg, opening windows, back at the
 * plant by shift end and within a crew's working time) and repairs the plan from where trucks are
 * when something changes.
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
  /** per truck id: epoch ms its crew starts (the planned departure), while it has planned work */
  private readonly shiftStart = new Map<string, number>();
  /** statistics of the last plan */
  lastPlan?: KitchenPlanStats;

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

  /**
   * Builds the problem from the trucks' current state and solves it; publishes changed routes.
   * Trucks unload at the plant as often as they need (multi-trip), and no crew works more than
   * WORK_MIN, so the day is shared among trucks rather than given to a few. A live re-plan starts
   * from the routes drivers hold and pays MOVE_PENALTY_S per stop handed to another truck; the stop a
   * truck is driving to now (started) stays its first stop. Returns the number of drivers whose work
   * changed.
   */
  async plan(reason: string, timeLimitMs: number): Promise<number> {
    const t0 = performance.now();
    const w = this.world;
    const M = this.matrix();
    const now = w.clock.now();
    const midnight = localMidnight(now, w.town.utcOffsetMin);
    const sec = (minOfDay: number) => (midnight + minOfDay * 60_000 - now) / 1000;
    const trucks = w.fleet.ofFleet('kitchen').filter((v) => v.status !== 'broken' && v.status !== 'offline');
    const locked = trucks.map((v) => this.startedStop(v));
    const lockedIds = new Set(locked.filter((s) => s?.kind === 'restaurant').map((s) => s!.id));
    const customers = [...this.pending.values()].filter((r) => sec(r.closeMin) > 0 && !lockedIds.has(r.id));
    // node layout: 0 = plant, 1..T = truck starts, then customers
    const T = trucks.length;
    const n = 1 + T + customers.length;
    const statIdx = [0, ...customers.map((r) => this.staticIndex.get(r.id)!)];
    const fromStarts = travelTimeTable(w.graph, trucks.map((v) => this.book.currentNode(v.spec.id)), this.staticNodes);
    const vehicles: VrptwVehicle[] = [];
    const shiftEnd = Math.max(0, sec(SHIFT_END_MIN));
    // a crew that has started (done or started stops, or past its departure) must be back by its
    // planned departure + WORK_MIN; one that has not may still choose when to leave. A truck may set
    // off earlier and wait at its first windows; its day still counts from the planned departure.
    // After a restart (or in a process that has just taken over planning) the planned departures come
    // back with the assignments; a crew whose assignment has none (its last version was made after it
    // set off) is held to the shift end only.
    for (const v of trucks) {
      const departAt = v.assignment?.departAt;
      if (departAt !== undefined && !this.shiftStart.has(v.spec.id)) this.shiftStart.set(v.spec.id, departAt);
    }
    const begun = trucks.map((v, k) => locked[k] !== undefined || (this.shiftStart.get(v.spec.id) ?? Infinity) <= now
      || (v.assignment?.stops.some((s) => s.done) ?? false));
    const limits = (v: VehicleRuntime, k: number): Pick<VrptwVehicle, 'horizon' | 'maxWork'> => {
      if (!begun[k]) return { maxWork: WORK_MIN * 60 };
      const start = this.shiftStart.get(v.spec.id);
      return start === undefined ? {} : { horizon: Math.min(shiftEnd, (start + WORK_MIN * 60_000 - now) / 1000) };
    };
    // a truck with a started stop leaves from that stop, once it has been served there; its row of
    // travel times is then that stop's row of the static matrix, else its row of fromStarts
    const startRows: { from: ArrayLike<number>; offset: number }[] = trucks.map((v, k) => {
      const s = locked[k];
      const here = { from: fromStarts.time, offset: k * fromStarts.cols };
      let load = Math.min(v.load, v.spec.capacity);
      if (!s) {
        vehicles.push({ start: 1 + k, startTime: 0, initialLoad: load, end: 0, ...limits(v, k) });
        return here;
      }
      const at = s.kind === 'plant' ? 0 : this.staticIndex.get(s.id)!;
      const r = s.kind === 'plant' ? undefined : this.pending.get(s.id)!;
      let t = here.from[here.offset + at];
      if (r) {
        t = Math.max(t, sec(r.openMin)) + r.serviceMin * 60;
        load = Math.min(v.spec.capacity, load + r.dailyKg);
      } else {
        t += UNLOAD_MIN * 60;
        load = 0;
      }
      vehicles.push({ start: 1 + k, startTime: Math.max(0, t), initialLoad: load, end: 0, ...limits(v, k) });
      return { from: M.time, offset: at * M.n };
    });
    const time = buildTimes(n, T, statIdx, M, startRows);
    const demand = new Array(n).fill(0);
    const ready = new Array(n).fill(0);
    const due = new Array(n).fill(sec(SHIFT_END_MIN));
    const service = new Array(n).fill(0);
    service[0] = UNLOAD_MIN * 60;
    customers.forEach((r, k) => {
      const i = 1 + T + k;
      demand[i] = r.dailyKg;
      ready[i] = Math.max(0, sec(r.openMin));
      due[i] = sec(r.closeMin);
      service[i] = r.serviceMin * 60;
    });
    const problem: VrptwProblem = {
      n, time, demand, ready, due, service, capacity: trucks[0]?.spec.capacity ?? 5000, maxVehicles: T,
      horizon: shiftEnd, vehicles, customers: customers.map((_, k) => 1 + T + k), unloadNode: 0,
    };
    const previous = reason === 'initial' ? undefined : this.previousRoutes(trucks, locked, customers, T);
    const tBuilt = performance.now();
    // a live re-plan's solver stops REPAIR_SOLVER_END_MS after the re-plan began, however long building
    // the problem took on a busy machine
    const repairMs = Math.min(timeLimitMs, REPAIR_SOLVER_MS, t0 + REPAIR_SOLVER_END_MS - tBuilt);
    const solverMs = previous ? Math.max(REPAIR_SOLVER_MIN_MS, repairMs) : timeLimitMs;
    const sol = T > 0
      ? solveVrptw(problem, {
        timeLimitMs: solverMs, seed: w.config.seed,
        initialRoutes: previous, previous, movePenalty: MOVE_PENALTY_S,
      })
      : { routes: [], unassigned: problem.customers ?? [], cost: 0, moved: 0 };
    const tSolved = performance.now();
    this.unassigned = sol.unassigned.map((i) => customers[i - 1 - T].id);
    const plant = w.town.places.plant;
    const plantStop = (): Stop => ({ kind: 'plant', id: plant.id, lat: plant.lat, lon: plant.lon, nodeId: plant.nodeId, label: plant.name });
    let changed = 0;
    let unloads = 0;
    let used = 0;
    for (let k = 0; k < T; k++) {
      const route = sol.routes[k] ?? [];
      const id = trucks[k].spec.id;
      if (route.length || locked[k]) used++;
      if (!begun[k]) {
        if (route.length && sol.departures) this.shiftStart.set(id, now + sol.departures[k] * 1000);
        else this.shiftStart.delete(id);
      }
      const stops: Stop[] = [];
      const serviceMin: number[] = [];
      const s = locked[k];
      if (s) {
        stops.push({ ...s, eta: undefined });
        serviceMin.push(s.kind === 'plant' ? UNLOAD_MIN : this.pending.get(s.id)!.serviceMin);
      }
      for (const i of route) {
        if (i === 0) {
          unloads++;
          stops.push(plantStop());
          serviceMin.push(UNLOAD_MIN);
          continue;
        }
        const r = customers[i - 1 - T];
        stops.push({
          kind: 'restaurant', id: r.id, lat: r.lat, lon: r.lon, nodeId: r.nodeId, label: r.name, demandKg: r.dailyKg,
          windowStart: midnight + r.openMin * 60_000, windowEnd: midnight + r.closeMin * 60_000,
        });
        serviceMin.push(r.serviceMin);
      }
      // every route ends with unloading at the plant
      if (stops.length ? stops[stops.length - 1].kind !== 'plant' : trucks[k].load > 0) {
        stops.push(plantStop());
        serviceMin.push(UNLOAD_MIN);
      }
      // a crew that has not set off yet is told when to leave (its planned shift start)
      const departAt = !begun[k] && route.length ? this.shiftStart.get(id) : undefined;
      if (await this.book.publish(id, { stops, reason, serviceMin, departAt })) changed++;
    }
    this.lastPlan = { reason, moved: sol.moved ?? 0, unassigned: sol.unassigned.length, unloads, trucks: used, changed, ms: Math.round(performance.now() - t0),
      buildMs: Math.round(tBuilt - t0), solveMs: Math.round(tSolved - tBuilt), publishMs: Math.round(performance.now() - tSolved), drivingS: Math.round(sol.cost) };
    w.log.info({ fleet: 'kitchen', ...this.lastPlan }, 'kitchen plan');
    return changed;
  }

  /** The stop a truck is driving to or serving now, which a re-plan must not take away from it. */
  private startedStop(v: VehicleRuntime): Stop | undefined {
    if (v.status !== 'enroute' && v.status !== 'working') return undefined;
    const s = v.assignment?.stops[v.nextStop];
    if (!s || s.done) return undefined;
    if (s.kind === 'plant') return s;
    // a truck reported full cannot take its next bin: that stop goes back into the plan
    if (v.load >= v.spec.capacity) return undefined;
    return s.kind === 'restaurant' && this.pending.has(s.id) ? s : undefined;
  }

  /** The routes drivers hold now, as node lists of this problem (started stops left out). */
  private previousRoutes(trucks: VehicleRuntime[], locked: (Stop | undefined)[], customers: Restaurant[], T: number): number[][] {
    const node = new Map(customers.map((r, k) => [r.id, 1 + T + k]));
    return trucks.map((v, k) => {
      const a = v.assignment;
      if (!a) return [];
      const rest = a.stops.slice(v.nextStop + (locked[k] ? 1 : 0)).filter((s) => !s.done);
      return rest.flatMap((s) => (s.kind === 'plant' ? [0] : node.has(s.id) ? [node.get(s.id)!] : []));
    });
  }
}

/**
 * The problem's n x n travel times (node layout: 0 = plant, 1..T = truck starts, then customers):
 * plant and customer rows from the static matrix M (statIdx[0] = the plant, statIdx[1 + c] = customer
 * c's row there), truck start rows from startRows; nobody drives to a truck's start (1e9).
 */
function buildTimes(n: number, T: number, statIdx: number[], M: TravelMatrix, startRows: { from: ArrayLike<number>; offset: number }[]): Float64Array {
  const time = new Float64Array(n * n).fill(1e9);
  // static index of every column that is not a truck start, and the column itself
  const cols = Int32Array.from(statIdx);
  const colAt = Int32Array.from(statIdx, (_, j) => (j === 0 ? 0 : j + T));
  const m = cols.length;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const start = i >= 1 && i <= T ? startRows[i - 1] : undefined;
    const from = start ? start.from : M.time;
    const offset = start ? start.offset : statIdx[i === 0 ? 0 : i - T] * M.n;
    for (let q = 0; q < m; q++) time[row + colAt[q]] = from[offset + cols[q]];
    time[row + i] = 0;
  }
  return time;
}
