/** Capacitated arc routing (street sweeping): cover every required road segment with depot tours. */

export interface CarpRequiredEdge {
  id: number;
  u: number;
  v: number;
  /** cost of traversing the edge while servicing it (e.g. seconds at working speed) */
  serviceCost: number;
  /** capacity used by servicing it (e.g. water, hopper volume, metres before refill) */
  demand: number;
  /** may only be serviced u -> v */
  oneway?: boolean;
}

export interface CarpProblem {
  nNodes: number;
  depot: number;
  /** required edges; each may be serviced u->v or v->u unless oneway */
  required: CarpRequiredEdge[];
  /** deadheading shortest-path cost between nodes (caller supplies, e.g. from a matrix) */
  dist: (a: number, b: number) => number;
  capacity: number;
  /**
   * at most this many routes (trips), best effort: raised to the fewest trips the total demand
   * needs, and exceeded when packing the edges into that few is not possible
   */
  maxVehicles?: number;
  /** live re-plan: vehicle k starts at starts[k].node already carrying starts[k].load; routes[k] is its route */
  starts?: CarpStart[];
  /**
   * live re-plan: cost per second that a live vehicle with a `timeLeft` is back at the depot after
   * it (default 10 when any start has a `timeLeft`). With it the objective is total cost + this x
   * the lateness of every live route, so work leaves a slow or late vehicle for ones with time to spare.
   * Trips from the depot beyond the live vehicles' own have no limit: keep maxVehicles at the fleet size.
   */
  lateCost?: number;
}

/** A live vehicle's state at a mid-shift re-plan. */
export interface CarpStart {
  node: number;
  load: number;
  /** time the vehicle is busy before its route begins (e.g. finishing the segment it is on); default 0 */
  readyTime?: number;
  /** time its route takes per unit of cost: 1 = as planned, 2 = it works at half the planned pace; default 1 */
  slowness?: number;
  /** time left until it must be back at the depot (its shift end); default unlimited */
  timeLeft?: number;
}

export interface CarpSolution {
  /** one list per route, in service order; routes[k] belongs to starts[k] when starts are given */
  routes: { edgeId: number; from: number; to: number }[][];
  /** service + deadheading, including the way back to the depot */
  cost: number;
  /** load of each route at the depot, incl. the start load */
  loads?: number[];
  /** live routes with a timeLeft: how long each is back after it (0 when in time) */
  late?: number[];
  /** required edges no trip can serve (demand above capacity, unreachable), with the reason */
  unserved?: { edgeId: number; reason: string }[];
  /** construction/search statistics */
  stats?: { iterations: number; ms: number; initialCost: number };
}

export interface CarpOptions {
  timeLimitMs: number;
  seed: number;
  /** stop after this many improvement iterations (deterministic runs, tests); default unlimited */
  maxIterations?: number;
}
