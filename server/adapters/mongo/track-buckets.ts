import type { Fix } from '../../../contracts/domain.js';
import type { IdempotentUpsert } from './bulk.js';
import type { TrackFixDoc } from './models.js';

/** Width of one track bucket: 10 minutes of 1 Hz fixes is 600 fixes, far below the 16 MB document limit. */
export const BUCKET_MS = 10 * 60_000;

/** Start of the bucket a timestamp falls in. */
export function bucketStart(ts: number, widthMs = BUCKET_MS): number {
  return Math.floor(ts / widthMs) * widthMs;
}

/** One upsert's worth of fixes: a vehicle, a bucket, and a key per part naming exactly its fixes. */
export interface BucketGroup {
  vehicleId: string;
  start: number;
  /** the group's fixes by the part of the batch they came from (one part unless parts were given) */
  parts: { key: string; fixes: TrackFixDoc[] }[];
}

/**
 * Splits a batch into per-(vehicle, bucket) groups. Keys are hashes of content, so the same batch
 * sent again (a retry after a timeout) yields the same keys and is recognised. `parts` gives the
 * sizes of consecutive parts of the batch that may also arrive in other combinations (the entries
 * of the Redis fix stream, read together and retried apart): each part keeps its own key within
 * a group, so a part stored once is recognised in any combination.
 */
export function groupIntoBuckets(fixes: readonly Fix[], widthMs = BUCKET_MS, parts: readonly number[] = [fixes.length]): BucketGroup[] {
  const groups = new Map<string, BucketGroup & { byPart: Map<number, TrackFixDoc[]> }>();
  let part = 0;
  let partEnd = parts[0] ?? fixes.length;
  for (let i = 0; i < fixes.length; i++) {
    while (i >= partEnd && part < parts.length - 1) partEnd += parts[++part];
    const f = fixes[i];
    const start = bucketStart(f.ts, widthMs);
    const id = `${f.vehicleId}\u0000${start}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { vehicleId: f.vehicleId, start, parts: [], byPart: new Map() }));
    let list = g.byPart.get(part);
    if (!list) g.byPart.set(part, (list = []));
    list.push(toTrackFix(f));
  }
  return [...groups.values()].map(({ vehicleId, start, byPart }) => {
    // the same entry twice in one read (an XADD whose reply was lost, sent again): one copy counts
    const parts = new Map<string, TrackFixDoc[]>();
    for (const fx of byPart.values()) {
      const key = contentKey(fx);
      if (!parts.has(key)) parts.set(key, fx);
    }
    return { vehicleId, start, parts: [...parts].map(([key, fx]) => ({ key, fixes: fx })) };
  });
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
 * The upsert that appends a group unless one of its keys is already in the bucket. When one is,
 * the filter matches nothing and the upsert's insert hits the unique (vehicleId, start) index: a
 * duplicate-key error meaning "already stored", when the group is one part. A group of several
 * parts may be stored in part (its parts were retried apart before): its fallback then appends
 * each part on its own, each again only if its key is not there.
 */
export function appendOp(g: BucketGroup): IdempotentUpsert {
  const one = (vehicleId: string, start: number, p: BucketGroup['parts']): IdempotentUpsert => {
    const keys = p.map((x) => x.key);
    const fixes = p.length === 1 ? p[0].fixes : p.flatMap((x) => x.fixes);
    return {
      updateOne: {
        filter: { vehicleId, start, batches: keys.length === 1 ? { $ne: keys[0] } : { $nin: keys } },
        update: { $push: { fixes: { $each: fixes }, batches: { $each: keys } }, $inc: { count: fixes.length } },
        upsert: true,
      },
    };
  };
  const op = one(g.vehicleId, g.start, g.parts);
  if (g.parts.length > 1) op.fallback = g.parts.map((p) => one(g.vehicleId, g.start, [p]));
  return op;
}
