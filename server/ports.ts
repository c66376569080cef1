/**
 * Ports: what the server needs from live state, durable storage and pub/sub. The in-memory
 * adapters in server/adapters/memory are the embedded default; Redis and MongoDB adapters
 * implement the same interfaces. The composition root (server/compose.ts) picks them.
 */
import type { Role } from '../contracts/auth.js';
import type { Assignment, Fix, Fleet, Incident, VehicleStatus } from '../contracts/domain.js';

/** Live, fast-changing state shared by all server processes (memory or Redis). */
export interface LiveStatePort {
  /** store the newest fix of each vehicle in the batch */
  writePositions(fixes: readonly Fix[]): Promise<void>;
  readPositions(): Promise<Fix[]>;
  writeStatus(vehicleId: string, status: VehicleStatus, load: number): Promise<void>;
  readStatus(): Promise<{ vehicleId: string; status: VehicleStatus; load: number }[]>;
  /** nearest vehicles of a fleet to a point, closest first */
  nearest(fleet: Fleet, lat: number, lon: number, count: number): Promise<{ vehicleId: string; distM: number }[]>;
  close(): Promise<void>;
}

/** Durable records (memory or MongoDB). Writes are idempotent: retrying never duplicates. */
export interface DurableStorePort {
  saveIncident(incident: Incident): Promise<void>;
  getIncident(id: string): Promise<Incident | undefined>;
  listIncidents(filter?: { open?: boolean }): Promise<Incident[]>;
  saveAssignment(a: Assignment): Promise<void>;
  latestAssignments(): Promise<Assignment[]>;
  saveAck(vehicleId: string, version: number, at: number): Promise<void>;
  acks(): Promise<Record<string, number>>;
  /** GPS track archive */
  /**
   * `parts`: sizes of consecutive parts of `fixes` that may also be appended in other
   * combinations (stream entries retried apart); a part already stored is never stored twice
   */
  appendTrack(fixes: readonly Fix[], parts?: readonly number[]): Promise<void>;
  countTrack(vehicleId?: string): Promise<number>;
  /** the fleet register: vehicles and their crews, upserted by id at start; optional */
  saveVehicles?(vehicles: readonly VehicleRecord[]): Promise<void>;
  listVehicles?(): Promise<VehicleRecord[]>;
  /** sweeping coverage of one shift, merged per segment (highest share, earliest time); optional */
  saveCoverage?(shiftId: string, records: readonly CoverageRecord[]): Promise<void>;
  readCoverage?(shiftId: string): Promise<CoverageRecord[]>;
  /**
   * accounts of people and devices, upserted by username; a record whose sessionVersion is below
   * the stored one is refused with StaleWriteError (a process with an old copy cannot bring back
   * ended sessions, an old password or an enabled account)
   */
  saveAccount(account: AccountRecord): Promise<void>;
  listAccounts(): Promise<AccountRecord[]>;
  deleteAccount(username: string): Promise<void>;
  close(): Promise<void>;
}

/** A write carrying an older version of a record than the stored one; nothing was written. */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';
}

/** A person's or a device's account. Secrets are stored only as hashes. */
export interface AccountRecord {
  /** lower case letters, digits, '.', '_' and '-' */
  username: string;
  role: Role;
  /** scrypt hash of a person's password (server/auth/passwords.ts) */
  passwordHash?: string;
  /** SHA-256 of a device key's secret (a random 32-byte value: a slow hash adds nothing) */
  keyHash?: string;
  vehicleId?: string;
  /** a device key limited to these vehicles */
  vehicleIds?: string[];
  displayName?: string;
  disabled: boolean;
  /** raised to end every token issued before (password change, sign out everywhere, disable) */
  sessionVersion: number;
  createdAt: number;
  updatedAt: number;
}

/** A vehicle of the fleet register, with its crew. */
export interface VehicleRecord {
  id: string;
  fleet: Fleet;
  name: string;
  plate: string;
  capacity: number;
  kind?: string;
  /** base place key (sweeperDepot, towYard, plant, squadBase) */
  home: string;
  /** people on board or in the squad */
  crewSize: number;
  updatedAt: number;
}

/** How much of one road segment a shift has swept. */
export interface CoverageRecord {
  segmentId: number;
  /** share of the segment's length swept, 0..1 */
  share: number;
  /** epoch ms of the first record of this segment in the shift */
  at: number;
  /** the vehicle that first swept it */
  vehicleId: string;
}

export type BusTopic = 'fixes' | 'incident' | 'assignment' | 'vehicles' | 'kpis' | 'swept' | 'command' | 'accounts';

/**
 * Which process plans. Exactly one process at a time runs re-plans and stop tracking (memory:
 * always this one; Redis: whoever holds a lease, taken over when the holder dies).
 */
export interface LeaderPort {
  isLeader(): boolean;
  /** called when this process becomes (true) or stops being (false) the leader */
  onChange(handler: (leader: boolean) => void): void;
  close(): Promise<void>;
}

/** Publish/subscribe between the parts of one process (memory) or across processes (Redis). */
export interface EventBusPort {
  publish(topic: BusTopic, payload: unknown): void;
  subscribe(topic: BusTopic, handler: (payload: unknown) => void): () => void;
  close(): Promise<void>;
}

/**
 * A durable queue in front of the track archive (Redis Stream + consumer group): ingestion answers
 * once fixes are in the queue, and every process drains it into the store. Absent = ingestion
 * writes the archive itself.
 */
export interface ArchiveQueuePort {
  /** resolves once the fixes are durable in the queue */
  append(fixes: readonly Fix[]): Promise<void>;
  /** queue entries not yet in the archive (delivered and unacknowledged, plus not yet delivered) */
  backlog(): Promise<number>;
  /** stops draining after the entry in hand */
  close(): Promise<void>;
}

export interface Adapters {
  live: LiveStatePort;
  store: DurableStorePort;
  bus: EventBusPort;
  leader: LeaderPort;
  archive?: ArchiveQueuePort;
  /** whether ingestion can take more while a dependency is down (absent = always) */
  backpressure?: { saturated(): string | undefined };
  /** e.g. 'memory', 'redis+mongodb' */
  kind: string;
  /** durable-store writes waiting for the database (an outage queue); absent = none ever wait */
  storeBacklog?: { readonly held: number; drained(ms?: number): Promise<boolean> };
}
