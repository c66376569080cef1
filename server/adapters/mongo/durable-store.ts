import mongoose, { type Connection, type Model } from 'mongoose';
import type { Assignment, Fix, Incident, IncidentStatus } from '../../../contracts/domain.js';
import { StaleWriteError, type AccountRecord, type CoverageRecord, type DurableStorePort, type VehicleRecord } from '../../ports.js';
import { bulkUpsert, DEFAULT_BULK, type BulkOptions } from './bulk.js';
import { createModels, type Models } from './models.js';
import { isDuplicateKey, num, pickAccount, pickAssignment, pickIncident, pickVehicle, str } from './safe.js';
import { appendOp, BUCKET_MS, bucketStart, fromTrackFix, groupIntoBuckets } from './track-buckets.js';

const OPEN_STATUSES: IncidentStatus[] = ['accepted', 'dispatched', 'on_scene', 'handled'];
const { trusted } = mongoose;

/** The MongoDB store: the durable port plus track replay and access to its connection. */
export interface MongoStore extends DurableStorePort {
  saveCoverage(shiftId: string, records: readonly CoverageRecord[]): Promise<void>;
  readCoverage(shiftId: string): Promise<CoverageRecord[]>;
  /** archived fixes of one vehicle in [fromTs, toTs], by time */
  readTrack(vehicleId: string, fromTs?: number, toTs?: number): Promise<Fix[]>;
  readonly connection: Connection;
  readonly models: Models;
}

export interface MongoStoreOptions {
  /** fail fast when no server answers (ms) */
  serverSelectionTimeoutMS?: number;
  /** how batches of upserts (track archive, coverage) are cut into bulk writes */
  bulk?: BulkOptions;
}

/**
 * Upsert `doc` under `key` unless a record with a newer `field` exists. `$lt` keeps the first of
 * equal versions, `$lte` the last. When the stored one is newer the filter misses, the upsert's
 * insert hits the unique index and the duplicate-key error means "nothing to do"; one retry
 * covers two processes racing to insert the same new key.
 */
async function upsertUnlessNewer<T>(model: Model<T>, key: Record<string, string>, field: string, value: number, op: '$lt' | '$lte', doc: object): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await model.replaceOne({ ...key, [field]: trusted({ [op]: value }) }, doc, { upsert: true, runValidators: true });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

/**
 * MongoDB durable store on its own connection (`mongoose.createConnection`, never the global
 * default), with query-selector sanitizing on. Every write is an idempotent upsert on a unique
 * key, so retries and replays never duplicate. Works on MongoDB 7 and FerretDB 1.24.
 */
