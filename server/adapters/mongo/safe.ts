import type { Assignment, CaseEvent, Incident, IncidentPin, Stop } from '../../../contracts/domain.js';
import type { AccountRecord, VehicleRecord } from '../../ports.js';

/**
 * Guards between callers and MongoDB: values used in filters must be primitives (an object such as
 * `{ $ne: null }` arriving from a request body would otherwise act as a query operator), and
 * documents are rebuilt field by field so nothing unexpected is stored.
 */

/** A string usable as a filter value, or a TypeError. */
export function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string, got ${typeof v}`);
  return v;
}

/** A finite number usable as a filter value, or a TypeError. */
export function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${what} must be a finite number, got ${String(v)}`);
  return v;
}

/** True for MongoDB's duplicate-key error (11000), also when wrapped in a bulk-write error. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] } | undefined;
  return e?.code === 11000 || (Array.isArray(e?.writeErrors) && e.writeErrors.length > 0 && e.writeErrors.every((w) => w.code === 11000));
}

/** Copies only the defined optional fields of `src` listed in `keys`. */
function optional<T extends object, K extends keyof T>(src: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (src[k] !== undefined && src[k] !== null) out[k] = src[k];
  return out;
}

function pickEvent(e: CaseEvent): CaseEvent {
  return { step: e.step, at: num(e.at, 'history.at'), by: str(e.by, 'history.by'), ...optional(e, ['note']) };
}

/** The stored form of an incident. */
export function pickIncident(i: Incident): Incident {
  return {
    id: str(i.id, 'incident id'),
    type: i.type,
    lat: num(i.lat, 'lat'),
    lon: num(i.lon, 'lon'),
    source: i.source,
    status: i.status,
    createdAt: num(i.createdAt, 'createdAt'),
    deadline: num(i.deadline, 'deadline'),
    history: i.history.map(pickEvent),
    ...optional(i, ['plate', 'description', 'assignedVehicleId', 'arrivedAt', 'closedAt', 'location', 'reporterContact', 'lateReason', 'lateByS']),
    ...(i.photos ? { photos: i.photos.map((u) => str(u, 'photo link')) } : {}),
    ...(i.pin ? { pin: pickPin(i.pin) } : {}),
  };
}

function pickPin(p: IncidentPin): IncidentPin {
  return { vehicleId: str(p.vehicleId, 'pin vehicleId'), by: str(p.by, 'pin by'), at: num(p.at, 'pin at'), ...optional(p, ['costS', 'lateS', 'responseS', 'warning']) };
}

function pickStop(s: Stop): Stop {
  return {
    kind: s.kind,
    id: String(s.id),
    lat: num(s.lat, 'stop lat'),
    lon: num(s.lon, 'stop lon'),
    label: String(s.label),
    ...optional(s, ['nodeId', 'eta', 'demandKg', 'windowStart', 'windowEnd', 'done']),
  };
}

/** The stored form of an assignment. */
export function pickAssignment(a: Assignment): Assignment {
  return {
    vehicleId: str(a.vehicleId, 'vehicleId'),
    fleet: a.fleet,
    version: num(a.version, 'version'),
    createdAt: num(a.createdAt, 'createdAt'),
    reason: String(a.reason),
    stops: a.stops.map(pickStop),
    polyline: String(a.polyline),
    distanceM: num(a.distanceM, 'distanceM'),
    durationS: num(a.durationS, 'durationS'),
    ...(a.segmentIds ? { segmentIds: a.segmentIds.map((id) => num(id, 'segmentId')) } : {}),
    ...(a.departAt !== undefined ? { departAt: num(a.departAt, 'departAt') } : {}),
  };
}

/** The stored form of a fleet register entry. */
export function pickVehicle(v: VehicleRecord): VehicleRecord {
  return {
    id: str(v.id, 'vehicle id'),
    fleet: v.fleet,
    name: String(v.name),
    plate: String(v.plate),
    capacity: num(v.capacity, 'capacity'),
    home: String(v.home),
    crewSize: num(v.crewSize, 'crewSize'),
    updatedAt: num(v.updatedAt, 'updatedAt'),
    ...optional(v, ['kind']),
  };
}

/** The stored form of an account. */
export function pickAccount(a: AccountRecord): AccountRecord {
  return {
    username: str(a.username, 'username'),
    role: a.role,
    disabled: Boolean(a.disabled),
    sessionVersion: num(a.sessionVersion, 'sessionVersion'),
    createdAt: num(a.createdAt, 'createdAt'),
    updatedAt: num(a.updatedAt, 'updatedAt'),
    ...optional(a, ['passwordHash', 'keyHash', 'vehicleId', 'displayName']),
    ...(a.vehicleIds ? { vehicleIds: a.vehicleIds.map((v) => str(v, 'vehicleIds')) } : {}),
  };
}
