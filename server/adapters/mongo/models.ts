import { Schema, type Connection, type Model } from 'mongoose';
import type { Assignment, Incident } from '../../../contracts/domain.js';
import type { AccountRecord, CoverageRecord, VehicleRecord } from '../../ports.js';

/**
 * Schemas of the durable records. Every collection declares the indexes its queries and its
 * idempotent writes rely on (unique keys turn a retried insert into a harmless duplicate-key
 * error). Nothing here needs transactions, 2dsphere or $$ROOT, which FerretDB 1.24 lacks.
 */

const CASE_STEPS = ['accept', 'dispatch', 'arrive', 'handle', 'feedback', 'revisit', 'close', 'cancel'];
const INCIDENT_STATUSES = ['accepted', 'dispatched', 'on_scene', 'handled', 'closed', 'cancelled'];

// `id: false` keeps mongoose from adding its own `id` virtual, which would shadow our `id` field
const plain = { versionKey: false, id: false, strict: true } as const;
const optionalArray = { default: undefined };

const caseEventSchema = new Schema(
  {
    step: { type: String, required: true, enum: CASE_STEPS },
    at: { type: Number, required: true },
    by: { type: String, required: true },
    note: String,
  },
  { _id: false },
);

/** A dispatcher's pin of a case to a unit, and what the planner said it costs. */
const pinSchema = new Schema(
  {
    vehicleId: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Number, required: true },
    costS: Number,
    lateS: Number,
    responseS: Number,
    warning: String,
  },
  { _id: false },
);

/** An incident with its whole case history (受理 → … → 结案) embedded, each step timed and attributed. */
const incidentSchema = new Schema(
  {
    id: { type: String, required: true },
    type: { type: String, required: true },
    lat: { type: Number, required: true },
    lon: { type: Number, required: true },
    plate: String,
    description: String,
    source: { type: String, required: true },
    status: { type: String, required: true, enum: INCIDENT_STATUSES },
    createdAt: { type: Number, required: true },
    deadline: { type: Number, required: true },
    assignedVehicleId: String,
    arrivedAt: Number,
    closedAt: Number,
    history: { type: [caseEventSchema], required: true },
    location: String,
    reporterContact: String,
    photos: { type: [String], default: undefined },
    pin: { type: pinSchema, default: undefined },
    lateReason: { type: String, enum: ['no_unit_free', 'travel', 'handling', 'follow_up'] },
    lateByS: Number,
    // history length: a save carrying fewer steps than the stored one is stale and is ignored
    steps: { type: Number, required: true },
  },
  { ...plain, collection: 'incidents' },
);
incidentSchema.index({ id: 1 }, { unique: true });
incidentSchema.index({ status: 1, createdAt: 1 });

const stopSchema = new Schema(
  {
    kind: { type: String, required: true },
    id: { type: String, required: true },
    lat: { type: Number, required: true },
    lon: { type: Number, required: true },
    label: { type: String, required: true },
    nodeId: Number,
    eta: Number,
    demandKg: Number,
    windowStart: Number,
    windowEnd: Number,
    done: Boolean,
  },
  { _id: false, id: false },
);

const assignmentFields = {
  vehicleId: { type: String, required: true },
  fleet: { type: String, required: true },
  version: { type: Number, required: true },
  createdAt: { type: Number, required: true },
  reason: { type: String, required: true },
  stops: { type: [stopSchema], required: true },
  segmentIds: { type: [Number], ...optionalArray },
  polyline: { type: String, default: '' },
  distanceM: { type: Number, required: true },
  durationS: { type: Number, required: true },
  departAt: Number,
};

/** Every version of every assignment ever sent (the audit trail). */
const assignmentSchema = new Schema(assignmentFields, { ...plain, collection: 'assignments' });
assignmentSchema.index({ vehicleId: 1, version: 1 }, { unique: true });

/** The newest assignment per vehicle, so `latestAssignments()` is one scan without $group/$$ROOT. */
const assignmentHeadSchema = new Schema(assignmentFields, { ...plain, collection: 'assignment_heads' });
assignmentHeadSchema.index({ vehicleId: 1 }, { unique: true });

/** Highest acknowledged assignment version per vehicle. */
const ackSchema = new Schema(
  { vehicleId: { type: String, required: true }, version: { type: Number, required: true }, at: { type: Number, required: true } },
  { ...plain, collection: 'acks' },
);
ackSchema.index({ vehicleId: 1 }, { unique: true });

