import { describe, expect, it } from 'vitest';
import type { Fix } from '../../contracts/domain.js';
import { appendOp, BUCKET_MS, bucketStart, fromTrackFix, groupIntoBuckets, toTrackFix } from '../../server/adapters/mongo/track-buckets.js';

const T = Date.UTC(2026, 10, 23, 1, 9, 59); // 1 s before a 10-minute boundary
const fix = (vehicleId: string, ts: number, extra: Partial<Fix> = {}): Fix => ({ vehicleId, ts, lat: 22.72, lon: 114.25, ...extra });

describe('track buckets', () => {
  it('cuts time into 10-minute windows', () => {
    expect(BUCKET_MS).toBe(600_000);
    expect(bucketStart(T)).toBe(Date.UTC(2026, 10, 23, 1, 0, 0));
    expect(bucketStart(T + 1000)).toBe(Date.UTC(2026, 10, 23, 1, 10, 0));
  });

  it('groups a batch per vehicle and window, keeping arrival order inside a group', () => {
    const groups = groupIntoBuckets([fix('a', T), fix('b', T), fix('a', T + 1000), fix('a', T - 5000)]);
    expect(groups.map((g) => [g.vehicleId, g.start, g.parts[0].fixes.map((f) => f.ts)])).toEqual([
      ['a', bucketStart(T), [T, T - 5000]],
      ['b', bucketStart(T), [T]],
      ['a', bucketStart(T + 1000), [T + 1000]],
    ]);
  });

  it('names a group by its content: the same fixes give the same key, any change a different one', () => {
    const batch = [fix('a', T), fix('a', T - 1000)];
    const keyOf = (fixes: Fix[]) => groupIntoBuckets(fixes)[0].parts[0].key;
    const key = keyOf(batch);
    expect(keyOf(structuredClone(batch))).toBe(key);
    expect(keyOf([fix('a', T)])).not.toBe(key);
    expect(keyOf([fix('a', T), fix('a', T - 1000, { lat: 22.72001 })])).not.toBe(key);
    expect(keyOf([fix('a', T - 1000), fix('a', T)])).not.toBe(key);
  });

  it('stores only known fields and reads them back unchanged', () => {
    const full = fix('a', T, { speedKmh: 0, heading: 359.5, working: false });
    const sneaky = { ...fix('a', T), $where: 'x', speedKmh: undefined } as unknown as Fix;
    expect(toTrackFix(sneaky)).toEqual({ ts: T, lat: 22.72, lon: 114.25 });
    expect(Object.keys(toTrackFix(sneaky))).toEqual(['ts', 'lat', 'lon']);
    expect(fromTrackFix('a', toTrackFix(full))).toEqual(full);
  });

  it('appends only when the group key is not in the bucket yet', () => {
    const [g] = groupIntoBuckets([fix('a', T), fix('a', T + 0)]);
    const { key, fixes } = g.parts[0];
    const op = appendOp(g);
    expect(op.updateOne.filter).toEqual({ vehicleId: 'a', start: bucketStart(T), batches: { $ne: key } });
    expect(op.updateOne.update).toEqual({ $push: { fixes: { $each: fixes }, batches: { $each: [key] } }, $inc: { count: 2 } });
    expect(op.updateOne.upsert).toBe(true);
    expect(op.fallback).toBeUndefined();
  });

  it('keeps the key of each part of a batch, whatever it is read together with', () => {
    const e1 = [fix('a', T - 3000), fix('b', T - 3000)];
    const e2 = [fix('a', T - 2000), fix('b', T - 2000)];
    const [ga, gb] = groupIntoBuckets([...e1, ...e2], BUCKET_MS, [2, 2]);
    expect(ga.parts.map((p) => p.fixes.map((f) => f.ts))).toEqual([[T - 3000], [T - 2000]]);
    expect(ga.parts[0].key).toBe(groupIntoBuckets([e1[0]])[0].parts[0].key);
    expect(gb.parts).toHaveLength(2);
    // a combined group appends unless any part is there, and falls back to the parts one by one
    const op = appendOp(ga);
    expect(op.updateOne.filter).toEqual({ vehicleId: 'a', start: bucketStart(T), batches: { $nin: ga.parts.map((p) => p.key) } });
    expect(op.fallback?.map((f) => f.updateOne.filter)).toEqual(ga.parts.map((p) => ({ vehicleId: 'a', start: bucketStart(T), batches: { $ne: p.key } })));
  });
});
