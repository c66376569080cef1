import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMongoStore, type MongoStore } from '../../server/adapters/mongo/durable-store.js';
import { BUCKET_MS } from '../../server/adapters/mongo/track-buckets.js';
import { advancedIncident, sampleIncident, sampleTrack } from './contracts/store-samples.js';
import { mongoGate, mongoTestUrl } from './servers.js';

const mongo = await mongoGate();

// MongoDB-only behaviour beyond the shared contract (the memory store does not dedupe track retries)
describe.skipIf(mongo.skip)(mongo.label('mongo store'), () => {
  const url = mongoTestUrl();
  let store: MongoStore;
  let second: MongoStore;
  beforeAll(async () => {
    store = await createMongoStore(url);
    second = await createMongoStore(url);
  });
  afterAll(async () => {
    await store.connection.dropDatabase();
    await Promise.all([store.close(), second.close()]);
  });

  it('uses its own connection, never the global mongoose default', () => {
    expect(store.connection).not.toBe(mongoose.connection);
    expect(store.connection).not.toBe(second.connection);
    expect(mongoose.connection.readyState).toBe(0);
  });

  it('declares unique keys for every idempotent write', async () => {
    const unique = async (coll: string) =>
      (await store.connection.db!.collection(coll).indexes()).filter((i) => i.unique).map((i) => Object.keys(i.key).join('+'));
    expect(await unique('incidents')).toEqual(['id']);
    expect(await unique('assignments')).toEqual(['vehicleId+version']);
    expect(await unique('assignment_heads')).toEqual(['vehicleId']);
    expect(await unique('acks')).toEqual(['vehicleId']);
    expect(await unique('track_buckets')).toEqual(['vehicleId+start']);
    expect(await unique('coverage')).toEqual(['shiftId+segmentId']);
    const incidentIdx = (await store.connection.db!.collection('incidents').indexes()).map((i) => Object.keys(i.key).join('+'));
    expect(incidentIdx).toContain('status+createdAt');
  });

  it('stores a retried track batch once, in 10-minute buckets, and replays it in time order', async () => {
    const t0 = 1_700_000_400_000; // not on a bucket boundary
    const fixes = sampleTrack('sweeper-7', t0, 900);
    await store.appendTrack(fixes);
    await store.appendTrack(fixes); // the same batch again, e.g. after a timeout
    await second.appendTrack(fixes.slice(0, 300)); // a different batch that overlaps: new content, stored
    expect(await store.countTrack('sweeper-7')).toBe(1200);
    const buckets = await store.models.trackBuckets.find({ vehicleId: 'sweeper-7' }).sort({ start: 1 }).lean();
    expect(buckets.map((b) => b.start)).toEqual([...new Set(fixes.map((f) => Math.floor(f.ts / BUCKET_MS) * BUCKET_MS))]);
    expect(buckets.reduce((s, b) => s + b.count, 0)).toBe(buckets.reduce((s, b) => s + b.fixes.length, 0));
    const replay = await store.readTrack('sweeper-7', t0 + 1000, t0 + 3000);
    expect(replay).toEqual([fixes[1], fixes[1], fixes[2], fixes[2], fixes[3], fixes[3]]);
  });

  it('stores the new groups of a batch that also carries already-stored ones', async () => {
    // FerretDB 1.24 stops a bulk write at its first error even when unordered; nothing may be lost
    const t0 = 1_700_020_000_000;
    const old = [...sampleTrack('tow-5', t0, 3), ...sampleTrack('tow-6', t0, 3)];
    await store.appendTrack(old);
    const fresh = ['tow-7', 'tow-8', 'tow-9x', 'squad-1'].flatMap((v) => sampleTrack(v, t0, 2));
    await store.appendTrack([...old, ...fresh]);
    for (const v of ['tow-5', 'tow-6']) expect(await store.countTrack(v)).toBe(3);
    for (const v of ['tow-7', 'tow-8', 'tow-9x', 'squad-1']) expect(await store.countTrack(v), v).toBe(2);
  });

  it('stores each stream entry once, however entries are combined when written and retried', async () => {
    // entries e1..e4 of the fix stream: read together, then (after a failure part-way) retried in other groupings
    const t0 = 1_700_030_000_000;
    const entries = [0, 1, 2, 3].map((k) => [...sampleTrack('sw-31', t0 + k * 10_000, 5), ...sampleTrack('sw-32', t0 + k * 10_000, 5)]);
    const cat = (ks: number[]) => ks.flatMap((k) => entries[k]);
    const sizes = (ks: number[]) => ks.map((k) => entries[k].length);
    await store.appendTrack(cat([0, 1]), sizes([0, 1]));
    await store.appendTrack(cat([1, 2]), sizes([1, 2])); // e1 again, with a new one
    await second.appendTrack(cat([0, 1, 2, 3]), sizes([0, 1, 2, 3]));
    await store.appendTrack(cat([3]), sizes([3]));
    // an entry added twice (its XADD reply was lost) and read together with its copy counts once
    const e4 = [...sampleTrack('sw-31', t0 + 40_000, 5), ...sampleTrack('sw-32', t0 + 40_000, 5)];
    await store.appendTrack([...e4, ...e4], [e4.length, e4.length]);
    entries.push(e4);
    for (const v of ['sw-31', 'sw-32']) expect(await store.countTrack(v), v).toBe(25);
    expect((await store.readTrack('sw-31')).map((f) => f.ts)).toEqual(cat([0, 1, 2, 3, 4]).filter((f) => f.vehicleId === 'sw-31').map((f) => f.ts));
  });

  it('keeps both of two processes racing to create the same bucket', async () => {
    const t0 = 1_700_010_000_000;
    const a = sampleTrack('tow-9', t0, 50);
    const b = sampleTrack('tow-9', t0 + 50_000, 50);
    await Promise.all([store.appendTrack(a), second.appendTrack(b), store.appendTrack(a)]);
    expect(await store.countTrack('tow-9')).toBe(100);
    expect(await store.readTrack('tow-9')).toEqual([...a, ...b]);
  });

  it('ignores a stale incident save (fewer case steps than stored)', async () => {
    const first = sampleIncident('inc-stale');
    const later = advancedIncident(first);
    await store.saveIncident(later);
    await second.saveIncident(first); // a slow process writes the old state last
    expect(await store.getIncident('inc-stale')).toEqual(later);
  });

  it('keeps every assignment version as an audit trail', async () => {
    const { sampleAssignment } = await import('./contracts/store-samples.js');
    for (const v of [1, 2, 3, 2]) await store.saveAssignment(sampleAssignment('kitchen-4', v));
    const versions = await store.models.assignments.find({ vehicleId: 'kitchen-4' }).sort({ version: 1 }).lean();
    expect(versions.map((a) => a.version)).toEqual([1, 2, 3]);
  });

  it('merges coverage per segment and shift: highest share, earliest time, first vehicle', async () => {
    await store.saveCoverage('2026-11-23-day', [
      { segmentId: 7, share: 0.4, at: 2000, vehicleId: 'sweeper-1' },
      { segmentId: 3, share: 1, at: 1500, vehicleId: 'sweeper-2' },
    ]);
    await second.saveCoverage('2026-11-23-day', [{ segmentId: 7, share: 0.9, at: 2500, vehicleId: 'sweeper-3' }]);
    await store.saveCoverage('2026-11-23-day', [{ segmentId: 7, share: 0.4, at: 2000, vehicleId: 'sweeper-1' }]); // retry
    await store.saveCoverage('2026-11-23-night', [{ segmentId: 7, share: 0.1, at: 9000, vehicleId: 'sweeper-1' }]);
    expect(await store.readCoverage('2026-11-23-day')).toEqual([
      { segmentId: 3, share: 1, at: 1500, vehicleId: 'sweeper-2' },
      { segmentId: 7, share: 0.9, at: 2000, vehicleId: 'sweeper-1' },
    ]);
    expect(await store.readCoverage('2026-11-23-night')).toHaveLength(1);
  });

  it('refuses query operators smuggled in as ids', async () => {
    await store.saveIncident(sampleIncident('inc-x'));
    const evil = { $ne: null } as unknown as string;
    await expect(store.getIncident(evil)).rejects.toThrow(TypeError);
    await expect(store.countTrack(evil)).rejects.toThrow(TypeError);
    await expect(store.saveAck(evil, 1, 1)).rejects.toThrow(TypeError);
    await expect(store.saveIncident({ ...sampleIncident('y'), id: evil })).rejects.toThrow(TypeError);
    // and the connection sanitizes filters: an operator object becomes a value ($eq), never obeyed
    await expect(store.models.incidents.findOne({ id: { $ne: 'nothing' } as never }).lean()).rejects.toThrow(/Cast to string failed/);
    expect(await store.models.incidents.findOne({ id: 'inc-x' }).lean()).not.toBeNull();
  });

  it('fails fast with a clear message when no server answers', async () => {
    await expect(createMongoStore('mongodb://127.0.0.1:9/x', { serverSelectionTimeoutMS: 300 })).rejects.toThrow(/not reachable/);
  });
});
