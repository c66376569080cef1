import type { Assignment, Fix, Incident, Kpis, VehicleView } from '../../../contracts/domain.js';
import type { ConsoleSnapshot } from '../../../contracts/events.js';

/**
 * Everything the console knows, in plain Maps so thousands of vehicles at 1 Hz cost no deep
 * reactivity; Vue code wraps each field in a shallowRef and triggers it after an apply* call.
 */
export interface ConsoleState {
  vehicles: Map<string, VehicleView>;
  positions: Map<string, Fix>;
  incidents: Map<string, Incident>;
  assignments: Map<string, Assignment>;
  swept: Set<number>;
  kpis: Kpis | undefined;
}

/** A fresh, empty state. */
export function createConsoleState(): ConsoleState {
  return {
    vehicles: new Map(),
    positions: new Map(),
    incidents: new Map(),
    assignments: new Map(),
    swept: new Set(),
    kpis: undefined,
  };
}

/** Replaces the whole state with a snapshot (sent on every (re)connect), swept segments included. */
export function applySnapshot(st: ConsoleState, s: ConsoleSnapshot): void {
  st.vehicles = new Map(s.vehicles.map((v) => [v.id, v]));
  st.positions = new Map();
  for (const v of s.vehicles) if (v.last) st.positions.set(v.id, v.last);
  st.incidents = new Map(s.incidents.map((i) => [i.id, i]));
  st.assignments = new Map(s.assignments.map((a) => [a.vehicleId, a]));
  st.kpis = s.kpis;
  // older servers sent no swept list: keep what this console has seen rather than blanking the map
  if (Array.isArray(s.swept)) st.swept = new Set(s.swept);
}

/** Applies a batch of fixes, keeping only the newest fix per vehicle. Returns how many moved. */
export function applyPositions(st: ConsoleState, fixes: readonly Fix[]): number {
  let moved = 0;
  for (const f of fixes) {
    const prev = st.positions.get(f.vehicleId);
    if (prev && prev.ts > f.ts) continue;
    st.positions.set(f.vehicleId, f);
    const v = st.vehicles.get(f.vehicleId);
    if (v) v.last = f;
    moved++;
  }
  return moved;
}

/** Merges changed vehicle views. */
export function applyVehicles(st: ConsoleState, list: readonly VehicleView[]): void {
  for (const v of list) {
    st.vehicles.set(v.id, v);
    const prev = st.positions.get(v.id);
    if (v.last && (!prev || prev.ts <= v.last.ts)) st.positions.set(v.id, v.last);
  }
}

/** Inserts or replaces one incident. */
export function applyIncident(st: ConsoleState, i: Incident): void {
  st.incidents.set(i.id, i);
}

/** Keeps the newest assignment version per vehicle; an older one arriving late is ignored. */
export function applyAssignment(st: ConsoleState, a: Assignment): boolean {
  const prev = st.assignments.get(a.vehicleId);
  if (prev && prev.version > a.version) return false;
  st.assignments.set(a.vehicleId, a);
  const v = st.vehicles.get(a.vehicleId);
  if (v && v.assignmentVersion < a.version) st.vehicles.set(v.id, { ...v, assignmentVersion: a.version });
  return true;
}

/** Adds newly swept segment ids; returns only the ids not seen before. */
export function applySwept(st: ConsoleState, ids: readonly number[]): number[] {
  const fresh: number[] = [];
  for (const id of ids) {
    if (st.swept.has(id)) continue;
    st.swept.add(id);
    fresh.push(id);
  }
  return fresh;
}
