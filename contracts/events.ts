/**
 * Socket.IO event maps, typed once and imported by the server (`Server<...>`) and the client
 * (`Socket<...>`). Namespaces: `/console` for dispatch consoles, `/driver` for drivers.
 */
import type { Assignment, Fix, Incident, Kpis, VehicleView } from './domain.js';

export interface ConsoleSnapshot {
  vehicles: VehicleView[];
  incidents: Incident[];
  assignments: Assignment[];
  kpis: Kpis;
  /** planned road segments swept so far this shift */
  swept: number[];
  /** epoch ms of the simulation/server clock */
  now: number;
}

/** Result of a socket call that can fail: `{ ok: true }` or `{ ok: false, error }`. */
export type Ack<T = undefined> = { ok: true; data?: T } | { ok: false; error: string };

export interface ConsoleServerToClient {
  /** full state on connect and on request */
  snapshot: (s: ConsoleSnapshot) => void;
  /** new fixes, batched (at most one message per 100 ms) */
  positions: (fixes: Fix[]) => void;
  /** vehicles whose status, load or assignment/ack version changed */
  vehicles: (v: VehicleView[]) => void;
  incident: (i: Incident) => void;
  assignment: (a: Assignment) => void;
  kpis: (k: Kpis) => void;
  /** road segment ids newly counted as swept this shift */
  swept: (segmentIds: number[]) => void;
}

export interface ConsoleClientToServer {
  snapshot: (cb: (s: ConsoleSnapshot) => void) => void;
}

export interface DriverServerToClient {
  assignment: (a: Assignment) => void;
}

export interface DriverClientToServer {
  /** acknowledge an assignment version */
  ack: (msg: { vehicleId: string; version: number }, cb?: (r: Ack) => void) => void;
  /** a fix from the driver's phone */
  fix: (fix: Fix, cb?: (r: Ack<{ accepted: number }>) => void) => void;
}

/** Handshake of the /driver namespace: `io('/driver', { auth: { vehicleId } })`. */
export interface DriverAuth {
  vehicleId: string;
}
