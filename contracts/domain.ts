/**
 * Domain types shared by server, client and tests. Plain data only: everything here crosses
 * the wire as JSON, so no classes, no Dates (times are epoch milliseconds), no Maps.
 */

/** The fleets a bureau runs. `squad` is an enforcement squad (执法中队), on foot or by car. */
export type Fleet = 'sweeper' | 'tow' | 'kitchen' | 'squad';
export const FLEETS: readonly Fleet[] = ['sweeper', 'tow', 'kitchen', 'squad'];

export type VehicleStatus =
  | 'idle' // at depot or waiting, free for work
  | 'enroute' // driving to the next stop / segment
  | 'working' // sweeping, collecting, on scene
  | 'towing' // carrying a car to the impound lot
  | 'unloading' // at the treatment plant / impound lot
  | 'broken' // breakdown: takes no work
  | 'offline'; // no fix for a long time

/** One GPS fix, WGS-84. */
export interface Fix {
  vehicleId: string;
  lat: number;
  lon: number;
  /** epoch ms (device time) */
  ts: number;
  speedKmh?: number;
  /** degrees clockwise from north */
  heading?: number;
  /** sweeper brushes down / collector working */
  working?: boolean;
}

export interface LatLon {
  lat: number;
  lon: number;
}

export interface VehicleView {
  id: string;
  fleet: Fleet;
  name: string;
  plate: string;
  status: VehicleStatus;
  last?: Fix;
  /** current load: kg for kitchen trucks, cars for tow trucks, m swept for sweepers since refill */
  load: number;
  capacity: number;
  /** version of the assignment the driver currently holds */
  assignmentVersion: number;
  /** highest version the driver acknowledged (0 = none) */
  ackedVersion: number;
}

export type IncidentType =
  | 'illegal_parking'
  | 'two_wheeler_parking'
  | 'illegal_dumping'
  | 'road_debris'
  | 'street_vending';

export const INCIDENT_TYPES: readonly IncidentType[] = [
  'illegal_parking',
  'two_wheeler_parking',
  'illegal_dumping',
  'road_debris',
  'street_vending',
];

/** Steps of the closed case loop (受理 → 派遣 → 处置 → 反馈 → 回访 → 结案). */
export type CaseStep = 'accept' | 'dispatch' | 'arrive' | 'handle' | 'feedback' | 'revisit' | 'close' | 'cancel';

export type IncidentStatus = 'accepted' | 'dispatched' | 'on_scene' | 'handled' | 'closed' | 'cancelled';

/** Why a case missed its time limit: the loop phase that was running when the limit passed. */
export type LateReason = 'no_unit_free' | 'travel' | 'handling' | 'follow_up';
export const LATE_REASONS: readonly LateReason[] = ['no_unit_free', 'travel', 'handling', 'follow_up'];

/** A dispatcher's pin: this case goes to this unit whatever the optimizer would prefer. */
export interface IncidentPin {
  vehicleId: string;
  /** who pinned it, e.g. 'dispatcher:li' */
  by: string;
  at: number;
  /** what the pin costs: planner objective with this pin minus without any pin, seconds (lateness weighted by priority, plus response) */
  costS?: number;
  /** the same difference in plain seconds: extra lateness and extra response time over all open cases */
  lateS?: number;
  responseS?: number;
  /** why the planner could not honour the pin, when it could not */
  warning?: string;
}

export interface CaseEvent {
  step: CaseStep;
  at: number;
  /** who did it: 'system', 'dispatcher:<id>', 'vehicle:<id>' */
  by: string;
  note?: string;
}

export interface Incident {
  id: string;
  type: IncidentType;
  lat: number;
  lon: number;
  plate?: string;
  description?: string;
  source: 'hotline' | 'patrol' | 'camera' | 'driver' | 'simulator';
  status: IncidentStatus;
  createdAt: number;
  /** createdAt + time limit of the type */
  deadline: number;
  assignedVehicleId?: string;
  arrivedAt?: number;
  closedAt?: number;
  history: CaseEvent[];
  /** address or place as the reporter gave it (a road or grid-cell name resolves to the point) */
  location?: string;
  /** reporter's phone or other contact, stored masked (138****5678) */
  reporterContact?: string;
  /** links to evidence photos (http/https) */
  photos?: string[];
  pin?: IncidentPin;
  /** set when the case closed after its time limit */
  lateReason?: LateReason;
  lateByS?: number;
}

export type StopKind = 'incident' | 'restaurant' | 'depot' | 'plant' | 'impound' | 'segment' | 'post';

export interface Stop {
  kind: StopKind;
  /** incident id, restaurant id, segment id or place id */
  id: string;
  lat: number;
  lon: number;
  label: string;
  /** road node the stop is reached at */
  nodeId?: number;
  /** planned arrival, epoch ms */
  eta?: number;
  /** kitchen: kg to collect */
  demandKg?: number;
  /** time window, epoch ms */
  windowStart?: number;
  windowEnd?: number;
  done?: boolean;
}

export interface Assignment {
  vehicleId: string;
  fleet: Fleet;
  /** strictly increasing per vehicle; survives restarts */
  version: number;
  createdAt: number;
  /** why this version was made: 'initial', 'incident', 'breakdown', 'truck-full', 'request', ... */
  reason: string;
  stops: Stop[];
  /** sweepers: road segment ids to sweep in order */
  segmentIds?: number[];
  /** the whole route, @googlemaps/polyline-codec precision 5 */
  polyline: string;
  /** planned length and duration of the route */
  distanceM: number;
  durationS: number;
  /** planned departure, epoch ms, when the vehicle should not set off at once (a kitchen crew's shift start) */
  departAt?: number;
}

export interface Kpis {
  ts: number;
  /** swept planned length over planned length, 0..100 */
  coveragePct: number;
  sweptKm: number;
  plannedKm: number;
  /** mean accepted -> on scene, minutes, over incidents reached today */
  meanResponseMin: number;
  /** share of closed or reached incidents within their time limit, 0..100 */
  onTimeRate: number;
  openIncidents: number;
  kitchenCollectedKg: number;
  kitchenPlannedKg: number;
  activeVehicles: number;
  fixesPerSec: number;
  replans: number;
}

export interface Place {
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** nearest road node */
  nodeId: number;
}

export interface Restaurant extends Place {
  /** opening window, minutes after midnight local time */
  openMin: number;
  closeMin: number;
  dailyKg: number;
  serviceMin: number;
}
