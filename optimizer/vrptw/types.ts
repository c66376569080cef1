/**
 * Kitchen-waste collection routing: capacitated vehicle routing with time windows (VRPTW).
 * Plain data in and out. The problem carries its own travel-time matrix, so solving needs no router.
 *
 * Conventions (the test checker and the solver share them; keep them in sync):
 * - Node 0 is the depot. Every vehicle starts at its `start` node at `startTime` (already serviced
 *   there: no service time at the start) and ends at its `end` node (default: its start, else 0).
 * - Service at customer c begins at max(arrival, ready[c]) and must begin no later than due[c];
 *   waiting is allowed. Arrival at the end node must be no later than the horizon.
 * - A route's cost is the sum of `cost` over start -> customers... -> end. A vehicle that serves
 *   nobody costs nothing (it stays home) and is not checked.
 * - Load: the vehicle leaves with `initialLoad` and collects `demand[c]` at each customer; the load on
 *   board never exceeds capacity.
 * - Multi-trip (only when `unloadNode` is set): a route may visit `unloadNode` between customers. The
 *   visit is served like a customer (travel there, wait for ready[u], begin by due[u], take
 *   service[u]) and empties the truck: the load drops to 0. Such visits appear in the route as
 *   `unloadNode` entries and their arcs count in the cost. The horizon still holds.
 * - Working time (only for a vehicle with `maxWork`, which needs `unloadNode`): the vehicle may leave
 *   its start later than `startTime` (its crew starts then); from leaving to arriving at its end node
 *   takes at most maxWork. The solution reports when each vehicle leaves in `departures`.
 */

/** A vehicle already on the road (live re-planning) or a specific depot vehicle. */
export interface VrptwVehicle {
  /** node where the vehicle is now (or its depot) */
  start: number;
  /** time the vehicle is free to leave `start` (same clock as ready/due) */
  startTime: number;
  /** load already on board (same unit as demand) */
  initialLoad: number;
  /** node the route must end at; default: node 0 (the depot) */
  end?: number;
  /** capacity of this vehicle; default: problem.capacity */
  capacity?: number;
  /** latest arrival at `end`; default: problem.horizon */
  horizon?: number;
  /**
   * longest working time, from leaving `start` (at `startTime` or later) to arriving at `end`; default:
   * no limit. Needs `unloadNode` (the multi-trip path checks every changed route in full).
   */
  maxWork?: number;
}

export interface VrptwProblem {
  /** number of nodes; index 0 is the depot */
  n: number;
  /** n*n travel times, row-major: time[i*n + j] (seconds, or benchmark units); Infinity = unreachable, NaN rejected */
  time: ArrayLike<number>;
  /** n*n arc costs to minimise, row-major; default: `time` */
  cost?: ArrayLike<number>;
  /** per node: amount collected (kg for kitchen trucks) */
  demand: ArrayLike<number>;
  /** per node: earliest start of service */
  ready: ArrayLike<number>;
  /** per node: latest start of service */
  due: ArrayLike<number>;
  /** per node: service duration */
  service: ArrayLike<number>;
  /** capacity of each vehicle (unless a vehicle says otherwise) */
  capacity: number;
  /** fleet size when `vehicles` is absent: that many identical vehicles at the depot */
  maxVehicles: number;
  /** latest arrival back at the end node (default due[0]) */
  horizon?: number;
  /** explicit fleet (live re-planning): one route per entry; when given, maxVehicles is ignored */
  vehicles?: VrptwVehicle[];
  /**
   * multi-trip: node (e.g. the treatment plant) where a vehicle may unload between customers and go
   * on empty; service[unloadNode] is the unload time. Must not be a customer. See the conventions above.
   */
  unloadNode?: number;
  /** node indices to serve (default 1..n-1); must not include any vehicle's start or end */
  customers?: number[];
}

export interface VrptwSolution {
  /**
   * routes[k] is vehicle k's ordered list of customer nodes, start and end excluded; an empty list
   * means the vehicle is not used. There is one entry per vehicle (maxVehicles or vehicles.length).
   * With `unloadNode`, unload visits appear in the list as that node.
   */
  routes: number[][];
  /** only with options.previous: customers now on another vehicle than in `previous` */
  moved?: number;
  /** total cost of the used routes */
  cost: number;
  /** customers that no vehicle can serve under the constraints (never silently dropped) */
  unassigned: number[];
  /**
   * only when some vehicle has maxWork: per vehicle, when it leaves its start (startTime for an unused
   * one): as late as needed to avoid waiting on the road, no later than its time windows allow
   */
  departures?: number[];
}

export interface VrptwOptions {
  /** wall-clock limit for the search, milliseconds */
  timeLimitMs: number;
  /** seed for every random choice */
  seed?: number;
  /**
   * Stop after this many ruin-and-recreate iterations. With maxIterations the search (including its
   * cooling schedule) is fully deterministic for a seed, as long as the time limit is not reached first.
   * Without it, the schedule follows the clock and results may differ between runs.
   */
  maxIterations?: number;
  /**
   * Previous plan to start from (initialRoutes[k] for vehicle k, same shape as VrptwSolution.routes):
   * customers keep their vehicle and order while they still fit, the rest is inserted around them.
   * The search may still change everything if that is cheaper.
   */
  initialRoutes?: number[][];
  /**
   * Plan the drivers hold now (previous[k] for vehicle k; unload visits ignored), for live repair.
   * A customer "moves" when it is in previous[k] and ends up on a vehicle other than k; a change of
   * order on the same vehicle does not count (the driver keeps the job; only its ETA changes).
   * Each move adds `movePenalty` to the search objective; the count is returned as `moved`.
   */
  previous?: number[][];
  /** cost added per moved customer (same unit as cost); default 0: moves are free but still counted */
  movePenalty?: number;
}

/** Search statistics returned by solveVrptwDetailed. */
export interface VrptwStats {
  iterations: number;
  /** cost of the construction heuristic alone, before any improvement */
  constructionCost: number;
  constructionUnassigned: number;
  elapsedMs: number;
}
