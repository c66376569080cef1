/**
 * The demo town's kitchen-waste day as a VRPTW, built the way server/dispatch/kitchen-planner.ts builds
 * it (plant = node 0 and unload node, restaurants 1..R, then one start node per truck; clock in
 * seconds after midnight). Shared by the kitchen tests and bench/kitchen-repair.ts.
 */
import { loadTown } from '../../../fixtures/load-town.js';
import { KITCHEN_CAPACITY_KG } from '../../../fixtures/fleet.js';
import { buildGraph, travelTimeMatrix } from '../../../optimizer/network/index.js';
import type { VrptwProblem, VrptwVehicle } from '../../../optimizer/vrptw/types.js';

export const UNLOAD_S = 15 * 60;
export const SHIFT_START_S = 6 * 3600;
export const SHIFT_END_S = 22.5 * 3600;
/** Working time of a crew, as the planner's KITCHEN_WORK_MIN. */
export const WORK_S = 8 * 3600;

/** One truck: where it leaves from (plant 0 or a restaurant index), when, with what load, its limits. */
export interface KitchenTruck {
  at: number;
  startTime: number;
  load: number;
  /** latest return to the plant (default SHIFT_END_S) */
  horizon?: number;
  /** working-time limit from leaving (see VrptwVehicle.maxWork) */
  maxWork?: number;
}

export interface KitchenTown {
  restaurants: number;
  /** per node 0..R: kg to collect (0 at the plant) */
  demand: number[];
  /** problem for these trucks, customers and demand; restaurants ready no earlier than readyFrom */
  problem(trucks: KitchenTruck[], customers: number[], demand: number[], readyFrom: number): VrptwProblem;
}

/** Loads the demo town (seeded) and its plant/restaurant travel-time matrix. */
export function kitchenTown(seed = 1): KitchenTown {
  const town = loadTown({ seed });
  const graph = buildGraph(town.network);
  const rs = town.restaurants;
  const R = rs.length;
  const M = travelTimeMatrix(graph, [town.places.plant.nodeId, ...rs.map((r) => r.nodeId)]);
  const problem = (trucks: KitchenTruck[], customers: number[], demand: number[], readyFrom: number): VrptwProblem => {
    const T = trucks.length;
    const n = 1 + R + T;
    const row = (i: number) => (i <= R ? i : trucks[i - R - 1].at);
    const time = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) time[i * n + j] = i === j ? 0 : j > R ? 1e9 : M.time[row(i) * M.n + j];
    const ready = [0, ...rs.map((r) => Math.max(readyFrom, r.openMin * 60)), ...trucks.map(() => 0)];
    const due = [SHIFT_END_S, ...rs.map((r) => r.closeMin * 60), ...trucks.map(() => SHIFT_END_S)];
    const service = [UNLOAD_S, ...rs.map((r) => r.serviceMin * 60), ...trucks.map(() => 0)];
    const vehicles: VrptwVehicle[] = trucks.map((t, k) => ({
      start: 1 + R + k, startTime: t.startTime, initialLoad: t.load, end: 0,
      ...(t.horizon !== undefined ? { horizon: t.horizon } : {}), ...(t.maxWork !== undefined ? { maxWork: t.maxWork } : {}),
    }));
    return {
      n, time, demand: [...demand, ...trucks.map(() => 0)], ready, due, service, capacity: KITCHEN_CAPACITY_KG,
      maxVehicles: T, horizon: SHIFT_END_S, vehicles, customers, unloadNode: 0,
    };
  };
  return { restaurants: R, demand: [0, ...rs.map((r) => r.dailyKg)], problem };
}
