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
  /** the sign-in ended (expired, signed out everywhere, account disabled); the server then disconnects */
  'session-ended': (message: string) => void;
}

export interface ConsoleClientToServer {
  snapshot: (cb: (s: ConsoleSnapshot) => void) => void;
}

export interface DriverServerToClient {
  assignment: (a: Assignment) => void;
  /** the sign-in ended; the server then disconnects */
  'session-ended': (message: string) => void;
}

export interface DriverClientToServer {
  /** acknowledge an assignment version */
  ack: (msg: { vehicleId: string; version: number }, cb?: (r: Ack) => void) => void;
  /** a fix from the driver's phone */
  fix: (fix: Fix, cb?: (r: Ack<{ accepted: number }>) => void) => void;
}

/**
 * Handshakes: `io('/console', { auth: { token } })` for staff; `io('/driver', { auth: { token } })`
 * for a driver (their own vehicle), or `{ token, vehicleId }` for a dispatcher watching one read-only.
 * A refusal's `err.data.status` is 401 (sign in again) or 403 (not allowed).
 */
export interface SocketAuth {
  token: string;
  vehicleId?: string;
}
