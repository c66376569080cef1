/** Shapes of the tow-dispatch decision: which tow truck goes to which illegal-parking incident next. */

export interface TowTruck {
  id: string;
  /** false for broken/offline trucks: they take nothing */
  available: boolean;
  /** seconds from now until the truck is free (0 when free); travel is measured from its release point */
  busyUntilS: number;
  /** cars (flatbed: 1) or two-wheelers (two-wheeler truck: several) carried at once */
  capacity: number;
  load: number;
  /** carrying a car: its current case is never taken from it */
  towing: boolean;
  /** incident the truck is driving to now (soft preference: switching costs a penalty) */
  currentIncidentId?: string;
  currentPriority?: number;
}

export interface TowIncident {
  id: string;
  /** seconds from now until the case's time limit */
  deadlineS: number;
  /** weight of lateness: higher = more urgent */
  priority: number;
  /** dispatcher's pin: this incident must go to that truck */
  pinnedTruckId?: string;
}

export interface TowProblem {
  trucks: TowTruck[];
  incidents: TowIncident[];
  /** trucks x incidents, seconds from each truck's position (or release point); Infinity = unreachable */
  travelS: number[][];
}

export interface TowAssignment {
  truckId: string;
  incidentId: string;
  etaS: number;
  lateS: number;
}

export interface TowPlan {
  assignments: TowAssignment[];
  unassigned: { incidentId: string; reason: string }[];
  /** sum of combined costs (lateWeight*priority*lateS + etaS + switch penalties) incl. deferral estimates of unassigned */
  objective: number;
  method: string;
  /** objective with all pins minus objective without any pin (0 when there are no pins) */
  pinCost?: number;
  /**
   * per pin: objective with only that pin minus objective without pins, and the same difference in
   * plain seconds of lateness and of response time summed over all cases (deferred ones estimated)
   */
  pinCosts?: { incidentId: string; truckId: string; cost: number; lateS: number; responseS: number }[];
  /** trucks taken off the incident they were driving to */
  preempted?: { truckId: string; fromIncidentId: string }[];
  /** pins that could not be honoured, inconsistent input */
  warnings?: string[];
}

export interface TowOptions {
  /** weight of one second of priority-weighted lateness against one second of response time (default 1000) */
  lateWeight?: number;
  /** cost, in seconds, of diverting a truck from the incident it is driving to (default 300) */
  switchPenaltyS?: number;
  /** a deferred incident is assumed served this long after its best ETA (one tow cycle, default 1800) */
  queueDelayS?: number;
  /** LP variant only: solver time budget, ms (default 2000) */
  timeoutMs?: number;
  /**
   * 'each' (default): pinCost and one pinCosts entry per pin, one extra solve per pin when there are
   * several; 'none': skip them, so a decision costs one solve (compute them later with pinCostsOf).
   */
  pinCosts?: 'each' | 'none';
}