const trackFixSchema = new Schema(
  { ts: Number, lat: Number, lon: Number, speedKmh: Number, heading: Number, working: Boolean },
  { _id: false, id: false },
);

/**
 * GPS track archive, bucket pattern: one document per vehicle per time window. `batches` holds a
 * content key per appended group of fixes, so a retried batch matches nothing and adds nothing.
 */
const trackBucketSchema = new Schema(
  {
    vehicleId: { type: String, required: true },
    start: { type: Number, required: true },
    count: { type: Number, required: true },
    fixes: { type: [trackFixSchema], required: true },
    batches: { type: [String], required: true },
  },
  { ...plain, collection: 'track_buckets' },
);
trackBucketSchema.index({ vehicleId: 1, start: 1 }, { unique: true });

/** Sweeping coverage per road segment per shift. */
const coverageSchema = new Schema(
  {
    shiftId: { type: String, required: true },
    segmentId: { type: Number, required: true },
    share: { type: Number, required: true, min: 0, max: 1 },
    at: { type: Number, required: true },
    vehicleId: { type: String, required: true },
  },
  { ...plain, collection: 'coverage' },
);
coverageSchema.index({ shiftId: 1, segmentId: 1 }, { unique: true });

/** The fleet register: one document per vehicle, with its crew size. */
const vehicleSchema = new Schema(
  {
    id: { type: String, required: true },
    fleet: { type: String, required: true, enum: ['sweeper', 'tow', 'kitchen', 'squad'] },
    name: { type: String, required: true },
    plate: { type: String, required: true },
    capacity: { type: Number, required: true },
    kind: String,
    home: { type: String, required: true },
    crewSize: { type: Number, required: true, min: 0 },
    updatedAt: { type: Number, required: true },
  },
  { ...plain, collection: 'vehicles' },
);
vehicleSchema.index({ id: 1 }, { unique: true });
vehicleSchema.index({ fleet: 1, id: 1 });

/** Accounts of people and devices; secrets only as hashes. */
const accountSchema = new Schema(
  {
    username: { type: String, required: true, match: /^[a-z0-9][a-z0-9._-]{0,63}$/ },
    role: { type: String, required: true, enum: ['admin', 'dispatcher', 'manager', 'driver', 'device'] },
    passwordHash: String,
    keyHash: String,
    vehicleId: String,
    vehicleIds: { type: [String], default: undefined },
    displayName: String,
    disabled: { type: Boolean, required: true },
    sessionVersion: { type: Number, required: true, min: 0 },
    createdAt: { type: Number, required: true },
    updatedAt: { type: Number, required: true },
  },
  { ...plain, collection: 'accounts' },
);
accountSchema.index({ username: 1 }, { unique: true });

export type IncidentDoc = Incident & { steps: number };
export interface TrackFixDoc {
  ts: number;
  lat: number;
  lon: number;
  speedKmh?: number;
  heading?: number;
  working?: boolean;
}
export interface TrackBucketDoc {
  vehicleId: string;
  start: number;
  count: number;
  fixes: TrackFixDoc[];
  batches: string[];
}
export type CoverageDoc = CoverageRecord & { shiftId: string };

export interface Models {
  incidents: Model<IncidentDoc>;
  assignments: Model<Assignment>;
  assignmentHeads: Model<Assignment>;
  acks: Model<{ vehicleId: string; version: number; at: number }>;
  trackBuckets: Model<TrackBucketDoc>;
  coverage: Model<CoverageDoc>;
  vehicles: Model<VehicleRecord>;
  accounts: Model<AccountRecord>;
}

/** Registers the models on one connection (never the global mongoose default) and builds their indexes. */
export async function createModels(conn: Connection): Promise<Models> {
  const models: Models = {
    incidents: conn.model<IncidentDoc>('Incident', incidentSchema),
    assignments: conn.model<Assignment>('Assignment', assignmentSchema),
    assignmentHeads: conn.model<Assignment>('AssignmentHead', assignmentHeadSchema),
    acks: conn.model('Ack', ackSchema) as unknown as Models['acks'],
    trackBuckets: conn.model<TrackBucketDoc>('TrackBucket', trackBucketSchema),
    coverage: conn.model<CoverageDoc>('Coverage', coverageSchema),
    vehicles: conn.model<VehicleRecord>('Vehicle', vehicleSchema),
    accounts: conn.model<AccountRecord>('Account', accountSchema),
  };
  // explicit createIndexes (autoIndex is off) so the unique keys exist before the first write
  await Promise.all(Object.values(models).map((m: Model<unknown>) => m.createIndexes()));
  return models;
}