export async function createMongoStore(url: string, opts: MongoStoreOptions = {}): Promise<MongoStore> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000,
    // notice a server that went away or came back within seconds (writes wait in an outage queue meanwhile)
    heartbeatFrequencyMS: 2000,
    sanitizeFilter: true,
    // never wait silently for a connection that is gone: fail the call instead
    bufferCommands: false,
    autoIndex: false,
  });
  try {
    await connection.asPromise();
  } catch (err) {
    await connection.close().catch(() => {});
    throw new Error(`MongoDB at ${redactUrl(url)} is not reachable: ${(err as Error).message}`);
  }
  const models = await createModels(connection);
  const { incidents, assignments, assignmentHeads, acks, trackBuckets, coverage, vehicles, accounts } = models;
  const noId = { _id: 0 } as const;
  const bulk = opts.bulk ?? DEFAULT_BULK;

  return {
    connection,
    models,

    async saveIncident(incident) {
      const doc = { ...pickIncident(incident), steps: incident.history.length };
      await upsertUnlessNewer(incidents, { id: doc.id }, 'steps', doc.steps, '$lte', doc);
    },
    async getIncident(id) {
      const d = await incidents.findOne({ id: str(id, 'incident id') }, { ...noId, steps: 0 }).lean<Incident>();
      return d ?? undefined;
    },
    async listIncidents(filter) {
      const q = filter?.open ? { status: trusted({ $in: OPEN_STATUSES }) } : {};
      return incidents.find(q, { ...noId, steps: 0 }).sort({ createdAt: 1, id: 1 }).lean<Incident[]>();
    },

    async saveAssignment(a) {
      const doc = pickAssignment(a);
      const key = { vehicleId: doc.vehicleId };
      // the audit trail first: a crash in between leaves the head behind, and the retry repairs it
      await assignments.replaceOne({ ...key, version: doc.version }, doc, { upsert: true, runValidators: true }).catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
      await upsertUnlessNewer(assignmentHeads, key, 'version', doc.version, '$lte', doc);
    },
    async latestAssignments() {
      return assignmentHeads.find({}, noId).sort({ vehicleId: 1 }).lean<Assignment[]>();
    },

    async saveAck(vehicleId, version, at) {
      const doc = { vehicleId: str(vehicleId, 'vehicleId'), version: num(version, 'version'), at: num(at, 'at') };
      await upsertUnlessNewer(acks, { vehicleId: doc.vehicleId }, 'version', doc.version, '$lt', doc);
    },
    async acks() {
      const all = await acks.find({}, { ...noId, vehicleId: 1, version: 1 }).lean<{ vehicleId: string; version: number }[]>();
      return Object.fromEntries(all.map((d) => [d.vehicleId, d.version]));
    },

    async saveVehicles(list) {
      if (!list.length) return;
      await vehicles.bulkWrite(
        list.map((v) => {
          const doc = pickVehicle(v);
          return { replaceOne: { filter: { id: doc.id }, replacement: doc, upsert: true } };
        }),
        { ordered: false },
      );
    },
    async listVehicles() {
      return vehicles.find({}, noId).sort({ id: 1 }).lean<VehicleRecord[]>();
    },

    async saveAccount(a) {
      const doc = pickAccount(a);
      // never below the stored session version: the filter misses, the upsert's insert hits the unique index
      try {
        await accounts.replaceOne({ username: doc.username, sessionVersion: trusted({ $lte: doc.sessionVersion }) }, doc, { upsert: true, runValidators: true });
      } catch (err) {
        if (isDuplicateKey(err)) throw new StaleWriteError(`account ${doc.username} was changed by someone else (newer session version)`);
        throw err;
      }
    },
    async listAccounts() {
      return accounts.find({}, noId).sort({ username: 1 }).lean<AccountRecord[]>();
    },
    async deleteAccount(username) {
      await accounts.deleteOne({ username: str(username, 'username') });
    },

    async appendTrack(fixes, parts) {
      if (fixes.length) await bulkUpsert(trackBuckets.collection, groupIntoBuckets(fixes, BUCKET_MS, parts).map(appendOp), bulk);
    },
    async countTrack(vehicleId) {
      const match = vehicleId === undefined ? {} : { vehicleId: str(vehicleId, 'vehicleId') };
      const [r] = await trackBuckets.aggregate<{ n: number }>([{ $match: match }, { $group: { _id: null, n: { $sum: '$count' } } }]);
      return r?.n ?? 0;
    },
    async readTrack(vehicleId, fromTs = 0, toTs = Number.MAX_SAFE_INTEGER) {
      const id = str(vehicleId, 'vehicleId');
      const from = num(fromTs, 'fromTs');
      const to = num(toTs, 'toTs');
      const buckets = await trackBuckets
        .find({ vehicleId: id, start: trusted({ $gte: bucketStart(from), $lte: to }) }, { ...noId, fixes: 1, start: 1 })
        .sort({ start: 1 })
        .lean<{ fixes: Parameters<typeof fromTrackFix>[1][] }[]>();
      return buckets
        .flatMap((b) => b.fixes.filter((f) => f.ts >= from && f.ts <= to).map((f) => fromTrackFix(id, f)))
        .sort((a, b) => a.ts - b.ts);
    },

    async saveCoverage(shiftId, records) {
      const shift = str(shiftId, 'shiftId');
      if (!records.length) return;
      const ops = records.map((r) => ({
        updateOne: {
          filter: { shiftId: shift, segmentId: num(r.segmentId, 'segmentId') },
          update: { $max: { share: Math.min(1, Math.max(0, num(r.share, 'share'))) }, $min: { at: num(r.at, 'at') }, $setOnInsert: { vehicleId: str(r.vehicleId, 'vehicleId') } },
          upsert: true as const,
        },
      }));
      // $max/$min/$setOnInsert merge, so a retry or a racing second writer changes nothing wrongly
      await bulkUpsert(coverage.collection, ops, bulk);
    },
    async readCoverage(shiftId) {
      return coverage
        .find({ shiftId: str(shiftId, 'shiftId') }, { ...noId, shiftId: 0 })
        .sort({ segmentId: 1 })
        .lean<CoverageRecord[]>();
    },

    async close() {
      await connection.close();
    },
  };
}

/** The URL without its password, for error messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
