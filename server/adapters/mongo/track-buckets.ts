import type { Fix } from '../../../contracts/domain.js';
import type { IdempotentUpsert } from './bulk.js';
import type { TrackFixDoc } from './models.js';

/** Width of one track bucket: 10 minutes of 1 Hz fixes is 600 fixes, far below the 16 MB document limit. */
export const BUCKET_MS = 10 * 60_000;

/** Start of the bucket a timestamp falls in. */
export function bucketStart(ts: number, widthMs = BUCKET_MS): number {
  return Math.floor(ts / widthMs) * widthMs;
}

/** One upsert's worth of fixes: a vehicle, a bucket, and a key naming exactly these fixes. */
export interface BucketGroup {
  vehicleId: string;
  start: number;
  key: string;
  fixes: TrackFixDoc[];
}

/**
 * Splits a batch into per-(vehicle, bucket) groups. The key is a hash of the group's content, so
 * the same batch sent again (a retry after a timeout) yields the same keys and is recognised.
 */
export function groupIntoBuckets(fixes: readonly Fix[], widthMs = BUCKET_MS): BucketGroup[] {
  const groups = new Map<string, BucketGroup>();
  for (const f of fixes) {
    const start = bucketStart(f.ts, widthMs);
    const id = `${f.vehicleId}\u0000${start}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { vehicleId: f.vehicleId, start, key: '', fixes: [] }));
    g.fixes.push(toTrackFix(f));
  }
  for (const g of groups.values()) g.key = contentKey(g.fixes);
  return [...groups.values()];
}

/** Explicit field pick: only known, typed fields reach the database (and no `undefined` becomes null). */
export function toTrackFix(f: Fix): TrackFixDoc {
  const d: TrackFixDoc = { ts: Number(f.ts), lat: Number(f.lat), lon: Number(f.lon) };
  if (typeof f.speedKmh === 'number') d.speedKmh = f.speedKmh;
  if (typeof f.heading === 'number') d.heading = f.heading;
  if (typeof f.working === 'boolean') d.working = f.working;
  return d;
}

/** Fix of an archived bucket entry. */
export function fromTrackFix(vehicleId: string, d: TrackFixDoc): Fix {
  const f: Fix = { vehicleId, ts: d.ts, lat: d.lat, lon: d.lon };
  if (typeof d.speedKmh === 'number') f.speedKmh = d.speedKmh;
  if (typeof d.heading === 'number') f.heading = d.heading;
  if (typeof d.working === 'boolean') f.working = d.working;
  return f;
}

/** 2 x 32-bit FNV-1a over the fixes' time and position, plus the count: collisions are negligible. */
function contentKey(fixes: readonly TrackFixDoc[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ fixes.length;
  for (const f of fixes) {
    const s = `${f.ts},${f.lat},${f.lon};`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000197);
    }
  }
  return `${fixes.length.toString(36)}.${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

/**
 * The upsert that appends a group unless its key is already in the bucket. When it is, the filter
 * matches nothing and the upsert's insert hits the unique (vehicleId, start) index: a duplicate-key
 * error that the caller treats as "already stored".
 */
export function appendOp(g: BucketGroup): IdempotentUpsert {
  return {
    updateOne: {
      filter: { vehicleId: g.vehicleId, start: g.start, batches: { $ne: g.key } },
      update: { $push: { fixes: { $each: g.fixes }, batches: g.key }, $inc: { count: g.fixes.length } },
      upsert: true,
    },
  };
}
